// Parsing of payloads captured from a real Ray 2.60 cluster, and clear errors for anything else.
#include "fixtures.h"
#include "incrementalservereader.h"
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
                                           replica["start_time_s"].get<double>(), placed});
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
    return buildSnapshot(QStringLiteral("2.60.0"), state, NodeTotals{4, 8, 1}, {}, QDateTime::currentDateTimeUtc());
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
}  // namespace

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
    void parkedAppsAppearAtZero();
    void statusJsonShape();
    void badPayloads_data();
    void badPayloads();
};

void TestSnapshotParser::version()
{
    auto version = SnapshotParser::parseRayVersion(readFixture(QStringLiteral("version.json")));
    QVERIFY(version.ok());
    QCOMPARE(version.value(), QStringLiteral("2.60.0"));
}

void TestSnapshotParser::demoApplications()
{
    auto state = SnapshotParser::parseServeState(readFixture(QStringLiteral("applications_demo.json")));
    QVERIFY2(state.ok(), qPrintable(state ? QString() : state.error().describe()));
    QStringList names;
    for (const auto &app : state->applications)
        names.append(app.name);
    QCOMPARE(names, QStringLiteral("batch,embedder,gateway,llm,scaler").split(QLatin1Char(',')));  // sorted

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
    QCOMPARE(embedder.deployments[0].gpusHeld, 1.0);  // 2 x 0.5

    const ApplicationSnapshot &batch = state->applications[0];
    QVERIFY(batch.deployments[0].autoscaling);
    QCOMPARE(batch.deployments[0].autoscaling->minReplicas, 0);
    QCOMPARE(batch.deployments[0].autoscaling->maxReplicas, 4);

    const ApplicationSnapshot &scaler = state->applications[4];
    QVERIFY(scaler.externalScalerEnabled);
    QVERIFY(!llm.externalScalerEnabled);
    QCOMPARE(state->applications[2].deployments.size(), size_t(2));  // gateway: Gateway + Router
}

void TestSnapshotParser::demoReplicas()
{
    auto state = SnapshotParser::parseServeState(readFixture(QStringLiteral("applications_demo.json")));
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
    for (const char *name : {"applications_demo.json", "applications_llm1_embedder_parked.json",
                             "applications_llm3_gpu_pending.json"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestSnapshotParser::replicasAsInFixture()
{
    QFETCH(QString, fixture);
    const QByteArray body = readFixture(fixture);
    auto state = SnapshotParser::parseServeState(body);
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
    auto first = SnapshotParser::parseServeState(body);
    auto second = SnapshotParser::parseServeState(reordered);
    QVERIFY(first.ok() && second.ok());
    const SnapshotPtr before = snapshotOf(first.value());
    QVERIFY(diffSnapshots(before.get(), *snapshotOf(second.value())).isEmpty());

    // The poller's reader re-reads the apps whose text changed, and finds them the same.
    IncrementalServeReader reader;
    QVERIFY(reader.read(body).ok());
    auto polled = reader.read(reordered);
    QVERIFY(polled.ok());
    QCOMPARE(reader.lastStats().reparsed, 2);  // llm and embedder: the apps with a deployment of 2 replicas
    QCOMPARE(reader.lastStats().reused, 3);
    QVERIFY(diffSnapshots(before.get(), *snapshotOf(polled.value())).isEmpty());

    // A replica that really changed is a change.
    QByteArray replaced = body;
    replaced.replace("fddghnzw", "zzzzzzzz");
    auto changed = SnapshotParser::parseServeState(replaced);
    QVERIFY(changed.ok());
    const SnapshotDiff diff = diffSnapshots(before.get(), *snapshotOf(changed.value()));
    QCOMPARE(diff.changedApps, QStringList{QStringLiteral("scaler")});
}

void TestSnapshotParser::emptyServe()
{
    auto state = SnapshotParser::parseServeState(readFixture(QStringLiteral("applications_empty.json")));
    QVERIFY(state.ok());
    QVERIFY(state->applications.empty());
}

void TestSnapshotParser::nodesTotals()
{
    auto nodes = SnapshotParser::parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    QVERIFY(nodes.ok());
    QCOMPARE(nodes->gpusTotal, 4.0);
    QCOMPARE(nodes->cpusTotal, 8.0);
    QCOMPARE(nodes->nodesAlive, 1);
}

void TestSnapshotParser::parkedAppsAppearAtZero()
{
    auto state = SnapshotParser::parseServeState(readFixture(QStringLiteral("applications_llm1_embedder_parked.json")));
    QVERIFY(state.ok());
    QVERIFY(!std::any_of(state->applications.begin(), state->applications.end(),
                         [](const ApplicationSnapshot &app) { return app.name == QStringLiteral("embedder"); }));
    const std::vector<ParkedApp> parked{
        {QStringLiteral("embedder"), R"({"name":"embedder","import_path":"x:app"})",
         R"({"route_prefix":"/embed","deployments":[{"name":"Embedder","target_replicas":2,"gpus_per_replica":0.5,"cpus_per_replica":0.5,"autoscaling":null}]})",
         QDateTime::currentDateTimeUtc()}};
    const SnapshotPtr snapshot = buildSnapshot(QStringLiteral("2.60.0"), state.value(), NodeTotals{4, 8, 1}, parked, QDateTime::currentDateTimeUtc());
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

void TestSnapshotParser::statusJsonShape()
{
    auto state = SnapshotParser::parseServeState(readFixture(QStringLiteral("applications_demo.json")));
    const SnapshotPtr snapshot = buildSnapshot(QStringLiteral("2.60.0"), state.value(), NodeTotals{4, 8, 1}, {}, QDateTime::currentDateTimeUtc());
    const OrderedJson json = statusJson(*snapshot);
    QCOMPARE(json["ray_version"], OrderedJson("2.60.0"));
    QCOMPARE(json["gpus_total"], OrderedJson(4.0));
    QCOMPARE(json["gpus_held"].get<double>(), 3.5);  // llm 2 + embedder 1 + scaler 0.5
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
    QTest::newRow("applications not object") << QByteArray(R"({"applications": []})") << "applications should be an object";
    QTest::newRow("status not string") << QByteArray(R"({"applications": {"a": {"status": 3}}})") << "applications.a.status should be a string";
    QTest::newRow("replicas not array")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"replicas": {}}}}}})") << "replicas should be an array";
    QTest::newRow("target not number")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"target_num_replicas": "2"}}}}})") << "target_num_replicas should be a number";
    QTest::newRow("replica_id not string")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"replicas": [{"replica_id": 7}]}}}}})")
        << "replicas[].replica_id should be a string";
    QTest::newRow("start_time_s not number")
        << QByteArray(R"({"applications": {"a": {"deployments": {"d": {"replicas": [{"start_time_s": "1.5"}]}}}}})")
        << "replicas[].start_time_s should be a number";
    QTest::newRow("truncated") << QByteArray(R"({"applications": {"a": {"sta)") << "not JSON";
}

void TestSnapshotParser::badPayloads()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, messagePart);
    auto state = SnapshotParser::parseServeState(body);
    QVERIFY(!state.ok());
    QCOMPARE(state.error().kind, RayErrorKind::BadPayload);
    QVERIFY2(state.error().message.contains(messagePart), qPrintable(state.error().message));
}

QTEST_GUILESS_MAIN(TestSnapshotParser)
#include "test_snapshotparser.moc"
