// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// scaledeckctl's cost commands as an operator runs them, against the real Ray cluster: `run` records the
// history; `leases` lists exactly the replicas holding GPUs now (checked against a fresh snapshot and Ray's
// start_time_s); `cost` turns the recorded history into GPU-hours, money, capacity and idle that agree with
// those leases; bad periods are refused with a usage error that names the option, and write nothing.
// The JSON may gain fields (accelerator type, CPU cost): only the fields checked here are read.
#include "historystore.h"
#include "livecluster.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};

// A replica holding GPUs, as Ray shows it.
struct HeldReplica {
    QString deployment; // app/deployment
    double gpus = 0;
    double startS = 0; // Ray's start_time_s
};

// What LeaseTracker counts as a lease, read straight off the snapshot: replicas of GPU deployments that hold
// their resources (a STARTING one once it is placed), parked apps excluded. By replica id.
std::map<QString, HeldReplica> heldNow(const ClusterSnapshot &snapshot)
{
    std::map<QString, HeldReplica> held;
    for (const ApplicationSnapshot &app : snapshot.applications) {
        if (app.parked)
            continue;
        for (const DeploymentSnapshot &deployment : app.deployments) {
            if (deployment.gpusPerReplica <= 0)
                continue;
            for (const ReplicaSnapshot &replica : deployment.replicas) {
                if (replicaStateHoldsResources(replica.state) ||
                    (replica.state == QStringLiteral("STARTING") && replica.placed))
                    held[replica.id] = HeldReplica{app.name + QLatin1Char('/') + deployment.name,
                                                   deployment.gpusPerReplica, replica.startTimeS};
            }
        }
    }
    return held;
}

QString heldText(const std::map<QString, HeldReplica> &held)
{
    QStringList lines;
    for (const auto &[id, replica] : held)
        lines << QStringLiteral("%1 %2 %3 GPU").arg(id, replica.deployment).arg(replica.gpus);
    return lines.join(QStringLiteral(", "));
}

double epochS(const QDateTime &time)
{
    return double(time.toMSecsSinceEpoch()) / 1000.0;
}

QDateTime jsonTime(const nlohmann::json &value)
{
    return QDateTime::fromString(QString::fromStdString(value.get<std::string>()), Qt::ISODate).toUTC();
}

// The instant as the CLI prints it: to the second, truncated.
QDateTime toTheSecond(const QDateTime &time)
{
    return QDateTime::fromSecsSinceEpoch(time.toSecsSinceEpoch(), Qt::UTC);
}

bool near(double actual, double expected, double relative)
{
    return std::abs(actual - expected) <= relative * std::max(std::abs(expected), 1e-12);
}

// Every row of every table in a stable order: what "nothing was written" is judged on. The files themselves
// are no judge: SQLite checkpoints its WAL into the main file when the last connection closes, which changes
// bytes without changing anything stored.
QString storeContents(const QString &path)
{
    const QString connection = QStringLiteral("test_live_ctl_cost contents");
    QString contents;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            qFatal("cannot open %s", qPrintable(path));
        QSqlQuery tables(db);
        if (!tables.exec(QStringLiteral("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")))
            qFatal("cannot list the tables of %s", qPrintable(path));
        QStringList names;
        while (tables.next()) {
            names << tables.value(0).toString();
            contents += tables.value(1).toString() + QLatin1Char('\n');
        }
        for (const QString &name : names) {
            QSqlQuery rows(db);
            if (!rows.exec(QStringLiteral("SELECT * FROM \"%1\"").arg(name)))
                qFatal("cannot read %s", qPrintable(name));
            QStringList lines;
            while (rows.next()) {
                QStringList fields;
                for (int i = 0; i < rows.record().count(); ++i)
                    fields << rows.value(i).toString();
                lines << fields.join(QLatin1Char('|'));
            }
            lines.sort();
            contents += name + QLatin1Char(':') + QString::number(lines.size()) + QLatin1Char('\n') +
                        lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return contents;
}
} // namespace

class TestLiveCtlCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void leasesListTheReplicasHoldingGpusNow();
    void costAgreesWithTheLeases();
    void textFormsNameDeploymentsAndCurrency();
    void runStopsCleanlyOnSigterm();
    void refusedCommandsExplainAndWriteNothing_data();
    void refusedCommandsExplainAndWriteNothing();
    void cleanupTestCase();

private:
    CtlRun ctl(const QStringList &arguments, const QString &storePath = QString());
    SnapshotPtr snapshot();
    QString runOutput();

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    QString m_storePath;
    OrderedJson m_configBefore;
    std::unique_ptr<QProcess> m_run; // `scaledeckctl run --tick 1` recording into m_storePath
    QByteArray m_runOut;
    QDateTime m_runStarted;
    QDateTime m_firstRecord; // the history's first instant, as the store has it (ms)
};

CtlRun TestLiveCtlCost::ctl(const QStringList &arguments, const QString &storePath)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SCALEDECK_NOW")); // the real clock: the cluster's times are real
    environment.remove(QStringLiteral("SCALEDECK_STORE"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SCALEDECKCTL_PATH),
                  QStringList{QStringLiteral("--store"), storePath.isEmpty() ? m_storePath : storePath} + arguments);
    if (!process.waitForFinished(120000))
        qFatal("scaledeckctl %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
    return CtlRun{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                  QString::fromUtf8(process.readAllStandardOutput()),
                  QString::fromUtf8(process.readAllStandardError())};
}

SnapshotPtr TestLiveCtlCost::snapshot()
{
    auto taken = snapshotNow(*m_client, nullptr);
    if (!taken)
        qFatal("snapshot: %s", qPrintable(taken.error().describe()));
    return taken.value();
}

QString TestLiveCtlCost::runOutput()
{
    if (m_run)
        m_runOut += m_run->readAllStandardOutput();
    return QString::fromUtf8(m_runOut);
}

void TestLiveCtlCost::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY2(waitUntilSettled(*m_client), "the demo apps did not all reach RUNNING");
    // The test changes nothing in the cluster (the store has no schedules, so `run` only records); this is
    // what it checks that against at the end.
    m_configBefore = declarativeConfig(serveDocument(*m_client));
    m_storePath = m_dir.filePath(QStringLiteral("store.sqlite"));

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SCALEDECK_NOW"));
    m_run = std::make_unique<QProcess>();
    m_run->setProcessEnvironment(environment);
    m_runStarted = QDateTime::currentDateTimeUtc();
    m_run->start(QStringLiteral(SCALEDECKCTL_PATH),
                 QStringList{QStringLiteral("--store"), m_storePath, QStringLiteral("run"), QStringLiteral("--tick"),
                             QStringLiteral("1")});
    QVERIFY(m_run->waitForStarted());
    QVERIFY2(QTest::qWaitFor([&] { return runOutput().contains(QStringLiteral(" controlling ")); }, 30000),
             qPrintable(runOutput() + QString::fromUtf8(m_run->readAllStandardError())));

    // The controller records from its first tick with the lock.
    HistoryStore history(m_storePath);
    QVERIFY(history.open().ok());
    QVERIFY(QTest::qWaitFor(
        [&] {
            auto first = history.firstRecord(m_endpoint->clusterKey());
            if (first.ok() && first->has_value())
                m_firstRecord = **first;
            return m_firstRecord.isValid();
        },
        15000));
    QVERIFY2(m_firstRecord >= m_runStarted, qPrintable(m_firstRecord.toString(Qt::ISODateWithMs)));
}

void TestLiveCtlCost::cleanupTestCase()
{
    if (m_run && m_run->state() != QProcess::NotRunning) {
        m_run->kill();
        m_run->waitForFinished(10000);
    }
}

void TestLiveCtlCost::leasesListTheReplicasHoldingGpusNow()
{
    QTest::qWait(3000); // a few ticks of recording: `leases` reads the recorded leases too

    const std::map<QString, HeldReplica> expected = heldNow(*snapshot());
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const CtlRun run = ctl({QStringLiteral("leases"), QStringLiteral("--json")});
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const std::map<QString, HeldReplica> expectedAfter = heldNow(*snapshot());
    QVERIFY2(expected.size() >= 2, qPrintable(heldText(expected)));
    // The cluster is settled: the same replicas before and after (else the comparison means nothing).
    QCOMPARE(heldText(expectedAfter), heldText(expected));

    const auto json = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(json.is_array(), qPrintable(run.out));
    std::map<QString, HeldReplica> listed;
    for (const auto &lease : json) {
        const QString id = QString::fromStdString(lease["replica_id"].get<std::string>());
        QVERIFY2(!listed.count(id), qPrintable(id));
        const HeldReplica replica{QString::fromStdString(lease["app"].get<std::string>()) + QLatin1Char('/') +
                                      QString::fromStdString(lease["deployment"].get<std::string>()),
                                  lease["gpus"].get<double>(), epochS(jsonTime(lease["since_utc"]))};
        listed[id] = replica;
        const auto found = expected.find(id);
        if (found == expected.end())
            continue; // reported below, with the whole list
        // `since` is Ray's start_time_s, to the second (the CLI prints whole seconds).
        QVERIFY2(std::abs(replica.startS - found->second.startS) < 1.0,
                 qPrintable(QStringLiteral("%1: since %2, Ray's start_time_s %3")
                                .arg(id, QString::fromStdString(lease["since_utc"].get<std::string>()))
                                .arg(found->second.startS, 0, 'f', 3)));
        QCOMPARE(lease["start_from_ray"], nlohmann::json(true));
        // The GPUs' type is the node's: scripts/test.sh gives its head "accelerator_type:L4", as Ray does for a
        // detected GPU model (RAY_ACCELERATOR_TYPE names it; unset, the node has none and leases are untyped).
        QCOMPARE(QString::fromStdString(lease.value("accelerator", std::string("?"))),
                 qEnvironmentVariable("RAY_ACCELERATOR_TYPE"));
        // Held so far: from Ray's start to the snapshot the CLI took, somewhere between before and after.
        const double gpuHours = lease["gpu_hours"].get<double>();
        const double low = found->second.gpus * (epochS(before) - found->second.startS) / 3600.0;
        const double high = found->second.gpus * (epochS(after) - found->second.startS) / 3600.0;
        QVERIFY2(gpuHours >= low - 1e-6 && gpuHours <= high + 1e-6,
                 qPrintable(QStringLiteral("%1: %2 GPU-h, expected %3..%4").arg(id).arg(gpuHours).arg(low).arg(high)));
    }
    // Exactly those replicas, with their app/deployment and GPUs per replica (since compared above).
    auto withoutStart = [](std::map<QString, HeldReplica> held) {
        for (auto &entry : held)
            entry.second.startS = 0;
        return heldText(held);
    };
    QCOMPARE(withoutStart(listed), withoutStart(expected));
}

void TestLiveCtlCost::costAgreesWithTheLeases()
{
    const CtlRun prices = ctl({QStringLiteral("prices"), QStringLiteral("--gpu-hour"), QStringLiteral("2.5"),
                               QStringLiteral("--currency"), QStringLiteral("EUR")});
    QVERIFY2(prices.exitCode == 0, qPrintable(prices.err));
    QVERIFY2(prices.out.contains(QStringLiteral("EUR 2.50 per GPU-hour")), qPrintable(prices.out));
    // GPUs of a named type cost that type's price; all of this cluster's GPUs are of the node's type.
    const QString accelerator = qEnvironmentVariable("RAY_ACCELERATOR_TYPE");
    double price = 2.5;
    if (!accelerator.isEmpty()) {
        const CtlRun typed = ctl({QStringLiteral("prices"), QStringLiteral("--accelerator"), accelerator,
                                  QStringLiteral("--gpu-hour"), QStringLiteral("4")});
        QVERIFY2(typed.exitCode == 0, qPrintable(typed.err));
        QVERIFY2(typed.out.contains(QStringLiteral("(%1 EUR 4.00;").arg(accelerator)), qPrintable(typed.out));
        price = 4.0;
    }

    // Long enough a recording that one tick of lag (the last record is up to a tick before `cost`) is a few %
    // of the capacity.
    const qint64 recordMs = 45000;
    QTest::qWait(int(std::max<qint64>(0, recordMs - m_firstRecord.msecsTo(QDateTime::currentDateTimeUtc()))));

    const CtlRun leasesRun = ctl({QStringLiteral("leases"), QStringLiteral("--json")});
    QVERIFY2(leasesRun.exitCode == 0, qPrintable(leasesRun.err));
    const auto leases = nlohmann::json::parse(leasesRun.out.toStdString(), nullptr, false);
    QVERIFY2(leases.is_array() && !leases.empty(), qPrintable(leasesRun.out));
    const double gpusTotal = snapshot()->gpusTotal;

    const QString since = m_runStarted.addSecs(-600).toString(Qt::ISODate); // before the run: the history starts later
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const CtlRun run = ctl({QStringLiteral("cost"), QStringLiteral("--json"), QStringLiteral("--since"), since});
    const QDateTime after = QDateTime::currentDateTimeUtc();
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto report = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(report.is_object(), qPrintable(run.out));

    QCOMPARE(report["currency"], nlohmann::json("EUR"));
    // The period: from the history's first record (nothing is known before it) to the moment of the call.
    const QDateTime from = jsonTime(report["from_utc"]);
    const QDateTime to = jsonTime(report["to_utc"]);
    QCOMPARE(from, toTheSecond(m_firstRecord));
    QVERIFY2(to >= toTheSecond(before) && to <= after, qPrintable(to.toString(Qt::ISODate)));

    // What the leases say, per deployment: GPUs x (end - max(since, the period's start)), each lease still
    // active, so its end is the call's "now", between before and after.
    struct Expected {
        double low = 0;
        double high = 0;
        double gpusPerReplica = 0;
        int replicas = 0;
    };
    std::map<QString, Expected> expected;
    for (const auto &lease : leases) {
        Expected &entry = expected[QString::fromStdString(lease["app"].get<std::string>()) + QLatin1Char('/') +
                                   QString::fromStdString(lease["deployment"].get<std::string>())];
        const double gpus = lease["gpus"].get<double>();
        const double start = std::max(epochS(jsonTime(lease["since_utc"])), epochS(m_firstRecord));
        entry.low += gpus * std::max(0.0, epochS(before) - start) / 3600.0;
        entry.high += gpus * std::max(0.0, epochS(after) - start) / 3600.0;
        entry.gpusPerReplica = std::max(entry.gpusPerReplica, gpus);
        ++entry.replicas;
    }

    std::set<QString> reported;
    double gpuHoursSum = 0;
    for (const auto &row : report["deployments"]) {
        const QString name = QString::fromStdString(row["app"].get<std::string>()) + QLatin1Char('/') +
                             QString::fromStdString(row["deployment"].get<std::string>());
        const double gpuHours = row["gpu_hours"].get<double>();
        gpuHoursSum += gpuHours;
        if (gpuHours <= 0)
            continue;
        reported.insert(name);
        QVERIFY2(expected.count(name), qPrintable(name + QStringLiteral(" has GPU-hours but no lease")));
        const Expected &want = expected[name];
        qInfo("%s: %.6f GPU-h, the leases say %.6f..%.6f", qPrintable(name), gpuHours, want.low, want.high);
        QVERIFY2(gpuHours >= 0.99 * want.low && gpuHours <= 1.01 * want.high, qPrintable(name));
        QVERIFY2(near(row["cost"].get<double>(), gpuHours * price, 1e-9), qPrintable(name));
        QCOMPARE(QString::fromStdString(row["accelerator"].get<std::string>()), accelerator);
        // Every replica held its GPUs all period: the peak is all of them, and always-on is what they used.
        QCOMPARE(row["peak_replicas"].get<int>(), want.replicas);
        QCOMPARE(row["gpus_per_replica"].get<double>(), want.gpusPerReplica);
        const double alwaysOn = row["always_on_gpu_hours"].get<double>();
        QVERIFY2(alwaysOn > 0, qPrintable(name));
        QVERIFY2(near(row["reduction"].get<double>(), gpuHours / alwaysOn, 1e-9), qPrintable(name));
        QVERIFY2(near(row["reduction"].get<double>(), 1.0, 0.01), qPrintable(name));
    }
    QStringList leased;
    for (const auto &entry : expected)
        leased << entry.first;
    QCOMPARE(QStringList(reported.begin(), reported.end()), leased);

    const double gpuHours = report["gpu_hours"].get<double>();
    QVERIFY(near(gpuHours, gpuHoursSum, 1e-9));
    QVERIFY(near(report["cost"].get<double>(), gpuHours * price, 1e-9));

    // Capacity: the nodes' GPUs over the recorded span, which ends at the last tick's snapshot (at most a tick
    // and a GET before the call; 3 s of slack for a loaded machine).
    const double capacity = report["capacity_gpu_hours"].get<double>();
    const double spanS = epochS(before) - epochS(m_firstRecord);
    const double capacityLow = gpusTotal * (spanS - 3.0) / 3600.0;
    const double capacityHigh = gpusTotal * (epochS(after) - epochS(m_firstRecord)) / 3600.0;
    qInfo("capacity %.6f GPU-h, %g GPUs x %.1f s = %.6f (%.2f%%)", capacity, gpusTotal, spanS,
          gpusTotal * spanS / 3600.0, 100.0 * (capacity / (gpusTotal * spanS / 3600.0) - 1));
    QVERIFY2(capacity >= capacityLow && capacity <= capacityHigh * 1.001,
             qPrintable(QStringLiteral("%1 not in %2..%3").arg(capacity).arg(capacityLow).arg(capacityHigh)));
    QVERIFY(near(capacity, gpusTotal * spanS / 3600.0, 0.05));
    // Idle is what the nodes had and no replica held. Held counts over the recorded span (up to the last
    // tick), the leases' GPU-hours up to the call: they differ by at most the replicas' GPUs x that lag.
    const double idle = report["idle_gpu_hours"].get<double>();
    double gpusHeld = 0;
    for (const auto &lease : leases)
        gpusHeld += lease["gpus"].get<double>();
    qInfo("idle %.6f GPU-h, capacity - held %.6f", idle, capacity - gpuHours);
    QVERIFY2(capacity - gpuHours > 0,
             qPrintable(QStringLiteral("capacity %1 < held %2 GPU-h").arg(capacity).arg(gpuHours)));
    QVERIFY2(idle >= capacity - gpuHours - 1e-9 && idle <= capacity - gpuHours + gpusHeld * 3.0 / 3600.0,
             qPrintable(QStringLiteral("idle %1, capacity %2, held %3").arg(idle).arg(capacity).arg(gpuHours)));
    QVERIFY(near(report["idle_cost"].get<double>(), idle * price, 1e-9));
    QVERIFY(near(report["capacity_cost"].get<double>(), capacity * price, 1e-9));
}

void TestLiveCtlCost::textFormsNameDeploymentsAndCurrency()
{
    const std::map<QString, HeldReplica> held = heldNow(*snapshot());
    QVERIFY(!held.empty());
    const CtlRun cost =
        ctl({QStringLiteral("cost"), QStringLiteral("--since"), m_runStarted.addSecs(-600).toString(Qt::ISODate)});
    QVERIFY2(cost.exitCode == 0, qPrintable(cost.err));
    const CtlRun leases = ctl({QStringLiteral("leases")});
    QVERIFY2(leases.exitCode == 0, qPrintable(leases.err));
    for (const auto &[id, replica] : held) {
        QVERIFY2(cost.out.contains(replica.deployment), qPrintable(cost.out));
        QVERIFY2(leases.out.contains(replica.deployment), qPrintable(leases.out));
        QVERIFY2(leases.out.contains(id), qPrintable(leases.out));
    }
    QVERIFY2(cost.out.contains(QStringLiteral("COST EUR")), qPrintable(cost.out));
    QVERIFY2(cost.out.contains(QStringLiteral("History on ")), qPrintable(cost.out)); // why the period is shorter
    QVERIFY2(leases.out.contains(QStringLiteral("COST EUR")), qPrintable(leases.out));
    QVERIFY2(leases.out.contains(QStringLiteral(" GPU-h so far, EUR ")), qPrintable(leases.out));
}

void TestLiveCtlCost::runStopsCleanlyOnSigterm()
{
    QVERIFY(m_run);
    m_run->terminate();
    QVERIFY(m_run->waitForFinished(30000));
    const QString errors = QString::fromUtf8(m_run->readAllStandardError());
    QCOMPARE(m_run->exitStatus(), QProcess::NormalExit);
    QVERIFY2(m_run->exitCode() == 0, qPrintable(errors));
    QVERIFY2(runOutput().contains(QStringLiteral(" stopping")), qPrintable(runOutput()));
    QVERIFY2(!errors.contains(QStringLiteral("history not recorded")), qPrintable(errors));
    // With no schedules in its store, the controller only recorded: the cluster is as it was.
    QCOMPARE(declarativeConfig(serveDocument(*m_client)), m_configBefore);
}

void TestLiveCtlCost::refusedCommandsExplainAndWriteNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("said"); // each on stderr
    const QString iso = QStringLiteral("not an ISO 8601 time");
    QTest::newRow("since not ISO 8601") << QStringList{QStringLiteral("cost"), QStringLiteral("--since"),
                                                       QStringLiteral("yesterday")}
                                        << QStringList{QStringLiteral("--since 'yesterday'"), iso,
                                                       QStringLiteral("2026-11-30T06:00:00Z")};
    QTest::newRow("until not ISO 8601") << QStringList{QStringLiteral("cost"), QStringLiteral("--json"),
                                                       QStringLiteral("--until"), QStringLiteral("2026-13-01")}
                                        << QStringList{QStringLiteral("--until '2026-13-01'"), iso};
    QTest::newRow("until before since") << QStringList{QStringLiteral("cost"), QStringLiteral("--since"),
                                                       QStringLiteral("2026-03-02T00:00:00Z"),
                                                       QStringLiteral("--until"),
                                                       QStringLiteral("2026-03-01T00:00:00Z")}
                                        << QStringList{QStringLiteral("--since must be before --until"),
                                                       QStringLiteral("2026-03-02T00:00:00Z"),
                                                       QStringLiteral("2026-03-01T00:00:00Z")};
    // Both in the future, the wrong way round: the reversed range is the mistake to name.
    QTest::newRow("until before since, both ahead")
        << QStringList{QStringLiteral("cost"), QStringLiteral("--since"), QStringLiteral("2099-03-02T00:00:00Z"),
                       QStringLiteral("--until"), QStringLiteral("2099-03-01T00:00:00Z")}
        << QStringList{QStringLiteral("--since must be before --until"), QStringLiteral("2099-03-02T00:00:00Z"),
                       QStringLiteral("2099-03-01T00:00:00Z")};
    QTest::newRow("negative price") << QStringList{QStringLiteral("prices"), QStringLiteral("--gpu-hour"),
                                                   QStringLiteral("-1")}
                                    << QStringList{QStringLiteral("--gpu-hour"), QStringLiteral("'-1'")};
    QTest::newRow("leases takes no --since")
        << QStringList{QStringLiteral("leases"), QStringLiteral("--since"), QStringLiteral("2026-03-02T00:00:00Z")}
        << QStringList{QStringLiteral("'leases' takes no --since")};
}

void TestLiveCtlCost::refusedCommandsExplainAndWriteNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, said);
    QVERIFY2(!m_run || m_run->state() == QProcess::NotRunning, "the recorder still runs: the store is not still");
    const QString contentsBefore = storeContents(m_storePath);

    const CtlRun run = ctl(arguments);
    QCOMPARE(run.exitCode, 2); // ExitUsage
    QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
    for (const QString &part : said)
        QVERIFY2(run.err.contains(part), qPrintable(QStringLiteral("no '%1' in: %2").arg(part, run.err)));
    // The message and a hint at the command's own --help, not its usage forms.
    QVERIFY2(run.err.endsWith(QStringLiteral("\nTry 'scaledeckctl %1 --help'.\n").arg(arguments.first())),
             qPrintable(run.err));
    QCOMPARE(storeContents(m_storePath), contentsBefore);

    // Refused before the store is touched: a store that does not exist is not made.
    const QString fresh = m_dir.filePath(
        QStringLiteral("fresh-%1.sqlite")
            .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
    QCOMPARE(ctl(arguments, fresh).exitCode, 2);
    QVERIFY(!QFile::exists(fresh));
}

QTEST_GUILESS_MAIN(TestLiveCtlCost)
#include "test_live_ctl_cost.moc"
