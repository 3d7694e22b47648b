// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The controller API's snapshot format, both ways: a snapshot read from real Ray payloads (tests/fixtures) comes
// back whole through its JSON text, an older controller's body (without the keys added later) still reads, keys a
// newer one adds are skipped, and a wrong or missing field is an error that names it by its path.
#include "fixtures.h"
#include "servestatereader.h"
#include "snapshotparser.h"
#include "snapshotwire.h"

#include <QtTest>

using namespace scaledeck;

namespace {
ClusterSnapshot fixtureSnapshot()
{
    ClusterSnapshot snapshot;
    auto serve = readServeState(readFixture(QStringLiteral("applications_llm3_gpu_pending.json")));
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes_accelerators.json")));
    if (!serve || !nodes)
        qFatal("fixtures do not parse");
    snapshot.applications = serve->applications;
    snapshot.targetCapacity = serve->targetCapacity;
    snapshot.gpusTotal = nodes->gpusTotal;
    snapshot.cpusTotal = nodes->cpusTotal;
    snapshot.nodesAlive = nodes->nodesAlive;
    snapshot.gpusByAccelerator = nodes->gpusByAccelerator;
    snapshot.acceleratorByNode = nodes->acceleratorByNode;
    snapshot.gpusByNode = nodes->gpusByNode;
    snapshot.rayVersion = QStringLiteral("2.60.0");
    snapshot.takenAt = QDateTime(QDate(2026, 12, 5), QTime(3, 0, 0, 250), Qt::UTC);
    return snapshot;
}

nlohmann::json throughText(const ClusterSnapshot &snapshot)
{
    return nlohmann::json::parse(snapshotToWire(snapshot).dump());
}

QString errorOf(const nlohmann::json &wire)
{
    auto read = snapshotFromWire(wire);
    return read ? QString() : read.error().message;
}
} // namespace

class TestSnapshotWire : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRealSnapshotComesBackWhole();
    void anOlderControllersBodyStillReads();
    void unknownKeysAreSkipped();
    void aBadFieldIsNamedByItsPath_data();
    void aBadFieldIsNamedByItsPath();
    void theDeployedConfigIsNeverSent();
};

void TestSnapshotWire::aRealSnapshotComesBackWhole()
{
    const ClusterSnapshot sent = fixtureSnapshot();
    QVERIFY(!sent.applications.empty());
    QVERIFY(!sent.acceleratorByNode.empty());
    auto read = snapshotFromWire(throughText(sent));
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    const ClusterSnapshot &got = *read;
    QCOMPARE(got.takenAt, sent.takenAt);
    QCOMPARE(got.rayVersion, sent.rayVersion);
    QCOMPARE(got.nodesAlive, sent.nodesAlive);
    QCOMPARE(got.gpusTotal, sent.gpusTotal);
    QCOMPARE(got.cpusTotal, sent.cpusTotal);
    QCOMPARE(got.targetCapacity, sent.targetCapacity);
    QVERIFY(got.gpusByAccelerator == sent.gpusByAccelerator);
    QVERIFY(got.acceleratorByNode == sent.acceleratorByNode);
    QVERIFY(got.gpusByNode == sent.gpusByNode);
    QCOMPARE(got.applications.size(), sent.applications.size());
    for (size_t i = 0; i < sent.applications.size(); ++i) {
        const ApplicationSnapshot &a = sent.applications[i];
        const ApplicationSnapshot &b = got.applications[i];
        QCOMPARE(b.name, a.name);
        QCOMPARE(b.status, a.status);
        QCOMPARE(b.message, a.message);
        QCOMPARE(b.source, a.source);
        QCOMPARE(b.routePrefix, a.routePrefix);
        QCOMPARE(b.parked, a.parked);
        QCOMPARE(b.externalScalerEnabled, a.externalScalerEnabled);
        QVERIFY2(b.deployments == a.deployments, qPrintable(a.name)); // every field, replicas included
    }
    QCOMPARE(got.gpusHeld(), sent.gpusHeld());
}

void TestSnapshotWire::anOlderControllersBodyStillReads()
{
    // The first API (before the wire format) sent neither the node maps nor placed/startTimeS/gpusHeld.
    nlohmann::json wire = throughText(fixtureSnapshot());
    for (const char *key : {"gpusByAccelerator", "acceleratorByNode", "gpusByNode"})
        wire.erase(key);
    for (auto &app : wire["applications"]) {
        app.erase("externalScalerEnabled");
        app.erase("keptConfig");
        app.erase("keptConfigAt");
        for (auto &deployment : app["deployments"]) {
            deployment.erase("statusTrigger");
            deployment.erase("gpusHeld");
            for (auto &replica : deployment["replicas"]) {
                replica.erase("placed");
                replica.erase("startTimeS");
            }
        }
    }
    auto read = snapshotFromWire(wire);
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    // What a deployment holds is worked out from its placed replicas, as the Serve reader does.
    QCOMPARE(read->gpusHeld(), fixtureSnapshot().gpusHeld());
    QVERIFY(read->gpusByNode.empty());
}

void TestSnapshotWire::unknownKeysAreSkipped()
{
    nlohmann::json wire = throughText(fixtureSnapshot());
    wire["somethingNew"] = {{"a", 1}};
    wire["applications"][0]["alsoNew"] = "x";
    QVERIFY(snapshotFromWire(wire));
}

void TestSnapshotWire::aBadFieldIsNamedByItsPath_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value"); // JSON text; empty: the key is removed
    QTest::addColumn<QString>("expected");
    QTest::newRow("not an object") << QString() << QStringLiteral("[1]")
                                   << QStringLiteral("the snapshot is not a JSON object");
    QTest::newRow("nodes missing") << QStringLiteral("/nodesAlive") << QString()
                                   << QStringLiteral("nodesAlive is missing");
    QTest::newRow("apps not array") << QStringLiteral("/applications") << QStringLiteral("{}")
                                    << QStringLiteral("applications is not an array");
    QTest::newRow("target text") << QStringLiteral("/applications/1/deployments/0/targetReplicas")
                                 << QStringLiteral("\"2\"")
                                 << QStringLiteral(
                                        "applications[1].deployments[0].targetReplicas is not a whole number");
    QTest::newRow("replica id") << QStringLiteral("/applications/1/deployments/0/replicas/0/id") << QStringLiteral("7")
                                << QStringLiteral("applications[1].deployments[0].replicas[0].id is not a string");
    QTest::newRow("by state") << QStringLiteral("/applications/1/deployments/0/replicasByState/RUNNING")
                              << QStringLiteral("1.5")
                              << QStringLiteral("applications[1].deployments[0].replicasByState.RUNNING is not a whole "
                                                "number");
    QTest::newRow("taken at") << QStringLiteral("/takenAt") << QStringLiteral("\"yesterday\"")
                              << QStringLiteral("takenAt is not an ISO 8601 time: yesterday");
    QTest::newRow("node map") << QStringLiteral("/gpusByNode") << QStringLiteral("{\"n1\": \"four\"}")
                              << QStringLiteral("gpusByNode.n1 is not a number");
}

void TestSnapshotWire::aBadFieldIsNamedByItsPath()
{
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, expected);
    nlohmann::json wire = throughText(fixtureSnapshot());
    QVERIFY2(wire["applications"].size() >= 2 && !wire["applications"][1]["deployments"][0]["replicas"].empty(),
             "the fixture needs a second application with a replica");
    if (pointer.isEmpty()) {
        wire = nlohmann::json::parse(value.toStdString());
    } else {
        const nlohmann::json::json_pointer at(pointer.toStdString());
        if (value.isEmpty())
            wire[at.parent_pointer()].erase(at.back());
        else
            wire[at] = nlohmann::json::parse(value.toStdString());
    }
    const QString error = errorOf(wire);
    QCOMPARE(error, QStringLiteral("the controller's snapshot cannot be read: ") + expected);
}

void TestSnapshotWire::theDeployedConfigIsNeverSent()
{
    ClusterSnapshot snapshot = fixtureSnapshot();
    QVERIFY(std::any_of(snapshot.applications.begin(), snapshot.applications.end(),
                        [](const ApplicationSnapshot &app) { return app.deployedConfig != nullptr; }));
    const std::string text = snapshotToWire(snapshot).dump();
    QVERIFY(text.find("runtime_env") == std::string::npos);
    QVERIFY(text.find("import_path") == std::string::npos);
}

QTEST_GUILESS_MAIN(TestSnapshotWire)
#include "test_snapshotwire.moc"
