// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Two `scaledeckctl run --store $SCALEDECK_PG_URL` processes, as on two hosts, share one PostgreSQL store against
// the real Ray head: one controls, the other waits; the controlling one applies a schedule transition and is
// SIGKILLed; the other takes the lock over within 3 ticks of the kill (the stale limit of 2 ticks, plus at most
// the one tick of phase between the two processes' ticks) and applies nothing again: one "sent" row in the audit
// log.
// Needs the PostgreSQL server of scripts/postgres.sh (scripts/test.sh starts it beside Ray).
#include "livecluster.h"
#include "schedulestore.h"
#include "scheduletext.h"
#include "teststore.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QtTest>

#include <optional>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// llm/LLM holds 2, and 1 on Mondays 10:00-11:00 UTC.
const char *scheduleText = "tz UTC\ndefault 2\nMon 10:00-11:00 = 1\n";
const char *firstClock = "2026-11-23T09:59:58Z";  // its second tick crosses 10:00
const char *secondClock = "2026-11-23T10:00:20Z"; // inside the window from its first tick
constexpr int tickMs = 1000;
constexpr int ticksToTakeOver = 3; // the bound, from the kill
} // namespace

class TestLivePgTakeover : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void killedControllerIsTakenOverOnceWithoutRepeats();
    void cleanupTestCase();

private:
    std::unique_ptr<QProcess> startRun(const char *clockStart);
    static bool waitForLine(QProcess &process, QByteArray *output, const char *line, int ms);
    std::optional<QString> holderOf(const QString &key); // the controller lock's holder, none when free

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QString m_store;
    std::unique_ptr<ScheduleStore> m_schedules;
};

void TestLivePgTakeover::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_store = freshPostgresStore(&whyNot);
    QVERIFY2(!m_store.isEmpty(), qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(2));
    m_schedules = std::make_unique<ScheduleStore>(m_store);
    const ScheduleParse parsed = parseScheduleText(QString::fromLatin1(scheduleText));
    QVERIFY(parsed.ok());
    QVERIFY(m_schedules
                ->saveSchedule(m_endpoint->clusterKey(),
                               StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                              scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                .ok());
}

void TestLivePgTakeover::cleanupTestCase()
{
    if (!m_client || m_store.isEmpty())
        return;
    // Leave the shared cluster as found: llm/LLM at 2.
    if (configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) != 2) {
        ParkedStore parked(m_store);
        auto snapshot = snapshotNow(*m_client, &parked);
        QVERIFY2(snapshot.ok(), qPrintable(snapshot.ok() ? QString() : snapshot.error().describe()));
        ChangeSet restore;
        restore.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
        const ApplyOutcome outcome = applyAndFollow(*m_client, parked, snapshot.value(), restore);
        QVERIFY(!outcome.error);
    }
    QVERIFY(waitUntilSettled(*m_client));
}

std::unique_ptr<QProcess> TestLivePgTakeover::startRun(const char *clockStart)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(SCALEDECKCTL_PATH),
                   {QStringLiteral("--store"), m_store, QStringLiteral("run"), QStringLiteral("--tick"),
                    QString::number(tickMs / 1000), QStringLiteral("--clock-start"), QString::fromLatin1(clockStart)});
    if (!process->waitForStarted())
        qFatal("scaledeckctl run did not start");
    return process;
}

std::optional<QString> TestLivePgTakeover::holderOf(const QString &key)
{
    auto lock = m_schedules->currentLock(key);
    if (!lock)
        qFatal("the lock cannot be read: %s", qPrintable(lock.error().describe()));
    return lock->has_value() ? std::optional<QString>((*lock)->holder) : std::nullopt;
}

bool TestLivePgTakeover::waitForLine(QProcess &process, QByteArray *output, const char *line, int ms)
{
    return QTest::qWaitFor(
        [&] {
            *output += process.readAll();
            return output->contains(line);
        },
        ms);
}

void TestLivePgTakeover::killedControllerIsTakenOverOnceWithoutRepeats()
{
    const QString key = m_endpoint->clusterKey();
    auto first = startRun(firstClock);
    QByteArray firstOutput;
    QVERIFY2(waitForLine(*first, &firstOutput, " controlling ", 60000), firstOutput.constData());
    auto second = startRun(secondClock);
    QByteArray secondOutput;
    QVERIFY2(waitForLine(*second, &secondOutput, " waiting: the controller of ", 60000), secondOutput.constData());

    // The first applies the transition (llm/LLM to 1) and is killed once Ray shows it.
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(1), 60000);
    const std::optional<QString> killedHolder = holderOf(key);
    QVERIFY(killedHolder && !killedHolder->isEmpty());
    first->kill(); // SIGKILL: its lock stays behind, unreleased
    QElapsedTimer sinceKill;
    sinceKill.start();
    QVERIFY(first->waitForFinished());

    // The takeover is the lock changing hands, at the start of the waiting one's tick: read from the store itself.
    // (Its " controlling " line comes only when that tick is done, after it has read the cluster: on a loaded machine
    // that alone took half a second.)
    QVERIFY(QTest::qWaitFor(
        [&] {
            const std::optional<QString> holder = holderOf(key);
            return holder && !holder->isEmpty() && holder != killedHolder;
        },
        30000));
    const qint64 takeoverMs = sinceKill.elapsed();
    qInfo("taken over %lld ms after the kill (%.1f ticks)", takeoverMs, double(takeoverMs) / tickMs);
    // Stale 2 ticks after the killed one's last heartbeat (at most its kill), seen on the waiting one's next tick;
    // the half second is the two processes' start of a tick and the store's reads here.
    QVERIFY2(takeoverMs <= ticksToTakeOver * tickMs + 500, qPrintable(QString::number(takeoverMs)));
    QVERIFY2(waitForLine(*second, &secondOutput, " controlling ", 30000), secondOutput.constData());
    // Its first tick in control finds the cluster in step: a few more ticks to be sure it sends nothing.
    QTest::qWait(3 * tickMs);
    second->terminate();
    QVERIFY(second->waitForFinished(30000));
    QCOMPARE(second->exitCode(), 0);

    auto audit = m_schedules->audit(key, QDateTime::fromString(QStringLiteral("2000-01-01T00:00:00Z"), Qt::ISODate));
    QVERIFY(audit.ok());
    int sent = 0;
    QString all;
    for (const AuditEntry &row : *audit) {
        all += QStringLiteral("%1: %2 → %3 %4 by %5; ")
                   .arg(row.target, row.before, row.after, row.resultText(), row.holder);
        sent += row.result == AuditResult::Sent ? 1 : 0;
    }
    qInfo("audit: %s", qPrintable(all));
    QVERIFY2(sent == 1, qPrintable(QStringLiteral("expected one sent change: ") + all));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(1));
}

QTEST_GUILESS_MAIN(TestLivePgTakeover)
#include "test_live_pg_takeover.moc"
