// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Against the real Ray cluster, through FaultProxy: the measured defect of issue 9 (a park's PUT forwarded to
// Ray, then the connection dropped: the app's config must stay in the store, and unpark restores it byte for
// byte), then a fault matrix: each fault x each operation (status read, scale, park, unpark, a controller
// tick, a history sample). Every cell ends in success or a specific error, with no partial apply, no lost
// config, and convergence once the fault clears. The matrix is printed.
#include "faultproxy.h"
#include "historystore.h"
#include "livecluster.h"
#include "schedulecontroller.h"
#include "scheduletext.h"
#include "usagerecorder.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// Park and unpark use gateway: no GPUs, so it comes back in seconds whatever the other tests left placed.
const QString kGateway = QStringLiteral("gateway");
const QList<RayErrorKind> kActionable{RayErrorKind::Timeout, RayErrorKind::Unreachable, RayErrorKind::ServerError,
                                      RayErrorKind::BadPayload};
} // namespace

class TestLiveFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void lostParkAnswerKeepsTheConfig();
    void faultMatrix();

private:
    SnapshotPtr snapshot(DashboardClient &client);
    bool waitForConfig(const std::function<bool(const OrderedJson &)> &done, int timeoutMs = 60000);
    // The config once no app is being deleted (a park Ray accepted shows as DELETING first).
    OrderedJson configOnceDeleted();
    // Each fills in its cell of the matrix; a failed check returns early (the caller checks currentTestFailed).
    void statusCell(Fault fault, QString *cell);
    void scaleCell(Fault fault, QString *cell);
    void parkCell(Fault fault, QString *cell);
    void unparkCell(Fault fault, QString *cell);
    void tickCell(Fault fault, QString *cell);
    void historyCell(Fault fault, QString *cell);
    ApplyOutcome applyThroughFaults(const ChangeSet &changes);
    void checkUncertainError(const ApplyOutcome &outcome, QString *cell);
    std::optional<ParkedApp> storedGateway();
    TickReport tickThroughFaults();
    void restoreGateway();

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client; // straight to Ray: the judge
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<DashboardClient> m_faulty; // through the proxy, with short timeouts
    QTemporaryDir m_storeDir;
    std::unique_ptr<ParkedStore> m_store;
    OrderedJson m_original;
    OrderedJson m_withoutGateway;
    QString m_faultyKey; // parks made through the proxy are stored under its address
    std::unique_ptr<ScheduleStore> m_schedules;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<UsageRecorder> m_recorder;
    ManualClock m_clock{utcTime("2026-11-23T12:00:00Z")};
    std::unique_ptr<ScheduleController> m_controller; // through the proxy, recording history
    std::map<QString, double> m_cellSeconds;
};

void TestLiveFaults::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    m_proxy = std::make_unique<FaultProxy>(m_endpoint->dashboardUrl);
    ClusterEndpoint faulty = *m_endpoint;
    faulty.dashboardUrl = m_proxy->url();
    faulty.timeoutMs = 4000; // a hung exchange fails in seconds
    m_faulty = std::make_unique<DashboardClient>(&m_network, faulty);
    m_faultyKey = faulty.clusterKey();
    m_store = std::make_unique<ParkedStore>(m_storeDir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(m_store->open().ok());
    QVERIFY2(waitUntilSettled(*m_client), "the demo apps did not all reach RUNNING");
    m_original = declarativeConfig(serveDocument(*m_client));
    m_withoutGateway = m_original;
    m_withoutGateway["applications"].erase(kGateway.toStdString());

    const QString path = m_storeDir.filePath(QStringLiteral("store.sqlite"));
    m_schedules = std::make_unique<ScheduleStore>(path);
    QVERIFY(m_schedules->open().ok());
    m_history = std::make_unique<HistoryStore>(path);
    QVERIFY(m_history->open().ok());
    m_recorder = std::make_unique<UsageRecorder>(m_history.get(), m_faultyKey);
    // A tick watches a lost answer for at most a tick (2 s here) before it calls the outcome unknown.
    m_controller =
        std::make_unique<ScheduleController>(m_faulty.get(), m_store.get(), m_schedules.get(), &m_clock, m_faultyKey,
                                             ControllerOptions{2000, false, QStringLiteral("test-faults"), 3});
    m_controller->setUsageRecorder(m_recorder.get());
}

void TestLiveFaults::cleanupTestCase()
{
    // A failed check must not leave an app parked in this test's throw-away store: the tests after this one
    // share the cluster.
    if (!m_proxy || !m_store)
        return;
    m_proxy->clear();
    m_controller.reset();
    if (m_schedules)
        QVERIFY(m_schedules->removeSchedule(m_faultyKey, {kGateway, QStringLiteral("Router")}).ok());
    auto stored = m_store->list(m_faultyKey);
    QVERIFY(stored.ok());
    for (const ParkedApp &parked : *stored) {
        ChangeSet unpark;
        unpark.unpark(parked.name);
        const ApplyOutcome back = applyAndFollow(*m_faulty, *m_store, snapshot(*m_faulty), unpark);
        QVERIFY2(!back.error, qPrintable(back.error ? back.error->describe() : QString()));
    }
}

SnapshotPtr TestLiveFaults::snapshot(DashboardClient &client)
{
    auto result = snapshotNow(client, m_store.get());
    if (!result)
        qFatal("%s", qPrintable(result.error().describe()));
    return result.value();
}

bool TestLiveFaults::waitForConfig(const std::function<bool(const OrderedJson &)> &done, int timeoutMs)
{
    return QTest::qWaitFor([&] { return done(declarativeConfig(serveDocument(*m_client))); }, timeoutMs);
}

// Issue 9, defect 2, as measured: the proxy forwards the park's PUT to Ray and drops the connection. Ray
// removes the app; its config must still be in the store, and unpark must restore it byte for byte.
void TestLiveFaults::lostParkAnswerKeepsTheConfig()
{
    const OrderedJson llmConfig = m_original["applications"]["llm"];
    m_proxy->addRule({"PUT", "/api/serve/applications/", Fault::ResetAfterForward, 1});
    ChangeSet park;
    park.park(QStringLiteral("llm"));
    ApplyOptions options;
    options.uncertainWatchMs = 0; // one read right after: Ray still lists the app (the defect's trigger)
    options.follow = false;
    const ApplyOutcome outcome = applyAndFollow(*m_faulty, *m_store, snapshot(*m_faulty), park, options);
    qInfo("park through a lost answer: %s / %s",
          qPrintable(outcome.error ? outcome.error->describe() : QStringLiteral("ok")), qPrintable(outcome.summary));
    if (outcome.error)
        QVERIFY2(outcome.error->message.contains(QStringLiteral("may or may not have applied")),
                 qPrintable(outcome.error->describe()));

    QVERIFY2(waitForConfig([](const OrderedJson &config) { return !config["applications"].contains("llm"); }),
             "Ray did not remove llm after the forwarded PUT");
    auto stored = m_store->list(m_faultyKey);
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), size_t(1));
    QCOMPARE(OrderedJson::parse(stored->front().configJson.constBegin(), stored->front().configJson.constEnd()),
             llmConfig);

    ChangeSet unpark;
    unpark.unpark(QStringLiteral("llm"));
    m_proxy->clear();
    const ApplyOutcome back = applyAndFollow(*m_faulty, *m_store, snapshot(*m_faulty), unpark);
    QVERIFY2(!back.error, qPrintable(back.error ? back.error->describe() : QString()));
    QVERIFY2(back.converged, qPrintable(back.summary));
    QCOMPARE(QString::fromStdString(declarativeConfig(serveDocument(*m_client)).dump(1)),
             QString::fromStdString(m_original.dump(1)));
    QVERIFY(m_store->list(m_faultyKey)->empty());
}

OrderedJson TestLiveFaults::configOnceDeleted()
{
    OrderedJson document;
    const bool settled = QTest::qWaitFor(
        [&] {
            document = serveDocument(*m_client);
            for (const auto &app : document["applications"])
                if (app.value("status", std::string()) == "DELETING")
                    return false;
            return true;
        },
        60000);
    if (!settled)
        qWarning("an app is still DELETING after 60 s");
    return declarativeConfig(document);
}

ApplyOutcome TestLiveFaults::applyThroughFaults(const ChangeSet &changes)
{
    ApplyOptions options;
    options.follow = false;
    // Long enough to see a forwarded request's effect (Ray has handled it before the proxy drops the answer),
    // short enough for a matrix of 48 cells.
    options.uncertainWatchMs = 2000;
    options.followIntervalMs = 500;
    return applyAndFollow(*m_faulty, *m_store, snapshot(*m_client), changes, options);
}

// A change that failed must say which kind of failure and that its outcome is unknown (never a silent retry).
void TestLiveFaults::checkUncertainError(const ApplyOutcome &outcome, QString *cell)
{
    if (!outcome.error) {
        *cell = QStringLiteral("ok");
        return;
    }
    QVERIFY2(kActionable.contains(outcome.error->kind), qPrintable(outcome.error->describe()));
    QVERIFY2(outcome.error->message.contains(QStringLiteral("may or may not have applied")),
             qPrintable(outcome.error->describe()));
    *cell = QStringLiteral("unknown (%1)").arg(RayError::kindName(outcome.error->kind));
}

std::optional<ParkedApp> TestLiveFaults::storedGateway()
{
    auto stored = m_store->list(m_faultyKey);
    if (!stored)
        qFatal("the parked store cannot be read: %s", qPrintable(stored.error().describe()));
    for (const ParkedApp &app : *stored)
        if (app.name == kGateway)
            return app;
    return std::nullopt;
}

// With the fault gone: gateway back in the cluster with its exact config, and no copy left in the store (a
// copy kept after an unknown outcome is what the operator discards once the cluster shows the app again).
void TestLiveFaults::restoreGateway()
{
    m_proxy->clear();
    if (!configOnceDeleted()["applications"].contains(kGateway.toStdString())) {
        ChangeSet unpark;
        unpark.unpark(kGateway);
        const ApplyOutcome back = applyThroughFaults(unpark);
        QVERIFY2(!back.error, qPrintable(back.error ? back.error->describe() : QString()));
    } else if (storedGateway()) {
        QVERIFY(m_store->remove(m_faultyKey, kGateway).ok());
    }
    QVERIFY2(waitForConfig([&](const OrderedJson &config) { return config == m_original; }), "did not converge");
    QVERIFY(!storedGateway());
}

void TestLiveFaults::statusCell(Fault fault, QString *cell)
{
    // The GET of the applications breaks once (GETs are retried once).
    m_proxy->clear();
    m_proxy->addRule({"GET", "/api/serve/applications/", fault, 1, 1500});
    const auto status = snapshotNow(*m_faulty, m_store.get());
    *cell = status ? QStringLiteral("ok") : QStringLiteral("error: ") + RayError::kindName(status.error().kind);
    if (!status)
        QVERIFY2(kActionable.contains(status.error().kind), qPrintable(status.error().describe()));
}

void TestLiveFaults::scaleCell(Fault fault, QString *cell)
{
    OrderedJson scaled = m_original;
    for (auto &deployment : scaled["applications"][kGateway.toStdString()]["deployments"])
        if (deployment["name"] == "Gateway")
            deployment["num_replicas"] = 2;
    m_proxy->clear();
    m_proxy->addRule({"PUT", "/api/serve/applications/", fault, 1, 1500});
    ChangeSet up;
    up.setReplicas(kGateway, QStringLiteral("Gateway"), 2);
    const ApplyOutcome outcome = applyThroughFaults(up);
    checkUncertainError(outcome, cell);
    if (QTest::currentTestFailed())
        return;
    // No partial apply: the config is the original or exactly the requested one, and settles on one of them.
    OrderedJson now;
    QVERIFY(waitForConfig([&](const OrderedJson &config) {
        now = config;
        return config == m_original || config == scaled;
    }));
    if (!outcome.error)
        QVERIFY2(now == scaled, "Ray does not show the change that was reported as done");
    *cell += now == scaled ? QStringLiteral(", applied") : QStringLiteral(", not applied");

    // The fault clears: back to the original through the proxy, and the cluster converges.
    m_proxy->clear();
    if (now == scaled) {
        ChangeSet down;
        down.setReplicas(kGateway, QStringLiteral("Gateway"), 1);
        const ApplyOutcome restored = applyThroughFaults(down);
        QVERIFY2(!restored.error, qPrintable(restored.error ? restored.error->describe() : QString()));
    }
    QVERIFY2(waitForConfig([&](const OrderedJson &config) { return config == m_original; }), "did not converge");
    QVERIFY(m_store->list(m_faultyKey)->empty());
}

void TestLiveFaults::parkCell(Fault fault, QString *cell)
{
    m_proxy->clear();
    m_proxy->addRule({"PUT", "/api/serve/applications/", fault, 1, 1500});
    ChangeSet park;
    park.park(kGateway);
    const ApplyOutcome outcome = applyThroughFaults(park);
    checkUncertainError(outcome, cell);
    if (QTest::currentTestFailed())
        return;
    m_proxy->clear();
    const OrderedJson now = configOnceDeleted();
    QVERIFY2(now == m_original || now == m_withoutGateway, "partial apply: the config is neither before nor after");
    const bool applied = now == m_withoutGateway;
    if (!outcome.error)
        QVERIFY2(applied, "Ray still holds gateway after a park reported as done");
    // Nothing lost: out of the cluster means its exact config is in the store.
    const std::optional<ParkedApp> stored = storedGateway();
    if (applied)
        QVERIFY2(stored, "gateway left the cluster and its config is not in the store");
    if (stored)
        QCOMPARE(OrderedJson::parse(stored->configJson.constBegin(), stored->configJson.constEnd()),
                 m_original["applications"][kGateway.toStdString()]);
    *cell += applied ? QStringLiteral(", parked") : QStringLiteral(", not parked");
    if (stored && !applied)
        *cell += QStringLiteral(", copy kept");
    restoreGateway();
}

void TestLiveFaults::unparkCell(Fault fault, QString *cell)
{
    m_proxy->clear();
    ChangeSet park;
    park.park(kGateway);
    const ApplyOutcome parked = applyThroughFaults(park);
    QVERIFY2(!parked.error, qPrintable(parked.error ? parked.error->describe() : QString()));
    QVERIFY2(configOnceDeleted() == m_withoutGateway, "gateway was not parked");

    m_proxy->addRule({"PUT", "/api/serve/applications/", fault, 1, 1500});
    ChangeSet unpark;
    unpark.unpark(kGateway);
    const ApplyOutcome outcome = applyThroughFaults(unpark);
    checkUncertainError(outcome, cell);
    if (QTest::currentTestFailed())
        return;
    m_proxy->clear();
    // Ray has handled every request the proxy forwarded by the time the applier is done.
    const OrderedJson now = declarativeConfig(serveDocument(*m_client));
    QVERIFY2(now == m_original || now == m_withoutGateway, "partial apply: the config is neither before nor after");
    const bool applied = now == m_original;
    if (!outcome.error)
        QVERIFY2(applied, "gateway is not back after an unpark reported as done");
    const std::optional<ParkedApp> stored = storedGateway();
    if (!applied)
        QVERIFY2(stored, "gateway is neither in the cluster nor in the store");
    if (stored)
        QCOMPARE(OrderedJson::parse(stored->configJson.constBegin(), stored->configJson.constEnd()),
                 m_original["applications"][kGateway.toStdString()]);
    *cell += applied ? QStringLiteral(", restored") : QStringLiteral(", still parked");
    if (stored && applied)
        *cell += QStringLiteral(", copy kept");
    restoreGateway();
}

TickReport TestLiveFaults::tickThroughFaults()
{
    m_clock.advanceSecs(61); // past the controller's retry delay after a failed change
    QSignalSpy finished(m_controller.get(), &ScheduleController::tickFinished);
    m_controller->tickNow();
    if (!QTest::qWaitFor([&] { return !finished.isEmpty(); }, 120000))
        qFatal("a controller tick did not finish in 120 s");
    return finished.at(0).at(0).value<TickReport>();
}

// A tick whose PUT breaks: the schedule asks gateway/Router 1 -> 2.
void TestLiveFaults::tickCell(Fault fault, QString *cell)
{
    const ScheduleTarget router{kGateway, QStringLiteral("Router")};
    OrderedJson routerAt2 = m_original;
    for (auto &deployment : routerAt2["applications"][kGateway.toStdString()]["deployments"])
        if (deployment["name"] == "Router")
            deployment["num_replicas"] = 2;
    const ScheduleParse parsed = parseScheduleText(QStringLiteral("tz UTC\ndefault 2\ndrift correct\n"));
    QVERIFY(parsed.ok());
    QVERIFY(m_schedules->saveSchedule(m_faultyKey, {router, scheduleToText(*parsed.schedule), m_clock.nowUtc()}).ok());

    m_proxy->clear();
    m_proxy->addRule({"PUT", "/api/serve/applications/", fault, 1, 1500});
    const TickReport report = tickThroughFaults();
    QVERIFY2(!report.error, qPrintable(report.error ? report.error->describe() : QString()));
    QCOMPARE(report.decisions.size(), size_t(1));
    const TargetDecision &decision = report.decisions.front();
    QVERIFY2(decision.result == DecisionResult::Sent || decision.result == DecisionResult::Failed,
             qPrintable(decisionResultName(decision.result) + QStringLiteral(": ") + decision.detail));
    if (decision.result == DecisionResult::Failed)
        QVERIFY2(decision.detail.contains(QStringLiteral("may or may not have applied")), qPrintable(decision.detail));
    m_proxy->clear();
    OrderedJson now;
    QVERIFY(waitForConfig([&](const OrderedJson &config) {
        now = config;
        return config == m_original || config == routerAt2;
    }));
    if (decision.result == DecisionResult::Sent)
        QVERIFY2(now == routerAt2, "Ray does not show what the tick reported as sent");
    *cell = QStringLiteral("%1, %2").arg(decisionResultName(decision.result),
                                         now == routerAt2 ? QStringLiteral("applied") : QStringLiteral("not applied"));

    // The fault gone, the next tick converges (in step, or sends what the last one could not).
    const TickReport next = tickThroughFaults();
    QVERIFY2(!next.error, qPrintable(next.error ? next.error->describe() : QString()));
    QVERIFY2(waitForConfig([&](const OrderedJson &config) { return config == routerAt2; }),
             "the tick after the fault did not converge");
    QVERIFY(m_schedules->removeSchedule(m_faultyKey, router).ok());
    ChangeSet back;
    back.setReplicas(kGateway, QStringLiteral("Router"), 1);
    const ApplyOutcome restored = applyThroughFaults(back);
    QVERIFY2(!restored.error, qPrintable(restored.error ? restored.error->describe() : QString()));
    QVERIFY2(waitForConfig([&](const OrderedJson &config) { return config == m_original; }), "did not converge");
}

// A tick (which records GPU history) whose read of the applications breaks once.
void TestLiveFaults::historyCell(Fault fault, QString *cell)
{
    m_proxy->clear();
    m_proxy->addRule({"GET", "/api/serve/applications/", fault, 1, 1500});
    const auto before = m_history->lastRecord(m_faultyKey);
    QVERIFY(before.ok());
    const TickReport report = tickThroughFaults();
    const auto after = m_history->lastRecord(m_faultyKey);
    QVERIFY(after.ok());
    if (report.error) {
        QVERIFY2(kActionable.contains(report.error->kind), qPrintable(report.error->describe()));
        QVERIFY2(*after == *before, "a tick that could not read the cluster recorded history");
        *cell = QStringLiteral("error: %1, not recorded").arg(RayError::kindName(report.error->kind));
    } else {
        QVERIFY2(after->has_value() && (!before->has_value() || **after > **before), "a tick recorded no history");
        *cell = QStringLiteral("recorded");
    }
    m_proxy->clear();
    const TickReport next = tickThroughFaults();
    QVERIFY2(!next.error, qPrintable(next.error ? next.error->describe() : QString()));
    const auto resumed = m_history->lastRecord(m_faultyKey);
    QVERIFY(resumed.ok() && resumed->has_value());
    QVERIFY2(!after->has_value() || **resumed > **after, "history did not resume once the fault cleared");
}

void TestLiveFaults::faultMatrix()
{
    const QList<Fault> faults{Fault::None,
                              Fault::Delay,
                              Fault::Hang,
                              Fault::ResetBeforeForward,
                              Fault::ResetAfterForward,
                              Fault::ServerError,
                              Fault::TruncatedBody,
                              Fault::GarbageBody};
    using Cell = void (TestLiveFaults::*)(Fault, QString *);
    const QList<QPair<QString, Cell>> operations{{QStringLiteral("status read"), &TestLiveFaults::statusCell},
                                                 {QStringLiteral("scale Gateway 1->2"), &TestLiveFaults::scaleCell},
                                                 {QStringLiteral("park gateway"), &TestLiveFaults::parkCell},
                                                 {QStringLiteral("unpark gateway"), &TestLiveFaults::unparkCell},
                                                 {QStringLiteral("tick: Router 1->2"), &TestLiveFaults::tickCell},
                                                 {QStringLiteral("history sample"), &TestLiveFaults::historyCell}};
    QStringList table;
    QString header = QStringLiteral("%1").arg(QStringLiteral("fault"), -21);
    for (const auto &[name, cell] : operations)
        header += QStringLiteral(" | %1").arg(name);
    table.append(header);
    for (const Fault fault : faults) {
        QString row = QStringLiteral("%1").arg(faultName(fault), -21);
        for (const auto &[name, cellOf] : operations) {
            QString cell;
            QElapsedTimer took;
            took.start();
            (this->*cellOf)(fault, &cell);
            m_cellSeconds[name] += took.elapsed() / 1000.0;
            if (QTest::currentTestFailed()) {
                qInfo("\n%s\nfailed at %s, %s", qPrintable(table.join(QLatin1Char('\n'))), qPrintable(faultName(fault)),
                      qPrintable(name));
                return;
            }
            row += QStringLiteral(" | %1").arg(cell);
        }
        table.append(row);
        qInfo("%s", qPrintable(row));
    }
    qInfo("\n%s", qPrintable(table.join(QLatin1Char('\n'))));
    for (const auto &[name, seconds] : m_cellSeconds)
        qInfo("%-20s %6.1f s for its %lld faults (check and recovery included)", qPrintable(name), seconds,
              qlonglong(faults.size()));
    QVERIFY(waitUntilSettled(*m_client));
}

QTEST_GUILESS_MAIN(TestLiveFaults)
#include "test_live_faults.moc"
