// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// scaledeckctl's cost, leases and prices commands, run in-process against a temporary store holding a
// week of recorded history (written with HistoryStore::record, as the controller does): exact `cost --json`
// figures, the text table, the period's defaults and limits, usage errors, prices per cluster, the message
// when there is no history, and `leases` failing on an unreachable cluster (the live case runs against real
// Ray in the integration tests). With a scripted Prometheus: the requests, cost per 1,000 requests and idle-while-held
// columns and fields, and a Prometheus failure that leaves the report whole with its traffic figures null.
#include "clusterendpoint.h"
#include "costfixtures.h"
#include "ctlcommands.h"
#include "historystore.h"
#include "leasetracker.h"
#include "prometheusmatrix.h"
#include "scriptedhttpserver.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

using namespace scaledeck;

namespace {
// Nothing listens on port 1: cost and prices need no cluster; leases must fail.
const QString kAddress = QStringLiteral("http://127.0.0.1:1");
const QString kOtherAddress = QStringLiteral("http://127.0.0.1:2");
// Monday 2026-11-30 00:00 UTC: the default period is the week before.
const QString kNow = QStringLiteral("2026-11-30T00:00:00Z");

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC);
}

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};

// A lease as the tracker records one whose start Ray reported.
GpuLease lease(const char *app, const char *deployment, const char *replica, double gpus, const QDateTime &start)
{
    GpuLease l =
        testLease(QString::fromLatin1(replica), QString::fromLatin1(app), QString::fromLatin1(deployment), gpus, start);
    l.startFromRay = true;
    return l;
}

// What the cluster looked like at `at` with `active` leases: costfixtures.h's snapshotHolding (one RUNNING, placed
// replica per lease), with CPUs (32, one a replica) and each replica's start as Ray reports it (its lease's).
ClusterSnapshot snapshotOf(const QDateTime &at, const std::map<QString, GpuLease> &active, double gpusTotal)
{
    std::vector<GpuLease> held;
    for (const auto &entry : active)
        held.push_back(entry.second);
    ClusterSnapshot snapshot = snapshotHolding(at, held, gpusTotal);
    snapshot.cpusTotal = 32;
    for (ApplicationSnapshot &app : snapshot.applications) {
        for (DeploymentSnapshot &deployment : app.deployments) {
            deployment.cpusPerReplica = 1;
            for (ReplicaSnapshot &replica : deployment.replicas) {
                const auto lease = std::find_if(held.begin(), held.end(), [&](const GpuLease &l) {
                    return l.app == app.name && l.deployment == deployment.name && l.replicaId == replica.id;
                });
                replica.startTimeS = double(lease->startUtc.toMSecsSinceEpoch()) / 1000;
            }
        }
    }
    return snapshot;
}

// Checks `actual` against `expected` value by value: numbers within 1e-9 (relative), the rest exactly.
bool sameJson(const nlohmann::json &actual, const nlohmann::json &expected, const std::string &path, QString *why)
{
    if (expected.is_number()) {
        const double want = expected.get<double>();
        if (!actual.is_number() || qAbs(actual.get<double>() - want) > 1e-9 * std::max(1.0, qAbs(want))) {
            *why = QStringLiteral("%1: %2, expected %3")
                       .arg(QString::fromStdString(path), QString::fromStdString(actual.dump()),
                            QString::fromStdString(expected.dump()));
            return false;
        }
        return true;
    }
    if (expected.is_object() || expected.is_array()) {
        if (actual.type() != expected.type() || actual.size() != expected.size()) {
            *why = QStringLiteral("%1: %2, expected %3")
                       .arg(QString::fromStdString(path), QString::fromStdString(actual.dump()),
                            QString::fromStdString(expected.dump()));
            return false;
        }
        if (expected.is_array()) {
            for (size_t i = 0; i < expected.size(); ++i) {
                if (!sameJson(actual[i], expected[i], path + "/" + std::to_string(i), why))
                    return false;
            }
            return true;
        }
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            if (!actual.contains(it.key())) {
                *why = QStringLiteral("%1/%2 is missing")
                           .arg(QString::fromStdString(path), QString::fromStdString(it.key()));
                return false;
            }
            if (!sameJson(actual[it.key()], it.value(), path + "/" + it.key(), why))
                return false;
        }
        return true;
    }
    if (actual != expected) {
        *why = QStringLiteral("%1: %2, expected %3")
                   .arg(QString::fromStdString(path), QString::fromStdString(actual.dump()),
                        QString::fromStdString(expected.dump()));
        return false;
    }
    return true;
}

#define QCOMPARE_JSON(actual, expected)                                                                                \
    do {                                                                                                               \
        QString why_;                                                                                                  \
        QVERIFY2(sameJson(actual, expected, "", &why_), qPrintable(why_));                                             \
    } while (false)

nlohmann::json deploymentJson(const char *app, const char *deployment, double gpuHours, double price, double alwaysOn,
                              double total, int peak, double gpus)
{
    return {{"app", app},
            {"deployment", deployment},
            {"accelerator", ""},
            {"gpu_hours", gpuHours},
            {"cpu_hours", 0.0},
            {"cost", gpuHours * price},
            {"always_on_replicas", peak},
            {"always_on_from", "peak"},
            {"always_on_gpu_hours", alwaysOn},
            {"always_on_cost", alwaysOn * price},
            {"reduction", gpuHours / alwaysOn},
            {"share", gpuHours / total},
            {"peak_replicas", peak},
            {"gpus_per_replica", gpus},
            {"requests", nullptr}, // no Prometheus: unknown, not 0
            {"cost_per_1000_requests", nullptr},
            {"idle_while_held_gpu_hours", nullptr},
            {"traffic_unknown_gpu_hours", nullptr}};
}
nlohmann::json applicationJson(const char *app, double gpuHours, double price, double alwaysOn)
{
    return {{"app", app},
            {"gpu_hours", gpuHours},
            {"cost", gpuHours * price},
            {"always_on_gpu_hours", alwaysOn},
            {"always_on_cost", alwaysOn * price},
            {"reduction", gpuHours / alwaysOn}};
}
} // namespace

class TestCtlCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void costJsonIsExact();
    void costDefaultPeriodIsTheLastWeek();
    void costPeriodStopsAtNowAndFirstRecord();
    void costText();
    void costEmptyPeriod();
    void costWithPrometheusJson();
    void costWithPrometheusText();
    void costPrometheusFails();
    void noHistoryYet();
    void usageErrors_data();
    void usageErrors();
    void prices();
    void alwaysOnCounts();
    void leasesUnreachable_data();
    void leasesUnreachable();
    void leasesServerError();
    void help();

private:
    CtlRun ctl(const QStringList &arguments, const QString &address = kAddress);
    CtlRun ctl(const char *commandLine, const QString &address = kAddress) // words split at spaces
    {
        return ctl(QString::fromUtf8(commandLine).split(QLatin1Char(' ')), address);
    }
    static void recordWeek(const QString &path);
    void useRecordedWeek();
    nlohmann::json expectedWeek(double price, const char *currency) const;
    QString storePath() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
    static QString clusterKey(const QString &address)
    {
        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = QUrl(address);
        return endpoint.clusterKey();
    }
    QTemporaryDir m_template; // the recorded week, written once
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCtlCost::initTestCase()
{
    QVERIFY(m_template.isValid());
    QElapsedTimer timer;
    timer.start();
    recordWeek(m_template.filePath(QStringLiteral("store.sqlite")));
    qInfo("recorded the week in %lld ms", timer.elapsed());
}

void TestCtlCost::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

CtlRun TestCtlCost::ctl(const QStringList &arguments, const QString &address)
{
    QProcessEnvironment environment; // empty: nothing from the machine running the test
    environment.insert(QStringLiteral("SCALEDECK_NOW"), kNow);
    CtlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--store"), storePath(),
                                               QStringLiteral("--address"), address} +
                                       arguments,
                                   environment, out, err);
    out.flush();
    err.flush();
    return run;
}

// The week 2026-11-23 .. 2026-11-30 on an 8-GPU cluster, polled every minute from Sunday 2026-11-22 00:00 to
// Monday 2026-11-30 06:00 and recorded as the controller records it (the store counts capacity only where
// polls are at most a minute apart):
// - batch/Embedder: 4 replicas x 2 GPUs from Sunday 23:00 to Monday 01:00 (1 h of it inside the week);
// - llm/LLM: 2 replicas x 1 GPU Monday 06:00-16:00, 1 replica Tuesday 06:00-16:00 (30 GPU-hours);
// - chat/Chat: 1 replica x 1 GPU since Sunday 12:00, still running (12 GPU-hours up to Monday 00:00).
// Another cluster in the same file has a lease of its own, which must not show.
// Written once (initTestCase) and copied into each test's directory.
void TestCtlCost::recordWeek(const QString &path)
{
    struct Event {
        std::vector<GpuLease> started;
        std::vector<QString> ended; // keys
    };
    std::map<QDateTime, Event> events;
    for (const char *replica : {"e1", "e2", "e3", "e4"}) {
        events[utc(2026, 11, 22, 23)].started.push_back(lease("batch", "Embedder", replica, 2, utc(2026, 11, 22, 23)));
        events[utc(2026, 11, 23, 1)].ended.push_back(QStringLiteral("batch/Embedder/") + QString::fromLatin1(replica));
    }
    for (const char *replica : {"r1", "r2"}) {
        events[utc(2026, 11, 23, 6)].started.push_back(lease("llm", "LLM", replica, 1, utc(2026, 11, 23, 6)));
        events[utc(2026, 11, 23, 16)].ended.push_back(QStringLiteral("llm/LLM/") + QString::fromLatin1(replica));
    }
    events[utc(2026, 11, 24, 6)].started.push_back(lease("llm", "LLM", "r3", 1, utc(2026, 11, 24, 6)));
    events[utc(2026, 11, 24, 16)].ended.push_back(QStringLiteral("llm/LLM/r3"));
    events[utc(2026, 11, 29, 12)].started.push_back(lease("chat", "Chat", "c1", 1, utc(2026, 11, 29, 12)));

    HistoryStore store(path);
    QVERIFY(store.open().ok());
    std::map<QString, GpuLease> active;
    for (QDateTime at = utc(2026, 11, 22, 0); at <= utc(2026, 11, 30, 6); at = at.addSecs(60)) {
        LeaseTracker::Update update;
        if (const auto found = events.find(at); found != events.end()) {
            for (const GpuLease &started : found->second.started) {
                active[started.key()] = started;
                update.started.push_back(started);
            }
            for (const QString &key : found->second.ended) {
                GpuLease ended = active.at(key);
                ended.endUtc = at;
                active.erase(key);
                update.ended.push_back(ended);
            }
        }
        const auto recorded = store.record(clusterKey(kAddress), snapshotOf(at, active, 8), update);
        QVERIFY2(recorded.ok(), qPrintable(recorded.ok() ? QString() : recorded.error().describe()));
    }
    // The other cluster: 4 GPUs, one 1-GPU replica since 2026-11-20 (one snapshot: no capacity to speak of).
    std::map<QString, GpuLease> other{{QStringLiteral("llm/LLM/x"), lease("llm", "LLM", "x", 1, utc(2026, 11, 20, 0))}};
    LeaseTracker::Update otherUpdate;
    otherUpdate.started.push_back(other.begin()->second);
    QVERIFY(store.record(clusterKey(kOtherAddress), snapshotOf(utc(2026, 11, 20, 0), other, 4), otherUpdate).ok());
}

void TestCtlCost::useRecordedWeek()
{
    QVERIFY(QFile::copy(m_template.filePath(QStringLiteral("store.sqlite")), storePath()));
}

nlohmann::json TestCtlCost::expectedWeek(double price, const char *currency) const
{
    const double total = 30 + 12 + 8;
    const double alwaysOn = 2 * 1 * 168 + 1 * 1 * 168 + 4 * 2 * 168;
    return {{"from_utc", "2026-11-23T00:00:00Z"},
            {"to_utc", "2026-11-30T00:00:00Z"},
            {"period_hours", 168.0},
            {"recorded_hours", 168.0},
            {"currency", currency},
            {"deployments",
             {deploymentJson("llm", "LLM", 30, price, 2 * 1 * 168, total, 2, 1),
              deploymentJson("chat", "Chat", 12, price, 1 * 1 * 168, total, 1, 1),
              deploymentJson("batch", "Embedder", 8, price, 4 * 2 * 168, total, 4, 2)}},
            {"applications",
             {applicationJson("llm", 30, price, 2 * 1 * 168), applicationJson("chat", 12, price, 1 * 1 * 168),
              applicationJson("batch", 8, price, 4 * 2 * 168)}},
            {"gpu_hours", total},
            {"cpu_hours", 0.0},
            {"cost", total * price},
            {"always_on_gpu_hours", alwaysOn},
            {"always_on_cost", alwaysOn * price},
            {"saved", (alwaysOn - total) * price},
            {"capacity_gpu_hours", 8 * 168},
            {"capacity_cost", 8 * 168 * price},
            {"idle_gpu_hours", 8 * 168 - total},
            {"idle_cost", (8 * 168 - total) * price},
            {"traffic_source", nullptr},
            {"traffic_error", "no Prometheus (--prometheus URL or RAY_PROMETHEUS_HOST)"},
            {"traffic_step_s", nullptr},
            {"idle_while_held_gpu_hours", nullptr},
            {"traffic_unknown_gpu_hours", nullptr}};
}

void TestCtlCost::costJsonIsExact()
{
    useRecordedWeek();
    QCOMPARE(ctl("prices --gpu-hour 2.5 --currency EUR").exitCode, 0);
    const CtlRun run = ctl("cost --since 2026-11-23T00:00:00Z --until 2026-11-30T00:00:00Z --json");
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const nlohmann::json report = nlohmann::json::parse(run.out.toStdString());
    QCOMPARE_JSON(report, expectedWeek(2.5, "EUR"));
    // The key order is pinned too.
    auto keysOf = [](const nlohmann::ordered_json &object) {
        QStringList keys;
        for (auto it = object.begin(); it != object.end(); ++it)
            keys.append(QString::fromStdString(it.key()));
        return keys.join(QLatin1Char(','));
    };
    const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(run.out.toStdString());
    QCOMPARE(keysOf(ordered),
             QStringLiteral("from_utc,to_utc,period_hours,recorded_hours,currency,deployments,applications,gpu_hours,"
                            "cpu_hours,cost,always_on_gpu_hours,always_on_cost,saved,capacity_gpu_hours,"
                            "capacity_cost,idle_gpu_hours,idle_cost,traffic_source,traffic_error,traffic_step_s,"
                            "idle_while_held_gpu_hours,traffic_unknown_gpu_hours"));
    QCOMPARE(keysOf(ordered["deployments"][0]),
             QStringLiteral("app,deployment,accelerator,gpu_hours,cpu_hours,cost,always_on_replicas,always_on_from,"
                            "always_on_gpu_hours,always_on_cost,reduction,share,peak_replicas,gpus_per_replica,"
                            "requests,cost_per_1000_requests,idle_while_held_gpu_hours,traffic_unknown_gpu_hours"));

    // The same instants with an offset.
    const CtlRun offset = ctl("cost --since 2026-11-23T01:00:00+01:00 --until 2026-11-30T01:00+01:00 --json");
    QCOMPARE(offset.exitCode, 0);
    QCOMPARE_JSON(nlohmann::json::parse(offset.out.toStdString()), expectedWeek(2.5, "EUR"));

    // The other cluster in the same store sees only its own lease.
    const CtlRun other = ctl(QStringList{QStringLiteral("cost"), QStringLiteral("--json")}, kOtherAddress);
    QCOMPARE(other.exitCode, 0);
    const nlohmann::json otherReport = nlohmann::json::parse(other.out.toStdString());
    QCOMPARE(int(otherReport["deployments"].size()), 1);
    QCOMPARE(otherReport["currency"], "USD"); // prices are per cluster
    QCOMPARE(otherReport["deployments"][0]["gpu_hours"].get<double>(), 168.0);
    QCOMPARE(otherReport["deployments"][0]["reduction"].get<double>(), 1.0);
}

void TestCtlCost::costDefaultPeriodIsTheLastWeek()
{
    useRecordedWeek();
    const CtlRun run = ctl("cost --json");
    QCOMPARE(run.exitCode, 0);
    QCOMPARE_JSON(nlohmann::json::parse(run.out.toStdString()), expectedWeek(0, "USD"));

    // --until alone: the 7 days before it, from where the history starts: Sunday and Monday.
    const CtlRun until = ctl("cost --until 2026-11-24T00:00:00Z --json");
    QCOMPARE(until.exitCode, 0);
    const nlohmann::json report = nlohmann::json::parse(until.out.toStdString());
    QCOMPARE(report["from_utc"], "2026-11-22T00:00:00Z"); // not 2026-11-17: history starts at the first record
    QCOMPARE(report["to_utc"], "2026-11-24T00:00:00Z");
    QCOMPARE(int(report["deployments"].size()), 2);
    QCOMPARE(report["deployments"][0]["deployment"], "LLM"); // 2 x 10 h
    QCOMPARE(report["deployments"][0]["gpu_hours"].get<double>(), 20.0);
    QCOMPARE(report["deployments"][1]["deployment"], "Embedder"); // all of it now: 4 x 2 GPUs x 2 h
    QCOMPARE(report["deployments"][1]["gpu_hours"].get<double>(), 16.0);
    QCOMPARE(report["capacity_gpu_hours"].get<double>(), 8.0 * 48);
}

void TestCtlCost::costPeriodStopsAtNowAndFirstRecord()
{
    useRecordedWeek();
    // Before the first record (Sunday 2026-11-22 00:00) nothing is known: the period starts there.
    const CtlRun early = ctl("cost --since 2026-11-01T00:00:00Z --until 2026-11-23T00:00:00Z --json");
    QCOMPARE(early.exitCode, 0);
    const nlohmann::json report = nlohmann::json::parse(early.out.toStdString());
    QCOMPARE(report["from_utc"], "2026-11-22T00:00:00Z");
    QCOMPARE(report["capacity_gpu_hours"].get<double>(), 8.0 * 24);
    QCOMPARE(report["deployments"][0]["always_on_gpu_hours"].get<double>(), 4.0 * 2 * 24);
    QCOMPARE(report["deployments"][0]["gpu_hours"].get<double>(), 4.0 * 2 * 1);
    const CtlRun earlyText = ctl("cost --since 2026-11-01T00:00:00Z --until 2026-11-23T00:00:00Z");
    QVERIFY2(earlyText.out.startsWith(QLatin1String("History on http://127.0.0.1:1 starts ")),
             qPrintable(earlyText.out));

    // Past now the running lease would count hours that have not happened: the period stops at now.
    const CtlRun late = ctl("cost --since 2026-11-29T00:00:00Z --until 2026-12-31T00:00:00Z --json");
    QCOMPARE(late.exitCode, 0);
    const nlohmann::json lateReport = nlohmann::json::parse(late.out.toStdString());
    QCOMPARE(lateReport["to_utc"], "2026-11-30T00:00:00Z");
    QCOMPARE(int(lateReport["deployments"].size()), 1);
    QCOMPARE(lateReport["deployments"][0]["app"], "chat");
    QCOMPARE(lateReport["deployments"][0]["gpu_hours"].get<double>(), 12.0);
    QCOMPARE(lateReport["deployments"][0]["reduction"].get<double>(), 0.5);
}

void TestCtlCost::costText()
{
    useRecordedWeek();
    QCOMPARE(ctl("prices --gpu-hour 2.5 --currency EUR").exitCode, 0);
    const CtlRun run = ctl("cost --since 2026-11-23T00:00:00Z --until 2026-11-30T00:00:00Z");
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    QVERIFY2(lines.size() >= 10, qPrintable(run.out));
    QVERIFY2(lines[0].startsWith(QLatin1String("GPU use on http://127.0.0.1:1 from ")), qPrintable(lines[0]));
    QVERIFY2(lines[0].endsWith(QLatin1String("(168.0 h)")), qPrintable(lines[0]));
    QCOMPARE(lines[1], QString());
    // The table: a header, one row a deployment (most GPU-hours first), the total; numbers right-aligned.
    const QStringList table = lines.mid(2, 5);
    QCOMPARE(table[0].simplified(),
             QStringLiteral("APP/DEPLOYMENT TYPE GPU-H COST EUR ALWAYS-ON ALWAYS-ON GPU-H REDUCTION SHARE"));
    QCOMPARE(table[1].simplified(), QStringLiteral("llm/LLM - 30.00 75.00 2 336.00 0.0893 60.0%"));
    QCOMPARE(table[2].simplified(), QStringLiteral("chat/Chat - 12.00 30.00 1 168.00 0.0714 24.0%"));
    QCOMPARE(table[3].simplified(), QStringLiteral("batch/Embedder - 8.00 20.00 4 1344.00 0.00595 16.0%"));
    QCOMPARE(table[4].simplified(), QStringLiteral("total 50.00 125.00 1848.00 0.0271 100.0%"));
    for (const QString &line : table)
        QCOMPARE(line.size(), table[0].size());
    // Every number column ends where its header does.
    for (const char *header : {"GPU-H", "COST EUR", "ALWAYS-ON GPU-H", "REDUCTION"}) {
        const qsizetype end = table[0].indexOf(QLatin1String(header)) + qsizetype(qstrlen(header));
        for (const QString &line : table.mid(1))
            QVERIFY2(line[end - 1] != QLatin1Char(' ') && line[end] == QLatin1Char(' '), qPrintable(line));
    }
    QVERIFY2(run.out.contains(QLatin1String("Capacity 1344.00 GPU-h (the nodes' GPUs, EUR 3360.00), held 50.00, idle "
                                            "1294.00 GPU-h (EUR 3235.00).")),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QLatin1String("Scaling saved EUR 4495.00 against always-on (EUR 4620.00).")),
             qPrintable(run.out));
    QVERIFY2(!run.out.contains(QLatin1String("History covers")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QLatin1String("Traffic unknown (no Prometheus: give --prometheus URL or set "
                                            "RAY_PROMETHEUS_HOST)")),
             qPrintable(run.out));
}

void TestCtlCost::costEmptyPeriod()
{
    useRecordedWeek();
    // Between the leases: history exists, nothing held GPUs; capacity is all idle.
    const CtlRun run = ctl("cost --since 2026-11-25T00:00:00Z --until 2026-11-26T00:00:00Z");
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QLatin1String("No replica held GPUs in this period.")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QLatin1String("Capacity 192.00 GPU-h (the nodes' GPUs, USD 0.00), held 0.00, idle "
                                            "192.00 GPU-h (USD 0.00).")),
             qPrintable(run.out));
    const CtlRun json = ctl("cost --since 2026-11-25T00:00:00Z --until 2026-11-26T00:00:00Z --json");
    const nlohmann::json report = nlohmann::json::parse(json.out.toStdString());
    QVERIFY(report["deployments"].empty());
    QCOMPARE(report["idle_gpu_hours"].get<double>(), 192.0);
}

// The recorded week's requests as a scripted Prometheus answers them: llm/LLM 1 request/s on Monday 06:00-11:00 and
// none 11:00-16:00, no data on Tuesday (its 10 GPU-hours are unknown); batch/Embedder scraped, no request; chat/Chat
// no series at all. Answers each query_range with it, checking the step.
namespace {
void scriptWeekOfRequests(ScriptedHttpServer &prometheus)
{
    auto llm = everyMinute(utc(2026, 11, 23, 6, 1), utc(2026, 11, 23, 11), 1.0);
    const auto quiet = everyMinute(utc(2026, 11, 23, 11, 1), utc(2026, 11, 23, 16), 0.0);
    llm.insert(llm.end(), quiet.begin(), quiet.end());
    const QByteArray body = prometheusMatrix({
        {QStringLiteral("llm"), QStringLiteral("LLM"), llm},
        {QStringLiteral("batch"), QStringLiteral("Embedder"),
         everyMinute(utc(2026, 11, 23, 0, 1), utc(2026, 11, 23, 1), 0.0)},
    });
    prometheus.onRequest([&prometheus, body](const ReceivedRequest &request) {
        const bool range = request.path.startsWith("/api/v1/query_range") && request.path.contains("step=60");
        prometheus.enqueue({range ? 200 : 400, range ? body : QByteArray("unexpected request")});
    });
}
} // namespace

void TestCtlCost::costWithPrometheusJson()
{
    useRecordedWeek();
    QCOMPARE(ctl("prices --gpu-hour 2.5 --currency EUR").exitCode, 0);
    ScriptedHttpServer prometheus;
    scriptWeekOfRequests(prometheus);
    const CtlRun run = ctl(QStringLiteral("cost --since 2026-11-23T00:00:00Z --until 2026-11-30T00:00:00Z --json "
                                          "--prometheus %1")
                               .arg(prometheus.url())
                               .split(QLatin1Char(' ')));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QCOMPARE(prometheus.countRequests("GET"), 1);
    nlohmann::json expected = expectedWeek(2.5, "EUR");
    expected["traffic_source"] = (QStringLiteral("Prometheus at ") + prometheus.url()).toStdString();
    expected["traffic_error"] = nullptr;
    expected["traffic_step_s"] = 60;
    expected["idle_while_held_gpu_hours"] = 10.0 + 8.0;  // llm's quiet afternoon (2 GPUs x 5 h), batch's hour
    expected["traffic_unknown_gpu_hours"] = 10.0 + 12.0; // llm's Tuesday, chat without a series
    auto &llm = expected["deployments"][0];
    llm["requests"] = 5 * 3600.0;
    llm["cost_per_1000_requests"] = 75.0 * 1000 / (5 * 3600);
    llm["idle_while_held_gpu_hours"] = 10.0; // at least: Tuesday is unknown
    llm["traffic_unknown_gpu_hours"] = 10.0;
    auto &chat = expected["deployments"][1]; // no series: requests, cost per 1k and idle unknown
    chat["traffic_unknown_gpu_hours"] = 12.0;
    auto &batch = expected["deployments"][2];
    batch["requests"] = 0.0; // scraped, nothing arrived: known 0, and no price per request
    batch["idle_while_held_gpu_hours"] = 8.0;
    batch["traffic_unknown_gpu_hours"] = 0.0;
    QCOMPARE_JSON(nlohmann::json::parse(run.out.toStdString()), expected);
}

void TestCtlCost::costWithPrometheusText()
{
    useRecordedWeek();
    QCOMPARE(ctl("prices --gpu-hour 2.5 --currency EUR").exitCode, 0);
    ScriptedHttpServer prometheus;
    scriptWeekOfRequests(prometheus);
    const CtlRun run =
        ctl(QStringLiteral("cost --since 2026-11-23T00:00:00Z --until 2026-11-30T00:00:00Z --prometheus %1")
                .arg(prometheus.url())
                .split(QLatin1Char(' ')));
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    const QStringList table = run.out.split(QLatin1Char('\n')).mid(2, 5);
    QCOMPARE(table[0].simplified(), QStringLiteral("APP/DEPLOYMENT TYPE GPU-H COST EUR ALWAYS-ON ALWAYS-ON GPU-H "
                                                   "REDUCTION SHARE REQUESTS PER 1K REQ IDLE WHILE HELD"));
    QCOMPARE(table[1].simplified(), QStringLiteral("llm/LLM - 30.00 75.00 2 336.00 0.0893 60.0% 18000 4.17 ≥10.00"));
    QCOMPARE(table[2].simplified(), QStringLiteral("chat/Chat - 12.00 30.00 1 168.00 0.0714 24.0% — — —"));
    QCOMPARE(table[3].simplified(), QStringLiteral("batch/Embedder - 8.00 20.00 4 1344.00 0.00595 16.0% 0 — 8.00"));
    QCOMPARE(table[4].simplified(), QStringLiteral("total 50.00 125.00 1848.00 0.0271 100.0% — — ≥18.00"));
    for (const QString &line : table)
        QCOMPARE(line.size(), table[0].size());
    QVERIFY2(run.out.contains(QStringLiteral("REQUESTS from Prometheus at %1 in steps of 60 s. IDLE WHILE HELD: "
                                             "GPU-hours held in steps no request arrived in, 18.00 of 50.00 GPU-h "
                                             "(36.0%); 22.00 GPU-h fell in steps without data")
                                  .arg(prometheus.url())),
             qPrintable(run.out));
}

// Prometheus answers 503: a warning naming it on stderr, and the cost report whole, its traffic figures null.
void TestCtlCost::costPrometheusFails()
{
    useRecordedWeek();
    ScriptedHttpServer prometheus;
    prometheus.onRequest([&prometheus](const ReceivedRequest &) {
        prometheus.enqueue({503, "Service Unavailable", "text/plain"});
    });
    const QStringList arguments =
        QStringLiteral("cost --since 2026-11-23T00:00:00Z --until 2026-11-30T00:00:00Z --json --prometheus %1")
            .arg(prometheus.url())
            .split(QLatin1Char(' '));
    const CtlRun run = ctl(arguments);
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains(QStringLiteral("warning: no traffic figures")) &&
                 run.err.contains(QStringLiteral("Prometheus at %1").arg(prometheus.url())) &&
                 run.err.contains(QStringLiteral("503")),
             qPrintable(run.err));
    const nlohmann::json report = nlohmann::json::parse(run.out.toStdString());
    QCOMPARE(report["gpu_hours"].get<double>(), 50.0);
    QVERIFY2(report["traffic_error"].get<std::string>().find("503") != std::string::npos,
             report["traffic_error"].dump().c_str());
    for (const auto &row : report["deployments"]) {
        QVERIFY(row["gpu_hours"].get<double>() > 0);
        for (const char *field : {"requests", "cost_per_1000_requests", "idle_while_held_gpu_hours"})
            QVERIFY2(row[field].is_null(), field);
    }
    QStringList textArguments = arguments;
    textArguments.removeAll(QStringLiteral("--json"));
    const CtlRun text = ctl(textArguments);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.contains(QStringLiteral("llm/LLM")) && text.out.contains(QStringLiteral("Traffic unknown: ")),
             qPrintable(text.out));
}

void TestCtlCost::noHistoryYet()
{
    const CtlRun run = ctl("cost");
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.startsWith(QLatin1String("No GPU history for http://127.0.0.1:1 yet.")), qPrintable(run.out));
    QVERIFY(run.out.contains(QLatin1String("scaledeckctl run")));
    QVERIFY(run.out.contains(QLatin1String("ScaleDeck open")));
    QVERIFY(run.err.isEmpty());

    // --json stays parseable: an empty report, the note on stderr.
    const CtlRun json = ctl("cost --json");
    QCOMPARE(json.exitCode, 0);
    const nlohmann::json report = nlohmann::json::parse(json.out.toStdString());
    QVERIFY(report["deployments"].empty());
    QCOMPARE(report["gpu_hours"].get<double>(), 0.0);
    QCOMPARE(report["from_utc"], "2026-11-23T00:00:00Z");
    QVERIFY(json.err.contains(QLatin1String("No GPU history")));
}

void TestCtlCost::usageErrors_data()
{
    QTest::addColumn<QString>("commandLine");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad --since") << "cost --since yesterday"
                                 << "--since 'yesterday' is not an ISO 8601 time";
    QTest::newRow("bad --until") << "cost --until 2026-13-01"
                                 << "--until '2026-13-01' is not an ISO 8601 time";
    QTest::newRow("since after until") << "cost --since 2026-11-25T00:00:00Z --until 2026-11-24T00:00:00Z"
                                       << "--since must be before --until";
    QTest::newRow("since equals until") << "cost --since 2026-11-24T00:00:00Z --until 2026-11-24T00:00:00Z"
                                        << "--since must be before --until";
    QTest::newRow("since in the future") << "cost --since 2026-12-01T00:00:00Z"
                                         << "is not in the past";
    QTest::newRow("cost takes no argument") << "cost llm"
                                            << "'cost' takes no arguments";
    QTest::newRow("cost takes no price") << "cost --gpu-hour 2"
                                         << "'cost' takes no --gpu-hour";
    QTest::newRow("leases takes no --since") << "leases --since 2026-11-24"
                                             << "'leases' takes no --since";
    QTest::newRow("prices takes no --json") << "prices --json"
                                            << "'prices' takes no --json";
    QTest::newRow("negative price") << "prices --gpu-hour -1"
                                    << "--gpu-hour takes a price of 0 or more";
    QTest::newRow("price not a number") << "prices --gpu-hour cheap"
                                        << "--gpu-hour takes a price of 0 or more";
    QTest::newRow("infinite price") << "prices --cpu-hour inf"
                                    << "--cpu-hour takes a price of 0 or more";
    QTest::newRow("bad currency") << "prices --currency EURO"
                                  << "--currency takes a three-letter code";
    QTest::newRow("unknown option") << "cost --from 2026-11-24"
                                    << "Unknown option 'from'";
    QTest::newRow("type without a price") << "prices --accelerator A100"
                                          << "--accelerator A100 needs --gpu-hour N (its price) or --gpu-hour default";
    QTest::newRow("bad type") << "prices --accelerator A100! --gpu-hour 3"
                              << "--accelerator takes a type as Ray names it, such as A100 or L4, not 'A100!'";
    QTest::newRow("default without a type") << "prices --gpu-hour default"
                                            << "--gpu-hour takes a price of 0 or more, such as 2.49, not 'default'";
    QTest::newRow("bad cpu price") << "prices --cpu-hour nothing"
                                   << "--cpu-hour takes a price of 0 or more, such as 0.04, or 'none'";
    QTest::newRow("always-on needs app/deployment") << "always-on llm 4"
                                                    << "expected a deployment as app/deployment, not 'llm'";
    QTest::newRow("always-on count") << "always-on llm/LLM many"
                                     << "expected a replica count of 0 or more, or 'peak', not 'many'";
    QTest::newRow("always-on negative") << "always-on llm/LLM -1"
                                        << "expected a replica count of 0 or more, or 'peak', not '-1'";
    QTest::newRow("always-on negative after --") << "always-on llm/LLM -- -1"
                                                 << "expected a replica count of 0 or more, or 'peak', not '-1'";
    QTest::newRow("always-on one argument") << "always-on llm/LLM"
                                            << "'always-on' takes no arguments (to list) or a deployment and a count";
    QTest::newRow("always-on takes no --json") << "always-on --json"
                                               << "'always-on' takes no --json";
}

void TestCtlCost::usageErrors()
{
    QFETCH(QString, commandLine);
    QFETCH(QString, message);
    useRecordedWeek();
    const CtlRun run = ctl(commandLine.split(QLatin1Char(' ')));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    // The message and a hint at the command's own --help, not the usage of every command.
    const QString command = commandLine.section(QLatin1Char(' '), 0, 0);
    QVERIFY2(run.err.endsWith(QStringLiteral("\nTry 'scaledeckctl %1 --help'.\n").arg(command)), qPrintable(run.err));
    QCOMPARE(run.err.count(QLatin1Char('\n')), 2);
    QVERIFY(run.out.isEmpty());
}

void TestCtlCost::prices()
{
    useRecordedWeek(); // prices start unset in it
    const CtlRun unset = ctl("prices");
    QCOMPARE(unset.exitCode, 0);
    QCOMPARE(unset.out,
             QStringLiteral("Prices on http://127.0.0.1:1: USD 0.00 per GPU-hour, no CPU-hour price.\n"
                            "Costs show as 0 until a GPU-hour price is set: scaledeckctl prices --gpu-hour N\n"));

    const CtlRun set = ctl("prices --gpu-hour 2.49 --currency eur");
    QCOMPARE(set.exitCode, 0);
    QCOMPARE(set.out, QStringLiteral("Prices on http://127.0.0.1:1: EUR 2.49 per GPU-hour, no CPU-hour price.\n"));
    // One option changes only itself.
    const CtlRun cpu = ctl("prices --cpu-hour 0.04");
    QCOMPARE(cpu.exitCode, 0);
    QCOMPARE(cpu.out, QStringLiteral("Prices on http://127.0.0.1:1: EUR 2.49 per GPU-hour, EUR 0.04 per CPU-hour.\n"));
    QCOMPARE(ctl("prices").out, cpu.out);
    // Per cluster.
    const CtlRun other = ctl(QStringList{QStringLiteral("prices")}, kOtherAddress);
    QVERIFY2(other.out.startsWith(QLatin1String("Prices on http://127.0.0.1:2: USD 0.00 per GPU-hour")),
             qPrintable(other.out));
    // What cost uses.
    const nlohmann::json report = nlohmann::json::parse(ctl("cost --json").out.toStdString());
    QCOMPARE(report["currency"], "EUR");
    QCOMPARE(report["cost"].get<double>(), 50 * 2.49);

    // A price per accelerator type, beside the default; "default" removes it again; "none" the CPU price.
    const CtlRun typed = ctl("prices --accelerator A100 --gpu-hour 4.1");
    QCOMPARE(typed.exitCode, 0);
    QCOMPARE(typed.out, QStringLiteral("Prices on http://127.0.0.1:1: EUR 2.49 per GPU-hour (A100 EUR 4.10; other "
                                       "types at the default), EUR 0.04 per CPU-hour.\n"));
    QCOMPARE(ctl("prices --accelerator L4 --gpu-hour 0.8").exitCode, 0);
    QVERIFY(ctl("prices").out.contains(QLatin1String("(A100 EUR 4.10, L4 EUR 0.80; other types at the default)")));
    QCOMPARE(ctl("prices --accelerator A100 --gpu-hour default --cpu-hour none").out,
             QStringLiteral("Prices on http://127.0.0.1:1: EUR 2.49 per GPU-hour (L4 EUR 0.80; other types at the "
                            "default), no CPU-hour price.\n"));
    // The recorded week's nodes name no type: its GPUs cost the default still.
    QCOMPARE(nlohmann::json::parse(ctl("cost --json").out.toStdString())["cost"].get<double>(), 50 * 2.49);
}

void TestCtlCost::alwaysOnCounts()
{
    useRecordedWeek();
    QCOMPARE(
        ctl("always-on").out,
        QStringLiteral("No always-on counts on http://127.0.0.1:1: every deployment is compared with its peak.\n"));
    const CtlRun set = ctl("always-on llm/LLM 4");
    QCOMPARE(set.exitCode, 0);
    QCOMPARE(set.out, QStringLiteral("Always-on counts on http://127.0.0.1:1 (others: their peak):\n  llm/LLM  4\n"));
    QVERIFY(ctl(QStringList{QStringLiteral("always-on")}, kOtherAddress).out.startsWith(QLatin1String("No always-on")));

    // cost measures llm/LLM against 4 replicas x 1 GPU x 168 h, the others against their peaks.
    const auto period = QStringLiteral("--since 2026-11-23T00:00:00Z --until 2026-11-30T00:00:00Z");
    const nlohmann::json report =
        nlohmann::json::parse(ctl((QStringLiteral("cost --json ") + period).split(QLatin1Char(' '))).out.toStdString());
    const nlohmann::json &llm = report["deployments"][0];
    QCOMPARE(llm["app"], "llm");
    QCOMPARE(llm["always_on_replicas"].get<int>(), 4);
    QCOMPARE(llm["always_on_from"], "configured");
    QCOMPARE(llm["always_on_gpu_hours"].get<double>(), 4.0 * 168);
    QCOMPARE(llm["reduction"].get<double>(), 30.0 / (4 * 168));
    QCOMPARE(report["deployments"][1]["always_on_from"], "peak");
    const CtlRun text = ctl((QStringLiteral("cost ") + period).split(QLatin1Char(' ')));
    QVERIFY2(text.out.contains(QLatin1String("or a count set with `scaledeckctl always-on` (*)")),
             qPrintable(text.out));
    QVERIFY2(QRegularExpression(QStringLiteral("llm/LLM +- +30.00 +0.00 +4\\* +672.00")).match(text.out).hasMatch(),
             qPrintable(text.out));

    QCOMPARE(ctl("always-on llm/LLM peak").exitCode, 0);
    const nlohmann::json back =
        nlohmann::json::parse(ctl((QStringLiteral("cost --json ") + period).split(QLatin1Char(' '))).out.toStdString());
    QCOMPARE(back["deployments"][0]["always_on_replicas"].get<int>(), 2);
    QCOMPARE(back["deployments"][0]["always_on_from"], "peak");
}

void TestCtlCost::leasesUnreachable_data()
{
    QTest::addColumn<QString>("commandLine");
    QTest::newRow("text") << QStringLiteral("leases");
    QTest::newRow("json") << QStringLiteral("leases --json");
}

void TestCtlCost::leasesUnreachable()
{
    QFETCH(QString, commandLine);
    const CtlRun run = ctl(commandLine.split(QLatin1Char(' ')));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith(QLatin1String("scaledeckctl: ")), qPrintable(run.err));
    QVERIFY2(run.err.startsWith(QLatin1String("scaledeckctl: unreachable")), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestCtlCost::leasesServerError()
{
    // A dashboard that answers every request with garbage: exit 1 with the error, nothing on stdout.
    ScriptedHttpServer server;
    for (int i = 0; i < 20; ++i)
        server.enqueue(ScriptedResponse{200, "<html>not Ray</html>", "text/html"});
    const CtlRun run = ctl(QStringList{QStringLiteral("leases")}, server.url());
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith(QLatin1String("scaledeckctl: unexpected response")), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
    QVERIFY(!server.requests().isEmpty());
}

void TestCtlCost::help()
{
    const CtlRun cost = ctl("cost --help");
    QCOMPARE(cost.exitCode, 0);
    QVERIFY2(cost.out.startsWith(QStringLiteral("Usage: scaledeckctl cost [--since ISO8601] [--until ISO8601] "
                                                "[--prometheus URL] [--json]\n")),
             qPrintable(cost.out));
    QVERIFY2(!cost.out.contains(QStringLiteral("--gpu-hour")), qPrintable(cost.out)); // prices', not cost's
    const CtlRun all = ctl("--help");
    QCOMPARE(all.exitCode, 0);
    for (const char *form : {"cost [--since ISO8601] [--until ISO8601] [--prometheus URL] [--json]", "leases [--json]",
                             "prices [--gpu-hour N|default] [--accelerator TYPE] [--cpu-hour N|none] [--currency CODE]",
                             "always-on [app/deployment COUNT|peak]"})
        QVERIFY2(all.out.contains(QLatin1String(form)), form);
    // The other commands still reach their own parsers.
    QCOMPARE(ctl("audit --json").exitCode, 0);
    QCOMPARE(ctl("bogus").exitCode, 2);
    // A misspelt command is named as such, whatever follows it.
    const CtlRun misspelt = ctl("bogus -1");
    QCOMPARE(misspelt.exitCode, 2);
    QVERIFY2(misspelt.err.startsWith(QStringLiteral("scaledeckctl: unknown command 'bogus'\n")),
             qPrintable(misspelt.err));
}

QTEST_GUILESS_MAIN(TestCtlCost)
#include "test_ctl_cost.moc"
