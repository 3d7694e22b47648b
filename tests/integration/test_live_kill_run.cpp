// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl run` SIGKILLed at random points of the tick that applies a schedule transition, against the real
// Ray cluster, then restarted: no transition is lost (the cluster ends where the schedule says) and none is
// applied twice (at most one "sent" audit row for it; the killed run's own row may be "interrupted").
// Iterations: $SCALEDECK_KILL_ITERATIONS (default 5 in the test command); the seed is printed, $SCALEDECK_KILL_SEED
// repeats it.
#include "livecluster.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// llm/LLM holds 2, and 1 on Mondays 10:00-11:00 UTC: each iteration crosses one of the two boundaries.
const char *scheduleText = "tz UTC\ndefault 2\nMon 10:00-11:00 = 1\n";

struct Crossing {
    const char *justBefore; // the killed run's clock starts here: its second tick (1 s later) is the transition
    const char *inside;     // the restarted run's clock: well past the boundary
    int desired;
};
const Crossing crossings[] = {{"2026-11-23T09:59:59Z", "2026-11-23T10:00:20Z", 1},
                              {"2026-11-23T10:59:59Z", "2026-11-23T11:00:20Z", 2}};

// After the first tick's "controlling" line; the transition tick begins less than a tick later. Kills are spread
// from before it to after it has finished (GETs, the audit row, the PUT, the outcome recorded).
constexpr int killFromMs = 0;
constexpr int killToMs = 3000;
} // namespace

class TestLiveKillRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void killedTickLosesNothingAndRepeatsNothing_data();
    void killedTickLosesNothingAndRepeatsNothing();
    void cleanupTestCase();

private:
    std::unique_ptr<QProcess> startRun(const char *clockStart);
    std::vector<AuditEntry> auditRows();

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    QString m_storePath;
    std::unique_ptr<ScheduleStore> m_store;
    QRandomGenerator m_random;
    std::map<QString, int> m_landings; // what the killed run had recorded → count
};

void TestLiveKillRun::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(2));
    m_storePath = m_dir.filePath(QStringLiteral("store.sqlite"));
    m_store = std::make_unique<ScheduleStore>(m_storePath);
    QVERIFY(m_store->open().ok());
    const ScheduleParse parsed = parseScheduleText(QString::fromLatin1(scheduleText));
    QVERIFY(parsed.ok());
    QVERIFY(m_store
                ->saveSchedule(m_endpoint->clusterKey(),
                               StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                              scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                .ok());
    const quint32 seed = qEnvironmentVariableIsSet("SCALEDECK_KILL_SEED")
                             ? quint32(qEnvironmentVariableIntValue("SCALEDECK_KILL_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("kill seed %u (SCALEDECK_KILL_SEED=%u repeats this run)", seed, seed);
    m_random.seed(seed);
}

void TestLiveKillRun::cleanupTestCase()
{
    qInfo("what the killed run had recorded for its transition → count:");
    for (const auto &[landing, count] : m_landings)
        qInfo("  %3d  %s", count, qPrintable(landing));
    if (!m_client || m_storePath.isEmpty())
        return;
    // Leave the shared cluster as found: llm/LLM at 2.
    if (configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) != 2) {
        ParkedStore parked(m_storePath);
        auto snapshot = snapshotNow(*m_client, &parked);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.ok() ? QString() : snapshot.error().describe()));
        ChangeSet restore;
        restore.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
        const ApplyOutcome outcome = applyAndFollow(*m_client, parked, snapshot.value(), restore);
        QVERIFY(!outcome.error);
    }
    QVERIFY(waitUntilSettled(*m_client));
}

std::unique_ptr<QProcess> TestLiveKillRun::startRun(const char *clockStart)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(SCALEDECKCTL_PATH),
                   {QStringLiteral("--store"), m_storePath, QStringLiteral("run"), QStringLiteral("--tick"),
                    QStringLiteral("1"), QStringLiteral("--clock-start"), QString::fromLatin1(clockStart)});
    if (!process->waitForStarted())
        qFatal("scaledeckctl run did not start");
    return process;
}

std::vector<AuditEntry> TestLiveKillRun::auditRows()
{
    auto rows = m_store->audit(m_endpoint->clusterKey(), utcTime("2000-01-01T00:00:00Z"));
    if (!rows)
        qFatal("audit: %s", qPrintable(rows.error().describe()));
    return *rows;
}

void TestLiveKillRun::killedTickLosesNothingAndRepeatsNothing_data()
{
    // One row an iteration, so each has QtTest's time limit rather than the whole run sharing one.
    QTest::addColumn<int>("iteration");
    const int iterations = qEnvironmentVariableIsSet("SCALEDECK_KILL_ITERATIONS")
                               ? qEnvironmentVariableIntValue("SCALEDECK_KILL_ITERATIONS")
                               : 5;
    for (int i = 0; i < iterations; ++i)
        QTest::addRow("iteration %d", i) << i;
}

void TestLiveKillRun::killedTickLosesNothingAndRepeatsNothing()
{
    QFETCH(int, iteration);
    const Crossing &crossing = crossings[iteration % 2];
    const QString desired = QString::number(crossing.desired);
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
             std::optional<int>(3 - crossing.desired));
    // The audit log is ordered by the controllers' clocks, which these runs set back: new rows are told by id.
    qint64 lastIdBefore = 0;
    for (const AuditEntry &row : auditRows())
        lastIdBefore = std::max(lastIdBefore, row.id);
    auto newRows = [&] {
        std::vector<AuditEntry> rows;
        for (const AuditEntry &row : auditRows())
            if (row.id > lastIdBefore)
                rows.push_back(row);
        std::sort(rows.begin(), rows.end(), [](const AuditEntry &a, const AuditEntry &b) { return a.id < b.id; });
        return rows;
    };

    // The killed run: its lock is left behind, stale after 3 ticks. It prints "controlling" after its first
    // tick (clock just before the boundary); its second, the transition, starts a tick after the first began.
    const int killAtMs = killFromMs + int(m_random.bounded(killToMs - killFromMs));
    auto killed = startRun(crossing.justBefore);
    QByteArray killedOutput;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     killedOutput += killed->readAll();
                     return killedOutput.contains("controlling");
                 },
                 60000),
             killedOutput.constData());
    QVERIFY(!QTest::qWaitFor([&] { return killed->state() == QProcess::NotRunning; }, killAtMs)); // the kill point
    killed->kill();
    QVERIFY(killed->waitForFinished());
    QString recorded = QStringLiteral("nothing");
    if (const std::vector<AuditEntry> afterKill = newRows(); !afterKill.empty())
        recorded = QStringLiteral("a '%1' row").arg(afterKill.back().resultText());
    qInfo("killed %d ms after its first tick; it had recorded %s", killAtMs, qPrintable(recorded));
    ++m_landings[recorded];

    // The restarted run takes the stale lock over and converges; once it says it controls the cluster, its
    // first tick in control is done.
    auto restarted = startRun(crossing.inside);
    QByteArray output;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     output += restarted->readAll();
                     return output.contains("controlling");
                 },
                 60000),
             output.constData());
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(crossing.desired), 30000);
    restarted->terminate();
    QVERIFY(restarted->waitForFinished(30000));
    QCOMPARE(restarted->exitCode(), 0);

    // This transition's rows: at most one "sent", and it really changed something; the killed run's row, if
    // it wrote one before sending nothing or before recording the outcome, is "interrupted".
    const std::vector<AuditEntry> rows = newRows();
    int sent = 0;
    bool wellFormed = true;
    QString all;
    for (const AuditEntry &row : rows) {
        all +=
            QStringLiteral("%1 %2: %3 → %4 %5 (%6); ")
                .arg(row.atUtc.toString(Qt::ISODate), row.target, row.before, row.after, row.resultText(), row.detail);
        // "failed" is a PUT whose answer did not come in time (a loaded dashboard): Ray may still apply it, and
        // then the next tick finds the cluster in step and sends nothing more.
        wellFormed = wellFormed && row.target == QStringLiteral("llm/LLM") && row.after == desired &&
                     row.before != row.after &&
                     (row.result == AuditResult::Sent || row.result == AuditResult::Interrupted ||
                      row.result == AuditResult::Failed);
        sent += row.result == AuditResult::Sent ? 1 : 0;
    }
    qInfo("audit: %s", qPrintable(all));
    QVERIFY2(wellFormed, qPrintable(QStringLiteral("to %1: ").arg(desired) + all));
    QVERIFY2(sent <= 1, qPrintable(QStringLiteral("applied twice: ") + all));
    QVERIFY2(!rows.empty(), qPrintable(QStringLiteral("the transition left no trace: ") + all));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
             std::optional<int>(crossing.desired));
}

QTEST_GUILESS_MAIN(TestLiveKillRun)
#include "test_live_kill_run.moc"
