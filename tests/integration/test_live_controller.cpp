// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The schedule controller against the real Ray cluster, with an injected clock: crossing a window's boundary
// changes the real replica count within one tick, parking and unparking follow windows, drift is kept or
// corrected by policy, overrides win and expire, dry runs send nothing, and only one controller acts.
#include "livecluster.h"
#include "schedulecontroller.h"
#include "scheduletext.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestLiveController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void windowBoundaryChangesReplicasWithinOneTick();
    void parksAtWindowEndAndUnparksAtNextStart();
    void driftIsKeptOrCorrectedByPolicy();
    void overrideWinsAndExpires();
    void dryRunSendsNothing();
    void oneControllerPerCluster();

private:
    std::unique_ptr<ScheduleController> controller(const Clock *clock, bool dryRun = false,
                                                   const QString &holder = QStringLiteral("test controller"));
    TickReport tick(ScheduleController &controller);
    const TargetDecision *decisionFor(const TickReport &report, const QString &target);
    void setSchedule(const QString &target, const char *text);
    std::vector<AuditEntry> auditRows();

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    std::unique_ptr<ParkedStore> m_parked;
    std::unique_ptr<ScheduleStore> m_schedules;
    OrderedJson m_configAtStart;
};

void TestLiveController::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    m_configAtStart = declarativeConfig(serveDocument(*m_client));
}

void TestLiveController::init()
{
    const QString path =
        m_dir.filePath(QStringLiteral("store-%1.sqlite").arg(QString::fromLatin1(QTest::currentTestFunction())));
    m_parked = std::make_unique<ParkedStore>(path);
    m_schedules = std::make_unique<ScheduleStore>(path);
    QVERIFY(m_parked->open().ok());
    QVERIFY(m_schedules->open().ok());
}

void TestLiveController::cleanup()
{
    // Whatever a test did, the cluster goes back to the example config (llm at 2, embedder unparked) and
    // settles, so the next test and the other integration tests start from the same state. Settled first:
    // Ray shows a PUT in its config only once it applied it.
    QVERIFY(waitUntilSettled(*m_client));
    auto snapshot = snapshotNow(*m_client, m_parked.get());
    QVERIFY(snapshot.ok());
    ChangeSet restore;
    const ApplicationSnapshot *embedder = snapshot.value()->findApplication(QStringLiteral("embedder"));
    if (embedder && embedder->parked)
        restore.unpark(QStringLiteral("embedder"));
    if (configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) != 2)
        restore.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
    if (!restore.isEmpty()) {
        const ApplyOutcome outcome = applyAndFollow(*m_client, *m_parked, snapshot.value(), restore);
        QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    }
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(declarativeConfig(serveDocument(*m_client)), m_configAtStart);
    m_schedules.reset();
    m_parked.reset();
}

std::unique_ptr<ScheduleController> TestLiveController::controller(const Clock *clock, bool dryRun,
                                                                   const QString &holder)
{
    ControllerOptions options;
    options.tickMs = 10000; // ticks are driven by hand; the timer is never started
    options.dryRun = dryRun;
    options.holder = holder;
    return std::make_unique<ScheduleController>(m_client.get(), m_parked.get(), m_schedules.get(), clock,
                                                m_endpoint->clusterKey(), options);
}

TickReport TestLiveController::tick(ScheduleController &controller)
{
    QSignalSpy finished(&controller, &ScheduleController::tickFinished);
    controller.tickNow();
    // A tick that cannot take the lock ends at once, inside tickNow().
    if (finished.isEmpty() && !finished.wait(120000))
        qFatal("the tick did not finish");
    const TickReport report = finished.takeFirst().at(0).value<TickReport>();
    for (const TargetDecision &decision : report.decisions)
        qInfo("tick %s: %s %s -> %d [%s] %s: %s", qPrintable(report.atUtc.toString(Qt::ISODate)),
              qPrintable(decision.target), qPrintable(decision.actual), decision.desired,
              qPrintable(auditCauseName(decision.cause)), qPrintable(decisionResultName(decision.result)),
              qPrintable(decision.detail));
    if (report.error)
        qInfo("tick error: %s", qPrintable(report.error->describe()));
    return report;
}

const TargetDecision *TestLiveController::decisionFor(const TickReport &report, const QString &target)
{
    for (const TargetDecision &decision : report.decisions)
        if (decision.target == target)
            return &decision;
    return nullptr;
}

void TestLiveController::setSchedule(const QString &target, const char *text)
{
    const ScheduleParse parsed = parseScheduleText(QString::fromUtf8(text));
    QVERIFY2(parsed.ok(), parsed.error ? qPrintable(parsed.error->describe()) : "");
    const auto parsedTarget = ScheduleTarget::parse(target);
    QVERIFY(parsedTarget);
    QVERIFY(m_schedules
                ->saveSchedule(m_endpoint->clusterKey(), StoredSchedule{*parsedTarget, scheduleToText(*parsed.schedule),
                                                                        QDateTime::currentDateTimeUtc()})
                .ok());
}

std::vector<AuditEntry> TestLiveController::auditRows()
{
    auto rows = m_schedules->audit(m_endpoint->clusterKey(), utcTime("2000-01-01T00:00:00Z"));
    if (!rows)
        qFatal("audit: %s", qPrintable(rows.error().describe()));
    return *rows;
}

void TestLiveController::windowBoundaryChangesReplicasWithinOneTick()
{
    setSchedule(QStringLiteral("llm/LLM"), "tz Europe/Ljubljana\ndefault 2\nMon 10:00-11:00 = 1\n");
    ManualClock clock(utcTime("2026-11-23T08:59:59Z")); // Monday 09:59:59 in Ljubljana (CET, UTC+1)
    auto ctl = controller(&clock);

    TickReport report = tick(*ctl);
    QVERIFY(report.holdsLock);
    QVERIFY(!report.error);
    const TargetDecision *decision = decisionFor(report, QStringLiteral("llm/LLM"));
    QVERIFY(decision);
    QCOMPARE(decision->result, DecisionResult::InStep);
    QCOMPARE(decision->desired, 2);

    clock.set(utcTime("2026-11-23T09:00:00Z")); // 10:00 local: the window opens
    report = tick(*ctl);
    decision = decisionFor(report, QStringLiteral("llm/LLM"));
    QVERIFY(decision);
    QCOMPARE(decision->result, DecisionResult::Sent);
    QCOMPARE(decision->desired, 1);
    // The tick that crossed the boundary sent the change; Ray shows it in its config within one tick.
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(1), 10000);
    QVERIFY(waitUntilSettled(*m_client));

    clock.advanceSecs(10);
    report = tick(*ctl);
    QCOMPARE(decisionFor(report, QStringLiteral("llm/LLM"))->result, DecisionResult::InStep);

    clock.set(utcTime("2026-11-23T10:00:00Z")); // 11:00 local: the window closes
    report = tick(*ctl);
    QCOMPARE(decisionFor(report, QStringLiteral("llm/LLM"))->result, DecisionResult::Sent);
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(2), 10000);
    QVERIFY(waitUntilSettled(*m_client));

    const auto rows = auditRows();
    QCOMPARE(rows.size(), size_t(2));
    QCOMPARE(rows[0].cause, AuditCause::Schedule);
    QCOMPARE(rows[0].before, QStringLiteral("2"));
    QCOMPARE(rows[0].after, QStringLiteral("1"));
    QCOMPARE(rows[0].result, AuditResult::Sent);
    QCOMPARE(rows[0].atUtc, utcTime("2026-11-23T09:00:00Z"));
    QCOMPARE(rows[1].before, QStringLiteral("1"));
    QCOMPARE(rows[1].after, QStringLiteral("2"));
    QCOMPARE(rows[1].result, AuditResult::Sent);
}

void TestLiveController::parksAtWindowEndAndUnparksAtNextStart()
{
    // An application target: parked outside its windows, unparked (exactly as it was) inside them.
    setSchedule(QStringLiteral("embedder"), "tz UTC\ndefault 0\nMon 09:00-12:00 = 1\nMon 13:00-15:00 = 1\n");
    const OrderedJson embedderConfig = m_configAtStart["applications"]["embedder"];
    ManualClock clock(utcTime("2026-11-23T11:59:59Z"));
    auto ctl = controller(&clock);
    QCOMPARE(decisionFor(tick(*ctl), QStringLiteral("embedder"))->result, DecisionResult::InStep);

    clock.set(utcTime("2026-11-23T12:00:00Z"));
    QCOMPARE(decisionFor(tick(*ctl), QStringLiteral("embedder"))->result, DecisionResult::Sent);
    auto parked = m_parked->list(m_endpoint->clusterKey());
    QVERIFY(parked.ok());
    QCOMPARE(parked->size(), size_t(1));
    QCOMPARE(parked->front().name, QStringLiteral("embedder"));
    // The tick does not wait for Ray: the app is DELETING now and gone soon after.
    QTRY_VERIFY_WITH_TIMEOUT(!declarativeConfig(serveDocument(*m_client))["applications"].contains("embedder"), 60000);

    clock.set(utcTime("2026-11-23T12:30:00Z"));
    const TickReport middle = tick(*ctl);
    QCOMPARE(decisionFor(middle, QStringLiteral("embedder"))->result, DecisionResult::InStep);
    QCOMPARE(decisionFor(middle, QStringLiteral("embedder"))->actual, QStringLiteral("parked"));

    clock.set(utcTime("2026-11-23T13:00:00Z"));
    QCOMPARE(decisionFor(tick(*ctl), QStringLiteral("embedder"))->result, DecisionResult::Sent);
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(declarativeConfig(serveDocument(*m_client))["applications"]["embedder"], embedderConfig);
    QVERIFY(m_parked->list(m_endpoint->clusterKey())->empty());

    const auto rows = auditRows();
    QCOMPARE(rows.size(), size_t(2));
    QCOMPARE(rows[0].after, QStringLiteral("parked"));
    QCOMPARE(rows[1].before, QStringLiteral("parked"));
    QCOMPARE(rows[1].after, QStringLiteral("running"));
}

void TestLiveController::driftIsKeptOrCorrectedByPolicy()
{
    setSchedule(QStringLiteral("llm/LLM"), "tz UTC\ndefault 2\n");
    ManualClock clock(utcTime("2026-11-23T12:00:00Z"));
    auto ctl = controller(&clock);
    QCOMPARE(decisionFor(tick(*ctl), QStringLiteral("llm/LLM"))->result, DecisionResult::InStep);

    // Someone scales llm outside ScaleDeck's controller.
    ChangeSet outside;
    outside.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    const ApplyOutcome outcome =
        applyAndFollow(*m_client, *m_parked, snapshotNow(*m_client, m_parked.get()).value(), outside);
    QVERIFY(!outcome.error);
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(1), 10000);

    clock.advanceSecs(10);
    const TargetDecision kept = *decisionFor(tick(*ctl), QStringLiteral("llm/LLM"));
    QCOMPARE(kept.result, DecisionResult::Kept);
    QCOMPARE(kept.cause, AuditCause::DriftKept);
    clock.advanceSecs(10);
    QCOMPARE(decisionFor(tick(*ctl), QStringLiteral("llm/LLM"))->result, DecisionResult::Kept);
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(1));
    auto rows = auditRows();
    QCOMPARE(rows.size(), size_t(1)); // logged once, not every tick
    QCOMPARE(rows[0].cause, AuditCause::DriftKept);
    QCOMPARE(rows[0].before, QStringLiteral("1"));

    setSchedule(QStringLiteral("llm/LLM"), "tz UTC\ndefault 2\ndrift correct\n");
    clock.advanceSecs(10);
    const TargetDecision corrected = *decisionFor(tick(*ctl), QStringLiteral("llm/LLM"));
    QCOMPARE(corrected.cause, AuditCause::DriftCorrection);
    QCOMPARE(corrected.result, DecisionResult::Sent);
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(2), 10000);
    rows = auditRows();
    QCOMPARE(rows.size(), size_t(2));
    QCOMPARE(rows[1].cause, AuditCause::DriftCorrection);
}

void TestLiveController::overrideWinsAndExpires()
{
    setSchedule(QStringLiteral("llm/LLM"), "tz UTC\ndefault 2\n");
    ManualClock clock(utcTime("2026-11-23T12:00:00Z"));
    const ScheduleOverride override_{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                     1,
                                     utcTime("2026-11-23T13:00:00Z"),
                                     utcTime("2026-11-23T11:59:00Z"),
                                     QStringLiteral("test"),
                                     QString()};
    QVERIFY(m_schedules->setOverride(m_endpoint->clusterKey(), override_).ok());
    auto ctl = controller(&clock);
    const TargetDecision during = *decisionFor(tick(*ctl), QStringLiteral("llm/LLM"));
    QCOMPARE(during.cause, AuditCause::Override);
    QCOMPARE(during.result, DecisionResult::Sent);
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(1), 10000);
    QVERIFY(waitUntilSettled(*m_client));

    clock.set(utcTime("2026-11-23T13:00:00Z")); // the override expires by itself
    const TargetDecision after = *decisionFor(tick(*ctl), QStringLiteral("llm/LLM"));
    QCOMPARE(after.cause, AuditCause::Schedule);
    QCOMPARE(after.result, DecisionResult::Sent);
    QTRY_COMPARE_WITH_TIMEOUT(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")),
                              std::optional<int>(2), 10000);
    QVERIFY(m_schedules->activeOverrides(m_endpoint->clusterKey(), clock.nowUtc())->empty());
}

void TestLiveController::dryRunSendsNothing()
{
    setSchedule(QStringLiteral("llm/LLM"), "tz UTC\ndefault 1\n");
    ManualClock clock(utcTime("2026-11-23T12:00:00Z"));
    auto ctl = controller(&clock, true);
    const TickReport report = tick(*ctl);
    QVERIFY(!report.holdsLock); // a dry run never takes the lock
    QCOMPARE(decisionFor(report, QStringLiteral("llm/LLM"))->result, DecisionResult::DryRun);
    QCOMPARE(declarativeConfig(serveDocument(*m_client)), m_configAtStart);
    clock.advanceSecs(10);
    QCOMPARE(decisionFor(tick(*ctl), QStringLiteral("llm/LLM"))->result, DecisionResult::DryRun);
    const auto rows = auditRows();
    QCOMPARE(rows.size(), size_t(1)); // decided once, not every tick
    QCOMPARE(rows[0].result, AuditResult::DryRun);
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(2));
}

void TestLiveController::oneControllerPerCluster()
{
    setSchedule(QStringLiteral("llm/LLM"), "tz UTC\ndefault 2\n");
    ManualClock clock(utcTime("2026-11-23T12:00:00Z"));
    auto first = controller(&clock, false, QStringLiteral("first"));
    auto second = controller(&clock, false, QStringLiteral("second"));
    QVERIFY(tick(*first).holdsLock);
    const TickReport other = tick(*second);
    QVERIFY(!other.holdsLock);
    QCOMPARE(other.lock.holder, QStringLiteral("first"));
    QVERIFY(other.decisions.empty()); // the second one decides nothing while the first holds the lock

    QSignalSpy stopped(first.get(), &ScheduleController::stopped);
    first->stop();
    QVERIFY(stopped.count() == 1 || stopped.wait());
    QVERIFY(tick(*second).holdsLock); // released on stop: taken at once
}

QTEST_GUILESS_MAIN(TestLiveController)
#include "test_live_controller.moc"
