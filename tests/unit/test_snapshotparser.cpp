// Parsing of payloads captured from a real Ray 2.60 cluster, and clear errors for anything else.
#include "fixtures.h"
#include "snapshotfetcher.h"
#include "snapshotparser.h"
#include "statusreport.h"

#include <QtTest>

using namespace scaledeck;

class TestSnapshotParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void version();
    void demoApplications();
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
