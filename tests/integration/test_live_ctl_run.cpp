// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl run` as a process against the real Ray cluster, with its clock started at a chosen instant
// (--clock-start): it crosses a window boundary, survives SIGKILL (the restarted controller takes the stale
// lock over and converges without repeating the action) and stops cleanly on SIGTERM.
#include "livecluster.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestLiveCtlRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void sigkillAndRestartDoesNotRepeatTheAction();
    void restartAfterDowntimeConvergesWithoutReplaying();
    void sigtermStopsCleanly();
    void scheduleSetChecksTheTargetOnTheCluster();

private:
    std::unique_ptr<QProcess> startRun(const char *clockStart, const QStringList &extra = {});
    std::vector<AuditEntry> auditRows();
    bool waitForAudit(size_t rows, AuditResult result, int timeoutMs = 60000);

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    QString m_storePath;
    std::unique_ptr<ScheduleStore> m_store;
};

void TestLiveCtlRun::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
}

void TestLiveCtlRun::init()
{
    m_storePath =
        m_dir.filePath(QStringLiteral("store-%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction())));
    m_store = std::make_unique<ScheduleStore>(m_storePath);
    QVERIFY(m_store->open().ok());
    const ScheduleParse parsed = parseScheduleText(QStringLiteral("tz UTC\ndefault 2\nMon 10:00-11:00 = 1\n"));
    QVERIFY(parsed.ok());
    QVERIFY(m_store
                ->saveSchedule(m_endpoint->clusterKey(),
                               StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                              scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                .ok());
}

void TestLiveCtlRun::cleanup()
{
    if (configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) != 2) {
        ParkedStore parked(m_storePath);
        QVERIFY(parked.open().ok());
        ChangeSet restore;
        restore.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
        const ApplyOutcome outcome =
            applyAndFollow(*m_client, parked, snapshotNow(*m_client, &parked).value(), restore);
        QVERIFY(!outcome.error);
    }
    QVERIFY(waitUntilSettled(*m_client));
    m_store.reset();
}

std::unique_ptr<QProcess> TestLiveCtlRun::startRun(const char *clockStart, const QStringList &extra)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(SCALEDECKCTL_PATH),
                   QStringList{QStringLiteral("--store"), m_storePath, QStringLiteral("run"), QStringLiteral("--tick"),
                               QStringLiteral("1"), QStringLiteral("--clock-start"), QString::fromLatin1(clockStart)} +
                       extra);
    if (!process->waitForStarted())
        qFatal("scaledeckctl run did not start");
    return process;
}

std::vector<AuditEntry> TestLiveCtlRun::auditRows()
{
    auto rows = m_store->audit(m_endpoint->clusterKey(), utcTime("2000-01-01T00:00:00Z"));
    if (!rows)
        qFatal("audit: %s", qPrintable(rows.error().describe()));
    return *rows;
}

bool TestLiveCtlRun::waitForAudit(size_t rows, AuditResult result, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            const auto entries = auditRows();
            return entries.size() >= rows && entries[rows - 1].result == result;
        },
        timeoutMs);
}

void TestLiveCtlRun::sigkillAndRestartDoesNotRepeatTheAction()
{
    // The clock starts three seconds before the window opens: the first ticks are in step, then 2 → 1.
    auto first = startRun("2026-11-23T09:59:57Z");
    QVERIFY2(waitForAudit(1, AuditResult::Sent), qPrintable(QString::fromUtf8(first->readAll())));
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(1), 10000);
    first->kill(); // SIGKILL: no chance to release the lock
    QVERIFY(first->waitForFinished());
    auto lock = m_store->currentLock(m_endpoint->clusterKey());
    QVERIFY(lock.ok() && lock->has_value()); // still held by the dead process

    // Restarted inside the same window: it waits for the lock to go stale (3 ticks), takes it over and
    // finds the cluster already at 1.
    auto second = startRun("2026-11-23T10:00:30Z");
    QVERIFY(QTest::qWaitFor([&] { return second->readAll().contains("controlling"); }, 30000));
    QTest::qWait(4000); // several of its ticks, which must all find the cluster in step
    second->terminate();
    QVERIFY(second->waitForFinished(30000));
    QCOMPARE(second->exitCode(), 0);
    const auto rows = auditRows();
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows[0].result, AuditResult::Sent);
    QCOMPARE(rows[0].after, QStringLiteral("1"));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(1));
}

void TestLiveCtlRun::restartAfterDowntimeConvergesWithoutReplaying()
{
    auto first = startRun("2026-11-23T09:59:58Z");
    QVERIFY(waitForAudit(1, AuditResult::Sent));
    first->kill();
    QVERIFY(first->waitForFinished());
    QVERIFY(waitUntilSettled(*m_client));

    // Down through the window's end and the next day: it converges at once to what is desired now (2),
    // one action, without replaying what it missed.
    auto second = startRun("2026-11-24T08:00:00Z");
    QVERIFY2(waitForAudit(2, AuditResult::Sent), qPrintable(QString::fromUtf8(second->readAll())));
    QTest::qWait(3000);
    second->terminate();
    QVERIFY(second->waitForFinished(30000));
    const auto rows = auditRows();
    QCOMPARE(rows.size(), size_t(2));
    QCOMPARE(rows[1].before, QStringLiteral("1"));
    QCOMPARE(rows[1].after, QStringLiteral("2"));
    QCOMPARE(rows[1].cause, AuditCause::Schedule);
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(2));
}

void TestLiveCtlRun::sigtermStopsCleanly()
{
    auto run = startRun("2026-11-23T12:00:00Z");
    QVERIFY(QTest::qWaitFor([&] { return run->readAll().contains("controlling"); }, 30000));
    run->terminate();
    QVERIFY(run->waitForFinished(30000));
    QCOMPARE(run->exitStatus(), QProcess::NormalExit);
    QCOMPARE(run->exitCode(), 0);
    auto lock = m_store->currentLock(m_endpoint->clusterKey());
    QVERIFY(lock.ok());
    QVERIFY(!lock->has_value());  // released: the GUI or another controller can take over at once
    QVERIFY(auditRows().empty()); // 12:00 on a Monday is outside the window: in step, nothing done
}

void TestLiveCtlRun::scheduleSetChecksTheTargetOnTheCluster()
{
    QTemporaryDir files;
    const QString file = files.filePath(QStringLiteral("embedder.txt"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("tz Europe/Ljubljana\ndefault 1\nSat,Sun 00:00-24:00 = 0\n");
    out.close();
    auto ctl = [&](const QStringList &arguments) {
        QProcess process;
        process.start(QStringLiteral(SCALEDECKCTL_PATH),
                      QStringList{QStringLiteral("--store"), m_storePath} + arguments);
        if (!process.waitForFinished(60000))
            qFatal("scaledeckctl did not finish");
        return std::make_tuple(process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                               QString::fromUtf8(process.readAllStandardError()));
    };
    const auto [okCode, okOut, okErr] =
        ctl({QStringLiteral("schedule"), QStringLiteral("set"), QStringLiteral("embedder/Embedder"), file});
    QVERIFY2(okCode == 0, qPrintable(okErr));
    QVERIFY2(okOut.startsWith(QStringLiteral("stored the schedule of embedder/Embedder")), qPrintable(okOut));
    auto stored = m_store->schedule(m_endpoint->clusterKey(),
                                    ScheduleTarget{QStringLiteral("embedder"), QStringLiteral("Embedder")});
    QVERIFY(stored.ok() && stored->has_value());
    QVERIFY((*stored)->text.contains(QStringLiteral("Sat,Sun 00:00-24:00 = 0")));

    const auto [appCode, appOut, appErr] =
        ctl({QStringLiteral("schedule"), QStringLiteral("set"), QStringLiteral("nosuch/Embedder"), file});
    QCOMPARE(appCode, 1);
    QVERIFY2(appErr.contains(QStringLiteral("there is no application 'nosuch'")), qPrintable(appErr));
    const auto [depCode, depOut, depErr] =
        ctl({QStringLiteral("schedule"), QStringLiteral("set"), QStringLiteral("embedder/Nope"), file});
    QCOMPARE(depCode, 1);
    QVERIFY2(depErr.contains(QStringLiteral("application 'embedder' has no deployment 'Nope'")), qPrintable(depErr));
    QVERIFY(
        !m_store->schedule(m_endpoint->clusterKey(), ScheduleTarget{QStringLiteral("embedder"), QStringLiteral("Nope")})
             ->has_value());
}

QTEST_GUILESS_MAIN(TestLiveCtlRun)
#include "test_live_ctl_run.moc"
