// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Who may call the controller's API: bearer tokens compared in constant time; no or an unknown token is 401 with a
// JSON error and WWW-Authenticate (the token never echoed); a viewer reads but a change is 403 saying which role it
// needs, and nothing changes; an operator changes. Without users: loopback only, every caller a viewer.
#include "apibench.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
const QString kSchedule = QStringLiteral("tz UTC\ndefault 2\ndrift keep\n");
} // namespace

class TestApiAuth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void comparesInConstantTime();
    void authenticatesBearerTokens();
    void refusesCallsWithoutAKnownToken();
    void answersEachRole();
    void refusesAViewersChanges();
    void withoutUsersServesLoopbackReadOnly();
};

void TestApiAuth::comparesInConstantTime()
{
    QVERIFY(ApiAuth::constantTimeEquals("secret-token", "secret-token"));
    QVERIFY(!ApiAuth::constantTimeEquals("secret-token", "secret-tokem"));
    QVERIFY(!ApiAuth::constantTimeEquals("secret-token", "secret-token-longer"));
    QVERIFY(!ApiAuth::constantTimeEquals("secret-token", ""));
    QVERIFY(!ApiAuth::constantTimeEquals("", "x"));
    QVERIFY(ApiAuth::constantTimeEquals("", ""));
}

void TestApiAuth::authenticatesBearerTokens()
{
    const ApiAuth auth({ApiUser{QStringLiteral("alice"), ApiRole::Operator, kAliceToken},
                        ApiUser{QStringLiteral("bob"), ApiRole::Viewer, kBobToken}});
    const auto alice = auth.authenticate("Bearer " + kAliceToken);
    QVERIFY(alice);
    QCOMPARE(alice->name, QStringLiteral("alice"));
    QCOMPARE(alice->role, ApiRole::Operator);
    QCOMPARE(alice->auditName(), QStringLiteral("alice (scaledeckctl API)"));
    QCOMPARE(auth.authenticate("Bearer " + kBobToken)->role, ApiRole::Viewer);
    QVERIFY(!auth.authenticate(QByteArray()));
    QVERIFY(!auth.authenticate("Basic " + kAliceToken));
    QVERIFY(!auth.authenticate("Bearer " + kAliceToken.chopped(1)));
    QVERIFY(!auth.authenticate("Bearer " + kAliceToken + "x"));
    QVERIFY(!auth.authenticate("Bearer "));
}

void TestApiAuth::refusesCallsWithoutAKnownToken()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    for (const QByteArray &token : {QByteArray(), QByteArray("not-a-known-token-at-all")}) {
        ApiTestClient client = bench.client(token);
        const ApiAnswer answer = client.get(QStringLiteral("whoami"));
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.wwwAuthenticate, QByteArrayLiteral("Bearer realm=\"scaledeck\""));
        QCOMPARE(answer.error(), QStringLiteral("missing or unknown bearer token (Authorization: Bearer TOKEN, from "
                                                "the users file)"));
        QVERIFY(token.isEmpty() || !answer.body.contains(token));
    }
}

void TestApiAuth::answersEachRole()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ApiTestClient alice = bench.client(kAliceToken);
    ApiTestClient bob = bench.client(kBobToken);
    ApiAnswer answer = alice.get(QStringLiteral("whoami"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json(), nlohmann::json::parse(R"({"name": "alice", "role": "operator"})"));
    answer = bob.get(QStringLiteral("whoami"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json(), nlohmann::json::parse(R"({"name": "bob", "role": "viewer"})"));
    QCOMPARE(bob.get(QStringLiteral("schedules")).status, 200);
    QCOMPARE(bob.get(QStringLiteral("nothing-here")).status, 404);
}

void TestApiAuth::refusesAViewersChanges()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY2(bench.tick().isEmpty(), "the first tick failed");
    ApiTestClient bob = bench.client(kBobToken);
    ApiAnswer answer = bob.call("PUT", QStringLiteral("schedules/llm/LLM"), "tz UTC\ndefault 0\n");
    QCOMPARE(answer.status, 403);
    QCOMPARE(answer.error(), QStringLiteral("bob is a viewer: a viewer may not change anything (set a schedule); that "
                                            "needs the role operator in the users file"));
    answer = bob.call("POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "replicas": 3})");
    QCOMPARE(answer.status, 403);
    answer = bob.call("DELETE", QStringLiteral("schedules/llm/LLM"));
    QCOMPARE(answer.status, 403);
    // Nothing changed: the stored schedule, the audit log, the queue.
    auto stored = bench.controller.schedules->schedule(bench.controller.key,
                                                       ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")});
    QVERIFY(stored && stored->has_value());
    QCOMPARE((*stored)->text, scheduleToText(*parseScheduleText(kSchedule).schedule));
    auto audit = bench.controller.schedules->audit(bench.controller.key, kStart.addDays(-1));
    QVERIFY(audit);
    QVERIFY(audit->empty());
    QVERIFY(!bench.queue->hasQueued());
    QVERIFY(!bench.queue->request(1));
}

void TestApiAuth::withoutUsersServesLoopbackReadOnly()
{
    ManualClock clock(kStart);
    ApiBench bench(&clock);
    const QString failed = bench.setUp(kSchedule, false);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    ApiTestClient anyone = bench.client({});
    ApiAnswer answer = anyone.get(QStringLiteral("whoami"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.json(), nlohmann::json::parse(R"({"name": "local", "role": "viewer"})"));
    QCOMPARE(anyone.call("PUT", QStringLiteral("schedules/llm/LLM"), "tz UTC\ndefault 0\n").status, 403);

    ControllerApi open(ApiContext{}, ApiAuth({}));
    const auto refused = open.listen(ListenAddress{QHostAddress(QStringLiteral("0.0.0.0")), 0});
    QVERIFY(!refused);
    QCOMPARE(refused.error().message, QStringLiteral("0.0.0.0 is not a loopback address: serving the API there needs "
                                                     "--users FILE (who may call it, with which token)"));
}

QTEST_GUILESS_MAIN(TestApiAuth)
#include "test_apiauth.moc"
