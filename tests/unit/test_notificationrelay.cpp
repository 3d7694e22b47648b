// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// From the controller's tick reports to grouped desktop notifications (NotificationRelay: TickEvents,
// NotificationBatch, composeNotification), on clocks the test moves: a week boundary that parks ten targets is
// one notification naming them, a failure is critical, a decision repeated over ticks is told once, an override
// that ran out is told and one removed early is not, drift is told, and a batch waits for a quiet moment.
#include "demodocuments.h"
#include "fakeclusterclient.h"
#include "notificationrelay.h"
#include "scheduledfakecontroller.h"
#include "scheduletext.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
const QDateTime start = QDateTime::fromString(QStringLiteral("2026-11-23T17:00:00Z"), Qt::ISODate);

TargetDecision decision(const QString &target, DecisionResult result, int desired, const QString &actual,
                        AuditCause cause = AuditCause::Schedule)
{
    TargetDecision d;
    d.target = target;
    d.result = result;
    d.desired = desired;
    d.actual = actual;
    d.cause = cause;
    return d;
}

TickReport report(std::vector<TargetDecision> decisions, std::vector<ScheduleSummary> summaries = {})
{
    TickReport r;
    r.atUtc = start;
    r.holdsLock = true;
    r.decisions = std::move(decisions);
    r.summaries = std::move(summaries);
    r.schedules = std::vector<StoredSchedule>{};
    return r;
}

ScheduleSummary withOverride(const ScheduleTarget &target, const QDateTime &until)
{
    ScheduleSummary summary;
    summary.target = target;
    summary.activeOverride = ScheduleOverride{target, 3, until, start.addSecs(-3600), QStringLiteral("test"), {}};
    return summary;
}

ScheduleSummary without(const ScheduleTarget &target)
{
    ScheduleSummary summary;
    summary.target = target;
    return summary;
}
} // namespace

class TestNotificationRelay : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void tenParkedInOneTickAreOneNotification();
    void failureIsCritical();
    void repeatedDecisionsAreToldOnce();
    void overrideThatRanOutIsTold();
    void overrideRemovedEarlyIsNot();
    void overrideIsToldOnlyByTheLockHolder();
    void driftIsTold();
    void contestIsToldOnceAndCritical();
    void severalKindsReadAsOne();
    void batchWaitsForQuietButNotForEver();
    void timerSendsTheBatch();
    void realControllerParkIsToldOnce();

private:
    // Moves the batch clock and sends what is due; the notifications sent so far.
    QList<DesktopNotification> after(int ms);

    std::optional<ManualClock> m_scheduleClock;
    std::optional<ManualClock> m_batchClock;
    std::optional<NotificationRelay> m_relay;
    QList<DesktopNotification> m_sent;
};

void TestNotificationRelay::init()
{
    m_relay.reset();
    m_sent.clear();
    m_scheduleClock.emplace(start);
    m_batchClock.emplace(start);
    m_relay.emplace(&*m_scheduleClock, &*m_batchClock, BatchTiming{2000, 10000});
    connect(&*m_relay, &NotificationRelay::notificationReady, this,
            [this](const DesktopNotification &notification) { m_sent << notification; });
}

QList<DesktopNotification> TestNotificationRelay::after(int ms)
{
    m_batchClock->set(m_batchClock->nowUtc().addMSecs(ms));
    m_relay->flushDue();
    return m_sent;
}

void TestNotificationRelay::tenParkedInOneTickAreOneNotification()
{
    std::vector<TargetDecision> decisions;
    QStringList names;
    for (int i = 0; i < 10; ++i) {
        names << QStringLiteral("app%1/model").arg(i);
        decisions.push_back(decision(names.back(), DecisionResult::Sent, 0, QStringLiteral("2")));
    }
    m_relay->onTick(report(decisions));
    QVERIFY(after(1999).isEmpty()); // still collecting
    const QList<DesktopNotification> sent = after(1);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].summary, QStringLiteral("Parked 10 targets"));
    QCOMPARE(sent[0].body, QStringLiteral("Parked: %1, … and 2 more").arg(names.mid(0, 8).join(QStringLiteral(", "))));
    QCOMPARE(sent[0].urgency, NotificationUrgency::Normal);
    QCOMPARE(after(60000).size(), 1); // nothing more
}

void TestNotificationRelay::failureIsCritical()
{
    TargetDecision failed = decision(QStringLiteral("llm/LLM"), DecisionResult::Failed, 0, QStringLiteral("2"));
    failed.detail = QStringLiteral("Ray refused the change: 400");
    m_relay->onTick(report({failed}));
    const QList<DesktopNotification> sent = after(2000);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].summary, QStringLiteral("Change failed: llm/LLM"));
    QCOMPARE(sent[0].body, QStringLiteral("Failed: llm/LLM (Ray refused the change: 400)"));
    QCOMPARE(sent[0].urgency, NotificationUrgency::Critical);
}

// What the controller repeats tick after tick: a dry run's "already logged", a failure waiting for its retry
// and failing again, drift it keeps. Told once, until the target is in step and changes again.
void TestNotificationRelay::repeatedDecisionsAreToldOnce()
{
    TargetDecision dryRun = decision(QStringLiteral("a"), DecisionResult::DryRun, 0, QStringLiteral("2"));
    dryRun.alreadyLogged = true;
    const TargetDecision failed = decision(QStringLiteral("b"), DecisionResult::Failed, 0, QStringLiteral("2"));
    const TargetDecision kept =
        decision(QStringLiteral("c"), DecisionResult::Kept, 2, QStringLiteral("4"), AuditCause::DriftKept);
    m_relay->onTick(report({dryRun, failed, kept}));
    QCOMPARE(after(2000).size(), 1);
    for (int tick = 0; tick < 3; ++tick) {
        m_relay->onTick(report({dryRun, failed, kept}));
        QCOMPARE(after(10000).size(), 1);
    }
    // b gets to where it should be, then fails on its next change: news again.
    m_relay->onTick(report({decision(QStringLiteral("b"), DecisionResult::InStep, 0, QStringLiteral("parked"))}));
    m_relay->onTick(report({failed}));
    const QList<DesktopNotification> sent = after(2000);
    QCOMPARE(sent.size(), 2);
    QCOMPARE(sent[1].summary, QStringLiteral("Change failed: b"));
}

void TestNotificationRelay::overrideThatRanOutIsTold()
{
    const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
    m_relay->onTick(report({}, {withOverride(llm, start.addSecs(600))}));
    m_scheduleClock->set(start.addSecs(600));
    m_relay->onTick(report({}, {without(llm)}));
    const QList<DesktopNotification> sent = after(2000);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].summary, QStringLiteral("Override expired: llm/LLM"));
    QCOMPARE(sent[0].body, QStringLiteral("Override ended, back to the schedule: llm/LLM (was 3 replicas)"));
}

void TestNotificationRelay::overrideRemovedEarlyIsNot()
{
    const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
    m_relay->onTick(report({}, {withOverride(llm, start.addSecs(600))}));
    m_scheduleClock->set(start.addSecs(599));
    m_relay->onTick(report({}, {without(llm)}));
    m_scheduleClock->set(start.addSecs(700));
    m_relay->onTick(report({}, {without(llm)}));
    QVERIFY(after(20000).isEmpty());
}

// Two windows on one cluster: only the one whose controller holds the lock tells what the schedules did, so an
// expired override is not told twice (the other's controller decides nothing).
void TestNotificationRelay::overrideIsToldOnlyByTheLockHolder()
{
    const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
    TickReport waiting = report({}, {withOverride(llm, start.addSecs(600))});
    waiting.holdsLock = false;
    m_relay->onTick(waiting);
    m_scheduleClock->set(start.addSecs(600));
    waiting.summaries = {without(llm)};
    m_relay->onTick(waiting);
    QVERIFY(after(20000).isEmpty());
}

void TestNotificationRelay::driftIsTold()
{
    m_relay->onTick(report(
        {decision(QStringLiteral("embedder"), DecisionResult::Kept, 1, QStringLiteral("3"), AuditCause::DriftKept),
         decision(QStringLiteral("llm/LLM"), DecisionResult::Sent, 2, QStringLiteral("5"),
                  AuditCause::DriftCorrection)}));
    const QList<DesktopNotification> sent = after(2000);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].summary, QStringLiteral("Drift corrected: llm/LLM · Drift seen: embedder"));
    QCOMPARE(sent[0].body, QStringLiteral("Changed outside ScaleDeck, set back: llm/LLM (5 → 2)\n"
                                          "Changed outside ScaleDeck, kept until the next transition: embedder (3)"));
}

// The controller stopped correcting a target another controller keeps changing: told once, urgently, not at each
// tick that holds it back.
void TestNotificationRelay::contestIsToldOnceAndCritical()
{
    TargetDecision contested = decision(QStringLiteral("embedder/Embedder"), DecisionResult::Contested, 2,
                                        QStringLiteral("3"), AuditCause::DriftCorrection);
    m_relay->onTick(report({contested}));
    contested.alreadyLogged = true;
    m_relay->onTick(report({contested}));
    const QList<DesktopNotification> sent = after(10000);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].summary, QStringLiteral("Contested: embedder/Embedder"));
    QCOMPARE(sent[0].body, QStringLiteral("Another controller or tool keeps changing it, no longer corrected: "
                                          "embedder/Embedder (3 → 2)"));
    QCOMPARE(sent[0].urgency, NotificationUrgency::Critical);
}

void TestNotificationRelay::severalKindsReadAsOne()
{
    m_relay->onTick(report({decision(QStringLiteral("a"), DecisionResult::Sent, 0, QStringLiteral("1")),
                            decision(QStringLiteral("b"), DecisionResult::Sent, 0, QStringLiteral("1")),
                            decision(QStringLiteral("c/C"), DecisionResult::Sent, 2, QStringLiteral("parked")),
                            decision(QStringLiteral("f"), DecisionResult::Sent, 1, QStringLiteral("parked")),
                            decision(QStringLiteral("d"), DecisionResult::Sent, 4, QStringLiteral("2")),
                            decision(QStringLiteral("e"), DecisionResult::Failed, 0, QStringLiteral("1"))}));
    const QList<DesktopNotification> sent = after(2000);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].summary, QStringLiteral("Change failed: e · Parked 2 targets · Unparked 2 targets · Scaled d"));
    // A deployment unparked says its count; an application (parked whole) just runs again.
    QCOMPARE(sent[0].body, QStringLiteral("Failed: e\nParked: a, b\nUnparked: c/C (2), f\nScaled: d (2 → 4)"));
    QCOMPARE(sent[0].urgency, NotificationUrgency::Critical);
}

// Ticks 1.5 s apart keep the batch open, but never longer than 10 s after its first event.
void TestNotificationRelay::batchWaitsForQuietButNotForEver()
{
    for (int i = 0; i < 8; ++i) {
        m_relay->onTick(report({decision(QStringLiteral("t%1").arg(i), DecisionResult::Sent, 0, QStringLiteral("1"))}));
        if (i < 6)
            QVERIFY(after(1500).isEmpty());
        else if (i == 6)
            QCOMPARE(after(1500).size(), 1); // 10.5 s after the first
    }
    QCOMPARE(m_sent[0].summary, QStringLiteral("Parked 7 targets"));
    QCOMPARE(after(1999).size(), 1);
    QCOMPARE(after(1).size(), 2);
    QCOMPARE(m_sent[1].summary, QStringLiteral("Parked t7"));
}

// Without anyone calling flushDue(): the relay's own timer sends the batch (real time, short timing).
void TestNotificationRelay::timerSendsTheBatch()
{
    SystemClock clock;
    NotificationRelay relay(&clock, &clock, BatchTiming{50, 500});
    QSignalSpy ready(&relay, &NotificationRelay::notificationReady);
    relay.onTick(report({decision(QStringLiteral("llm/LLM"), DecisionResult::Sent, 0, QStringLiteral("2"))}));
    QVERIFY(ready.wait(5000));
    QCOMPARE(ready.at(0).at(0).value<DesktopNotification>().summary, QStringLiteral("Parked llm/LLM"));
}

// The real controller's reports, not hand-made ones: against the in-process fake cluster, a schedule that parks
// llm/LLM (at 2) is one notification over the tick that sends it and the ticks after it, in step once Ray shows
// it parked.
void TestNotificationRelay::realControllerParkIsToldOnce()
{
    using namespace scaledeck::testing;
    ScheduledFakeController bench(&*m_scheduleClock);
    const QString failed = bench.setUp(QStringLiteral("tz UTC\ndefault 0\n"), start);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ScheduleController &controller = *bench.controller;
    connect(&controller, &ScheduleController::tickFinished, &*m_relay, &NotificationRelay::onTick);
    QStringList results;
    for (int tick = 0; tick < 4; ++tick) {
        m_scheduleClock->set(start.addSecs(10 * tick));
        QSignalSpy ticked(&controller, &ScheduleController::tickFinished);
        controller.tickNow();
        QVERIFY(ticked.wait(5000));
        const TickReport report = ticked.at(0).at(0).value<TickReport>();
        QVERIFY(!report.error);
        QCOMPARE(report.decisions.size(), size_t(1));
        results << decisionResultName(report.decisions.front().result);
        if (tick == 0) // Ray takes the park: the app is gone (ScaleDeck keeps its config)
            bench.fake.setServeApplications(bodyOf(withoutApp(demoDocument(), "llm")));
    }
    QCOMPARE(results.front(), QStringLiteral("sent"));
    QCOMPARE(results.back(), QStringLiteral("in step"));
    const QList<DesktopNotification> sent = after(2000);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent[0].summary, QStringLiteral("Parked llm/LLM"));
    QCOMPARE(sent[0].body, QStringLiteral("Parked: llm/LLM"));
}

QTEST_GUILESS_MAIN(TestNotificationRelay)
#include "test_notificationrelay.moc"
