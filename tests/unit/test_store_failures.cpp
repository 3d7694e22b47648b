// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A store that cannot be written (a read-only file, a read-only folder, a full disk): parking refuses with an
// error naming the file and the cause, nothing is sent to Ray, and what the store held before is intact. The
// same for the schedule controller: nothing is sent that could not be recorded first.
//
// The full disk is a real one: a tmpfs of a few hundred KB, mounted for the test. Mounting needs root (the
// test runs as root in scripts/test.sh); without it the test fails rather than skips. As root, file
// permissions do not stop a write, so a read-only file or folder is a read-only (bind) mount there.
#include "changeapplier.h"
#include "dashboardclient.h"
#include "fixtures.h"
#include "schedulecontroller.h"
#include "scheduletext.h"
#include "scriptedhttpserver.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace scaledeck;

namespace {
const QString clusterKey = QStringLiteral("http://127.0.0.1:8265");

bool run(const QString &program, const QStringList &arguments, QString *error)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = QStringLiteral("%1 %2: %3")
                     .arg(program, arguments.join(QLatin1Char(' ')), QString::fromUtf8(process.readAll()).trimmed());
        return false;
    }
    return true;
}

// A mount made for one test, unmounted when it goes out of scope.
class TestMount {
public:
    ~TestMount() { unmount(); }
    void unmount()
    {
        QString error;
        // Lazily if still busy (a failed check left a file open): never leave a mount behind.
        if (!m_point.isEmpty() && !run(QStringLiteral("umount"), {m_point}, &error) &&
            !run(QStringLiteral("umount"), {QStringLiteral("-l"), m_point}, &error))
            qWarning("could not unmount %s: %s", qPrintable(m_point), qPrintable(error));
        m_point.clear();
    }
    bool tmpfs(const QString &dir, int kilobytes, QString *error)
    {
        if (!run(QStringLiteral("mount"),
                 {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                  QStringLiteral("size=%1k").arg(kilobytes), QStringLiteral("tmpfs"), dir},
                 error))
            return false;
        m_point = dir;
        return true;
    }
    // Makes `path` (a file or folder) read-only in place: a read-only bind mount of itself.
    bool readOnlyBind(const QString &path, QString *error)
    {
        if (!run(QStringLiteral("mount"), {QStringLiteral("--bind"), path, path}, error))
            return false;
        m_point = path;
        return run(QStringLiteral("mount"), {QStringLiteral("-o"), QStringLiteral("remount,bind,ro"), path, path},
                   error);
    }

private:
    QString m_point;
};

// Writes until the filesystem says it is full, so what is left is less than a page.
bool fillDisk(const QString &dir)
{
    QFile filler(dir + QStringLiteral("/filler"));
    if (!filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return false;
    const QByteArray block(4096, 'x');
    while (filler.write(block) == block.size()) {
    }
    QByteArray byte(1, 'x');
    while (filler.write(byte) == 1) {
    }
    return true;
}

// The demo fixture (captured from Ray) with the embedder's deployed config made larger than what is left on
// a full disk: a 64 KB environment variable in its runtime_env.
QByteArray applicationsWithLargeEmbedder()
{
    OrderedJson document = OrderedJson::parse(readFixture(QStringLiteral("applications_demo.json")).toStdString());
    document["applications"]["embedder"]["deployed_app_config"]["runtime_env"] = {
        {"env_vars", {{"PADDING", std::string(64 * 1024, 'p')}}}};
    return QByteArray::fromStdString(document.dump());
}

bool sentAChange(const ScriptedHttpServer &server)
{
    for (const ReceivedRequest &request : server.requests())
        if (request.method != "GET")
            return true;
    return false;
}

QString integrityCheck(const QString &path)
{
    const QString name = QStringLiteral("integrity-check");
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            return db.lastError().text();
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("PRAGMA integrity_check")) || !query.next())
            result = query.lastError().text();
        else
            result = query.value(0).toString();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}
} // namespace

class TestStoreFailures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parkOnReadOnlyStoreSendsNothing_data();
    void parkOnReadOnlyStoreSendsNothing();
    void parkOnFullDiskSendsNothing_data();
    void parkOnFullDiskSendsNothing();
    void controllerOnFullDiskSendsNothing();

private:
    ApplyOutcome park(ParkedStore &store, ScriptedHttpServer &server);
    bool storeWithEarlierRecord(const QString &path);
    void checkEarlierRecordIntact(const QString &path);
};

bool TestStoreFailures::storeWithEarlierRecord(const QString &path)
{
    ParkedStore store(path);
    return store
        .save(clusterKey, {QStringLiteral("llm"), R"({"name":"llm","z":1})", "{}", QDateTime::currentDateTimeUtc()})
        .ok();
}

void TestStoreFailures::checkEarlierRecordIntact(const QString &path)
{
    QCOMPARE(integrityCheck(path), QStringLiteral("ok"));
    ParkedStore store(path);
    auto listed = store.list(clusterKey);
    QVERIFY2(listed.ok(), qPrintable(listed.ok() ? QString() : listed.error().describe()));
    QCOMPARE(listed->size(), size_t(1));
    QCOMPARE(listed->at(0).name, QStringLiteral("llm"));
    QCOMPARE(listed->at(0).configJson, QByteArray(R"({"name":"llm","z":1})"));
}

ApplyOutcome TestStoreFailures::park(ParkedStore &store, ScriptedHttpServer &server)
{
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 5000, false, false, {}});
    ChangeApplier applier(&client, &store);
    QSignalSpy finished(&applier, &ChangeApplier::finished);
    ChangeSet changes;
    changes.park(QStringLiteral("embedder"));
    applier.apply(nullptr, changes);
    if (!finished.wait(20000))
        qFatal("the park did not finish");
    return finished.at(0).at(0).value<ApplyOutcome>();
}

void TestStoreFailures::parkOnReadOnlyStoreSendsNothing_data()
{
    QTest::addColumn<bool>("wholeFolder");
    QTest::newRow("read-only file") << false;
    QTest::newRow("read-only folder") << true;
}

void TestStoreFailures::parkOnReadOnlyStoreSendsNothing()
{
    QFETCH(bool, wholeFolder);
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + QStringLiteral("/store.sqlite");
    QVERIFY(storeWithEarlierRecord(path));
    const QString readOnly = wholeFolder ? folder : path;
    TestMount mount;
    QString error;
    if (geteuid() == 0)
        QVERIFY2(mount.readOnlyBind(readOnly, &error), qPrintable(error));
    else
        QVERIFY(QFile::setPermissions(readOnly, wholeFolder ? QFile::ReadOwner | QFile::ExeOwner : QFile::ReadOwner));

    ScriptedHttpServer server;
    server.enqueue({200, readFixture(QStringLiteral("applications_demo.json"))});
    std::optional<ParkedStore> store(path);
    const ApplyOutcome outcome = park(*store, server);
    QVERIFY(outcome.error);
    const QString message = outcome.error->describe();
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("read-only")), qPrintable(message));
    QVERIFY2(!sentAChange(server), "a change was sent although its config could not be stored");
    // Writable again (SQLite needs its journal files to read a WAL store): the earlier record is intact.
    store.reset(); // closes the file, so the mount can go
    mount.unmount();
    if (geteuid() != 0)
        QVERIFY(QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    checkEarlierRecordIntact(path);
}

void TestStoreFailures::parkOnFullDiskSendsNothing_data()
{
    // Open before the disk fills (the GUI's store, open for hours): the INSERT fails with SQLITE_FULL.
    // Opened after (a new scaledeckctl): SQLite cannot even create the WAL's shared-memory file.
    QTest::addColumn<bool>("openBefore");
    QTest::newRow("store open before the disk filled") << true;
    QTest::newRow("store opened on the full disk") << false;
}

void TestStoreFailures::parkOnFullDiskSendsNothing()
{
    QFETCH(bool, openBefore);
    QTemporaryDir dir;
    TestMount mount;
    QString error;
    QVERIFY2(mount.tmpfs(dir.path(), 512, &error),
             qPrintable(QStringLiteral("a full disk needs a small tmpfs: ") + error));
    const QString path = dir.filePath(QStringLiteral("store.sqlite"));
    QVERIFY(storeWithEarlierRecord(path));
    std::optional<ParkedStore> store;
    if (openBefore)
        QVERIFY(store.emplace(path).open().ok());
    QVERIFY(fillDisk(dir.path()));
    if (!openBefore)
        store.emplace(path);

    ScriptedHttpServer server;
    server.enqueue({200, applicationsWithLargeEmbedder()});
    const ApplyOutcome outcome = park(*store, server);
    QVERIFY(outcome.error);
    const QString message = outcome.error->describe();
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("disk is full")), qPrintable(message));
    QVERIFY2(!sentAChange(server), "a change was sent although its config could not be stored");
    store.reset();
    // Space freed: the store is whole and holds what it held before.
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("filler"))));
    checkEarlierRecordIntact(path);
}

void TestStoreFailures::controllerOnFullDiskSendsNothing()
{
    QTemporaryDir dir;
    TestMount mount;
    QString error;
    QVERIFY2(mount.tmpfs(dir.path(), 512, &error),
             qPrintable(QStringLiteral("a full disk needs a small tmpfs: ") + error));
    const QString path = dir.filePath(QStringLiteral("store.sqlite"));
    ScheduleStore schedules(path);
    ParkedStore parked(path);
    QVERIFY(parked.open().ok());
    {
        // The schedule parks embedder now (Monday 12:00 UTC is outside its window), which the fixture runs.
        const ScheduleParse parsed = parseScheduleText(QStringLiteral("tz UTC\ndefault 0\nSat 10:00-11:00 = 1\n"));
        QVERIFY(parsed.ok());
        QVERIFY(schedules
                    .saveSchedule(clusterKey, {ScheduleTarget{QStringLiteral("embedder"), {}},
                                               scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                    .ok());
    }
    QVERIFY(fillDisk(dir.path()));

    ScriptedHttpServer server;
    for (int i = 0; i < 3; ++i)
        server.enqueue({200, applicationsWithLargeEmbedder()});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 5000, false, false, {}});
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    ScheduleController controller(&client, &parked, &schedules, &clock, clusterKey,
                                  ControllerOptions{1000, false, QStringLiteral("test"), 3});
    QSignalSpy ticked(&controller, &ScheduleController::tickFinished);
    controller.tickNow();
    QTRY_COMPARE_WITH_TIMEOUT(ticked.count(), 1, 20000); // at once when the lock cannot be written
    const TickReport report = ticked.at(0).at(0).value<TickReport>();
    bool reported = report.error.has_value();
    for (const TargetDecision &decision : report.decisions)
        reported = reported || decision.result == DecisionResult::Failed;
    QVERIFY2(reported, "a tick that could not write its store reported no failure");
    if (report.error)
        QVERIFY2(report.error->describe().contains(QStringLiteral("disk is full")),
                 qPrintable(report.error->describe()));
    QVERIFY2(!sentAChange(server), "the controller sent a change it could not record first");
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("filler"))));
    QCOMPARE(integrityCheck(path), QStringLiteral("ok"));
    auto audit =
        schedules.audit(clusterKey, QDateTime::fromString(QStringLiteral("2000-01-01T00:00:00Z"), Qt::ISODate));
    QVERIFY(audit.ok());
    for (const AuditEntry &entry : *audit)
        QVERIFY2(entry.result != AuditResult::Sent, "the log says sent for a change that was not sent");
}

QTEST_GUILESS_MAIN(TestStoreFailures)
#include "test_store_failures.moc"
