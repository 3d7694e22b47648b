// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The controller's latest cluster snapshot over the API: 503 before the first tick, then version 1, 2, ... one per
// change of what the controller read (not one per tick), in the documented shape; a client long-polling after
// version N gets N+1 when a tick reads a changed cluster (or fails to read it); one whose wait runs out gets the
// short "unchanged" answer with when the controller last read the cluster; health says who holds the lock.
#include "apibench.h"
#include "snapshotwire.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
const QString kSchedule = QStringLiteral("tz UTC\ndefault 2\ndrift keep\n");

// A change of the cluster no schedule acts on: embedder (no schedule) scaled to `replicas`, one of them starting.
void scaleEmbedder(ApiBench &bench, int replicas)
{
    bench.controller.fake.setServeApplications(
        bodyOf(withReplicas(demoDocument(), "embedder", "Embedder", replicas, replicas - 1)));
}
} // namespace

class TestApiSnapshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void servesTheLatestSnapshot();
    void longPollGetsTheNextTicksSnapshot();
    void longPollTimesOutUnchanged();
    void ticksOfTheSameClusterPublishOneVersion();
    void aChangePublishesANewVersion();
    void aFailedReadIsAChange();
    void aClientThatHangsUpIsAnsweredWithNothing();
    void aVersionIsSerializedOnceForAllItsClients();
    void reportsHealth();

private:
    std::unique_ptr<ApiCase> m_case; // each case's controller, API and clock from kStart, with kSchedule stored
};

void TestApiSnapshot::init()
{
    m_case = std::make_unique<ApiCase>(kStart);
    const QString failed = m_case->bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestApiSnapshot::cleanup()
{
    m_case.reset();
}

void TestApiSnapshot::servesTheLatestSnapshot()
{
    ApiBench &bench = m_case->bench;
    ApiTestClient bob = bench.client(kBobToken);
    QCOMPARE(bob.get(QStringLiteral("snapshot")).status, 503);
    const ApiAnswer none = bob.get(QStringLiteral("snapshot?after=0&wait=0"));
    QCOMPARE(none.status, 200);
    QCOMPARE(none.json()["unchanged"], true);
    QCOMPARE(none.json()["version"], 0);
    QVERIFY(none.json()["checkedAt"].is_null());

    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    const ApiAnswer answer = bob.get(QStringLiteral("snapshot"));
    QCOMPARE(answer.status, 200);
    const nlohmann::json json = answer.json();
    QCOMPARE(json["version"], 1);
    QCOMPARE(json["tickAt"], "2026-11-23T12:00:00Z");
    QCOMPARE(json["checkedAt"], "2026-11-23T12:00:00Z");
    QVERIFY(json["error"].is_null());
    // The documented keys, in their order.
    std::vector<std::string> keys;
    for (auto it = json.begin(); it != json.end(); ++it)
        keys.push_back(it.key());
    std::sort(keys.begin(), keys.end()); // nlohmann::json sorts; the order is checked on the raw body below
    QCOMPARE(keys, (std::vector<std::string>{"acceleratorByNode", "applications", "checkedAt", "cpusTotal", "error",
                                             "gpusByAccelerator", "gpusByNode", "gpusHeld", "gpusTotal", "nodesAlive",
                                             "rayVersion", "takenAt", "targetCapacity", "tickAt", "version"}));
    QVERIFY(answer.body.indexOf("\"version\"") < answer.body.indexOf("\"tickAt\""));
    QVERIFY(answer.body.indexOf("\"tickAt\"") < answer.body.indexOf("\"checkedAt\""));
    QVERIFY(answer.body.indexOf("\"checkedAt\"") < answer.body.indexOf("\"error\""));
    QVERIFY(answer.body.indexOf("\"error\"") < answer.body.indexOf("\"applications\""));
    const auto app = std::find_if(json["applications"].begin(), json["applications"].end(),
                                  [](const nlohmann::json &a) { return a["name"] == "llm"; });
    QVERIFY(app != json["applications"].end());
    const nlohmann::json &llm = (*app)["deployments"][0];
    QCOMPARE(llm["name"], "LLM");
    QCOMPARE(llm["targetReplicas"], 2);
    QVERIFY(llm.contains("replicasByState"));
    QVERIFY(llm.contains("autoscaling"));
    QVERIFY(llm["replicas"].is_array());
    // A client reads it back as the controller saw it.
    auto read = snapshotFromWire(json);
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    const ApplicationSnapshot *readLlm = read->findApplication(QStringLiteral("llm"));
    QVERIFY(readLlm);
    QCOMPARE(readLlm->deployments.at(0).targetReplicas, 2);
    QCOMPARE(bob.get(QStringLiteral("snapshot?after=x")).status, 400);
    QCOMPARE(bob.get(QStringLiteral("snapshot?after=0&wait=301")).status, 400);
}

void TestApiSnapshot::longPollGetsTheNextTicksSnapshot()
{
    ApiBench &bench = m_case->bench;
    ManualClock &clock = m_case->clock;
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    ApiTestClient bob = bench.client(kBobToken);
    // Newer than asked: at once.
    ApiAnswer answer = bob.get(QStringLiteral("snapshot?after=0&wait=30"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["version"], 1);

    // Waiting on version 1: answered by the next tick that reads a changed cluster, not before.
    QNetworkReply *waiting = bob.start("GET", QStringLiteral("snapshot?after=1&wait=60"));
    QTRY_COMPARE(bench.api->hub().waiting(), 1);
    QVERIFY(!waiting->isFinished());
    clock.advanceSecs(10);
    scaleEmbedder(bench, 3);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    answer = ApiTestClient::finish(waiting);
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["version"], 2);
    QCOMPARE(answer.json()["tickAt"], "2026-11-23T12:00:10Z");
    QCOMPARE(bench.api->hub().waiting(), 0);
}

// A wait that runs out is answered with the version the client has, "unchanged", and when the controller last read
// the cluster: a tick that read the same cluster moves that time, not the version, and answers no one.
void TestApiSnapshot::longPollTimesOutUnchanged()
{
    ApiBench &bench = m_case->bench;
    ManualClock &clock = m_case->clock;
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    ApiTestClient bob = bench.client(kBobToken);
    std::unique_ptr<QNetworkReply> waiting(bob.start("GET", QStringLiteral("snapshot?after=1&wait=60")));
    QTRY_COMPARE(bench.api->hub().connected(), 1);
    clock.advanceSecs(10);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    QCOMPARE(bench.api->hub().waiting(), 1); // the same cluster: still waiting
    waiting->abort();                        // (its timer is not waited for: a machine's load cannot break this)
    QTRY_COMPARE(bench.api->hub().connected(), 0);
    const ApiAnswer answer = bob.get(QStringLiteral("snapshot?after=1&wait=0.3"));
    QCOMPARE(answer.status, 200);
    QVERIFY2(answer.body.size() < 200, answer.body.constData()); // not the snapshot
    const nlohmann::json json = answer.json();
    QCOMPARE(json["version"], 1);
    QCOMPARE(json["unchanged"], true);
    QCOMPARE(json["checkedAt"], "2026-11-23T12:00:10Z");
    QVERIFY(json["error"].is_null());
    QCOMPARE(bench.api->hub().version(), 1);
    QCOMPARE(bench.api->hub().waiting(), 1); // the aborted one, until its wait runs out
    // Without waiting: the same answer at once.
    QCOMPARE(bob.get(QStringLiteral("snapshot?after=1&wait=0")).json()["unchanged"], true);
}

void TestApiSnapshot::ticksOfTheSameClusterPublishOneVersion()
{
    ApiBench &bench = m_case->bench;
    ManualClock &clock = m_case->clock;
    QSignalSpy published(&bench.api->hub(), &SnapshotHub::published);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    clock.advanceSecs(10);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    QCOMPARE(published.size(), 1);
    QCOMPARE(bench.api->hub().version(), 1);
    // The whole snapshot still says when it was last read: the version's first tick, and the latest read.
    const nlohmann::json json = bench.client(kBobToken).get(QStringLiteral("snapshot")).json();
    QCOMPARE(json["version"], 1);
    QCOMPARE(json["tickAt"], "2026-11-23T12:00:00Z");
    QCOMPARE(json["checkedAt"], "2026-11-23T12:00:10Z");
    // takenAt (the fetch's wall-clock time) is the latest read's too.
    const QString latest =
        bench.api->hub().snapshot()->takenAt.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
    QCOMPARE(QString::fromStdString(json["takenAt"].get<std::string>()), latest);
}

void TestApiSnapshot::aChangePublishesANewVersion()
{
    ApiBench &bench = m_case->bench;
    ManualClock &clock = m_case->clock;
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    clock.advanceSecs(10);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed"); // the same cluster
    clock.advanceSecs(10);
    scaleEmbedder(bench, 3);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    QCOMPARE(bench.api->hub().version(), 2);
    const nlohmann::json json = bench.client(kBobToken).get(QStringLiteral("snapshot?after=1")).json();
    QCOMPARE(json["version"], 2);
    QCOMPARE(json["tickAt"], "2026-11-23T12:00:20Z");
    auto read = snapshotFromWire(json);
    QVERIFY2(read, qPrintable(read ? QString() : read.error().message));
    QCOMPARE(read->findApplication(QStringLiteral("embedder"))->deployments.at(0).targetReplicas, 3);
}

// The controller cannot read the cluster: a new version carries the error (and the last snapshot it read, with when
// it read it); reading it again is a change too.
void TestApiSnapshot::aFailedReadIsAChange()
{
    ApiBench &bench = m_case->bench;
    ManualClock &clock = m_case->clock;
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    ApiTestClient bob = bench.client(kBobToken);
    const nlohmann::json first = bob.get(QStringLiteral("snapshot")).json();
    QNetworkReply *waiting = bob.start("GET", QStringLiteral("snapshot?after=1&wait=60"));
    QTRY_COMPARE(bench.api->hub().waiting(), 1);
    clock.advanceSecs(10);
    bench.controller.fake.enqueue(FakeCall::Applications, FakeAnswer::serverError());
    QVERIFY(!bench.tick().isEmpty());
    ApiAnswer answer = ApiTestClient::finish(waiting);
    QCOMPARE(answer.status, 200);
    nlohmann::json json = answer.json();
    QCOMPARE(json["version"], 2);
    QVERIFY2(json["error"].is_string(), answer.body.left(300).constData());
    QVERIFY(QString::fromStdString(json["error"].get<std::string>()).contains(QStringLiteral("Serve controller")));
    QCOMPARE(json["checkedAt"], "2026-11-23T12:00:00Z"); // the last read that worked
    QCOMPARE(json["takenAt"], first["takenAt"]);
    QCOMPARE(json["applications"], first["applications"]);
    // The same failure again: no new version, and the short answer says the error too.
    clock.advanceSecs(10);
    bench.controller.fake.enqueue(FakeCall::Applications, FakeAnswer::serverError());
    QVERIFY(!bench.tick().isEmpty());
    QCOMPARE(bench.api->hub().version(), 2);
    json = bob.get(QStringLiteral("snapshot?after=2&wait=0")).json();
    QCOMPARE(json["unchanged"], true);
    QVERIFY(json["error"].is_string());
    QCOMPARE(json["checkedAt"], "2026-11-23T12:00:00Z");
    // Read again: the error clears, a change.
    clock.advanceSecs(10);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    QCOMPARE(bench.api->hub().version(), 3);
    json = bob.get(QStringLiteral("snapshot")).json();
    QVERIFY(json["error"].is_null());
    QCOMPARE(json["checkedAt"], "2026-11-23T12:00:30Z");
}

void TestApiSnapshot::aClientThatHangsUpIsAnsweredWithNothing()
{
    ApiBench &bench = m_case->bench;
    ManualClock &clock = m_case->clock;
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    ApiTestClient bob = bench.client(kBobToken);
    std::unique_ptr<QNetworkReply> waiting(bob.start("GET", QStringLiteral("snapshot?after=1&wait=60")));
    QTRY_COMPARE(bench.api->hub().connected(), 1);
    waiting->abort();
    QTRY_COMPARE(bench.api->hub().connected(), 0);
    QCOMPARE(bench.api->hub().waiting(), 1);
    clock.advanceSecs(10);
    scaleEmbedder(bench, 3);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed"); // answers the waiter: nothing is written, nothing breaks
    QCOMPARE(bench.api->hub().waiting(), 0);
    const ApiAnswer answer = bob.get(QStringLiteral("snapshot?after=1&wait=5"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["version"], 2);
}

// Issue 14's fan-out: 50 clients waiting on a snapshot of 1,000 applications were each sent their own
// serialization of it (a few MB each, 50 times per tick); now a version is serialized once, when it is published,
// and its clients, long-polling or not, are sent those same bytes.
void TestApiSnapshot::aVersionIsSerializedOnceForAllItsClients()
{
    ApiBench &bench = m_case->bench;
    ManualClock &clock = m_case->clock;
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    SnapshotHub &hub = bench.api->hub();
    QVERIFY(!hub.current().serialized.isEmpty());
    QCOMPARE(hub.current().serialized.constData(), hub.current().serialized.constData()); // shared, not rebuilt

    ApiTestClient bob = bench.client(kBobToken);
    std::vector<std::unique_ptr<QNetworkReply>> waiting;
    for (int i = 0; i < 3; ++i)
        waiting.emplace_back(bob.start("GET", QStringLiteral("snapshot?after=1&wait=60")));
    QTRY_COMPARE(hub.waiting(), 3);
    clock.advanceSecs(10);
    scaleEmbedder(bench, 3);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    const QByteArray sent = hub.current().serialized;
    QVERIFY(sent.startsWith("{\"version\":2,\"tickAt\":")); // compact, the version first
    for (auto &reply : waiting) {
        const ApiAnswer answer = ApiTestClient::finish(reply.release());
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.body, sent);
    }
    QCOMPARE(bob.get(QStringLiteral("snapshot")).body, sent);
    QCOMPARE(hub.current().serialized.constData(), sent.constData());
}

void TestApiSnapshot::reportsHealth()
{
    ApiBench &bench = m_case->bench;
    ApiTestClient bob = bench.client(kBobToken);
    QCOMPARE(bob.get(QStringLiteral("health")).status, 503);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    const ApiAnswer answer = bob.get(QStringLiteral("health"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["healthy"], true);
    QCOMPARE(answer.json()["holdsLock"], true);
    QCOMPARE(answer.json()["lockHolder"], "test");
    QCOMPARE(answer.json()["snapshotVersion"], 1);
    QCOMPARE(answer.json()["snapshotCheckedAt"], "2026-11-23T12:00:00Z");
}

QTEST_GUILESS_MAIN(TestApiSnapshot)
#include "test_apisnapshot.moc"
