// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// GPU leases from a stream of snapshots read from payloads captured from a real Ray 2.60 cluster: a lease per
// replica that holds GPUs, from Ray's start_time_s (the first snapshot showing it placed, if it waited for GPUs) to the
// first snapshot without it.
#include "fixtures.h"
#include "leasetracker.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"
#include "snapshotparser.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

using namespace scaledeck;

namespace {
QDateTime utc(int h, int mi, int s = 0)
{
    return QDateTime(QDate(2026, 11, 25), QTime(h, mi, s), Qt::UTC);
}

// The fixtures' replicas started between 18:12:42 and 18:19:53 UTC on 2026-11-25 (start_time_s).
const QDateTime kDemoAt = utc(18, 14);       // applications_demo.json
const QDateTime kScaledDownAt = utc(18, 18); // applications_llm1_embedder_parked.json
const QDateTime kPendingAt = utc(18, 20);    // applications_llm3_gpu_pending.json

QDateTime fromRay(double startTimeS)
{
    return QDateTime::fromMSecsSinceEpoch(std::llround(startTimeS * 1000), Qt::UTC);
}

// The embedder as ScaleDeck's store has it once parked (what the fetcher merges into the snapshot).
ParkedApp parkedEmbedder()
{
    return {QStringLiteral("embedder"), R"({"name":"embedder","import_path":"x:app"})",
            R"({"route_prefix":"/embed","deployments":[{"name":"Embedder","target_replicas":2,)"
            R"("gpus_per_replica":0.5,"cpus_per_replica":0.5,"autoscaling":null}]})",
            utc(18, 16)};
}

ClusterSnapshot snapshotFromBody(const QByteArray &body, const QDateTime &takenAt,
                                 const std::vector<ParkedApp> &parked = {},
                                 const NodeTotals &nodes = NodeTotals{4, 8, 1, {}, {}, {}})
{
    auto state = readServeState(body);
    if (!state) {
        qWarning("%s", qPrintable(state.error().describe()));
        return {};
    }
    return *buildSnapshot(QStringLiteral("2.60.0"), std::move(state).value(), nodes, parked, takenAt);
}

ClusterSnapshot snapshotOf(const char *fixture, const QDateTime &takenAt, const std::vector<ParkedApp> &parked = {})
{
    return snapshotFromBody(readFixture(QString::fromLatin1(fixture)), takenAt, parked);
}

// A fixture changed the way a later GET might show it.
QByteArray editedFixture(const char *fixture, const std::function<void(OrderedJson &)> &edit)
{
    const QByteArray body = readFixture(QString::fromLatin1(fixture));
    auto document = OrderedJson::parse(body.constBegin(), body.constEnd());
    edit(document);
    return QByteArray::fromStdString(document.dump(2));
}

QStringList keysOf(const std::vector<GpuLease> &leases)
{
    QStringList keys;
    for (const GpuLease &lease : leases)
        keys.append(lease.key());
    keys.sort();
    return keys;
}

QStringList keysOf(const std::map<QString, GpuLease> &leases)
{
    QStringList keys;
    for (const auto &entry : leases)
        keys.append(entry.first);
    return keys;
}

// The fixtures' node (untyped: logical GPUs), and two typed nodes as parseNodeTotals() reads them from
// nodes_accelerators.json.
const QString kUntypedNode = QStringLiteral("8f242d6fb7228364f4308c290a5bd0db2a70454a835379992fd95609");
const QString kA100Node = QStringLiteral("2b7c1f0e9d4a8c6b5e3f2a1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f");
const QString kL4Node = QStringLiteral("c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f");

NodeTotals typedNodes()
{
    NodeTotals nodes;
    nodes.gpusTotal = 8;
    nodes.cpusTotal = 32;
    nodes.nodesAlive = 3;
    nodes.gpusByAccelerator = {{QStringLiteral("A100"), 4.0}, {QStringLiteral("L4"), 2.0}};
    nodes.acceleratorByNode = {{kA100Node, QStringLiteral("A100")}, {kL4Node, QStringLiteral("L4")}};
    return nodes;
}

// applications_demo.json with its replicas spread over those nodes, and llm asking for H100s with 4 CPUs a
// replica: llm's hhztobe9 on the L4 node, wkw2i8nh on the A100 node; the embedder's 1jdqqh45 on the A100 node,
// 2qsarmxy on the untyped one; the scaler's fddghnzw on a node the node list does not name.
QByteArray typedDemo()
{
    return editedFixture("applications_demo.json", [](OrderedJson &document) {
        auto &llm = document["applications"]["llm"]["deployments"]["LLM"];
        llm["required_resources"]["CPU"] = 4.0;
        llm["required_resources"]["accelerator_type:H100"] = 0.001;
        const std::map<std::string, QString> nodeOf{{"hhztobe9", kL4Node},
                                                    {"wkw2i8nh", kA100Node},
                                                    {"1jdqqh45", kA100Node},
                                                    {"2qsarmxy", kUntypedNode},
                                                    {"fddghnzw", QStringLiteral("f00dfeedf00dfeedf00dfeed")}};
        for (auto &app : document["applications"])
            for (auto &deployment : app["deployments"])
                for (auto &replica : deployment["replicas"]) {
                    const auto node = nodeOf.find(replica["replica_id"].get<std::string>());
                    if (node != nodeOf.end())
                        replica["node_id"] = node->second.toStdString();
                }
    });
}

QStringList split(const char *keys)
{
    return QString::fromLatin1(keys).split(QLatin1Char(','));
}
} // namespace

class TestLeaseTracker : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstSnapshotStartsGpuReplicas_data();
    void firstSnapshotStartsGpuReplicas();
    void sameSnapshotChangesNothing();
    void scaleDownEndsTheMissingReplica();
    void parkedAppLeasesEnd();
    void pendingReplicasDoNotLease();
    void startNeverAfterTheSnapshot();
    void restoreEndsGoneKeepsRest();
    void reorderedReplicasAreNotChurn();
    void acceleratorAndCpus_data();
    void acceleratorAndCpus();
    void leaseKeepsItsAccelerator();
    void gpuHoursWithin_data();
    void gpuHoursWithin();
};

void TestLeaseTracker::firstSnapshotStartsGpuReplicas_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<double>("gpus");
    QTest::addColumn<double>("startTimeS"); // as in applications_demo.json
    QTest::newRow("llm 1") << QStringLiteral("llm/LLM/hhztobe9") << 1.0 << 1795630362.7089171;
    QTest::newRow("llm 2") << QStringLiteral("llm/LLM/wkw2i8nh") << 1.0 << 1795630362.7126734;
    QTest::newRow("embedder 1") << QStringLiteral("embedder/Embedder/1jdqqh45") << 0.5 << 1795630363.194303;
    QTest::newRow("embedder 2") << QStringLiteral("embedder/Embedder/2qsarmxy") << 0.5 << 1795630363.1933026;
    QTest::newRow("scaler") << QStringLiteral("scaler/Scaled/fddghnzw") << 0.5 << 1795630367.4923806;
}

void TestLeaseTracker::firstSnapshotStartsGpuReplicas()
{
    QFETCH(QString, key);
    QFETCH(double, gpus);
    QFETCH(double, startTimeS);
    const ClusterSnapshot demo = snapshotOf("applications_demo.json", kDemoAt);
    LeaseTracker tracker;
    const LeaseTracker::Update update = tracker.observe(demo);
    QVERIFY(update.ended.empty());
    // Five GPU replicas; gateway's Router and Gateway (CPU only) and batch (no replicas) lease nothing.
    QCOMPARE(update.started.size(), size_t(5));
    QCOMPARE(keysOf(tracker.active()), keysOf(update.started));
    double gpusLeased = 0;
    for (const GpuLease &lease : update.started)
        gpusLeased += lease.gpus;
    QCOMPARE(gpusLeased, demo.gpusHeld()); // 3.5, as the status shows

    const auto it = std::find_if(update.started.begin(), update.started.end(),
                                 [&](const GpuLease &lease) { return lease.key() == key; });
    QVERIFY(it != update.started.end());
    QCOMPARE(it->gpus, gpus);
    QVERIFY(it->startFromRay);
    QCOMPARE(it->startUtc, fromRay(startTimeS));
    QCOMPARE(it->startUtc.timeSpec(), Qt::UTC);
    QVERIFY(it->isActive());
    QCOMPARE(it->key(), it->app + QLatin1Char('/') + it->deployment + QLatin1Char('/') + it->replicaId);
}

void TestLeaseTracker::sameSnapshotChangesNothing()
{
    LeaseTracker tracker;
    tracker.observe(snapshotOf("applications_demo.json", kDemoAt));
    const std::map<QString, GpuLease> before = tracker.active();
    for (int poll = 1; poll <= 3; ++poll) {
        const LeaseTracker::Update update =
            tracker.observe(snapshotOf("applications_demo.json", kDemoAt.addSecs(10 * poll)));
        QVERIFY(update.started.empty());
        QVERIFY(update.ended.empty());
    }
    QCOMPARE(keysOf(tracker.active()), keysOf(before));
    for (const auto &[key, lease] : tracker.active()) {
        QCOMPARE(lease.startUtc, before.at(key).startUtc);
        QVERIFY(lease.isActive());
    }
}

void TestLeaseTracker::scaleDownEndsTheMissingReplica()
{
    LeaseTracker tracker;
    tracker.observe(snapshotOf("applications_demo.json", kDemoAt));
    // llm scaled 2 -> 1 (hhztobe9 went, wkw2i8nh stayed); the scaler's replica was replaced (fddghnzw ->
    // gmbkd2zc); the embedder is gone from Ray.
    const LeaseTracker::Update update =
        tracker.observe(snapshotOf("applications_llm1_embedder_parked.json", kScaledDownAt));
    QCOMPARE(keysOf(update.ended), split("embedder/Embedder/1jdqqh45,embedder/Embedder/2qsarmxy,llm/LLM/hhztobe9,"
                                         "scaler/Scaled/fddghnzw"));
    for (const GpuLease &ended : update.ended) {
        QCOMPARE(ended.endUtc, kScaledDownAt); // the first snapshot without it
        QVERIFY(ended.startFromRay);           // the start it began with
    }
    QCOMPARE(keysOf(update.started), split("scaler/Scaled/gmbkd2zc"));
    QCOMPARE(update.started[0].startUtc, fromRay(1795630668.7034676));
    QCOMPARE(keysOf(tracker.active()), split("llm/LLM/wkw2i8nh,scaler/Scaled/gmbkd2zc"));
    QCOMPARE(tracker.active().at(QStringLiteral("llm/LLM/wkw2i8nh")).startUtc, fromRay(1795630362.7126734));

    // The ended llm replica counts from Ray's start to that snapshot, at 1 GPU.
    const GpuLease &gone = *std::find_if(update.ended.begin(), update.ended.end(), [](const GpuLease &lease) {
        return lease.replicaId == QStringLiteral("hhztobe9");
    });
    const double expectedHours = double(fromRay(1795630362.7089171).msecsTo(kScaledDownAt)) / 3600000.0;
    QCOMPARE(gone.gpuHoursWithin(utc(18, 0), utc(19, 0)), expectedHours);
}

void TestLeaseTracker::parkedAppLeasesEnd()
{
    LeaseTracker tracker;
    tracker.observe(snapshotOf("applications_demo.json", kDemoAt));
    // What the fetcher builds once the embedder is parked: the app shows PARKED, its deployment at 0.
    const ClusterSnapshot parked =
        snapshotOf("applications_llm1_embedder_parked.json", kScaledDownAt, {parkedEmbedder()});
    const ApplicationSnapshot *embedder = parked.findApplication(QStringLiteral("embedder"));
    QVERIFY(embedder && embedder->parked);
    QCOMPARE(embedder->deployments.at(0).gpusPerReplica, 0.5);

    const LeaseTracker::Update update = tracker.observe(parked);
    QStringList endedEmbedder;
    for (const GpuLease &lease : update.ended) {
        if (lease.app == QStringLiteral("embedder")) {
            endedEmbedder.append(lease.replicaId);
            QCOMPARE(lease.endUtc, kScaledDownAt);
            QCOMPARE(lease.gpus, 0.5);
        }
    }
    endedEmbedder.sort();
    QCOMPARE(endedEmbedder, split("1jdqqh45,2qsarmxy"));
    for (const auto &[key, lease] : tracker.active())
        QVERIFY2(lease.app != QStringLiteral("embedder"), qPrintable(key));

    // Still parked a poll later: nothing more happens.
    const LeaseTracker::Update later = tracker.observe(
        snapshotOf("applications_llm1_embedder_parked.json", kScaledDownAt.addSecs(10), {parkedEmbedder()}));
    QVERIFY(later.started.empty() && later.ended.empty());
}

void TestLeaseTracker::pendingReplicasDoNotLease()
{
    // llm scaled to 3 on a cluster with 4 GPUs of which 2 are taken elsewhere: the third replica is STARTING
    // with no node (waiting for a GPU). It costs nothing until Ray places it.
    LeaseTracker tracker;
    const LeaseTracker::Update first = tracker.observe(snapshotOf("applications_llm3_gpu_pending.json", kPendingAt));
    QStringList llm;
    for (const GpuLease &lease : first.started)
        if (lease.app == QStringLiteral("llm"))
            llm.append(lease.replicaId);
    llm.sort();
    QCOMPARE(llm, split("nkem9o3q,ob0dl4ld"));
    QCOMPARE(keysOf(first.started), split("embedder/Embedder/m091i5ux,embedder/Embedder/xoslyikj,llm/LLM/nkem9o3q,"
                                          "llm/LLM/ob0dl4ld,scaler/Scaled/eh6wpd1g")); // not imperative (CPU only)

    // Placed on a node, still STARTING: now it holds its GPU, from this snapshot (the first showing it placed), not
    // from Ray's start_time_s, which is when it was created and began to wait.
    const QByteArray placed = editedFixture("applications_llm3_gpu_pending.json", [](OrderedJson &document) {
        for (auto &replica : document["applications"]["llm"]["deployments"]["LLM"]["replicas"])
            if (replica["replica_id"] == "6sqjs421")
                replica["node_id"] = "8f242d6fb7228364f4308c290a5bd0db2a70454a835379992fd95609";
    });
    const LeaseTracker::Update next = tracker.observe(snapshotFromBody(placed, kPendingAt.addSecs(10)));
    QVERIFY(next.ended.empty());
    QCOMPARE(keysOf(next.started), split("llm/LLM/6sqjs421"));
    QCOMPARE(next.started[0].startUtc, kPendingAt.addSecs(10));
    QVERIFY(!next.started[0].startFromRay);
    QCOMPARE(next.started[0].gpus, 1.0);
}

void TestLeaseTracker::startNeverAfterTheSnapshot()
{
    // This machine's clock behind Ray's head: the snapshot is taken "before" the replicas started. A lease
    // never starts after the snapshot that first shows it.
    const QDateTime early = utc(18, 12, 30); // the demo's replicas started 18:12:42..18:12:47
    LeaseTracker tracker;
    const LeaseTracker::Update update = tracker.observe(snapshotOf("applications_demo.json", early));
    QCOMPARE(update.started.size(), size_t(5));
    for (const GpuLease &lease : update.started) {
        QCOMPARE(lease.startUtc, early);
        QVERIFY(!lease.startFromRay);
    }

    // A replica without start_time_s starts at the first snapshot that shows it; takenAt in another time
    // zone is the same instant, and leases are in UTC.
    const QByteArray noStart = editedFixture("applications_demo.json", [](OrderedJson &document) {
        for (auto &replica : document["applications"]["scaler"]["deployments"]["Scaled"]["replicas"])
            replica.erase("start_time_s");
    });
    const QDateTime takenAt = kDemoAt.toOffsetFromUtc(3600);
    LeaseTracker fresh;
    const LeaseTracker::Update second = fresh.observe(snapshotFromBody(noStart, takenAt));
    for (const GpuLease &lease : second.started) {
        QCOMPARE(lease.startUtc.timeSpec(), Qt::UTC);
        if (lease.app == QStringLiteral("scaler")) {
            QCOMPARE(lease.startUtc, kDemoAt);
            QVERIFY(!lease.startFromRay);
        } else {
            QVERIFY(lease.startFromRay);
        }
    }
}

void TestLeaseTracker::restoreEndsGoneKeepsRest()
{
    // What the store had as active when ScaleDeck stopped: the demo's leases, one of them with a start the
    // store knew better than Ray, and one replica that went while ScaleDeck was down.
    LeaseTracker before;
    before.observe(snapshotOf("applications_demo.json", kDemoAt));
    std::vector<GpuLease> stored;
    for (const auto &entry : before.active())
        stored.push_back(entry.second);
    const QDateTime storedStart = utc(17, 0);
    for (GpuLease &lease : stored) {
        if (lease.replicaId == QStringLiteral("wkw2i8nh")) {
            lease.startUtc = storedStart;
            lease.startFromRay = false;
        }
    }
    GpuLease vanished = stored.front();
    vanished.replicaId = QStringLiteral("x0gone00");
    stored.push_back(vanished);

    LeaseTracker tracker;
    tracker.restore(stored);
    QCOMPARE(tracker.active().size(), size_t(6));
    const LeaseTracker::Update update =
        tracker.observe(snapshotOf("applications_llm1_embedder_parked.json", kScaledDownAt));
    QCOMPARE(keysOf(update.ended), split("embedder/Embedder/1jdqqh45,embedder/Embedder/2qsarmxy,"
                                         "embedder/Embedder/x0gone00,llm/LLM/hhztobe9,scaler/Scaled/fddghnzw"));
    for (const GpuLease &ended : update.ended)
        QCOMPARE(ended.endUtc, kScaledDownAt);
    QCOMPARE(keysOf(update.started), split("scaler/Scaled/gmbkd2zc"));
    // The replica still there keeps the lease the store had: same start, not started again.
    const GpuLease &kept = tracker.active().at(QStringLiteral("llm/LLM/wkw2i8nh"));
    QCOMPARE(kept.startUtc, storedStart);
    QVERIFY(!kept.startFromRay);
    QCOMPARE(kept.gpus, 1.0);
    QVERIFY(kept.isActive());
}

void TestLeaseTracker::reorderedReplicasAreNotChurn()
{
    LeaseTracker tracker;
    tracker.observe(snapshotOf("applications_demo.json", kDemoAt));
    // Ray lists the replicas in another order on the next GET.
    const QByteArray reordered = editedFixture("applications_demo.json", [](OrderedJson &document) {
        for (auto &app : document["applications"])
            for (auto &deployment : app["deployments"])
                std::reverse(deployment["replicas"].begin(), deployment["replicas"].end());
    });
    LeaseTracker::Update update = tracker.observe(snapshotFromBody(reordered, kDemoAt.addSecs(10)));
    QVERIFY(update.started.empty());
    QVERIFY(update.ended.empty());
    // Nor does the tracker rely on the reader's sorting.
    ClusterSnapshot shuffled = snapshotOf("applications_demo.json", kDemoAt.addSecs(20));
    for (auto &app : shuffled.applications)
        for (auto &deployment : app.deployments)
            std::reverse(deployment.replicas.begin(), deployment.replicas.end());
    update = tracker.observe(shuffled);
    QVERIFY(update.started.empty());
    QVERIFY(update.ended.empty());
    QCOMPARE(tracker.active().size(), size_t(5));
}

void TestLeaseTracker::acceleratorAndCpus_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("accelerator");
    QTest::addColumn<double>("cpus");
    QTest::newRow("deployment's type on an L4 node")
        << QStringLiteral("llm/LLM/hhztobe9") << QStringLiteral("H100") << 4.0;
    QTest::newRow("deployment's type on an A100 node")
        << QStringLiteral("llm/LLM/wkw2i8nh") << QStringLiteral("H100") << 4.0;
    QTest::newRow("node's type") << QStringLiteral("embedder/Embedder/1jdqqh45") << QStringLiteral("A100") << 0.5;
    QTest::newRow("untyped node") << QStringLiteral("embedder/Embedder/2qsarmxy") << QString() << 0.5;
    QTest::newRow("node not in the node list") << QStringLiteral("scaler/Scaled/fddghnzw") << QString() << 0.5;
}

void TestLeaseTracker::acceleratorAndCpus()
{
    QFETCH(QString, key);
    QFETCH(QString, accelerator);
    QFETCH(double, cpus);
    LeaseTracker tracker;
    const LeaseTracker::Update update = tracker.observe(snapshotFromBody(typedDemo(), kDemoAt, {}, typedNodes()));
    QCOMPARE(update.started.size(), size_t(5));
    const auto it = std::find_if(update.started.begin(), update.started.end(),
                                 [&](const GpuLease &lease) { return lease.key() == key; });
    QVERIFY(it != update.started.end());
    QCOMPARE(it->accelerator, accelerator);
    QCOMPARE(it->cpus, cpus);
    QCOMPARE(tracker.active().at(key).accelerator, accelerator);
    QCOMPARE(tracker.active().at(key).cpus, cpus);

    // Without typed nodes (logical GPUs) only the deployment's own type is left.
    LeaseTracker untyped;
    const LeaseTracker::Update plain = untyped.observe(snapshotFromBody(typedDemo(), kDemoAt));
    const auto same = std::find_if(plain.started.begin(), plain.started.end(),
                                   [&](const GpuLease &lease) { return lease.key() == key; });
    QVERIFY(same != plain.started.end());
    QCOMPARE(same->accelerator, key.startsWith(QStringLiteral("llm/")) ? QStringLiteral("H100") : QString());
    QCOMPARE(same->cpus, cpus);
}

void TestLeaseTracker::leaseKeepsItsAccelerator()
{
    // A lease is priced as it began: a later snapshot whose node list has no types (say the node list was
    // read from another wrapper) does not retype it, and it ends with the type it had.
    LeaseTracker tracker;
    tracker.observe(snapshotFromBody(typedDemo(), kDemoAt, {}, typedNodes()));
    QVERIFY(tracker.observe(snapshotFromBody(typedDemo(), kDemoAt.addSecs(10))).started.empty());
    QCOMPARE(tracker.active().at(QStringLiteral("embedder/Embedder/1jdqqh45")).accelerator, QStringLiteral("A100"));
    const LeaseTracker::Update update =
        tracker.observe(snapshotOf("applications_llm1_embedder_parked.json", kScaledDownAt));
    const auto ended = std::find_if(update.ended.begin(), update.ended.end(), [](const GpuLease &lease) {
        return lease.key() == QStringLiteral("embedder/Embedder/1jdqqh45");
    });
    QVERIFY(ended != update.ended.end());
    QCOMPARE(ended->accelerator, QStringLiteral("A100"));
    QCOMPARE(ended->cpus, 0.5);
}

void TestLeaseTracker::gpuHoursWithin_data()
{
    QTest::addColumn<double>("gpus");
    QTest::addColumn<QDateTime>("start");
    QTest::addColumn<QDateTime>("end"); // invalid: active
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("to");
    QTest::addColumn<double>("gpuHours");
    const QDateTime active;
    QTest::newRow("active, range covers its start") << 1.0 << utc(10, 0) << active << utc(9, 0) << utc(12, 0) << 2.0;
    QTest::newRow("active, range after its start") << 1.0 << utc(10, 0) << active << utc(11, 0) << utc(12, 0) << 1.0;
    QTest::newRow("active, range before its start") << 1.0 << utc(10, 0) << active << utc(8, 0) << utc(9, 0) << 0.0;
    QTest::newRow("active, half a GPU") << 0.5 << utc(10, 0) << active << utc(9, 0) << utc(12, 0) << 1.0;
    QTest::newRow("ended, inside the range") << 1.0 << utc(10, 0) << utc(11, 30) << utc(9, 0) << utc(12, 0) << 1.5;
    QTest::newRow("ended, range covers its end") << 2.0 << utc(10, 0) << utc(11, 30) << utc(11, 0) << utc(12, 0) << 1.0;
    QTest::newRow("ended, range covers its start")
        << 1.0 << utc(10, 0) << utc(11, 30) << utc(9, 0) << utc(10, 30) << 0.5;
    QTest::newRow("ended, range inside it") << 1.0 << utc(10, 0) << utc(11, 30) << utc(10, 15) << utc(10, 45) << 0.5;
    QTest::newRow("ended, range after it") << 1.0 << utc(10, 0) << utc(11, 30) << utc(11, 30) << utc(12, 0) << 0.0;
    QTest::newRow("ended, range before it") << 1.0 << utc(10, 0) << utc(11, 30) << utc(9, 0) << utc(10, 0) << 0.0;
    QTest::newRow("empty range") << 1.0 << utc(10, 0) << active << utc(11, 0) << utc(11, 0) << 0.0;
    QTest::newRow("inverted range") << 1.0 << utc(10, 0) << active << utc(12, 0) << utc(11, 0) << 0.0;
    QTest::newRow("seconds and milliseconds")
        << 1.0 << fromRay(1795630362.7089171) << fromRay(1795630362.7089171).addMSecs(90 * 1000 + 500) << utc(18, 0)
        << utc(19, 0) << 90.5 / 3600;
    QTest::newRow("range in another time zone")
        << 1.0 << utc(10, 0) << utc(11, 0) << utc(10, 30).toOffsetFromUtc(-5 * 3600) << utc(12, 0) << 0.5;
}

void TestLeaseTracker::gpuHoursWithin()
{
    QFETCH(double, gpus);
    QFETCH(QDateTime, start);
    QFETCH(QDateTime, end);
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, to);
    QFETCH(double, gpuHours);
    GpuLease lease;
    lease.replicaId = QStringLiteral("r");
    lease.app = QStringLiteral("a");
    lease.deployment = QStringLiteral("d");
    lease.gpus = gpus;
    lease.startUtc = start;
    lease.endUtc = end;
    QCOMPARE(lease.isActive(), !end.isValid());
    const double actual = lease.gpuHoursWithin(from, to);
    QVERIFY2(std::abs(actual - gpuHours) < 1e-12, qPrintable(QString::number(actual, 'g', 17)));
    // The lease's own hours (what its CPUs are priced by) are the same overlap, per GPU.
    const double hours = lease.hoursWithin(from, to);
    QVERIFY2(std::abs(hours - gpuHours / gpus) < 1e-12, qPrintable(QString::number(hours, 'g', 17)));
}

QTEST_GUILESS_MAIN(TestLeaseTracker)
#include "test_leasetracker.moc"
