// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Replicas that wait for GPUs are not billed. Ray 2.60 creates a replica (its start_time_s) before it can place
// it: until a node has the GPUs the replica is STARTING with no node_id, pid or actor_id (Serve's
// ActorReplicaWrapper learns them only once the actor is allocated). So a lease starts at the first snapshot that
// shows the replica placed, and at start_time_s only when it was already placed the first time it was seen; an
// unplaced replica adds nothing to the usage series either, and idle stays capacity - held.
// The payloads are captured from a real Ray 2.60 cluster: applications_llm3_gpu_pending.json (llm scaled to 3,
// one replica waiting) and the Embedder scaled past the cluster's 4 GPUs, two replicas waiting
// (applications_embedder5_waiting.json), then placed once llm gave a GPU back (applications_embedder5_placed.json).
#include "costreport.h"
#include "fixtures.h"
#include "historystore.h"
#include "leasetracker.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"
#include "snapshotparser.h"
#include "usagerecorder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace scaledeck;

namespace {
const QString kCluster = QStringLiteral("http://127.0.0.1:8265");

QDateTime fromRay(double startTimeS)
{
    return QDateTime::fromMSecsSinceEpoch(std::llround(startTimeS * 1000), Qt::UTC);
}

ClusterSnapshot snapshotFromBody(const QByteArray &body, const QDateTime &takenAt, double gpusTotal)
{
    auto state = readServeState(body);
    if (!state) {
        qWarning("%s", qPrintable(state.error().describe()));
        return {};
    }
    return *buildSnapshot(QStringLiteral("2.60.0"), std::move(state).value(), NodeTotals{gpusTotal, 8, 1, {}, {}, {}},
                          {}, takenAt);
}

// The waiting replica (id, start_time_s) of a fixture pair, and the fixtures themselves.
struct Scenario {
    QByteArray waiting;
    QByteArray placed;
    QString deployment;     // app/deployment
    QStringList waitingIds; // replicas unplaced in `waiting`, placed in `placed`
    double gpusPerReplica = 0;
    double gpusTotal = 0;  // the cluster's GPUs
    QDateTime lastCreated; // the latest start_time_s of the waiting replicas
};

// applications_llm3_gpu_pending.json, and the same payload once Ray placed the waiting replica (its node_id,
// as the other replicas have it). Its node had 4 logical GPUs, of which the placed replica is the 5th half:
// the node list here says 5, so capacity covers what is held.
Scenario llmScenario()
{
    Scenario scenario;
    scenario.waiting = readFixture(QStringLiteral("applications_llm3_gpu_pending.json"));
    auto document = OrderedJson::parse(scenario.waiting.constBegin(), scenario.waiting.constEnd());
    for (auto &replica : document["applications"]["llm"]["deployments"]["LLM"]["replicas"])
        if (replica["replica_id"] == "6sqjs421")
            replica["node_id"] = "8f242d6fb7228364f4308c290a5bd0db2a70454a835379992fd95609";
    scenario.placed = QByteArray::fromStdString(document.dump(2));
    scenario.deployment = QStringLiteral("llm/LLM");
    scenario.waitingIds = {QStringLiteral("6sqjs421")};
    scenario.gpusPerReplica = 1;
    scenario.gpusTotal = 5;
    scenario.lastCreated = fromRay(1795630792.9632075);
    return scenario;
}

Scenario embedderScenario()
{
    Scenario scenario;
    scenario.waiting = readFixture(QStringLiteral("applications_embedder5_waiting.json"));
    scenario.placed = readFixture(QStringLiteral("applications_embedder5_placed.json"));
    scenario.deployment = QStringLiteral("embedder/Embedder");
    scenario.gpusPerReplica = 0.5;
    scenario.gpusTotal = 4;
    const ClusterSnapshot snapshot = snapshotFromBody(scenario.waiting, QDateTime::currentDateTimeUtc(), 4);
    for (const ApplicationSnapshot &app : snapshot.applications)
        for (const DeploymentSnapshot &deployment : app.deployments)
            for (const ReplicaSnapshot &replica : deployment.replicas)
                if (deployment.gpusPerReplica > 0 && !replica.placed) {
                    scenario.waitingIds.append(replica.id);
                    scenario.lastCreated = std::max(scenario.lastCreated, fromRay(replica.startTimeS));
                }
    return scenario;
}

Scenario scenarioNamed(const QString &name)
{
    return name == QStringLiteral("embedder") ? embedderScenario() : llmScenario();
}

const GpuLease *leaseOf(const std::vector<GpuLease> &leases, const QString &replicaId)
{
    const auto found =
        std::find_if(leases.begin(), leases.end(), [&](const GpuLease &lease) { return lease.replicaId == replicaId; });
    return found == leases.end() ? nullptr : &*found;
}

double hoursBetween(const QDateTime &from, const QDateTime &to)
{
    return double(from.msecsTo(to)) / 3600000.0;
}
} // namespace

class TestWaitingReplicas : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void capturedWaitingReplicasAreUnplaced_data() { scenarios(); }
    void capturedWaitingReplicasAreUnplaced();
    void leaseStartsWhenFirstSeenPlaced_data() { scenarios(); }
    void leaseStartsWhenFirstSeenPlaced();
    void placedWhenFirstSeenStartsAtRayStart_data() { scenarios(); }
    void placedWhenFirstSeenStartsAtRayStart();
    void unplacedHoldsNothingAndIdleIsCapacityMinusHeld_data() { scenarios(); }
    void unplacedHoldsNothingAndIdleIsCapacityMinusHeld();
    void restartDoesNotBillTheWait_data() { scenarios(); }
    void restartDoesNotBillTheWait();

private:
    static void scenarios()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("llm 3 of 2 free GPUs") << QStringLiteral("llm");
        QTest::newRow("embedder 5 past 4 GPUs") << QStringLiteral("embedder");
    }
};

void TestWaitingReplicas::capturedWaitingReplicasAreUnplaced()
{
    // What tells a waiting replica in Ray 2.60: STARTING with no node; once placed it has one (and GPUs held).
    QFETCH(QString, name);
    const Scenario scenario = scenarioNamed(name);
    QVERIFY(!scenario.waitingIds.isEmpty());
    const QDateTime at = scenario.lastCreated.addSecs(5);
    const ClusterSnapshot waiting = snapshotFromBody(scenario.waiting, at, scenario.gpusTotal);
    const ClusterSnapshot placed = snapshotFromBody(scenario.placed, at, scenario.gpusTotal);
    const QStringList parts = scenario.deployment.split(QLatin1Char('/'));
    const DeploymentSnapshot *before = waiting.findApplication(parts[0])->findDeployment(parts[1]);
    const DeploymentSnapshot *after = placed.findApplication(parts[0])->findDeployment(parts[1]);
    QVERIFY(before && after);
    for (const QString &id : scenario.waitingIds) {
        const auto find = [&](const DeploymentSnapshot *deployment) {
            return *std::find_if(deployment->replicas.begin(), deployment->replicas.end(),
                                 [&](const ReplicaSnapshot &replica) { return replica.id == id; });
        };
        QCOMPARE(find(before).state, QStringLiteral("STARTING"));
        QVERIFY2(!find(before).placed && find(before).nodeId.isEmpty(), qPrintable(id));
        QVERIFY2(find(after).placed, qPrintable(id));
        QCOMPARE(find(after).startTimeS, find(before).startTimeS); // created once: the wait is in start_time_s
    }
    QCOMPARE(after->gpusHeld - before->gpusHeld, scenario.waitingIds.size() * scenario.gpusPerReplica);
}

void TestWaitingReplicas::leaseStartsWhenFirstSeenPlaced()
{
    QFETCH(QString, name);
    const Scenario scenario = scenarioNamed(name);
    const QDateTime seenWaiting = scenario.lastCreated.addSecs(5);
    const QDateTime seenPlaced = seenWaiting.addSecs(40);
    LeaseTracker tracker;
    const LeaseTracker::Update first =
        tracker.observe(snapshotFromBody(scenario.waiting, seenWaiting, scenario.gpusTotal));
    for (const QString &id : scenario.waitingIds)
        QVERIFY2(!leaseOf(first.started, id), qPrintable(id));
    // Still waiting a poll later: still nothing.
    QVERIFY(tracker.observe(snapshotFromBody(scenario.waiting, seenWaiting.addSecs(10), scenario.gpusTotal))
                .started.empty());

    const LeaseTracker::Update next =
        tracker.observe(snapshotFromBody(scenario.placed, seenPlaced, scenario.gpusTotal));
    QCOMPARE(next.started.size(), size_t(scenario.waitingIds.size()));
    for (const QString &id : scenario.waitingIds) {
        const GpuLease *lease = leaseOf(next.started, id);
        QVERIFY2(lease, qPrintable(id));
        QCOMPARE(lease->startUtc, seenPlaced); // not start_time_s, 45 s and more before
        QVERIFY(!lease->startFromRay);
        QCOMPARE(lease->gpus, scenario.gpusPerReplica);
        QCOMPARE(tracker.active().at(lease->key()).startUtc, seenPlaced);
    }
    // A poll later the lease goes on with the start it began with.
    QVERIFY(
        tracker.observe(snapshotFromBody(scenario.placed, seenPlaced.addSecs(10), scenario.gpusTotal)).started.empty());
    for (const auto &[key, lease] : tracker.active())
        if (scenario.waitingIds.contains(lease.replicaId))
            QCOMPARE(lease.startUtc, seenPlaced);
}

void TestWaitingReplicas::placedWhenFirstSeenStartsAtRayStart()
{
    // Never seen waiting (the first snapshot already shows it placed): Ray's start_time_s is the best there is.
    QFETCH(QString, name);
    const Scenario scenario = scenarioNamed(name);
    const QDateTime at = scenario.lastCreated.addSecs(60);
    LeaseTracker tracker;
    const ClusterSnapshot placed = snapshotFromBody(scenario.placed, at, scenario.gpusTotal);
    const LeaseTracker::Update update = tracker.observe(placed);
    const DeploymentSnapshot *deployment = placed.findApplication(scenario.deployment.section(QLatin1Char('/'), 0, 0))
                                               ->findDeployment(scenario.deployment.section(QLatin1Char('/'), 1));
    for (const ReplicaSnapshot &replica : deployment->replicas) {
        if (!scenario.waitingIds.contains(replica.id))
            continue;
        const GpuLease *lease = leaseOf(update.started, replica.id);
        QVERIFY2(lease, qPrintable(replica.id));
        QVERIFY(lease->startFromRay);
        QCOMPARE(lease->startUtc, fromRay(replica.startTimeS));
    }
}

void TestWaitingReplicas::unplacedHoldsNothingAndIdleIsCapacityMinusHeld()
{
    // A controller's recorder: 3 polls with the replicas waiting, then 3 with them placed, 10 s apart.
    QFETCH(QString, name);
    const Scenario scenario = scenarioNamed(name);
    QTemporaryDir dir;
    HistoryStore history(dir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(history.open().ok());
    UsageRecorder recorder(&history, kCluster);
    const QDateTime t0 = scenario.lastCreated.addSecs(5);
    const QDateTime placedAt = t0.addSecs(30);
    const QDateTime end = t0.addSecs(50);
    for (int poll = 0; poll <= 5; ++poll) {
        const QDateTime at = t0.addSecs(10 * poll);
        const QByteArray &body = at < placedAt ? scenario.waiting : scenario.placed;
        auto recorded = recorder.record(snapshotFromBody(body, at, scenario.gpusTotal));
        QVERIFY2(recorded.ok(), recorded.ok() ? "" : qPrintable(recorded.error().describe()));
    }
    const double waitingGpus = scenario.waitingIds.size() * scenario.gpusPerReplica;
    const double heldBefore = snapshotFromBody(scenario.waiting, t0, scenario.gpusTotal)
                                  .findApplication(scenario.deployment.section(QLatin1Char('/'), 0, 0))
                                  ->findDeployment(scenario.deployment.section(QLatin1Char('/'), 1))
                                  ->gpusHeld;

    // The usage series: the waiting replicas add nothing until the snapshot that shows them placed.
    auto waitingSpan = history.recordedUsage(kCluster, t0, placedAt);
    auto placedSpan = history.recordedUsage(kCluster, placedAt, end);
    QVERIFY(waitingSpan.ok() && placedSpan.ok());
    QCOMPARE(waitingSpan->heldGpuHours->at(scenario.deployment), heldBefore * hoursBetween(t0, placedAt));
    QCOMPARE(placedSpan->heldGpuHours->at(scenario.deployment),
             (heldBefore + waitingGpus) * hoursBetween(placedAt, end));

    // The leases agree with it, replica by replica, and so idle is capacity - held.
    auto leases = history.leases(kCluster, t0, end);
    QVERIFY(leases.ok());
    auto recordedUsage = history.recordedUsage(kCluster, t0, end);
    QVERIFY(recordedUsage.ok());
    const CostReport report = computeCost(*leases, *recordedUsage, t0, end, PriceList{});
    double heldByUsage = 0;
    for (const auto &entry : *recordedUsage->heldGpuHours)
        heldByUsage += entry.second;
    QVERIFY2(std::abs(report.gpuHours - heldByUsage) < 1e-12,
             qPrintable(QStringLiteral("leases %1 GPU-h, usage %2").arg(report.gpuHours).arg(heldByUsage)));
    QCOMPARE(report.capacityGpuHours, scenario.gpusTotal * hoursBetween(t0, end));
    QVERIFY2(std::abs(report.idleGpuHours - (report.capacityGpuHours - report.gpuHours)) < 1e-12,
             qPrintable(QStringLiteral("idle %1, capacity %2, held %3")
                            .arg(report.idleGpuHours)
                            .arg(report.capacityGpuHours)
                            .arg(report.gpuHours)));
    for (const QString &id : scenario.waitingIds) {
        const GpuLease *lease = leaseOf(*leases, id);
        QVERIFY2(lease, qPrintable(id));
        QCOMPARE(lease->startUtc, placedAt);
        QCOMPARE(lease->gpuHoursWithin(t0, end), scenario.gpusPerReplica * hoursBetween(placedAt, end));
    }
}

void TestWaitingReplicas::restartDoesNotBillTheWait()
{
    // The recorder that saw the replicas waiting stops; the next one (a restart, or another controller taking
    // the lock) first sees them placed. The history shows they existed unplaced then: the lease starts now.
    QFETCH(QString, name);
    const Scenario scenario = scenarioNamed(name);
    QTemporaryDir dir;
    HistoryStore history(dir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(history.open().ok());
    const QDateTime t0 = scenario.lastCreated.addSecs(5);
    {
        UsageRecorder before(&history, kCluster);
        QVERIFY(before.record(snapshotFromBody(scenario.waiting, t0, scenario.gpusTotal)).ok());
        QVERIFY(before.record(snapshotFromBody(scenario.waiting, t0.addSecs(10), scenario.gpusTotal)).ok());
    }
    UsageRecorder after(&history, kCluster);
    const QDateTime placedAt = t0.addSecs(20);
    QVERIFY(after.record(snapshotFromBody(scenario.placed, placedAt, scenario.gpusTotal)).ok());
    auto active = history.activeLeases(kCluster);
    QVERIFY(active.ok());
    for (const QString &id : scenario.waitingIds) {
        const GpuLease *lease = leaseOf(*active, id);
        QVERIFY2(lease, qPrintable(id));
        QCOMPARE(lease->startUtc, placedAt);
        QVERIFY(!lease->startFromRay);
    }
    // The replicas placed all along keep their leases from Ray's start (restored, not started again).
    for (const GpuLease &lease : *active)
        if (!scenario.waitingIds.contains(lease.replicaId))
            QVERIFY2(lease.startFromRay && lease.startUtc < t0, qPrintable(lease.key()));
}

QTEST_GUILESS_MAIN(TestWaitingReplicas)
#include "test_waitingreplicas.moc"
