// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The schedule controller after a PUT whose answer never came (a timeout, a 5xx) or whose connection dropped
// after sending, against the in-process fake and a clock the test moves: the tick watches the cluster for at
// most a tick of the controller's own clock, audits the change as failed with the outcome unknown, and a
// later tick reads the cluster again before it does anything: in step if Ray applied it (nothing sent twice),
// sent again only after the retry delay if it did not. test_applier_lostput covers the applier alone.
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
const ScheduleTarget llmApp{QStringLiteral("llm"), QString()};
const QDateTime start = QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate);
constexpr int tickMs = 1000; // the controller watches a lost answer for at most this long
} // namespace

class TestControllerLostPut : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void unansweredPutIsRetriedAfterReadingTheClusterAgain_data();
    void unansweredPutIsRetriedAfterReadingTheClusterAgain();
    void putRayAppliedAfterTheWatchIsNotSentAgain();
    void droppedAfterSendingButShownDuringTheWatchIsSent();
    void parkRayAppliedAfterTheWatchKeepsItsConfig();

private:
    void setUp(const ScheduleTarget &target, const QString &scheduleText);
    TargetDecision tickAt(int seconds);
    std::vector<AuditEntry> audit();

    std::optional<QTemporaryDir> m_dir;
    std::optional<ManualClock> m_clock;
    std::optional<FakeClusterClient> m_fake;
    std::optional<ParkedStore> m_parked;
    std::optional<ScheduleStore> m_schedules;
    std::optional<ScheduleController> m_controller;
};

void TestControllerLostPut::setUp(const ScheduleTarget &target, const QString &scheduleText)
{
    m_dir.emplace();
    m_clock.emplace(start);
    m_fake.emplace(&*m_clock);
    m_fake->setServeApplications(bodyOf(demoDocument())); // llm/LLM at 2
    m_fake->setLatency(FakeCall::Applications, 1000);     // each read of the cluster takes a second of its clock
    const QString path = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_parked.emplace(path);
    QVERIFY(m_parked->open().ok());
    m_schedules.emplace(path);
    QVERIFY(m_schedules->open().ok());
    const ScheduleParse parsed = parseScheduleText(scheduleText);
    QVERIFY(parsed.ok());
    const QString key = m_fake->endpoint().clusterKey();
    QVERIFY(m_schedules->saveSchedule(key, {target, scheduleToText(*parsed.schedule), start}).ok());
    m_controller.emplace(&*m_fake, &*m_parked, &*m_schedules, &*m_clock, key,
                         ControllerOptions{tickMs, false, QStringLiteral("test"), 3});
}

void TestControllerLostPut::cleanup()
{
    m_controller.reset();
    m_schedules.reset();
    m_parked.reset();
    m_fake.reset();
}

// One tick at `seconds` after the start; its one decision.
TargetDecision TestControllerLostPut::tickAt(int seconds)
{
    m_clock->set(start.addSecs(seconds));
    QSignalSpy ticked(&*m_controller, &ScheduleController::tickFinished);
    m_controller->tickNow();
    if (!ticked.wait(2000))
        qFatal("no tick at %d s", seconds);
    const TickReport report = ticked.at(0).at(0).value<TickReport>();
    if (report.error)
        qFatal("tick at %d s failed: %s", seconds, qPrintable(report.error->describe()));
    if (report.decisions.size() != 1)
        qFatal("%d decisions", int(report.decisions.size()));
    return report.decisions.front();
}

std::vector<AuditEntry> TestControllerLostPut::audit()
{
    auto rows = m_schedules->audit(m_fake->endpoint().clusterKey(), start.addSecs(-1));
    if (!rows)
        qFatal("audit: %s", qPrintable(rows.error().describe()));
    return rows.value();
}

void TestControllerLostPut::unansweredPutIsRetriedAfterReadingTheClusterAgain_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("timeout") << QStringLiteral("timeout");
    QTest::newRow("reset after sending") << QStringLiteral("reset");
    QTest::newRow("503") << QStringLiteral("503");
}

// Ray never applied it: the tick says the outcome is unknown and audits it as failed; the next ticks read the
// cluster, still at 2, and wait out the retry delay; then the change is sent again, once.
void TestControllerLostPut::unansweredPutIsRetriedAfterReadingTheClusterAgain()
{
    QFETCH(QString, how);
    setUp(llm, QStringLiteral("tz UTC\ndefault 1\ndrift correct\n"));
    m_fake->enqueue(FakeCall::PutConfig, how == QStringLiteral("timeout") ? FakeAnswer::timeout()
                                         : how == QStringLiteral("reset") ? FakeAnswer::reset()
                                                                          : FakeAnswer::serverError());

    const TargetDecision lost = tickAt(0);
    QCOMPARE(lost.result, DecisionResult::Failed);
    QVERIFY2(lost.detail.contains(QStringLiteral("may or may not have applied")), qPrintable(lost.detail));
    QVERIFY2(lost.detail.contains(QStringLiteral("does not send it again")), qPrintable(lost.detail));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    // The tick's snapshot, the applier's fresh read, then the watch: one read, a second of the controller's
    // clock, is the whole tick it may watch for.
    QCOMPARE(m_fake->count(FakeCall::Applications), 1 + 1 + 1);
    std::vector<AuditEntry> rows = audit();
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows[0].result, AuditResult::Failed);
    QVERIFY2(rows[0].detail.contains(QStringLiteral("may or may not have applied")), qPrintable(rows[0].detail));

    const TargetDecision waiting = tickAt(30);
    QCOMPARE(waiting.result, DecisionResult::Waiting);
    QCOMPARE(waiting.actual, QStringLiteral("2")); // read again: Ray did not apply it
    QCOMPARE(waiting.detail, QStringLiteral("retrying a failed change after 60 s"));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    QCOMPARE(m_fake->count(FakeCall::Applications), 3 + 1);

    const TargetDecision retried = tickAt(61);
    QCOMPARE(retried.result, DecisionResult::Sent);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 2);
    rows = audit();
    QCOMPARE(rows.size(), size_t(2));
    QCOMPARE(rows[0].result, AuditResult::Failed);
    QCOMPARE(rows[1].result, AuditResult::Sent);
}

// Ray applied it, but shows it only after the tick's watch: the tick cannot know (failed, outcome unknown);
// the next tick reads the cluster at 1 and is in step, and nothing is sent again, not even past the retry delay.
void TestControllerLostPut::putRayAppliedAfterTheWatchIsNotSentAgain()
{
    setUp(llm, QStringLiteral("tz UTC\ndefault 1\ndrift correct\n"));
    const QByteArray atOne = bodyOf(withReplicas(demoDocument(), "llm", "LLM", 1, 1));
    m_fake->enqueue(FakeCall::PutConfig, FakeAnswer::appliedButLost(
                                             [this, atOne] { m_fake->setServeApplications(atOne, start.addSecs(5)); }));

    QCOMPARE(tickAt(0).result, DecisionResult::Failed);
    const TargetDecision shown = tickAt(10);
    QCOMPARE(shown.result, DecisionResult::InStep);
    QCOMPARE(shown.actual, QStringLiteral("1"));
    QCOMPARE(tickAt(70).result, DecisionResult::InStep);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    const std::vector<AuditEntry> rows = audit();
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows[0].result, AuditResult::Failed);
}

// The connection dropped after sending, and the watch's first read shows the change: Ray applied it, so the
// change is sent, audited so, and the next tick is in step without sending anything.
void TestControllerLostPut::droppedAfterSendingButShownDuringTheWatchIsSent()
{
    setUp(llm, QStringLiteral("tz UTC\ndefault 1\ndrift correct\n"));
    const QByteArray atOne = bodyOf(withReplicas(demoDocument(), "llm", "LLM", 1, 1));
    m_fake->enqueue(
        FakeCall::PutConfig,
        FakeAnswer::appliedButLost([this, atOne] { m_fake->setServeApplications(atOne); }, FakeAnswer::reset()));

    const TargetDecision sent = tickAt(0);
    QCOMPARE(sent.result, DecisionResult::Sent);
    QCOMPARE(tickAt(5).result, DecisionResult::InStep);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    const std::vector<AuditEntry> rows = audit();
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows[0].result, AuditResult::Sent);
}

// A park whose answer was lost and which Ray applied after the watch: the stored config, kept because the
// outcome was unknown, is what shows the app as parked (not missing) on the next tick, which is in step.
void TestControllerLostPut::parkRayAppliedAfterTheWatchKeepsItsConfig()
{
    setUp(llmApp, QStringLiteral("tz UTC\ndefault 0\n"));
    const QByteArray parked = bodyOf(withoutApp(demoDocument(), "llm"));
    m_fake->enqueue(FakeCall::PutConfig, FakeAnswer::appliedButLost([this, parked] {
                        m_fake->setServeApplications(parked, start.addSecs(5));
                    }));

    const TargetDecision lost = tickAt(0);
    QCOMPARE(lost.result, DecisionResult::Failed);
    QVERIFY2(lost.detail.contains(QStringLiteral("the stored config of llm is kept")), qPrintable(lost.detail));
    const TargetDecision shown = tickAt(10);
    QCOMPARE(shown.result, DecisionResult::InStep);
    QCOMPARE(shown.actual, QStringLiteral("parked"));
    QCOMPARE(tickAt(70).result, DecisionResult::InStep);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    auto stored = m_parked->list(m_fake->endpoint().clusterKey());
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), size_t(1));
    QCOMPARE(stored->front().name, QStringLiteral("llm"));
}

QTEST_GUILESS_MAIN(TestControllerLostPut)
#include "test_controller_lostput.moc"
