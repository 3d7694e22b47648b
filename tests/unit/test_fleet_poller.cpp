// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The fleet's poller against scripted HTTP stand-ins (decision and error paths only; the real clusters are the
// integration test's): a silent member does not delay another, failures back off, an answer after failures is
// "answering" again, a failure after an answer keeps the figures as stale, and a controller member is read
// through its API. Also the one-shot read of every member (scaledeckctl fleet).
#include "clock.h"
#include "fixtures.h"
#include "fleetfixtures.h"
#include "fleetonce.h"
#include "fleetpoller.h"
#include "scriptedhttpserver.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"
#include "snapshotwire.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;
using namespace std::chrono_literals;

namespace {
const QDateTime kStart = QDateTime::fromString(QStringLiteral("2026-12-01T12:00:00Z"), Qt::ISODate);

void serveRay(ScriptedHttpServer &server)
{
    server.answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    server.answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    server.answer("/api/serve/applications/", {200, readFixture(QStringLiteral("applications_llm3_gpu_pending.json"))});
}

void failRay(ScriptedHttpServer &server, int status)
{
    for (const char *path : {"/api/ray/version", "/api/v0/nodes", "/api/serve/applications/"})
        server.answer(path, {status, QByteArrayLiteral("{\"detail\": \"no\"}")});
}

void silence(ScriptedHttpServer &server)
{
    for (const char *path : {"/api/ray/version", "/api/v0/nodes", "/api/serve/applications/"})
        server.answer(path, {200, {}, "application/json", true});
}

FleetMember dashboard(const QString &name, const ScriptedHttpServer &server)
{
    return memberOf(name, FleetMember::Kind::Dashboard, server.url());
}
} // namespace

class TestFleetPoller : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void silentMemberDoesNotDelayAnother();
    void failuresBackOff();
    void answerAfterFailuresIsAnswering();
    void failureAfterAnswerIsStale();
    void controllerMemberReadThroughItsApi();
    void onceReadsEveryMemberAtOnce();
};

void TestFleetPoller::silentMemberDoesNotDelayAnother()
{
    ScriptedHttpServer fast, silent;
    serveRay(fast);
    silence(silent);
    ManualClock clock(kStart);
    FleetPoller poller({dashboard(QStringLiteral("fast"), fast), dashboard(QStringLiteral("silent"), silent)}, {},
                       &clock, FleetPollOptions{100ms, 400ms, 1500ms});
    QElapsedTimer elapsed;
    elapsed.start();
    poller.start();
    // The fast member answers, and is asked again and answers again, while the silent one still has not answered
    // (its timeout is 1.5 s, and a timed-out GET is tried once more).
    QTRY_VERIFY_WITH_TIMEOUT(poller.rows()[0].reachable() && fast.countRequests("GET") >= 6, 1400);
    QVERIFY2(elapsed.elapsed() < 1500, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(poller.rows()[1].state, FleetState::Waiting);
    QCOMPARE(poller.rows()[0].figures->deployments, 7);
    // And the silent one ends in its own timeout, as its own row.
    QTRY_COMPARE_WITH_TIMEOUT(poller.rows()[1].state, FleetState::Unreachable, 15000);
    QCOMPARE(poller.rows()[1].error->kind, RayErrorKind::Timeout);
    QVERIFY(poller.rows()[0].reachable());
}

void TestFleetPoller::failuresBackOff()
{
    ScriptedHttpServer refusing;
    failRay(refusing, 401); // not transient: no retry inside a poll, so the gaps are the poller's alone
    ManualClock clock(kStart);
    FleetPoller poller({dashboard(QStringLiteral("refusing"), refusing)}, {}, &clock,
                       FleetPollOptions{100ms, 400ms, 5000ms});
    QElapsedTimer elapsed;
    std::vector<qint64> failedAt;
    connect(&poller, &FleetPoller::rowChanged, this, [&](int, const FleetRow &row) {
        QCOMPARE(row.state, FleetState::AuthRefused);
        failedAt.push_back(elapsed.elapsed());
    });
    elapsed.start();
    poller.start();
    QTRY_VERIFY_WITH_TIMEOUT(failedAt.size() >= 5, 10000);
    poller.stop();
    // After 1, 2, 3, 4 failures: 200, 400, then the cap 400 (timers may fire up to 5 % early).
    const qint64 least[] = {190, 380, 380, 380};
    for (int gap = 0; gap < 4; ++gap) {
        const qint64 waited = failedAt[gap + 1] - failedAt[gap];
        QVERIFY2(waited >= least[gap], qPrintable(QStringLiteral("gap %1: %2 ms").arg(gap).arg(waited)));
        QVERIFY2(waited < 3000, qPrintable(QStringLiteral("gap %1: %2 ms").arg(gap).arg(waited)));
    }
    QCOMPARE(poller.rows()[0].failuresInARow, static_cast<int>(failedAt.size()));
}

void TestFleetPoller::answerAfterFailuresIsAnswering()
{
    ScriptedHttpServer server;
    failRay(server, 404);
    ManualClock clock(kStart);
    FleetPoller poller({dashboard(QStringLiteral("lab"), server)}, {}, &clock, FleetPollOptions{50ms, 200ms, 5000ms});
    poller.start();
    QTRY_COMPARE_WITH_TIMEOUT(poller.rows()[0].state, FleetState::Unreachable, 5000);
    serveRay(server);
    QTRY_COMPARE_WITH_TIMEOUT(poller.rows()[0].state, FleetState::Answering, 5000);
    QCOMPARE(poller.rows()[0].failuresInARow, 0);
    QVERIFY(!poller.rows()[0].error);
}

void TestFleetPoller::failureAfterAnswerIsStale()
{
    ScriptedHttpServer server;
    serveRay(server);
    ManualClock clock(kStart);
    FleetPoller poller({dashboard(QStringLiteral("lab"), server)}, {}, &clock, FleetPollOptions{50ms, 200ms, 5000ms});
    QSignalSpy changed(&poller, &FleetPoller::rowChanged);
    poller.start();
    QVERIFY(changed.wait(5000));
    QCOMPARE(poller.rows()[0].state, FleetState::Answering);
    poller.stop();
    clock.advanceSecs(60);
    failRay(server, 404);
    poller.start();
    QTRY_COMPARE_WITH_TIMEOUT(poller.rows()[0].state, FleetState::Stale, 5000);
    const FleetRow row = poller.rows()[0];
    QCOMPARE(row.staleSince(), kStart); // the figures are those of the last answer
    QCOMPARE(row.figures->replicasRunning, 8);
    QVERIFY(row.snapshot); // kept with the figures, for the window's fleet search
    QCOMPARE(row.error->kind, RayErrorKind::Rejected);
}

void TestFleetPoller::controllerMemberReadThroughItsApi()
{
    auto serve = readServeState(readFixture(QStringLiteral("applications_llm3_gpu_pending.json")));
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    QVERIFY(serve && nodes);
    const SnapshotPtr snapshot = buildSnapshot(QStringLiteral("2.60.0"), serve.value(), nodes.value(), {}, kStart);
    nlohmann::ordered_json wire = snapshotToWire(*snapshot);
    wire["version"] = 3;
    wire["error"] = nullptr;
    ScriptedHttpServer controller;
    controller.answer("/api/v1/snapshot", {200, QByteArray::fromStdString(wire.dump())});
    controller.answer("/api/v1/health",
                      {200, QByteArrayLiteral(R"({"healthy": true, "lastTickAt": "2026-12-01T11:59:50Z",
        "holdsLock": true, "lockHolder": "head:42", "error": null})")});
    controller.answer("/api/v1/overrides", {200, QByteArrayLiteral(R"({"overrides": [{"target": "llm/LLM"}]})")});
    controller.answer("/api/v1/prices",
                      {200, QByteArrayLiteral(R"({"currency": "USD", "gpuHour": 2, "cpuHour": null})")});
    ManualClock clock(kStart);
    FleetMember member = memberOf(QStringLiteral("team"), FleetMember::Kind::Controller, controller.url(), "tok");
    FleetPoller poller({member}, {}, &clock, FleetPollOptions{1000ms, 4000ms, 5000ms});
    QSignalSpy changed(&poller, &FleetPoller::rowChanged);
    poller.start();
    QVERIFY(changed.wait(5000));
    const FleetRow row = changed.at(0).at(1).value<FleetRow>();
    QVERIFY2(row.reachable(), qPrintable(row.error ? row.error->describe() : QString()));
    QCOMPARE(row.figures->deployments, 7);
    QCOMPARE(row.figures->deploymentsUnplaceable, 1);
    QVERIFY(row.snapshot);
    QCOMPARE(row.snapshot->applications.size(), snapshot->applications.size());
    QCOMPARE(row.figures->costPerHour, std::optional<double>(7.0));
    QVERIFY(row.controller->holdsLock);
    QCOMPARE(row.controller->lockHolder, QStringLiteral("head:42"));
    QCOMPARE(row.controller->activeOverrides, std::optional<int>(1));
    QCOMPARE(row.controller->lastTickAt, QDateTime::fromString(QStringLiteral("2026-12-01T11:59:50Z"), Qt::ISODate));
    QCOMPARE(controller.requests().first().header("Authorization"), QByteArray("Bearer tok"));
}

void TestFleetPoller::onceReadsEveryMemberAtOnce()
{
    ScriptedHttpServer fast, refusing;
    serveRay(fast);
    failRay(refusing, 401);
    FleetMember broken = memberOf(QStringLiteral("broken"), FleetMember::Kind::Dashboard, QStringLiteral("http://x:1"));
    broken.setupError = makeError(RayErrorKind::BadSetting, QStringLiteral("chmod 600 it"));
    ManualClock clock(kStart);
    std::optional<std::vector<FleetRow>> rows;
    QObject owner;
    fetchFleetOnce({dashboard(QStringLiteral("fast"), fast), broken, dashboard(QStringLiteral("refusing"), refusing)},
                   {}, &clock, 5000ms, &owner, [&](std::vector<FleetRow> answered) { rows = std::move(answered); });
    QVERIFY(!rows); // never before it returns
    QTRY_VERIFY_WITH_TIMEOUT(rows.has_value(), 5000);
    QCOMPARE(rows->size(), size_t(3));
    QCOMPARE((*rows)[0].state, FleetState::Answering);
    QCOMPARE((*rows)[0].answeredAt, kStart);
    QCOMPARE((*rows)[1].state, FleetState::Unreachable);
    QCOMPARE((*rows)[1].error->message, QStringLiteral("chmod 600 it"));
    QCOMPARE((*rows)[2].state, FleetState::AuthRefused);
}

QTEST_GUILESS_MAIN(TestFleetPoller)
#include "test_fleet_poller.moc"
