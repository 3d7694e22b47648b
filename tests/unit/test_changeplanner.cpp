// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Change set -> PUT body: every field outside the change is kept (unknown ones and key order too),
// zero becomes the external scaler or parking, and edits under someone else's change are conflicts.
#include "changeplanner.h"
#include "fixtures.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <QtTest>

using namespace scaledeck;

namespace {

struct Cluster {
    OrderedJson document;
    ServeState serve;
};

Cluster clusterFrom(const OrderedJson &document)
{
    auto serve = readServeState(QByteArray::fromStdString(document.dump()));
    if (!serve)
        qFatal("fixture does not parse: %s", qPrintable(serve.error().describe()));
    return Cluster{document, serve.value()};
}

SnapshotPtr snapshotOf(const Cluster &cluster, const std::vector<ParkedApp> &parked = {})
{
    return buildSnapshot(QStringLiteral("2.60.0"), cluster.serve, NodeTotals{4, 8, 1, {}, {}, {}}, parked,
                         QDateTime::currentDateTimeUtc());
}

// Plans `changes` against `cluster` as the operator saw it (`seen`, by default the same state).
Result<ApplyPlan> planFor(const Cluster &cluster, const ChangeSet &changes, const std::vector<ParkedApp> &parked = {},
                          const Cluster *seen = nullptr)
{
    return planChanges({cluster.document, cluster.serve, *snapshotOf(seen ? *seen : cluster, parked), changes, parked});
}

OrderedJson demoDocument()
{
    const QByteArray body = readFixture(QStringLiteral("applications_demo.json"));
    return OrderedJson::parse(body.constBegin(), body.constEnd());
}

const OrderedJson *appConfig(const OrderedJson &body, const std::string &name)
{
    for (const auto &app : body["applications"])
        if (app["name"] == name)
            return &app;
    return nullptr;
}

// The demo cluster right after embedder was deployed: Ray echoes its config but lists no deployments yet.
OrderedJson embedderStillDeploying()
{
    OrderedJson document = demoDocument();
    document["applications"]["embedder"]["status"] = "DEPLOYING";
    document["applications"]["embedder"]["deployments"] = OrderedJson::object();
    return document;
}

} // namespace

class TestChangePlanner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scaleUpChangesOnlyThatValue();
    void unknownFieldsAndOrderSurvive();
    void imperativeAppsAreLeftOutAndReadOnly();
    void zeroParksAppWithoutExternalScaler();
    void zeroUsesExternalScalerWhereEnabled();
    void autoscalingBoundsKeepOtherKnobs();
    void fixedCountReplacesAutoscaling();
    void conflictWhenTouchedAppChanged();
    void otherAppsChangesAreCarriedNotOverwritten();
    void conflictWhenTouchedAppRemoved();
    void unparkPutsExactConfigBack();
    void unparkConflictsWithSameNamedApp();
    void invalidEdits_data();
    void invalidEdits();
    void deletingAppsAreNotResurrected();
    void appStillDeployingIsScaledFromItsConfig();
    void deploymentNotListedYetSaysSo();
};

void TestChangePlanner::scaleUpChangesOnlyThatValue()
{
    const Cluster cluster = clusterFrom(demoDocument());
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);
    auto plan = planFor(cluster, changes);
    QVERIFY2(plan.ok(), qPrintable(plan ? QString() : plan.error().describe()));
    QVERIFY(plan->putBody.has_value());
    const OrderedJson &body = *plan->putBody;

    // Top-level fields carried as Ray gave them.
    for (const char *field : {"proxy_location", "http_options", "grpc_options"})
        QCOMPARE(body[field], cluster.document[field]);
    // Every declarative app is in the body; all but llm byte-for-byte as deployed.
    QCOMPARE(body["applications"].size(), cluster.document["applications"].size());
    for (auto it = cluster.document["applications"].begin(); it != cluster.document["applications"].end(); ++it) {
        const OrderedJson *sent = appConfig(body, it.key());
        QVERIFY2(sent, it.key().c_str());
        OrderedJson expected = it.value()["deployed_app_config"];
        if (it.key() == "llm")
            expected["deployments"][0]["num_replicas"] = 3;
        QCOMPARE(QString::fromStdString(sent->dump()), QString::fromStdString(expected.dump()));
    }
    QCOMPARE(plan->preview.size(), size_t(1));
    QCOMPARE(plan->preview[0].before, QStringLiteral("2"));
    QCOMPARE(plan->preview[0].after, QStringLiteral("3"));
    QVERIFY(!plan->stopsServing());
    QVERIFY(plan->parks.empty());
    QVERIFY(plan->scaleCalls.empty());
}

void TestChangePlanner::unknownFieldsAndOrderSurvive()
{
    OrderedJson document = demoDocument();
    OrderedJson &llm = document["applications"]["llm"]["deployed_app_config"];
    // Fields a future Ray might echo, at app and deployment level, placed first to test order too.
    OrderedJson reordered = OrderedJson::object();
    reordered["zz_future_app_field"] = {{"nested", true}};
    for (auto it = llm.begin(); it != llm.end(); ++it)
        reordered[it.key()] = it.value();
    reordered["deployments"][0]["future_knob"] = 7;
    llm = reordered;
    document["applications"]["embedder"]["deployed_app_config"]["runtime_env"] = {
        {"env_vars", {{"B", "2"}, {"A", "1"}}}};
    document["future_top_level"] = "kept?"; // not a deploy-schema field: must not be sent

    const Cluster cluster = clusterFrom(document);
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    auto plan = planFor(cluster, changes);
    QVERIFY(plan.ok());
    const OrderedJson &body = *plan->putBody;
    const OrderedJson *sentLlm = appConfig(body, "llm");
    QCOMPARE(sentLlm->begin().key(), std::string("zz_future_app_field"));
    QCOMPARE((*sentLlm)["deployments"][0]["future_knob"], OrderedJson(7));
    QCOMPARE((*sentLlm)["deployments"][0]["num_replicas"], OrderedJson(1));
    const OrderedJson *sentEmbedder = appConfig(body, "embedder");
    QCOMPARE(QString::fromStdString((*sentEmbedder)["runtime_env"].dump()),
             QStringLiteral(R"({"env_vars":{"B":"2","A":"1"}})"));
    QVERIFY(!body.contains("future_top_level"));
    QVERIFY(!body.contains("controller_info"));
    QVERIFY(!body.contains("proxies"));
}

void TestChangePlanner::imperativeAppsAreLeftOutAndReadOnly()
{
    OrderedJson document = demoDocument();
    document["applications"]["gateway"]["source"] = "imperative";
    const Cluster cluster = clusterFrom(document);
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    auto plan = planFor(cluster, changes);
    QVERIFY(plan.ok());
    QVERIFY(!appConfig(*plan->putBody, "gateway"));

    ChangeSet imperative;
    imperative.setReplicas(QStringLiteral("gateway"), QStringLiteral("Router"), 2);
    auto refused = planFor(cluster, imperative);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().kind, RayErrorKind::InvalidChange);
    QVERIFY(refused.error().message.contains(QStringLiteral("imperative")));
}

void TestChangePlanner::zeroParksAppWithoutExternalScaler()
{
    const Cluster cluster = clusterFrom(demoDocument());
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Embedder"), 0);
    auto plan = planFor(cluster, changes);
    QVERIFY(plan.ok());
    QVERIFY(plan->stopsServing());
    QVERIFY(!appConfig(*plan->putBody, "embedder"));
    QCOMPARE(plan->putBody->at("applications").size(), cluster.document["applications"].size() - 1);
    QCOMPARE(plan->parks.size(), size_t(1));
    QCOMPARE(plan->parks[0].app, QStringLiteral("embedder"));
    QCOMPARE(QString::fromStdString(plan->parks[0].config.dump()),
             QString::fromStdString(cluster.document["applications"]["embedder"]["deployed_app_config"].dump()));
    QCOMPARE(plan->parks[0].summary["deployments"][0]["name"], OrderedJson("Embedder"));
    // The preview's "before" of the park: the Embedder holds 2 x 0.5 GPU (singular: it said "1 GPUs held").
    QCOMPARE(plan->preview.back().before, QStringLiteral("RUNNING, 1 GPU held"));
}

void TestChangePlanner::zeroUsesExternalScalerWhereEnabled()
{
    const Cluster cluster = clusterFrom(demoDocument());
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("scaler"), QStringLiteral("Scaled"), 0);
    auto plan = planFor(cluster, changes);
    QVERIFY(plan.ok());
    QVERIFY(!plan->putBody); // the declarative config is untouched
    QCOMPARE(plan->scaleCalls.size(), size_t(1));
    QCOMPARE(plan->scaleCalls[0].replicas, 0);
    QVERIFY(plan->stopsServing());
    QVERIFY(plan->parks.empty());
}

void TestChangePlanner::autoscalingBoundsKeepOtherKnobs()
{
    const Cluster cluster = clusterFrom(demoDocument());
    ChangeSet changes;
    changes.setAutoscaling(QStringLiteral("batch"), QStringLiteral("BatchWorker"), AutoscalingBounds{1, 3});
    auto plan = planFor(cluster, changes);
    QVERIFY(plan.ok());
    const OrderedJson &sent = (*appConfig(*plan->putBody, "batch"))["deployments"][0]["autoscaling_config"];
    OrderedJson expected =
        cluster.document["applications"]["batch"]["deployed_app_config"]["deployments"][0]["autoscaling_config"];
    expected["min_replicas"] = 1;
    expected["max_replicas"] = 3;
    QCOMPARE(QString::fromStdString(sent.dump()), QString::fromStdString(expected.dump()));
    QCOMPARE(plan->preview[0].before, QStringLiteral("0..4"));
    QCOMPARE(plan->preview[0].after, QStringLiteral("1..3"));
}

void TestChangePlanner::fixedCountReplacesAutoscaling()
{
    const Cluster cluster = clusterFrom(demoDocument());
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("batch"), QStringLiteral("BatchWorker"), 2);
    auto plan = planFor(cluster, changes);
    QVERIFY(plan.ok());
    const OrderedJson &sent = (*appConfig(*plan->putBody, "batch"))["deployments"][0];
    QVERIFY(!sent.contains("autoscaling_config")); // Ray takes one or the other
    QCOMPARE(sent["num_replicas"], OrderedJson(2));
    QVERIFY(sent.contains("ray_actor_options"));
}

void TestChangePlanner::conflictWhenTouchedAppChanged()
{
    const Cluster before = clusterFrom(demoDocument());
    OrderedJson changed = demoDocument();
    changed["applications"]["llm"]["deployed_app_config"]["deployments"][0]["num_replicas"] = 4;
    const Cluster after = clusterFrom(changed);
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);
    auto plan = planFor(after, changes, {}, &before);
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().kind, RayErrorKind::Conflict);
    QVERIFY2(plan.error().message.contains(QStringLiteral("'llm'")), qPrintable(plan.error().message));
    QVERIFY2(plan.error().message.contains(QStringLiteral("num_replicas: 2 → 4")), qPrintable(plan.error().message));
}

void TestChangePlanner::otherAppsChangesAreCarriedNotOverwritten()
{
    const Cluster before = clusterFrom(demoDocument());
    OrderedJson changed = demoDocument();
    changed["applications"]["embedder"]["deployed_app_config"]["deployments"][0]["num_replicas"] = 1;
    const Cluster after = clusterFrom(changed);
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);
    auto plan = planFor(after, changes, {}, &before);
    QVERIFY(plan.ok());
    QCOMPARE((*appConfig(*plan->putBody, "embedder"))["deployments"][0]["num_replicas"], OrderedJson(1));
}

void TestChangePlanner::conflictWhenTouchedAppRemoved()
{
    const Cluster before = clusterFrom(demoDocument());
    OrderedJson changed = demoDocument();
    changed["applications"].erase("gateway");
    const Cluster after = clusterFrom(changed);
    ChangeSet changes;
    changes.park(QStringLiteral("gateway"));
    auto plan = planFor(after, changes, {}, &before);
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().kind, RayErrorKind::Conflict);
    QVERIFY(plan.error().message.contains(QStringLiteral("removed")));
}

void TestChangePlanner::unparkPutsExactConfigBack()
{
    OrderedJson document = demoDocument();
    const std::string storedConfig = document["applications"]["embedder"]["deployed_app_config"].dump();
    document["applications"].erase("embedder");
    const Cluster cluster = clusterFrom(document);
    const std::vector<ParkedApp> parked{
        {QStringLiteral("embedder"), QByteArray::fromStdString(storedConfig), "{}", QDateTime::currentDateTimeUtc()}};
    ChangeSet changes;
    changes.unpark(QStringLiteral("embedder"));
    auto plan = planFor(cluster, changes, parked);
    QVERIFY2(plan.ok(), qPrintable(plan ? QString() : plan.error().describe()));
    QCOMPARE(QString::fromStdString(appConfig(*plan->putBody, "embedder")->dump()),
             QString::fromStdString(storedConfig));
    QCOMPARE(plan->putBody->at("applications").size(), cluster.document["applications"].size() + 1);
    QCOMPARE(plan->unparks, QStringList{QStringLiteral("embedder")});
}

void TestChangePlanner::unparkConflictsWithSameNamedApp()
{
    const Cluster cluster = clusterFrom(demoDocument()); // embedder is live again
    const std::vector<ParkedApp> parked{
        {QStringLiteral("embedder"), "{\"name\":\"embedder\"}", "{}", QDateTime::currentDateTimeUtc()}};
    ChangeSet changes;
    changes.unpark(QStringLiteral("embedder"));
    auto plan = planFor(cluster, changes, parked);
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().kind, RayErrorKind::Conflict);
}

void TestChangePlanner::invalidEdits_data()
{
    QTest::addColumn<QString>("app");
    QTest::addColumn<QString>("deployment");
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown app") << "nope"
                                 << "X" << 1 << "no application 'nope'";
    QTest::newRow("unknown deployment") << "llm"
                                        << "Nope" << 1 << "has no deployment 'Nope'";
    QTest::newRow("negative") << "llm"
                              << "LLM" << -1 << "0 or more";
}

void TestChangePlanner::invalidEdits()
{
    QFETCH(QString, app);
    QFETCH(QString, deployment);
    QFETCH(int, replicas);
    QFETCH(QString, expected);
    const Cluster cluster = clusterFrom(demoDocument());
    ChangeSet changes;
    changes.setReplicas(app, deployment, replicas);
    auto plan = planFor(cluster, changes);
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().kind, RayErrorKind::InvalidChange);
    QVERIFY2(plan.error().message.contains(expected), qPrintable(plan.error().message));
}

void TestChangePlanner::deletingAppsAreNotResurrected()
{
    OrderedJson document = demoDocument();
    document["applications"]["gateway"]["status"] = "DELETING";
    const Cluster cluster = clusterFrom(document);
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    auto plan = planFor(cluster, changes);
    QVERIFY(plan.ok());
    QVERIFY(!appConfig(*plan->putBody, "gateway"));
}

// Right after an unpark or a `serve deploy`, Ray echoes the app's config for some seconds before it lists
// any of its deployments. Found by the property test: a scale in that window was refused as "has no
// deployment", although the deployment is in the config that was just deployed.
void TestChangePlanner::appStillDeployingIsScaledFromItsConfig()
{
    const OrderedJson document = embedderStillDeploying();
    const Cluster cluster = clusterFrom(document);
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Embedder"), 1);
    auto plan = planFor(cluster, changes);
    QVERIFY2(plan.ok(), qPrintable(plan ? QString() : plan.error().describe()));
    const OrderedJson *sent = appConfig(*plan->putBody, "embedder");
    QVERIFY(sent);
    OrderedJson expected = document["applications"]["embedder"]["deployed_app_config"];
    expected["deployments"][0]["num_replicas"] = 1;
    QCOMPARE(QString::fromStdString(sent->dump()), QString::fromStdString(expected.dump()));
    QCOMPARE(plan->preview.size(), size_t(1));
    QCOMPARE(plan->preview[0].before, QStringLiteral("2")); // from the config: Ray reports no target yet
}

void TestChangePlanner::deploymentNotListedYetSaysSo()
{
    const OrderedJson document = embedderStillDeploying();
    const Cluster cluster = clusterFrom(document);
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("embedder"), QStringLiteral("Other"), 1);
    auto plan = planFor(cluster, changes);
    QVERIFY(!plan.ok());
    QCOMPARE(plan.error().kind, RayErrorKind::InvalidChange);
    QVERIFY2(plan.error().message.contains(QStringLiteral("lists no deployments of 'embedder' yet")),
             qPrintable(plan.error().message));
}

QTEST_GUILESS_MAIN(TestChangePlanner)
#include "test_changeplanner.moc"
