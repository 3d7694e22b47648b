// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Two controllers, as on two hosts, each with its own connections to one PostgreSQL store (the server of
// SCALEDECK_PG_URL, scripts/postgres.sh): exactly one acts; when the acting one stops ticking without releasing
// its lock (what SIGKILL leaves behind), the other takes over within 3 of its ticks (the stale limit is 2) and no
// change is made or audited twice. Label "postgres": it fails when there is no server.
#include "demodocuments.h"
#include "fakeclusterclient.h"
#include "parkedstore.h"
#include "schedulecontroller.h"
#include "schedulestore.h"
#include "scheduletext.h"
#include "teststore.h"

#include <QElapsedTimer>
#include <QtTest>

#include <memory>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime start = QDateTime::fromString(QStringLiteral("2026-12-01T10:00:00Z"), Qt::ISODate);
const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
constexpr int tickMs = 200; // the lock is stale after 2 ticks: 400 ms
constexpr int staleTicks = 2;
constexpr int mostTicksToTakeOver = 3; // the bound

// One controller "host": its own store connections, one shared fake cluster.
struct Host {
    Host(const QString &store, FakeClusterClient *fake, ManualClock *clock, const QString &holder)
        : parked(store), schedules(store), controller(fake, &parked, &schedules, clock, fake->endpoint().clusterKey(),
                                                      ControllerOptions{tickMs, false, holder, staleTicks})
    {
    }
    ParkedStore parked;
    ScheduleStore schedules;
    ScheduleController controller;
};

// One tick of `host`, waited for.
std::optional<TickReport> tick(Host &host)
{
    QSignalSpy ticked(&host.controller, &ScheduleController::tickFinished);
    host.controller.tickNow();
    // A tick that waits for the lock ends inside tickNow(); one that reads the cluster ends later.
    if (ticked.isEmpty() && !ticked.wait(10000))
        return std::nullopt;
    return ticked.at(0).at(0).value<TickReport>();
}

int sentCount(const TickReport &report)
{
    int sent = 0;
    for (const TargetDecision &decision : report.decisions)
        sent += decision.result == DecisionResult::Sent ? 1 : 0;
    return sent;
}
} // namespace

class TestPgTakeover : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneActsAndTheOtherTakesOverAfterAKill();

private:
    bool saveSchedule(ScheduleStore &store, const QString &key, const char *text);
};

bool TestPgTakeover::saveSchedule(ScheduleStore &store, const QString &key, const char *text)
{
    const ScheduleParse parsed = parseScheduleText(QString::fromLatin1(text));
    return parsed.ok() && store.saveSchedule(key, {llm, scheduleToText(*parsed.schedule), start}).ok();
}

void TestPgTakeover::oneActsAndTheOtherTakesOverAfterAKill()
{
    QString error;
    const QString store = freshPostgresStore(&error);
    QVERIFY2(!store.isEmpty(), qPrintable(error));
    ManualClock clock(start);
    FakeClusterClient fake(&clock);
    fake.setServeApplications(bodyOf(demoDocument())); // llm/LLM at 2
    const QString key = fake.endpoint().clusterKey();
    Host a(store, &fake, &clock, QStringLiteral("host-a"));
    Host b(store, &fake, &clock, QStringLiteral("host-b"));
    QVERIFY(saveSchedule(a.schedules, key, "tz UTC\ndefault 1\n"));

    // While both tick, exactly one holds the lock and acts: A ticked first, so A. The lock's heartbeat is
    // real time (it tells a live process from a dead one), so each round lasts a real tick.
    int sentByB = 0;
    for (int round = 0; round < 4; ++round) {
        QElapsedTimer roundTime;
        roundTime.start();
        const auto byA = tick(a);
        const auto byB = tick(b);
        QVERIFY2(byA && byB, qPrintable(QStringLiteral("round %1: no tick of %2")
                                            .arg(round)
                                            .arg(byA ? QStringLiteral("B") : QStringLiteral("A"))));
        // QVERIFY2 builds its message before it checks: never read an error that is not there.
        const QString why = byA->error ? byA->error->describe() : byB->error ? byB->error->describe() : QString();
        QVERIFY2(!byA->error && !byB->error, qPrintable(why));
        QVERIFY(byA->holdsLock);
        QVERIFY(!byB->holdsLock);
        QCOMPARE(byB->lock.holder, QStringLiteral("host-a"));
        sentByB += sentCount(*byB);
        if (round == 0) {
            QCOMPARE(sentCount(*byA), 1); // 2 -> 1
            fake.setServeApplications(bodyOf(withReplicas(demoDocument(), "llm", "LLM", 1, 1)));
        }
        QTest::qWait(int(qMax<qint64>(0, tickMs - roundTime.elapsed())));
    }
    QCOMPARE(sentByB, 0);

    // A is "killed": it never ticks again and never releases its lock. The operator asks for llm back.
    QVERIFY(saveSchedule(b.schedules, key, "tz UTC\ndefault 2\n"));
    int ticksToTakeOver = 0;
    std::optional<TickReport> taken;
    while (!taken && ticksToTakeOver < 10) {
        QTest::qWait(tickMs); // B's next tick is a tick after its last one
        const auto byB = tick(b);
        QVERIFY2(byB, "host-b's tick did not end");
        QVERIFY2(!byB->error, qPrintable(byB->error ? byB->error->describe() : QString()));
        ++ticksToTakeOver;
        if (byB->holdsLock)
            taken = byB;
        else
            QCOMPARE(sentCount(*byB), 0);
    }
    qInfo("host-b took the lock over on its tick %d after host-a stopped", ticksToTakeOver);
    QVERIFY(taken);
    QVERIFY2(ticksToTakeOver <= mostTicksToTakeOver, qPrintable(QString::number(ticksToTakeOver)));
    QCOMPARE(taken->lock.holder, QStringLiteral("host-b"));
    QCOMPARE(sentCount(*taken), 1); // 1 -> 2
    fake.setServeApplications(bodyOf(demoDocument()));
    QTest::qWait(tickMs);
    const auto settled = tick(b);
    QVERIFY(settled && settled->holdsLock);
    QCOMPARE(sentCount(*settled), 0);

    // Every change once: one PUT each, one audit row each, by the one who made it.
    QCOMPARE(fake.count(FakeCall::PutConfig), 2);
    auto audit = b.schedules.audit(key, start.addDays(-1));
    QVERIFY(audit.ok());
    QStringList rows;
    for (const AuditEntry &entry : *audit)
        rows << QStringLiteral("%1 %2->%3 %4 %5")
                    .arg(entry.target, entry.before, entry.after, entry.resultText(), entry.holder);
    QCOMPARE(rows.size(), 2);
    QVERIFY2(rows[0].endsWith(QLatin1String("host-a")) && rows[1].endsWith(QLatin1String("host-b")),
             qPrintable(rows.join(QStringLiteral("; "))));
    QCOMPARE(audit->at(0).after, QStringLiteral("1"));
    QCOMPARE(audit->at(1).after, QStringLiteral("2"));
}

QTEST_GUILESS_MAIN(TestPgTakeover)
#include "test_pgtakeover.moc"
