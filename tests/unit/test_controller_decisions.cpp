// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The schedule controller's grace and retry branches, against the in-process fake and a clock the test moves:
// after a change Ray accepted, a cluster that does not show it yet is waited for (30 s), then taken for drift;
// after a change Ray refused, the controller waits a minute before it tries again, and audits only the tries.
#include "demodocuments.h"
#include "fakeclusterclient.h"
#include "schedulecontroller.h"
#include "scheduletext.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
const QDateTime start = QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate);
} // namespace

class TestControllerDecisions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void acceptedChangeGetsGraceThenIsDrift_data();
    void acceptedChangeGetsGraceThenIsDrift();
    void acceptedChangeShownWithinGraceIsInStep();
    void refusedChangeIsRetriedAfterAMinute();

private:
    void setUp(const QString &drift);
    TargetDecision tickAt(int seconds);

    std::optional<QTemporaryDir> m_dir;
    std::optional<ManualClock> m_clock;
    std::optional<FakeClusterClient> m_fake;
    std::optional<ParkedStore> m_parked;
    std::optional<ScheduleStore> m_schedules;
    std::optional<ScheduleController> m_controller;
};

void TestControllerDecisions::setUp(const QString &drift)
{
    m_dir.emplace();
    m_clock.emplace(start);
    m_fake.emplace(&*m_clock);
    m_fake->setServeApplications(bodyOf(demoDocument())); // llm/LLM at 2
    const QString path = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_parked.emplace(path);
    QVERIFY(m_parked->open().ok());
    m_schedules.emplace(path);
    QVERIFY(m_schedules->open().ok());
    const ScheduleParse parsed = parseScheduleText(QStringLiteral("tz UTC\ndefault 1\ndrift %1\n").arg(drift));
    QVERIFY(parsed.ok());
    const QString key = m_fake->endpoint().clusterKey();
    QVERIFY(m_schedules->saveSchedule(key, {llm, scheduleToText(*parsed.schedule), start}).ok());
    m_controller.emplace(&*m_fake, &*m_parked, &*m_schedules, &*m_clock, key,
                         ControllerOptions{1000, false, QStringLiteral("test"), 3});
}

void TestControllerDecisions::cleanup()
{
    m_controller.reset();
    m_schedules.reset();
    m_parked.reset();
    m_fake.reset();
}

// One tick at `seconds` after the start; its decision for llm/LLM.
TargetDecision TestControllerDecisions::tickAt(int seconds)
{
    m_clock->set(start.addSecs(seconds));
    QSignalSpy ticked(&*m_controller, &ScheduleController::tickFinished);
    m_controller->tickNow();
    if (!ticked.wait(5000))
        qFatal("no tick at %d s", seconds);
    const TickReport report = ticked.at(0).at(0).value<TickReport>();
    if (report.error)
        qFatal("tick at %d s failed: %s", seconds, qPrintable(report.error->describe()));
    if (report.decisions.size() != 1)
        qFatal("%d decisions", int(report.decisions.size()));
    return report.decisions.front();
}

void TestControllerDecisions::acceptedChangeGetsGraceThenIsDrift_data()
{
    QTest::addColumn<QString>("drift");
    QTest::addColumn<QString>("after");
    QTest::addColumn<int>("puts");
    QTest::newRow("drift correct") << QStringLiteral("correct") << QStringLiteral("sent") << 2;
    QTest::newRow("drift keep") << QStringLiteral("keep") << QStringLiteral("kept") << 1;
}

// Ray accepted the PUT but, slow, still shows 2: for 30 s that is Ray still applying it, not drift.
void TestControllerDecisions::acceptedChangeGetsGraceThenIsDrift()
{
    QFETCH(QString, drift);
    QFETCH(QString, after);
    QFETCH(int, puts);
    setUp(drift);

    const TargetDecision first = tickAt(0);
    QCOMPARE(first.result, DecisionResult::Sent);
    QCOMPARE(first.cause, AuditCause::Schedule);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);

    for (int seconds : {10, 29}) {
        const TargetDecision waiting = tickAt(seconds);
        QCOMPARE(waiting.result, DecisionResult::Waiting);
        QCOMPARE(waiting.actual, QStringLiteral("2"));
        QVERIFY2(waiting.detail.contains(QStringLiteral("still applying the change sent at 2026-11-23T12:00:00Z")),
                 qPrintable(waiting.detail));
        QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    }

    // Past the grace the cluster's 2 is someone else's: drift, corrected or kept by the schedule's policy.
    const TargetDecision later = tickAt(31);
    QCOMPARE(decisionResultName(later.result), after);
    QCOMPARE(later.cause, drift == QStringLiteral("keep") ? AuditCause::DriftKept : AuditCause::DriftCorrection);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), puts);
}

// Ray shows the change within the grace: in step, nothing sent again.
void TestControllerDecisions::acceptedChangeShownWithinGraceIsInStep()
{
    setUp(QStringLiteral("correct"));
    const QByteArray atOne = bodyOf(withReplicas(demoDocument(), "llm", "LLM", 1, 1));
    m_fake->enqueue(FakeCall::PutConfig, FakeAnswer::ok().effectIs(
                                             [this, atOne] { m_fake->setServeApplications(atOne, start.addSecs(5)); }));

    QCOMPARE(tickAt(0).result, DecisionResult::Sent);
    QCOMPARE(tickAt(3).result, DecisionResult::Waiting);
    const TargetDecision shown = tickAt(6);
    QCOMPARE(shown.result, DecisionResult::InStep);
    QCOMPARE(shown.actual, QStringLiteral("1"));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
}

// Ray refused the PUT: the next ticks wait a minute before trying again, so a cluster that keeps refusing
// does not fill the audit log; the try after it goes through.
void TestControllerDecisions::refusedChangeIsRetriedAfterAMinute()
{
    setUp(QStringLiteral("correct"));
    m_fake->enqueue(FakeCall::PutConfig, FakeAnswer::refused(QStringLiteral("Serve is restarting")));

    const TargetDecision failed = tickAt(0);
    QCOMPARE(failed.result, DecisionResult::Failed);
    QVERIFY2(failed.detail.contains(QStringLiteral("Serve is restarting")), qPrintable(failed.detail));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);

    for (int seconds : {1, 30, 59}) {
        const TargetDecision waiting = tickAt(seconds);
        QCOMPARE(waiting.result, DecisionResult::Waiting);
        QCOMPARE(waiting.detail, QStringLiteral("retrying a failed change after 60 s"));
        QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    }

    const TargetDecision retried = tickAt(61);
    QCOMPARE(retried.result, DecisionResult::Sent);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 2);

    // The audit log has the two tries, not the waits.
    auto audit = m_schedules->audit(m_fake->endpoint().clusterKey(), start.addSecs(-1));
    QVERIFY(audit.ok());
    QCOMPARE(audit->size(), size_t(2));
    QCOMPARE(audit->at(0).result, AuditResult::Failed);
    QCOMPARE(audit->at(1).result, AuditResult::Sent);
}

QTEST_GUILESS_MAIN(TestControllerDecisions)
#include "test_controller_decisions.moc"
