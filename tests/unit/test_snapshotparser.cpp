// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Parsing of payloads captured from a real Ray 2.60 cluster, and clear errors for anything else.
#include "fixtures.h"
#include "incrementalservereader.h"
#include "servestatereader.h"
#include "snapshotdiff.h"
#include "snapshotfetcher.h"
#include "snapshotparser.h"
#include "statusreport.h"

#include <QtTest>

using namespace scaledeck;

namespace {
// The replicas of app/deployment exactly as the fixture file has them, sorted by id: what the reader must give.
std::vector<ReplicaSnapshot> replicasInFile(const QByteArray &body, const QString &app, const QString &deployment)
{
    const auto document = nlohmann::json::parse(body.constBegin(), body.constEnd());
    const auto &inFile = document["applications"][app.toStdString()]["deployments"][deployment.toStdString()];
    std::vector<ReplicaSnapshot> replicas;
    for (const auto &replica : inFile["replicas"]) {
        const auto node = replica.find("node_id");
        const bool placed = node != replica.end() && node->is_string() && !node->get<std::string>().empty();
        replicas.push_back(ReplicaSnapshot{QString::fromStdString(replica["replica_id"].get<std::string>()),
                                           QString::fromStdString(replica["state"].get<std::string>()),
                                           replica["start_time_s"].get<double>(), placed,
                                           placed ? QString::fromStdString(node->get<std::string>()) : QString()});
    }
    std::sort(replicas.begin(), replicas.end(),
              [](const ReplicaSnapshot &a, const ReplicaSnapshot &b) { return a.id < b.id; });
    return replicas;
}

QStringList replicaIds(const DeploymentSnapshot &deployment)
{
    QStringList ids;
    for (const auto &replica : deployment.replicas)
        ids.append(replica.id);
    return ids;
}

SnapshotPtr snapshotOf(const ServeState &state)
{
    return buildSnapshot(QStringLiteral("2.60.0"), state, NodeTotals{4, 8, 1, {}, {}, {}}, {},
                         QDateTime::currentDateTimeUtc());
}

// The body written out again (keys in their order), with every deployment's replica list reversed if asked:
// what Ray may send on the next GET.
QByteArray rewritten(const QByteArray &body, bool reverseReplicas)
{
    auto document = OrderedJson::parse(body.constBegin(), body.constEnd());
    if (reverseReplicas) {
        for (auto &app : document["applications"])
            for (auto &deployment : app["deployments"])
                std::reverse(deployment["replicas"].begin(), deployment["replicas"].end());
    }
    return QByteArray::fromStdString(document.dump(2));
}
} // namespace

class TestSnapshotParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void version();
    void demoApplications();
    void demoReplicas();
    void replicasAsInFixture_data();
    void replicasAsInFixture();
    void reorderedReplicasAreNoChange();
    void emptyServe();
    void nodesTotals();
    void nodesByAccelerator();
    void nodeAcceleratorType_data();
    void nodeAcceleratorType();
    void deploymentAcceleratorAndReplicaNodes();
    void parkedAppsAppearAtZero();
    void parkedAppsKeepTheirAutoscalingRange();
    void statusJsonShape();
    void badPayloads_data();
    void badPayloads();
};

void TestSnapshotParser::version()
{
    auto version = parseRayVersion(readFixture(QStringLiteral("version.json")));
    QVERIFY(version.ok());
    QCOMPARE(version.value(), QStringLiteral("2.60.0"));
}

void TestSnapshotParser::demoApplications()
{
    auto state = readServeState(readFixture(QStringLiteral("applications_demo.json")));
    QVERIFY2(state.ok(), qPrintable(state ? QString() : state.error().describe()));
    QStringList names;
    for (const auto &app : state->applications)
        names.append(app.name);
    QCOMPARE(names, QStringLiteral("batch,embedder,gateway,llm,scaler").split(QLatin1Char(','))); // sorted

    const ApplicationSnapshot &llm = state->applications[3];
    QCOMPARE(llm.status, QStringLiteral("RUNNING"));
    QCOMPARE(llm.source, QStringLiteral("declarative"));
    QVERIFY(llm.deployedConfig);
    QCOMPARE(llm.deployments.size(), size_t(1));
    const DeploymentSnapshot &model = llm.deployments[0];
    QCOMPARE(model.name, QStringLiteral("LLM"));
    QCOMPARE(model.targetReplicas, 2);
    QCOMPARE(model.runningReplicas, 2);
    QCOMPARE(model.replicasByState.value(QStringLiteral("RUNNING")), 2);
    QCOMPARE(model.gpusPerReplica, 1.0);
    QCOMPARE(model.cpusPerReplica, 0.5);
    QCOMPARE(model.gpusHeld, 2.0);
    QCOMPARE(model.configuredReplicas, std::optional<int>(2));
    QVERIFY(!model.autoscaling);

    const ApplicationSnapshot &embedder = state->applications[1];
    QCOMPARE(embedder.deployments[0].gpusHeld, 1.0); // 2 x 0.5

    const ApplicationSnapshot &batch = state->applications[0];
    QVERIFY(batch.deployments[0].autoscaling);
    QCOMPARE(batch.deployments[0].autoscaling->minReplicas, 0);
    QCOMPARE(batch.deployments[0].autoscaling->maxReplicas, 4);

    const ApplicationSnapshot &scaler = state->applications[4];
    QVERIFY(scaler.externalScalerEnabled);
    QVERIFY(!llm.externalScalerEnabled);
    QCOMPARE(state->applications[2].deployments.size(), size_t(2)); // gateway: Gateway + Router
}

void TestSnapshotParser::demoReplicas()
{
    auto state = readServeState(readFixture(QStringLiteral("applications_demo.json")));
    QVERIFY(state.ok());
    // Ray lists LLM's replicas as wkw2i8nh, hhztobe9: the snapshot has them sorted by id.
    const DeploymentSnapshot &model = state->applications[3].deployments[0];
    QCOMPARE(replicaIds(model), QStringLiteral("hhztobe9,wkw2i8nh").split(QLatin1Char(',')));
    QCOMPARE(model.replicas[0].state, QStringLiteral("RUNNING"));
    QCOMPARE(model.replicas[0].startTimeS, 1795630362.7089171);
    QCOMPARE(model.replicas[1].startTimeS, 1795630362.7126734);
    QVERIFY(model.replicas[0].placed && model.replicas[1].placed);
    const DeploymentSnapshot &scaled = state->applications[4].deployments[0];
    QCOMPARE(scaled.replicas.size(), size_t(1));
    QCOMPARE(scaled.replicas[0].id, QStringLiteral("fddghnzw"));
    QCOMPARE(scaled.replicas[0].startTimeS, 1795630367.4923806);
    // BatchWorker (autoscaled to zero) has none; every list has as many entries as replicasByState counts.
    QVERIFY(state->applications[0].deployments[0].replicas.empty());
    for (const auto &app : state->applications) {
        for (const auto &deployment : app.deployments) {
            int counted = 0;
            for (const int count : deployment.replicasByState)
                counted += count;
            QCOMPARE(int(deployment.replicas.size()), counted);
        }
    }
}

void TestSnapshotParser::replicasAsInFixture_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *name :
         {"applications_demo.json", "applications_llm1_embedder_parked.json", "applications_llm3_gpu_pending.json"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestSnapshotParser::replicasAsInFixture()
{
    QFETCH(QString, fixture);
    const QByteArray body = readFixture(fixture);
    auto state = readServeState(body);
    QVERIFY(state.ok());
    int replicas = 0;
    for (const auto &app : state->applications) {
        for (const auto &deployment : app.deployments) {
            const auto expected = replicasInFile(body, app.name, deployment.name);
            QVERIFY2(deployment.replicas == expected, qPrintable(app.name + QLatin1Char('/') + deployment.name));
            QVERIFY(std::is_sorted(deployment.replicas.begin(), deployment.replicas.end(),
                                   [](const ReplicaSnapshot &a, const ReplicaSnapshot &b) { return a.id < b.id; }));
            replicas += int(deployment.replicas.size());
        }
    }
    int inFile = 0;
    const auto document = nlohmann::json::parse(body.constBegin(), body.constEnd());
    for (const auto &app : document["applications"])
        for (const auto &deployment : app["deployments"])
            inFile += int(deployment["replicas"].size());
    QCOMPARE(replicas, inFile);
    if (fixture == QStringLiteral("applications_llm3_gpu_pending.json")) {
        // The third LLM replica waits for a GPU: STARTING, no node yet, and it holds nothing.
        const auto llm = std::find_if(state->applications.begin(), state->applications.end(),
                                      [](const ApplicationSnapshot &app) { return app.name == QStringLiteral("llm"); });
        QVERIFY(llm != state->applications.end());
        const DeploymentSnapshot *model = llm->findDeployment(QStringLiteral("LLM"));
        QVERIFY(model);
        QCOMPARE(replicaIds(*model), QStringLiteral("6sqjs421,nkem9o3q,ob0dl4ld").split(QLatin1Char(',')));
        QCOMPARE(model->replicas[0].state, QStringLiteral("STARTING"));
        QVERIFY(!model->replicas[0].placed);
        QCOMPARE(model->gpusHeld, 2.0);
    }
}

void TestSnapshotParser::reorderedReplicasAreNoChange()
{
    const QByteArray body = rewritten(readFixture(QStringLiteral("applications_demo.json")), false);
    const QByteArray reordered = rewritten(body, true);
    QVERIFY(reordered != body);
    auto first = readServeState(body);
    auto second = readServeState(reordered);
    QVERIFY(first.ok() && second.ok());
    const SnapshotPtr before = snapshotOf(first.value());
    QVERIFY(diffSnapshots(before.get(), *snapshotOf(second.value())).isEmpty());

    // The poller's reader re-reads the apps whose text changed, and finds them the same.
    IncrementalServeReader reader;
    QVERIFY(reader.read(body).ok());
    auto polled = reader.read(reordered);
    QVERIFY(polled.ok());
    QCOMPARE(reader.lastStats().reparsed, 2); // llm and embedder: the apps with a deployment of 2 replicas
    QCOMPARE(reader.lastStats().reused, 3);
    QVERIFY(diffSnapshots(before.get(), *snapshotOf(polled.value())).isEmpty());

    // A replica that really changed is a change.
    QByteArray replaced = body;
    replaced.replace("fddghnzw", "zzzzzzzz");
    auto changed = readServeState(replaced);
    QVERIFY(changed.ok());
    const SnapshotDiff diff = diffSnapshots(before.get(), *snapshotOf(changed.value()));
    QCOMPARE(diff.changedApps, QStringList{QStringLiteral("scaler")});
}

void TestSnapshotParser::emptyServe()
{
    auto state = readServeState(readFixture(QStringLiteral("applications_empty.json")));
    QVERIFY(state.ok());
    QVERIFY(state->applications.empty());
}

void TestSnapshotParser::nodesTotals()
{
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    QVERIFY(nodes.ok());
    QCOMPARE(nodes->gpusTotal, 4.0);
    QCOMPARE(nodes->cpusTotal, 8.0);
    QCOMPARE(nodes->nodesAlive, 1);
    // Logical GPUs (ray start --num-gpus): no node names a type.
    QVERIFY(nodes->gpusByAccelerator.empty());
    QVERIFY(nodes->acceleratorByNode.empty());
}

void TestSnapshotParser::nodesByAccelerator()
{
    // nodes.json's shape (captured from Ray 2.60, whose cluster had logical GPUs only) with typed nodes added:
    // the head (2 untyped GPUs), an A100 node (label and resource, as Ray sets both), an L4 node (resource
    // only), a TPU node (typed, no GPU) and a dead H100 node.
    const QString head = QStringLiteral("8f242d6fb7228364f4308c290a5bd0db2a70454a835379992fd95609");
    const QString a100 = QStringLiteral("2b7c1f0e9d4a8c6b5e3f2a1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f");
    const QString l4 = QStringLiteral("c3d4e5f60718293a4b5c6d7e8f9012a3b4c5d6e7f8091a2b3c4d5e6f");
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes_accelerators.json")));
    QVERIFY2(nodes.ok(), qPrintable(nodes ? QString() : nodes.error().describe()));
    QCOMPARE(nodes->gpusTotal, 8.0); // 2 + 4 + 2; the dead node's 8 are not billed
    QCOMPARE(nodes->cpusTotal, 40.0);
    QCOMPARE(nodes->nodesAlive, 4);
    const std::map<QString, double> byType{{QStringLiteral("A100"), 4.0}, {QStringLiteral("L4"), 2.0}};
    QCOMPARE(nodes->gpusByAccelerator, byType); // no TPU-V4 (no GPUs), no H100 (dead)
    const std::map<QString, QString> byNode{{a100, QStringLiteral("A100")}, {l4, QStringLiteral("L4")}};
    QCOMPARE(nodes->acceleratorByNode, byNode);

    // The snapshot carries both, and prices a replica by its node when its deployment names no type.
    auto state = readServeState(readFixture(QStringLiteral("applications_demo.json")));
    QVERIFY(state.ok());
    const SnapshotPtr snapshot =
        buildSnapshot(QStringLiteral("2.60.0"), state.value(), nodes.value(), {}, QDateTime::currentDateTimeUtc());
    QCOMPARE(snapshot->gpusByAccelerator, byType);
    QCOMPARE(snapshot->acceleratorByNode, byNode);
    DeploymentSnapshot untyped;
    DeploymentSnapshot typed;
    typed.acceleratorType = QStringLiteral("H100");
    ReplicaSnapshot onA100{QStringLiteral("r"), QStringLiteral("RUNNING"), 0, true, a100};
    ReplicaSnapshot onHead{QStringLiteral("r"), QStringLiteral("RUNNING"), 0, true, head};
    ReplicaSnapshot unplaced{QStringLiteral("r"), QStringLiteral("STARTING"), 0, false, QString()};
    QCOMPARE(snapshot->acceleratorOf(untyped, onA100), QStringLiteral("A100"));
    QCOMPARE(snapshot->acceleratorOf(typed, onA100), QStringLiteral("H100"));
    QVERIFY(snapshot->acceleratorOf(untyped, onHead).isEmpty());
    QVERIFY(snapshot->acceleratorOf(untyped, unplaced).isEmpty());
    QCOMPARE(snapshot->acceleratorOf(typed, unplaced), QStringLiteral("H100"));
}

void TestSnapshotParser::nodeAcceleratorType_data()
{
    QTest::addColumn<QByteArray>("node"); // one node of /api/v0/nodes, alive
    QTest::addColumn<QString>("type");    // empty: untyped

    QTest::newRow("label") << QByteArray(R"({"node_id": "n", "state": "ALIVE", "resources_total": {"GPU": 1},
        "labels": {"ray.io/accelerator-type": "A10G"}})")
                           << QStringLiteral("A10G");
    QTest::newRow("resource") << QByteArray(R"({"node_id": "n", "state": "ALIVE",
        "resources_total": {"GPU": 1, "accelerator_type:T4": 1}})")
                              << QStringLiteral("T4");
    QTest::newRow("label before resource") << QByteArray(R"({"node_id": "n", "state": "ALIVE",
        "resources_total": {"GPU": 1, "accelerator_type:A100": 1}, "labels": {"ray.io/accelerator-type": "A100-80G"}})")
                                           << QStringLiteral("A100-80G");
    QTest::newRow("empty label: the resource") << QByteArray(R"({"node_id": "n", "state": "ALIVE",
        "resources_total": {"GPU": 1, "accelerator_type:T4": 1}, "labels": {"ray.io/accelerator-type": ""}})")
                                               << QStringLiteral("T4");
    QTest::newRow("other labels only") << QByteArray(R"({"node_id": "n", "state": "ALIVE",
        "resources_total": {"GPU": 1}, "labels": {"ray.io/node-id": "n"}})")
                                       << QString();
    QTest::newRow("typed without GPUs") << QByteArray(R"({"node_id": "n", "state": "ALIVE",
        "resources_total": {"CPU": 4, "accelerator_type:T4": 1}})")
                                        << QString();
    QTest::newRow("typed, GPU 0") << QByteArray(R"({"node_id": "n", "state": "ALIVE",
        "resources_total": {"GPU": 0, "accelerator_type:T4": 1}})")
                                  << QString();
}

void TestSnapshotParser::nodeAcceleratorType()
{
    QFETCH(QByteArray, node);
    QFETCH(QString, type);
    auto nodes = parseNodeTotals(QByteArray(R"({"data": {"result": {"result": [)") + node + "]}}}");
    QVERIFY2(nodes.ok(), qPrintable(nodes ? QString() : nodes.error().describe()));
    QCOMPARE(nodes->nodesAlive, 1);
    if (type.isEmpty()) {
        QVERIFY(nodes->gpusByAccelerator.empty());
        QVERIFY(nodes->acceleratorByNode.empty());
    } else {
        QCOMPARE(nodes->gpusByAccelerator, (std::map<QString, double>{{type, 1.0}}));
        QCOMPARE(nodes->acceleratorByNode, (std::map<QString, QString>{{QStringLiteral("n"), type}}));
    }
}

void TestSnapshotParser::deploymentAcceleratorAndReplicaNodes()
{
    // ray_actor_options.accelerator_type: "H100" on llm's LLM, as Ray shows it in required_resources.
    auto document = OrderedJson::parse(readFixture(QStringLiteral("applications_demo.json")).toStdString());
    document["applications"]["llm"]["deployments"]["LLM"]["required_resources"]["accelerator_type:H100"] = 0.001;
    const QByteArray body = QByteArray::fromStdString(document.dump(2));
    auto state = readServeState(body);
    QVERIFY2(state.ok(), qPrintable(state ? QString() : state.error().describe()));
    IncrementalServeReader reader; // the poller's reader gives the same
    auto polled = reader.read(body);
    QVERIFY(polled.ok());
    for (const ServeState *read : {&state.value(), &polled.value()}) {
        for (const auto &app : read->applications) {
            for (const auto &deployment : app.deployments) {
                const bool isLlm = app.name == QStringLiteral("llm");
                QCOMPARE(deployment.acceleratorType, isLlm ? QStringLiteral("H100") : QString());
                if (isLlm) { // the tiny accelerator resource is neither GPUs nor CPUs
                    QCOMPARE(deployment.gpusPerReplica, 1.0);
                    QCOMPARE(deployment.cpusPerReplica, 0.5);
                    QCOMPARE(deployment.gpusHeld, 2.0);
                }
                // Every placed replica names its node (the fixture's cluster has one).
                for (const auto &replica : deployment.replicas)
                    QCOMPARE(replica.nodeId,
                             QStringLiteral("8f242d6fb7228364f4308c290a5bd0db2a70454a835379992fd95609"));
            }
        }
    }

    // A replica waiting for a GPU has no node.
    auto pending = readServeState(readFixture(QStringLiteral("applications_llm3_gpu_pending.json")));
    QVERIFY(pending.ok());
    const auto llm = std::find_if(pending->applications.begin(), pending->applications.end(),
                                  [](const ApplicationSnapshot &app) { return app.name == QStringLiteral("llm"); });
    QVERIFY(llm != pending->applications.end());
    const DeploymentSnapshot *model = llm->findDeployment(QStringLiteral("LLM"));
    QVERIFY(model);
    QCOMPARE(model->replicas[0].id, QStringLiteral("6sqjs421"));
    QVERIFY(model->replicas[0].nodeId.isEmpty());
    QVERIFY(!model->replicas[1].nodeId.isEmpty());
    QVERIFY(model->acceleratorType.isEmpty());
}

void TestSnapshotParser::parkedAppsAppearAtZero()
{
    auto state = readServeState(readFixture(QStringLiteral("applications_llm1_embedder_parked.json")));
    QVERIFY(state.ok());
    QVERIFY(!std::any_of(state->applications.begin(), state->applications.end(),
                         [](const ApplicationSnapshot &app) { return app.name == QStringLiteral("embedder"); }));
    const std::vector<ParkedApp> parked{
        {QStringLiteral("embedder"), R"({"name":"embedder","import_path":"x:app"})",
         R"({"route_prefix":"/embed","deployments":[{"name":"Embedder","target_replicas":2,"gpus_per_replica":0.5,"cpus_per_replica":0.5,"autoscaling":null}]})",
         QDateTime::currentDateTimeUtc()}};
    const SnapshotPtr snapshot = buildSnapshot(QStringLiteral("2.60.0"), state.value(), NodeTotals{4, 8, 1, {}, {}, {}},
                                               parked, QDateTime::currentDateTimeUtc());
    const ApplicationSnapshot *embedder = snapshot->findApplication(QStringLiteral("embedder"));
    QVERIFY(embedder);
    QVERIFY(embedder->parked);
    QCOMPARE(embedder->status, QStringLiteral("PARKED"));
    QCOMPARE(embedder->deployments.size(), size_t(1));
    QCOMPARE(embedder->deployments[0].targetReplicas, 0);
    QCOMPARE(embedder->deployments[0].gpusHeld, 0.0);
    QCOMPARE(embedder->deployments[0].gpusPerReplica, 0.5);
    const ApplicationSnapshot *llm = snapshot->findApplication(QStringLiteral("llm"));
    QCOMPARE(llm->deployments[0].targetReplicas, 1);
}

// A parked app's row shows the range its stored config scales in (from the summary written at park time, else
// from the config itself), not "fixed".
void TestSnapshotParser::parkedAppsKeepTheirAutoscalingRange()
{
    auto state = readServeState(readFixture(QStringLiteral("applications_llm1_embedder_parked.json")));
    QVERIFY(state.ok());
    const std::vector<ParkedApp> parked{
        {QStringLiteral("embedder"),
         R"({"name":"embedder","import_path":"x:app","deployments":[)"
         R"({"name":"Embedder","autoscaling_config":{"min_replicas":1,"max_replicas":4}},)"
         R"({"name":"Ranker","autoscaling_config":{"min_replicas":0,"max_replicas":3}},)"
         R"({"name":"Router","num_replicas":1}]})",
         R"({"route_prefix":"/embed","deployments":[)"
         R"({"name":"Embedder","target_replicas":2,"gpus_per_replica":0.5,"autoscaling":{"min_replicas":2,"max_replicas":6}},)"
         R"({"name":"Ranker","target_replicas":1,"gpus_per_replica":1,"autoscaling":null},)"
         R"({"name":"Router","target_replicas":1,"gpus_per_replica":0,"autoscaling":null}]})",
         QDateTime::currentDateTimeUtc()}};
    const SnapshotPtr snapshot = buildSnapshot(QStringLiteral("2.60.0"), state.value(), NodeTotals{4, 8, 1, {}, {}, {}},
                                               parked, QDateTime::currentDateTimeUtc());
    const ApplicationSnapshot *embedder = snapshot->findApplication(QStringLiteral("embedder"));
    QVERIFY(embedder);
    QCOMPARE(embedder->deployments.size(), size_t(3));
    const auto range = [](const DeploymentSnapshot &deployment) {
        return deployment.autoscaling ? QStringLiteral("%1-%2")
                                            .arg(deployment.autoscaling->minReplicas)
                                            .arg(deployment.autoscaling->maxReplicas)
                                      : QStringLiteral("fixed");
    };
    QCOMPARE(range(*embedder->findDeployment(QStringLiteral("Embedder"))), QStringLiteral("2-6")); // as it ran
    QCOMPARE(range(*embedder->findDeployment(QStringLiteral("Ranker"))), QStringLiteral("0-3"));   // its config
    QCOMPARE(range(*embedder->findDeployment(QStringLiteral("Router"))), QStringLiteral("fixed"));
}

void TestSnapshotParser::statusJsonShape()
{
    auto state = readServeState(readFixture(QStringLiteral("applications_demo.json")));
    const SnapshotPtr snapshot = buildSnapshot(QStringLiteral("2.60.0"), state.value(), NodeTotals{4, 8, 1, {}, {}, {}},
                                               {}, QDateTime::currentDateTimeUtc());
    const OrderedJson json = statusJson(*snapshot);
    QCOMPARE(json["ray_version"], OrderedJson("2.60.0"));
    QCOMPARE(json["gpus_total"], OrderedJson(4.0));
    QCOMPARE(json["gpus_held"].get<double>(), 3.5); // llm 2 + embedder 1 + scaler 0.5
    const OrderedJson &llm = json["applications"][3];
    QCOMPARE(llm["name"], OrderedJson("llm"));
    for (const char *key : {"name", "status", "source", "parked", "deployments"})
        QVERIFY2(llm.contains(key), key);
    const OrderedJson &deployment = llm["deployments"][0];
    for (const char *key : {"name", "status", "target_replicas", "running_replicas", "replicas_by_state",
                            "gpus_per_replica", "gpus_held", "autoscaling"})
        QVERIFY2(deployment.contains(key), key);
    QVERIFY(deployment["autoscaling"].is_null());
    QCOMPARE(json["applications"][0]["deployments"][0]["autoscaling"]["max_replicas"], OrderedJson(4));
    QCOMPARE(deployment["replicas_by_state"]["RUNNING"], OrderedJson(2));
}

void TestSnapshotParser::badPayloads_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("html") << QByteArray("<html>502 Bad Gateway</html>") << "not JSON";
    QTest::newRow("empty") << QByteArray("") << "not JSON";
    QTest::newRow("array") << QByteArray("[1,2]") << "expected a JSON object";
    QTest::newRow("applications not object")
        << QByteArray(R"({"applications": []})") << "applications should be an object";
    QTest::newRow("status not string") << QByteArray(R"({"applications": {"a": {"status": 3}}})")
                                       << "applications.a.status should be a string";
    QTest::newRow("replicas not array") << QByteArray(
                                               R"({"applications": {"a": {"deployments": {"d": {"replicas": {}}}}}})")
                                        << "replicas should be an array";
    QTest::newRow("target not number")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"target_num_replicas": "2"}}}}})")
        << "target_num_replicas should be a number";
    QTest::newRow("replica_id not string")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"replicas": [{"replica_id": 7}]}}}}})")
        << "replicas[].replica_id should be a string";
    QTest::newRow("start_time_s not number")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"replicas": [{"start_time_s": "1.5"}]}}}}})")
        << "replicas[].start_time_s should be a number";
    QTest::newRow("accelerator resource not number")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"required_resources": )"
                      R"({"GPU": 1, "accelerator_type:X": "abc"}}}}}})")
        << "applications.a.deployments.d.required_resources.accelerator_type:X should be a number, got string";
    QTest::newRow("accelerator resource an object")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"required_resources": )"
                      R"({"accelerator_type:X": {}}}}}}})")
        << "required_resources.accelerator_type:X should be a number, got object";
    QTest::newRow("node_id not string")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"replicas": [{"node_id": 5}]}}}}})")
        << "replicas[].node_id should be a string";
    QTest::newRow("truncated") << QByteArray(R"({"applications": {"a": {"sta)") << "not JSON";
}

void TestSnapshotParser::badPayloads()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, messagePart);
    auto state = readServeState(body);
    QVERIFY(!state.ok());
    QCOMPARE(state.error().kind, RayErrorKind::BadPayload);
    QVERIFY2(state.error().message.contains(messagePart), qPrintable(state.error().message));
}

QTEST_GUILESS_MAIN(TestSnapshotParser)
#include "test_snapshotparser.moc"
