// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Park-when-idle (issue 12), against the in-process fake cluster, a fake traffic source whose answers the test
// sets, and a clock the test moves: a window that ends while requests still come defers the park (audited once
// per reason), requests that stop let it go out at the next tick, "max" parks anyway, an unknown count or no
// traffic source defers and says why, and neither a scale-down above 0 nor an operator's override waits.
#include "demodocuments.h"
#include "fakeclusterclient.h"
#include "fakerecentrequests.h"
#include "schedulecontroller.h"
#include "scheduletext.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
// A Monday: the window Mon 09:00-12:00 has just ended.
const QDateTime start = QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate);
const QString endedWindow = QStringLiteral("tz UTC\ndefault 0\npark-when-idle 15m max 2h\nMon 09:00-12:00 = 2\n");
} // namespace

class TestControllerParkWhenIdle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void busyTargetIsDeferred();
    void parksOnceRequestsStop();
    void parksAtTheLimit();
    void unknownCountDefers();
    void noTrafficSourceDefers();
    void scaleDownAboveZeroIsNotGated();
    void overrideToZeroIsNotGated();

private:
    void setUp(const QString &scheduleText, bool withSource = true);
    TargetDecision tickAt(int minutes);
    std::vector<AuditEntry> audit();

    std::optional<QTemporaryDir> m_dir;
    std::optional<ManualClock> m_clock;
    std::optional<FakeClusterClient> m_fake;
    std::optional<FakeRecentRequests> m_traffic;
    std::optional<ParkedStore> m_parked;
    std::optional<ScheduleStore> m_schedules;
    std::optional<ScheduleController> m_controller;
};

void TestControllerParkWhenIdle::setUp(const QString &scheduleText, bool withSource)
{
    m_dir.emplace();
    m_clock.emplace(start);
    m_fake.emplace(&*m_clock);
    m_fake->setServeApplications(bodyOf(demoDocument())); // llm/LLM at 2
    m_traffic.emplace();
    const QString path = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_parked.emplace(path);
    QVERIFY(m_parked->open().ok());
    m_schedules.emplace(path);
    QVERIFY(m_schedules->open().ok());
    const ScheduleParse parsed = parseScheduleText(scheduleText);
    QVERIFY2(parsed.ok(), parsed.error ? qPrintable(parsed.error->describe()) : "");
    const QString key = m_fake->endpoint().clusterKey();
    QVERIFY(m_schedules->saveSchedule(key, {llm, scheduleToText(*parsed.schedule), start}).ok());
    m_controller.emplace(&*m_fake, &*m_parked, &*m_schedules, &*m_clock, key,
                         ControllerOptions{1000, false, QStringLiteral("test"), 3});
    if (withSource)
        m_controller->setRecentRequests(&*m_traffic);
}

void TestControllerParkWhenIdle::cleanup()
{
    m_controller.reset();
    m_schedules.reset();
    m_parked.reset();
    m_traffic.reset();
    m_fake.reset();
}

// One tick at `minutes` after the window's end; its decision for llm/LLM.
TargetDecision TestControllerParkWhenIdle::tickAt(int minutes)
{
    m_clock->set(start.addSecs(qint64(minutes) * 60));
    QSignalSpy ticked(&*m_controller, &ScheduleController::tickFinished);
    m_controller->tickNow();
    if (!ticked.wait(5000))
        qFatal("no tick at %d min", minutes);
    const TickReport report = ticked.at(0).at(0).value<TickReport>();
    if (report.error)
        qFatal("tick at %d min failed: %s", minutes, qPrintable(report.error->describe()));
    if (report.decisions.size() != 1)
        qFatal("%d decisions", int(report.decisions.size()));
    return report.decisions.front();
}

std::vector<AuditEntry> TestControllerParkWhenIdle::audit()
{
    auto rows = m_schedules->audit(m_fake->endpoint().clusterKey(), start.addDays(-1));
    if (!rows)
        qFatal("audit: %s", qPrintable(rows.error().describe()));
    return *rows;
}

// (a) The window ended, requests still come: no PUT, one "deferred" row however many ticks it lasts.
void TestControllerParkWhenIdle::busyTargetIsDeferred()
{
    setUp(endedWindow);
    m_traffic->answerRequests(3);

    const TargetDecision first = tickAt(0);
    QCOMPARE(first.result, DecisionResult::Deferred);
    QCOMPARE(first.desired, 0);
    QCOMPARE(first.detail, QStringLiteral("deferred: 3 req/min in the last 15 m"));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 0);
    QCOMPARE(m_traffic->calls().size(), 1);
    QCOMPARE(m_traffic->calls().at(0).app, QStringLiteral("llm"));
    QCOMPARE(m_traffic->calls().at(0).deployment, QStringLiteral("LLM"));
    QCOMPARE(m_traffic->calls().at(0).window, std::chrono::seconds(15 * 60));

    m_traffic->answerRequests(2.5);
    const TargetDecision second = tickAt(1);
    QCOMPARE(second.result, DecisionResult::Deferred);
    QCOMPARE(second.detail, QStringLiteral("deferred: 2.5 req/min in the last 15 m"));
    QVERIFY(second.alreadyLogged); // the same reason: `run` does not print it again
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 0);

    const std::vector<AuditEntry> rows = audit();
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows.at(0).result, AuditResult::Deferred);
    QCOMPARE(rows.at(0).detail, QStringLiteral("deferred: 3 req/min in the last 15 m"));
    QCOMPARE(rows.at(0).before, QStringLiteral("2"));
    QCOMPARE(rows.at(0).after, QStringLiteral("0"));
}

// (b) Requests stop: the tick that finds the idle time passed parks.
void TestControllerParkWhenIdle::parksOnceRequestsStop()
{
    setUp(endedWindow);
    m_traffic->answerRequests(3);
    QCOMPARE(tickAt(0).result, DecisionResult::Deferred);
    m_traffic->answerRequests(0.2); // the last request 5 minutes ago is still in the window
    QCOMPARE(tickAt(5).result, DecisionResult::Deferred);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 0);

    m_traffic->answerRequests(0);
    const TargetDecision parked = tickAt(20);
    QCOMPARE(parked.result, DecisionResult::Sent);
    QVERIFY2(parked.reason.endsWith(QStringLiteral("; no requests in the last 15 m")), qPrintable(parked.reason));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    const std::vector<AuditEntry> rows = audit();
    QCOMPARE(rows.size(), size_t(2)); // the deferral, then the park
    QCOMPARE(rows.at(1).result, AuditResult::Sent);
    QVERIFY2(rows.at(1).detail.contains(QStringLiteral("no requests in the last 15 m")), qPrintable(rows.at(1).detail));
}

// (c) Requests never stop: at the "max 2h" limit the park goes out anyway, and says so.
void TestControllerParkWhenIdle::parksAtTheLimit()
{
    setUp(endedWindow);
    m_traffic->answerRequests(1.2);
    for (int minutes : {0, 60, 119}) {
        QCOMPARE(tickAt(minutes).result, DecisionResult::Deferred);
        QCOMPARE(m_fake->count(FakeCall::PutConfig), 0);
    }
    const TargetDecision parked = tickAt(120);
    QCOMPARE(parked.result, DecisionResult::Sent);
    QVERIFY2(parked.reason.endsWith(QStringLiteral("; parked after the 2 h limit; 1.2 req/min in the last 15 m")),
             qPrintable(parked.reason));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    QVERIFY(audit().back().detail.contains(QStringLiteral("parked after the 2 h limit")));
}

// (d) The traffic source failed: the count is unknown, which is not idle; a new reason gets its own row.
void TestControllerParkWhenIdle::unknownCountDefers()
{
    setUp(endedWindow);
    m_traffic->answerError(
        makeError(RayErrorKind::Unreachable, QStringLiteral("Prometheus at http://prometheus:9090 unreachable")));
    const TargetDecision unknown = tickAt(0);
    QCOMPARE(unknown.result, DecisionResult::Deferred);
    QCOMPARE(unknown.detail,
             QStringLiteral("deferred: no traffic data: Prometheus at http://prometheus:9090 unreachable"));
    QCOMPARE(tickAt(1).result, DecisionResult::Deferred);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 0);

    m_traffic->answerRequests(4);
    QCOMPARE(tickAt(2).detail, QStringLiteral("deferred: 4 req/min in the last 15 m"));
    const std::vector<AuditEntry> rows = audit();
    QCOMPARE(rows.size(), size_t(2));
    QCOMPARE(rows.at(0).detail, unknown.detail);
    QCOMPARE(rows.at(1).detail, QStringLiteral("deferred: 4 req/min in the last 15 m"));
}

// (e) No traffic source: the rule is not dropped silently; the park waits until its limit.
void TestControllerParkWhenIdle::noTrafficSourceDefers()
{
    setUp(endedWindow, false);
    const TargetDecision deferred = tickAt(0);
    QCOMPARE(deferred.result, DecisionResult::Deferred);
    QCOMPARE(deferred.detail, QStringLiteral("deferred: no traffic source configured"));
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 0);
    QCOMPARE(audit().size(), size_t(1));

    const TargetDecision parked = tickAt(120);
    QCOMPARE(parked.result, DecisionResult::Sent);
    QVERIFY2(parked.reason.endsWith(QStringLiteral("; parked after the 2 h limit; no traffic source configured")),
             qPrintable(parked.reason));
    QVERIFY(m_traffic->calls().isEmpty());
}

// (f) Down to 1, not to 0: sent at once, nobody asked.
void TestControllerParkWhenIdle::scaleDownAboveZeroIsNotGated()
{
    setUp(QStringLiteral("tz UTC\ndefault 1\npark-when-idle 15m\n"));
    m_traffic->answerRequests(3);
    const TargetDecision sent = tickAt(0);
    QCOMPARE(sent.result, DecisionResult::Sent);
    QCOMPARE(sent.desired, 1);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    QVERIFY(m_traffic->calls().isEmpty());
}

// (g) An operator's override to 0 is explicit: it parks on time, busy or not.
void TestControllerParkWhenIdle::overrideToZeroIsNotGated()
{
    setUp(QStringLiteral("tz UTC\ndefault 2\npark-when-idle 15m\n"));
    QVERIFY(
        m_schedules
            ->setOverride(m_fake->endpoint().clusterKey(),
                          ScheduleOverride{llm, 0, start.addSecs(3600), start.addSecs(-60), QStringLiteral("test"), {}})
            .ok());
    m_traffic->answerRequests(3);
    const TargetDecision sent = tickAt(0);
    QCOMPARE(sent.result, DecisionResult::Sent);
    QCOMPARE(sent.cause, AuditCause::Override);
    QCOMPARE(m_fake->count(FakeCall::PutConfig), 1);
    QVERIFY(m_traffic->calls().isEmpty());
}

QTEST_GUILESS_MAIN(TestControllerParkWhenIdle)
#include "test_controller_parkwhenidle.moc"
