// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Changes of the cluster through the API are applied by the controller in its tick, never beside it: a scale
// answers 202 with a request id, stays pending until the next tick, which sends it to the (fake) cluster and
// audits it naming the operator; requests/ID reports pending, then sent (or failed, with why). Also park and
// unpark's validation, and the parked list. Autoscaling bounds and a count of 0 go through the same planner as the
// window's; a discard of a kept config waits for the tick too, checks the copy is still the one seen (409) and that
// the app runs beside it, and is audited naming the operator.
#include "apibench.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
const QString kSchedule = QStringLiteral("tz UTC\ndefault 2\ndrift keep\n");
} // namespace

class TestApiManualRequests : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aScaleIsAppliedByTheNextTick();
    void aScaleOfAMissingTargetFails();
    void refusesBadRequests();
    void listsParkedApps();
    void aTargetWhoseScheduleCorrectsDriftIsRefused();
    void autoscalingBoundsAreAppliedByTheNextTick();
    void aCountOfZeroGoesThroughThePlanner();
    void refusesBadBoundsAndViewers();
    void discardsAKeptConfigAtTheNextTick();
    void aDiscardOfAnotherCopyIsRefused();
    void theOnlyCopyIsDiscardedOnlyWithForce();
};

void TestApiManualRequests::aScaleIsAppliedByTheNextTick()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(bench.tick().isEmpty(), "the first tick failed");
    const int sentBefore =
        bench.controller.fake.count(FakeCall::PutConfig) + bench.controller.fake.count(FakeCall::Scale);

    ApiTestClient alice = bench.client(kAliceToken);
    ApiAnswer answer = alice.call("POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "replicas": 3})");
    QCOMPARE(answer.status, 202);
    QCOMPARE(answer.json()["id"], 1);
    QCOMPARE(answer.json()["state"], "pending");
    QCOMPARE(answer.json()["location"], "/api/v1/requests/1");
    QCOMPARE(alice.get(QStringLiteral("requests/1")).json()["state"], "pending");
    // Nothing is sent outside a tick.
    QCOMPARE(bench.controller.fake.count(FakeCall::PutConfig) + bench.controller.fake.count(FakeCall::Scale),
             sentBefore);

    QSignalSpy finished(bench.queue.get(), &ManualRequestQueue::requestFinished);
    clock.advanceSecs(10);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    QCOMPARE(finished.size(), 1);
    answer = alice.get(QStringLiteral("requests/1"));
    QCOMPARE(answer.status, 200);
    QVERIFY2(answer.json()["state"] == "sent", answer.body.constData());
    QCOMPARE(answer.json()["requestedBy"], "alice (scaledeckctl API)");
    // The fake cluster got the change: a PUT with LLM at 3, or a scale call.
    const QList<FakeRequest> &requests = bench.controller.fake.requests();
    const bool sent = std::any_of(requests.begin(), requests.end(), [](const FakeRequest &request) {
        if (request.call == FakeCall::Scale)
            return request.app == QStringLiteral("llm") && request.deployment == QStringLiteral("LLM") &&
                   request.replicas == 3;
        return request.call == FakeCall::PutConfig && request.body.contains("\"num_replicas\":3");
    });
    QVERIFY(sent);

    auto audit = bench.controller.schedules->audit(bench.controller.key, kStart.addDays(-1));
    QVERIFY(audit);
    const auto row = std::find_if(audit->begin(), audit->end(),
                                  [](const AuditEntry &entry) { return entry.cause == AuditCause::Operator; });
    QVERIFY(row != audit->end());
    QCOMPARE(row->target, QStringLiteral("llm/LLM"));
    QCOMPARE(row->before, QStringLiteral("2"));
    QCOMPARE(row->after, QStringLiteral("3"));
    QCOMPARE(row->result, AuditResult::Sent);
    QCOMPARE(row->holder, QStringLiteral("alice (scaledeckctl API)"));
}

void TestApiManualRequests::aScaleOfAMissingTargetFails()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ApiTestClient alice = bench.client(kAliceToken);
    QCOMPARE(alice.call("POST", QStringLiteral("scale"), R"({"target": "llm/Nope", "replicas": 3})").status, 202);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    const ApiAnswer answer = alice.get(QStringLiteral("requests/1"));
    QCOMPARE(answer.json()["state"], "failed");
    QCOMPARE(answer.json()["detail"], "llm/Nope is not on the cluster");
    QCOMPARE(alice.get(QStringLiteral("requests/2")).status, 404);
}

void TestApiManualRequests::refusesBadRequests()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ApiTestClient alice = bench.client(kAliceToken);
    QCOMPARE(alice.call("POST", QStringLiteral("scale"), "not json").status, 400);
    QCOMPARE(alice.call("POST", QStringLiteral("scale"), R"({"target": "llm", "replicas": 3})").status, 400);
    QCOMPARE(alice.call("POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "replicas": -1})").status, 400);
    QCOMPARE(alice.call("POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "replicas": 1001})").status, 400);
    QCOMPARE(alice.call("POST", QStringLiteral("park"), R"({"app": ""})").status, 400);
    QCOMPARE(alice.call("GET", QStringLiteral("scale")).status, 405);
    QVERIFY(!bench.queue->hasQueued());
    const ApiAnswer answer = alice.call("POST", QStringLiteral("unpark"), R"({"app": "llm"})");
    QCOMPARE(answer.status, 202);
    QCOMPARE(answer.json()["action"], "unpark");
    QCOMPARE(answer.json()["target"], "llm");
}

void TestApiManualRequests::listsParkedApps()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY(bench.controller.parked->save(bench.controller.key,
                                          ParkedApp{QStringLiteral("old"), "{}", "{}", kStart.addSecs(-3600)}));
    ApiTestClient bob = bench.client(kBobToken);
    const ApiAnswer answer = bob.get(QStringLiteral("parked"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json()["parked"].size(), size_t(1));
    QCOMPARE(answer.json()["parked"][0]["name"], "old");
    QCOMPARE(answer.json()["parked"][0]["parkedAt"], "2026-11-23T11:00:00Z");
}

QTEST_GUILESS_MAIN(TestApiManualRequests)
void TestApiManualRequests::aTargetWhoseScheduleCorrectsDriftIsRefused()
{
    // Sent, the scale would be put back at the next tick; and a second one within two minutes would read as a
    // fight with "another controller or tool". Refused up front with what holds instead.
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(QStringLiteral("tz UTC\ndefault 2\ndrift correct\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(bench.tick().isEmpty(), "the first tick failed");

    ApiTestClient alice = bench.client(kAliceToken);
    const ApiAnswer answer = alice.call("POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "replicas": 3})");
    QCOMPARE(answer.status, 409);
    const QString error = QString::fromStdString(answer.json()["error"].get<std::string>());
    QVERIFY2(error.contains(QStringLiteral("drift correct")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("/api/v1/overrides/llm/LLM")), qPrintable(error));
    QCOMPARE(alice.get(QStringLiteral("requests/1")).status, 404); // nothing was queued
}

namespace {
std::optional<AuditEntry> operatorRow(ApiBench &bench, const QString &target)
{
    auto audit = bench.controller.schedules->audit(bench.controller.key, kStart.addDays(-1));
    if (!audit)
        return std::nullopt;
    for (const AuditEntry &entry : *audit)
        if (entry.cause == AuditCause::Operator && entry.target == target)
            return entry;
    return std::nullopt;
}
} // namespace

void TestApiManualRequests::autoscalingBoundsAreAppliedByTheNextTick()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(bench.tick().isEmpty(), "the first tick failed");
    ApiTestClient alice = bench.client(kAliceToken);
    ApiAnswer answer =
        alice.call("POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "autoscaling": {"min": 1, "max": 4}})");
    QVERIFY2(answer.status == 202, answer.body.constData());
    QCOMPARE(answer.json()["autoscaling"]["min"], 1);
    QCOMPARE(answer.json()["autoscaling"]["max"], 4);
    QVERIFY(answer.json()["replicas"].is_null());
    clock.advanceSecs(10);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    answer = alice.get(QStringLiteral("requests/1"));
    QVERIFY2(answer.json()["state"] == "sent", answer.body.constData());
    // The planner's PUT: autoscaling_config with the bounds, and no num_replicas beside it.
    const QList<FakeRequest> &requests = bench.controller.fake.requests();
    const auto put = std::find_if(requests.rbegin(), requests.rend(),
                                  [](const FakeRequest &request) { return request.call == FakeCall::PutConfig; });
    QVERIFY(put != requests.rend());
    QVERIFY2(put->body.contains("\"min_replicas\":1") && put->body.contains("\"max_replicas\":4"),
             put->body.constData());
    const std::optional<AuditEntry> row = operatorRow(bench, QStringLiteral("llm/LLM"));
    QVERIFY(row);
    QCOMPARE(row->after, QStringLiteral("autoscaling 1..4"));
    QCOMPARE(row->result, AuditResult::Sent);
    QCOMPARE(row->holder, QStringLiteral("alice (scaledeckctl API)"));
}

void TestApiManualRequests::aCountOfZeroGoesThroughThePlanner()
{
    // Ray's schema refuses num_replicas 0: for an app without an external scaler the planner parks the app, as
    // the window's 0 does.
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(bench.tick().isEmpty(), "the first tick failed");
    ApiTestClient alice = bench.client(kAliceToken);
    QCOMPARE(alice.call("POST", QStringLiteral("scale"), R"({"target": "embedder/Embedder", "replicas": 0})").status,
             202);
    clock.advanceSecs(10);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    const ApiAnswer answer = alice.get(QStringLiteral("requests/1"));
    QVERIFY2(answer.json()["state"] == "sent", answer.body.constData());
    auto parked = bench.controller.parked->list(bench.controller.key);
    QVERIFY(parked);
    QVERIFY(std::any_of(parked->begin(), parked->end(),
                        [](const ParkedApp &app) { return app.name == QStringLiteral("embedder"); }));
    const std::optional<AuditEntry> row = operatorRow(bench, QStringLiteral("embedder/Embedder"));
    QVERIFY(row);
    QCOMPARE(row->after, QStringLiteral("0"));
}

void TestApiManualRequests::refusesBadBoundsAndViewers()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ApiTestClient alice = bench.client(kAliceToken);
    for (const char *body :
         {R"({"target": "llm/LLM", "autoscaling": {"min": 4, "max": 1}})",
          R"({"target": "llm/LLM", "autoscaling": {"min": -1, "max": 1}})",
          R"({"target": "llm/LLM", "autoscaling": {"min": 0, "max": 0}})",
          R"({"target": "llm/LLM", "autoscaling": {"min": 1, "max": 1001}})",
          R"({"target": "llm/LLM", "autoscaling": {"min": 1}})", R"({"target": "llm/LLM", "autoscaling": [1, 2]})",
          R"({"target": "llm/LLM", "replicas": 2, "autoscaling": {"min": 1, "max": 2}})", R"({"target": "llm/LLM"})"}) {
        const ApiAnswer answer = alice.call("POST", QStringLiteral("scale"), body);
        QVERIFY2(answer.status == 400, body);
    }
    const ApiAnswer minAboveMax =
        alice.call("POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "autoscaling": {"min": 4, "max": 1}})");
    QCOMPARE(minAboveMax.json()["error"], "\"autoscaling\": min 4 is above max 1");
    ApiTestClient bob = bench.client(kBobToken);
    QCOMPARE(bob.call("POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "autoscaling": {"min": 1, "max": 2}})")
                 .status,
             403);
    QVERIFY(bench.controller.parked->save(bench.controller.key,
                                          ParkedApp{QStringLiteral("old"), "{}", "{}", kStart.addSecs(-3600)}));
    QCOMPARE(bob.call("DELETE", QStringLiteral("parked/old?storedAt=2026-11-23T11:00:00.000Z")).status, 403);
    QCOMPARE(alice.call("DELETE", QStringLiteral("parked/old")).status, 400); // no storedAt
    QCOMPARE(alice.call("DELETE", QStringLiteral("parked/nope?storedAt=2026-11-23T11:00:00.000Z")).status, 404);
    QVERIFY(!bench.queue->hasQueued());
}

void TestApiManualRequests::discardsAKeptConfigAtTheNextTick()
{
    // llm runs, and a copy of its config is kept beside it (a park whose outcome was unknown).
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QDateTime storedAt = kStart.addSecs(-3600).addMSecs(250);
    QVERIFY(
        bench.controller.parked->save(bench.controller.key, ParkedApp{QStringLiteral("llm"), "{}", "{}", storedAt}));
    QVERIFY2(bench.tick().isEmpty(), "the first tick failed");
    ApiTestClient alice = bench.client(kAliceToken);
    const ApiAnswer listed = alice.get(QStringLiteral("parked"));
    QCOMPARE(listed.json()["parked"][0]["storedAt"], "2026-11-23T11:00:00.250Z");
    ApiAnswer answer = alice.call("DELETE", QStringLiteral("parked/llm?storedAt=2026-11-23T11:00:00.250Z"));
    QVERIFY2(answer.status == 202, answer.body.constData());
    QCOMPARE(answer.json()["action"], "discard");
    QCOMPARE(answer.json()["state"], "pending");
    QCOMPARE(bench.controller.parked->list(bench.controller.key)->size(), size_t(1)); // not outside a tick
    clock.advanceSecs(10);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    answer = alice.get(QStringLiteral("requests/1"));
    QVERIFY2(answer.json()["state"] == "sent", answer.body.constData());
    QVERIFY(bench.controller.parked->list(bench.controller.key)->empty());
    const std::optional<AuditEntry> row = operatorRow(bench, QStringLiteral("llm"));
    QVERIFY(row);
    QCOMPARE(row->after, QStringLiteral("discarded"));
    QCOMPARE(row->result, AuditResult::Sent);
    QCOMPARE(row->holder, QStringLiteral("alice (scaledeckctl API)"));
}

void TestApiManualRequests::aDiscardOfAnotherCopyIsRefused()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY(bench.controller.parked->save(bench.controller.key,
                                          ParkedApp{QStringLiteral("llm"), "{}", "{}", kStart.addSecs(-60)}));
    ApiTestClient alice = bench.client(kAliceToken);
    // The client saw the copy stored an hour ago; the one there now was stored since.
    const ApiAnswer answer = alice.call("DELETE", QStringLiteral("parked/llm?storedAt=2026-11-23T11:00:00.000Z"));
    QCOMPARE(answer.status, 409);
    QVERIFY(!bench.queue->hasQueued());
    QCOMPARE(bench.controller.parked->list(bench.controller.key)->size(), size_t(1));
}

void TestApiManualRequests::theOnlyCopyIsDiscardedOnlyWithForce()
{
    // "old" is not in the cluster: its stored config is its only copy.
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY(bench.controller.parked->save(bench.controller.key,
                                          ParkedApp{QStringLiteral("old"), "{}", "{}", kStart.addSecs(-3600)}));
    QVERIFY2(bench.tick().isEmpty(), "the first tick failed");
    ApiTestClient alice = bench.client(kAliceToken);
    QCOMPARE(alice.call("DELETE", QStringLiteral("parked/old?storedAt=2026-11-23T11:00:00.000Z")).status, 202);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    ApiAnswer answer = alice.get(QStringLiteral("requests/1"));
    QVERIFY2(answer.json()["state"] == "failed", answer.body.constData());
    QVERIFY2(answer.body.contains("only copy"), answer.body.constData());
    QCOMPARE(bench.controller.parked->list(bench.controller.key)->size(), size_t(1));
    QCOMPARE(alice.call("DELETE", QStringLiteral("parked/old?storedAt=2026-11-23T11:00:00.000Z&force=1")).status, 202);
    QVERIFY2(bench.tick().isEmpty(), "the tick failed");
    answer = alice.get(QStringLiteral("requests/2"));
    QVERIFY2(answer.json()["state"] == "sent", answer.body.constData());
    QVERIFY(bench.controller.parked->list(bench.controller.key)->empty());
}

#include "test_apimanualrequests.moc"
