// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// What a change asks of the cluster's GPUs before it is sent (issue 11, "capacity is visible before it bites").
// The states are Ray's own, captured from the demo cluster (4 logical GPUs on one node): llm/LLM 2 x 1 GPU,
// embedder/Embedder 2 x 0.5, scaler/Scaled 1 x 0.5, so 3.5 GPUs held and 0.5 free; and the same cluster with
// the Embedder at 5, two replicas waiting for a GPU. Where a case needs nodes the demo does not have (two nodes,
// GPU types), the snapshot is built by hand.
#include "capacitycheck.h"
#include "demodocuments.h"
#include "snapshotparser.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {

// The demo's one node, by the id its replicas carry, as parseNodeTotals reads it from nodes.json.
SnapshotPtr onDemoNode(const OrderedJson &document)
{
    auto serve = readServeState(bodyOf(document));
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    if (!serve || !nodes)
        qFatal("fixtures do not parse");
    return buildSnapshot(QStringLiteral("2.60.0"), serve.value(), nodes.value(), {}, QDateTime::currentDateTimeUtc());
}

SnapshotPtr embedderWaiting()
{
    const QByteArray body = readFixture(QStringLiteral("applications_embedder5_waiting.json"));
    return onDemoNode(OrderedJson::parse(body.constBegin(), body.constEnd()));
}

const DeploymentDemand *demandOf(const CapacityCheck &check, const QString &target)
{
    for (const DeploymentDemand &demand : check.deployments)
        if (demand.target() == target)
            return &demand;
    return nullptr;
}

PriceList pricedAt(double gpuHour)
{
    PriceList prices;
    prices.gpuHour = gpuHour;
    return prices;
}

// A deployment of `replicas` placed replicas of `gpus` each on `node`, plus `waiting` unplaced ones.
DeploymentSnapshot deploymentOn(const QString &name, double gpus, const QString &node, int replicas, int waiting = 0)
{
    DeploymentSnapshot deployment;
    deployment.name = name;
    deployment.status = QStringLiteral("HEALTHY");
    deployment.gpusPerReplica = gpus;
    deployment.targetReplicas = replicas + waiting;
    deployment.configuredReplicas = replicas + waiting;
    for (int i = 0; i < replicas + waiting; ++i) {
        const bool placed = i < replicas;
        deployment.replicas.push_back({QStringLiteral("%1-%2").arg(name).arg(i),
                                       placed ? QStringLiteral("RUNNING") : QStringLiteral("STARTING"), 0, placed,
                                       placed ? node : QString()});
    }
    deployment.runningReplicas = replicas;
    deployment.gpusHeld = replicas * gpus;
    return deployment;
}

ApplicationSnapshot appOf(const QString &name, std::vector<DeploymentSnapshot> deployments)
{
    ApplicationSnapshot app;
    app.name = name;
    app.status = QStringLiteral("RUNNING");
    app.source = QStringLiteral("declarative");
    app.deployments = std::move(deployments);
    return app;
}

} // namespace

class TestCapacityCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nodesListTheirGpus();
    void scalingPastTheFreeGpusSaysWhatCannotBePlaced();
    void scalingWithinTheFreeGpusFits();
    void gpusGivenBackInTheSameChangeAreCounted();
    void replicasAlreadyWaitingArePlacedFirst();
    void freeGpusSplitAcrossNodesDoNotPlaceABigReplica();
    void aReplicaNeedsItsOwnGpuType();
    void unparkingBringsBackTheStoredCount();
    void autoscalingStartsAtItsMinimum();
    void costPerHourBeforeAndAfter();
    void noPricesNoCost();
};

void TestCapacityCheck::nodesListTheirGpus()
{
    const auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    QVERIFY(nodes);
    QCOMPARE(nodes->gpusByNode.size(), std::size_t(1));
    QCOMPARE(nodes->gpusByNode.begin()->second, 4.0);
    QVERIFY(nodes->gpusByNode.begin()->first.startsWith(QStringLiteral("8f242d6f")));
}

// The case: the Embedder to 8 on a cluster whose 4 GPUs are nearly all held.
void TestCapacityCheck::scalingPastTheFreeGpusSaysWhatCannotBePlaced()
{
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Embedder"), 8);
    const CapacityCheck check = checkCapacity(*onDemoNode(demoDocument()), changes, {});
    QCOMPARE(check.gpusTotal, 4.0);
    QCOMPARE(check.gpusFree, 0.5);
    QCOMPARE(check.gpusAdded, 3.0);
    QVERIFY(!check.fits());
    const DeploymentDemand *embedder = demandOf(check, QStringLiteral("embedder/Embedder"));
    QVERIFY(embedder);
    QCOMPARE(embedder->before, 2);
    QCOMPARE(embedder->after, 8);
    QCOMPARE(embedder->unplaced, 5); // one of the six new replicas fits in the 0.5 GPU free
    QCOMPARE(check.gpuSummary(), QStringLiteral("needs 3 more GPUs; 0.5 of 4 GPUs free now"));
    QCOMPARE(check.warnings(),
             QStringList{QStringLiteral("embedder/Embedder: 5 of 6 new replicas cannot be placed on the current "
                                        "nodes (0.5 GPUs each, 0.5 GPUs free)")});
}

void TestCapacityCheck::scalingWithinTheFreeGpusFits()
{
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Embedder"), 3);
    const CapacityCheck check = checkCapacity(*onDemoNode(demoDocument()), changes, {});
    QVERIFY(check.fits());
    QVERIFY(check.warnings().isEmpty());
    QCOMPARE(check.gpuSummary(), QStringLiteral("needs 0.5 more GPUs; 0.5 of 4 GPUs free now"));
}

// Parking llm (scaling it to 0) gives back 2 GPUs the Embedder's four new replicas then fit in.
void TestCapacityCheck::gpusGivenBackInTheSameChangeAreCounted()
{
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 0);
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Embedder"), 6);
    const CapacityCheck check = checkCapacity(*onDemoNode(demoDocument()), changes, {});
    QCOMPARE(check.gpusReleased, 2.0);
    QCOMPARE(check.gpusAdded, 2.0);
    QVERIFY2(check.fits(), qPrintable(check.warnings().join(QLatin1Char('\n'))));
    QCOMPARE(demandOf(check, QStringLiteral("llm/LLM"))->after, 0);
    QCOMPARE(check.gpuSummary(), QStringLiteral("needs 2 more GPUs, gives back 2 GPUs; 0.5 of 4 GPUs free now"));
}

// Ray queued the two waiting Embedder replicas first: the GPU llm gives back goes to them, not to Scaled. (This
// capture's replicas are on another node than nodes.json lists, as when a node joins between the two reads: the
// check then weighs the cluster's total, which is what it has to go on.)
void TestCapacityCheck::replicasAlreadyWaitingArePlacedFirst()
{
    const SnapshotPtr now = embedderWaiting();
    QCOMPARE(now->findApplication(QStringLiteral("embedder"))->deployments.front().replicasWaitingForPlacement(), 2);
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    changes.setReplicas(QStringLiteral("scaler"), QStringLiteral("Scaled"), 2);
    const CapacityCheck check = checkCapacity(*now, changes, {});
    QCOMPARE(check.gpusFree, 0.0);
    QCOMPARE(demandOf(check, QStringLiteral("scaler/Scaled"))->unplaced, 1);
    QVERIFY(!check.fits());
}

// 2 GPUs free in all, one on each node: a 2-GPU replica has no node to go to.
void TestCapacityCheck::freeGpusSplitAcrossNodesDoNotPlaceABigReplica()
{
    ClusterSnapshot now;
    now.gpusTotal = 8;
    now.gpusByNode = {{QStringLiteral("a"), 4}, {QStringLiteral("b"), 4}};
    now.applications.push_back(
        appOf(QStringLiteral("big"), {deploymentOn(QStringLiteral("Big"), 2, QStringLiteral("a"), 1)}));
    now.applications.push_back(
        appOf(QStringLiteral("small"), {deploymentOn(QStringLiteral("Small"), 1, QStringLiteral("a"), 1),
                                        deploymentOn(QStringLiteral("Other"), 1, QStringLiteral("b"), 3)}));
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("big"), QStringLiteral("Big"), 2);
    CapacityCheck check = checkCapacity(now, changes, {});
    QCOMPARE(check.gpusFree, 2.0);
    QCOMPARE(check.gpusAdded, 2.0);
    QCOMPARE(demandOf(check, QStringLiteral("big/Big"))->unplaced, 1);

    changes.setReplicas(QStringLiteral("small"), QStringLiteral("Other"), 1); // frees node b
    check = checkCapacity(now, changes, {});
    QVERIFY2(check.fits(), qPrintable(check.warnings().join(QLatin1Char('\n'))));
}

void TestCapacityCheck::aReplicaNeedsItsOwnGpuType()
{
    ClusterSnapshot now;
    now.gpusTotal = 8;
    now.gpusByNode = {{QStringLiteral("l4"), 4}, {QStringLiteral("a100"), 4}};
    now.acceleratorByNode = {{QStringLiteral("l4"), QStringLiteral("L4")},
                             {QStringLiteral("a100"), QStringLiteral("A100")}};
    now.gpusByAccelerator = {{QStringLiteral("L4"), 4}, {QStringLiteral("A100"), 4}};
    DeploymentSnapshot trainer = deploymentOn(QStringLiteral("Trainer"), 1, QStringLiteral("a100"), 4);
    trainer.acceleratorType = QStringLiteral("A100");
    now.applications.push_back(appOf(QStringLiteral("train"), {trainer}));
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("train"), QStringLiteral("Trainer"), 5);
    const CapacityCheck check = checkCapacity(now, changes, {});
    QCOMPARE(check.gpusFree, 4.0); // the L4 node's, which the A100 replica cannot use
    QCOMPARE(check.warnings(),
             QStringList{QStringLiteral("train/Trainer: 1 of 1 new replica cannot be placed on the current nodes "
                                        "(1 A100 GPU each, 4 GPUs free)")});
}

// A parked app is not in Ray: what comes back is what its stored config says.
void TestCapacityCheck::unparkingBringsBackTheStoredCount()
{
    ClusterSnapshot now;
    now.gpusTotal = 4;
    ApplicationSnapshot parked = appOf(QStringLiteral("llm"), {deploymentOn(QStringLiteral("LLM"), 1, QString(), 0)});
    parked.parked = true;
    parked.status = QStringLiteral("PARKED");
    parked.deployedConfig = std::make_shared<const nlohmann::json>(
        nlohmann::json{{"deployments", {{{"name", "LLM"}, {"num_replicas", 3}}}}});
    now.applications.push_back(parked);
    ChangeSet changes;
    changes.unpark(QStringLiteral("llm"));
    const CapacityCheck check = checkCapacity(now, changes, pricedAt(2.0));
    const DeploymentDemand *llm = demandOf(check, QStringLiteral("llm/LLM"));
    QVERIFY(llm);
    QCOMPARE(llm->before, 0);
    QCOMPARE(llm->after, 3);
    QCOMPARE(check.gpusAdded, 3.0);
    QVERIFY(check.fits());
    QCOMPARE(check.costSummary(), QStringLiteral("0.00 USD → 6.00 USD per hour for the changed deployments"));
}

// Batch's range 0–4 raised to 2–4: Ray starts it at 2, and it may grow to 4.
void TestCapacityCheck::autoscalingStartsAtItsMinimum()
{
    ChangeSet changes;
    changes.setAutoscaling(QStringLiteral("batch"), QStringLiteral("BatchWorker"), {2, 4});
    const CapacityCheck check = checkCapacity(*onDemoNode(demoDocument()), changes, {});
    const DeploymentDemand *batch = demandOf(check, QStringLiteral("batch/BatchWorker"));
    QVERIFY(batch);
    QCOMPARE(batch->before, 0);
    QCOMPARE(batch->after, 2);
    QCOMPARE(batch->upTo, 4);
    QCOMPARE(batch->unplaced, 2); // 1 GPU each, 0.5 free
}

void TestCapacityCheck::costPerHourBeforeAndAfter()
{
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Embedder"), 8);
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    PriceList prices = pricedAt(2.0);
    prices.currency = QStringLiteral("EUR");
    const CapacityCheck check = checkCapacity(*onDemoNode(demoDocument()), changes, prices);
    // Embedder 2 -> 8 at 0.5 GPU x 2.00 = 1.00 a replica; llm 2 -> 1 at 2.00.
    QCOMPARE(*demandOf(check, QStringLiteral("embedder/Embedder"))->costPerHourAfter, 8.0);
    QCOMPARE(*check.costPerHourBefore(), 2.0 + 4.0);
    QCOMPARE(*check.costPerHourAfter(), 8.0 + 2.0);
    QCOMPARE(check.costSummary(), QStringLiteral("6.00 EUR → 10.00 EUR per hour for the changed deployments"));
}

void TestCapacityCheck::noPricesNoCost()
{
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Embedder"), 3);
    const CapacityCheck check = checkCapacity(*onDemoNode(demoDocument()), changes, {});
    QVERIFY(!check.costPerHourAfter());
    QVERIFY(check.costSummary().isEmpty());
}

QTEST_GUILESS_MAIN(TestCapacityCheck)
#include "test_capacitycheck.moc"
