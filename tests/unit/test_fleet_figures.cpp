// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A fleet row's figures from one snapshot (Ray's own JSON, captured from a real cluster), and how a row's state
// follows its polls: answering, unreachable, auth refused, stale with the last good figures.
#include "fixtures.h"
#include "fleetfigures.h"
#include "fleetfixtures.h"
#include "fleetpolloptions.h"
#include "fleetrow.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;
using namespace std::chrono_literals;

namespace {
// Ray's answer with a replica of LLM waiting for a GPU (STARTING, no node), on the demo's one node of 4 GPUs, and
// `parked` apps from the store.
SnapshotPtr pendingSnapshot(const std::vector<ParkedApp> &parked = {})
{
    auto serve = readServeState(readFixture(QStringLiteral("applications_llm3_gpu_pending.json")));
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    if (!serve || !nodes)
        qFatal("the fixtures do not parse");
    return buildSnapshot(QStringLiteral("2.60.0"), serve.value(), nodes.value(), parked,
                         QDateTime::fromString(QStringLiteral("2026-12-01T10:00:00Z"), Qt::ISODate));
}

const QDateTime kNoon = QDateTime::fromString(QStringLiteral("2026-12-01T12:00:00Z"), Qt::ISODate);
} // namespace

class TestFleetFigures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsFromRaysAnswer();
    void parkedAppsCountedApart();
    void costNeedsAPrice();
    void stateFollowsThePolls();
    void refusedTokenIsAuthRefused_data();
    void refusedTokenIsAuthRefused();
    void memberThatCannotBeAskedIsUnreachableAtOnce();
    void backoffDoublesToTheCap();
};

void TestFleetFigures::countsFromRaysAnswer()
{
    const FleetFigures figures = fleetFiguresOf(*pendingSnapshot(), std::nullopt);
    QCOMPARE(figures.rayVersion, std::optional<QString>(QStringLiteral("2.60.0")));
    QCOMPARE(figures.deployments, 7);
    QCOMPARE(figures.replicasRunning, 8); // LLM 2 of 3, the others as many as their target
    QCOMPARE(figures.replicasTarget, 9);
    QCOMPARE(figures.deploymentsPending, 1);     // LLM: upscaling, one short
    QCOMPARE(figures.deploymentsUnplaceable, 1); // ... because its third replica has no node
    QCOMPARE(figures.replicasUnplaceable, 1);
    QCOMPARE(figures.gpusHeld, 3.5); // LLM 2 x 1, Embedder 2 x 0.5, Scaled 1 x 0.5; the waiting replica holds none
    QCOMPARE(figures.gpusTotal, 4.0);
    QCOMPARE(figures.parkedApps, 0);
}

void TestFleetFigures::parkedAppsCountedApart()
{
    const ParkedApp parked{QStringLiteral("archive"), QByteArrayLiteral("{\"name\": \"archive\"}"), QByteArray(),
                           kNoon};
    const FleetFigures figures = fleetFiguresOf(*pendingSnapshot({parked}), std::nullopt);
    QCOMPARE(figures.parkedApps, 1);
    QCOMPARE(figures.deployments, 7); // a parked app's deployments are not in the cluster
}

void TestFleetFigures::costNeedsAPrice()
{
    QCOMPARE(fleetFiguresOf(*pendingSnapshot(), std::nullopt).costPerHour, std::nullopt);
    // The store's answer for a cluster without a row: no price is known, which is not "free".
    QCOMPARE(fleetFiguresOf(*pendingSnapshot(), PriceList{}).costPerHour, std::nullopt);
    PriceList prices;
    prices.currency = QStringLiteral("EUR");
    prices.gpuHour = 2.0;
    const FleetFigures figures = fleetFiguresOf(*pendingSnapshot(), prices);
    QCOMPARE(figures.costPerHour, std::optional<double>(7.0)); // 3.5 GPUs held x 2
    QCOMPARE(figures.currency, QStringLiteral("EUR"));
}

void TestFleetFigures::stateFollowsThePolls()
{
    FleetMember member =
        memberOf(QStringLiteral("lab"), FleetMember::Kind::Dashboard, QStringLiteral("http://lab:8265"));
    FleetRow row = firstRowOf(member);
    QCOMPARE(row.state, FleetState::Waiting);
    QCOMPARE(fleetStateName(row.state), QStringLiteral("waiting"));

    const RayError refused = makeError(RayErrorKind::Unreachable, QStringLiteral("connection refused"));
    row = rowAfter(row, refused, kNoon);
    QCOMPARE(row.state, FleetState::Unreachable); // nothing to show from before
    QVERIFY(!row.figures);
    QCOMPARE(row.failuresInARow, 1);

    const SnapshotPtr snapshot = pendingSnapshot();
    const FleetFigures figures = fleetFiguresOf(*snapshot, std::nullopt);
    row = rowAfter(row, FleetReading{figures, std::nullopt, snapshot}, kNoon);
    QCOMPARE(row.state, FleetState::Answering);
    QVERIFY(row.reachable());
    QVERIFY(!row.error);
    QCOMPARE(row.failuresInARow, 0);
    QCOMPARE(row.answeredAt, kNoon);

    row = rowAfter(row, makeError(RayErrorKind::Timeout, QStringLiteral("no answer")), kNoon.addSecs(5));
    QCOMPARE(row.state, FleetState::Stale);
    QCOMPARE(fleetStateName(row.state), QStringLiteral("stale"));
    QCOMPARE(row.figures, std::optional<FleetFigures>(figures)); // the last good ones
    QCOMPARE(row.snapshot, snapshot);                            // and what they were counted from
    QCOMPARE(row.staleSince(), kNoon);
    QCOMPARE(row.error->kind, RayErrorKind::Timeout);
}

void TestFleetFigures::refusedTokenIsAuthRefused_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("refused");
    QTest::newRow("ray 401") << int(RayErrorKind::Unauthorized) << 401 << true;
    QTest::newRow("ray 403") << int(RayErrorKind::Forbidden) << 403 << true;
    QTest::newRow("controller 401") << int(RayErrorKind::Controller) << 401 << true;
    QTest::newRow("controller 503") << int(RayErrorKind::Controller) << 503 << false;
    QTest::newRow("server error") << int(RayErrorKind::ServerError) << 500 << false;
}

void TestFleetFigures::refusedTokenIsAuthRefused()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(bool, refused);
    FleetMember member =
        memberOf(QStringLiteral("lab"), FleetMember::Kind::Dashboard, QStringLiteral("http://lab:8265"));
    const RayError error{RayErrorKind(kind), status, QStringLiteral("no")};
    const FleetRow row = rowAfter(firstRowOf(member), error, kNoon);
    QCOMPARE(row.state, refused ? FleetState::AuthRefused : FleetState::Unreachable);
    if (refused)
        QCOMPARE(fleetStateName(row.state), QStringLiteral("auth refused"));
}

void TestFleetFigures::memberThatCannotBeAskedIsUnreachableAtOnce()
{
    FleetMember member =
        memberOf(QStringLiteral("lab"), FleetMember::Kind::Controller, QStringLiteral("http://lab:8270"));
    member.setupError = makeError(RayErrorKind::BadSetting, QStringLiteral("chmod 600 tok"));
    const FleetRow row = firstRowOf(member);
    QCOMPARE(row.state, FleetState::Unreachable);
    QCOMPARE(row.error->message, QStringLiteral("chmod 600 tok"));
    QCOMPARE(row.address, QStringLiteral("controller+http://lab:8270"));
}

void TestFleetFigures::backoffDoublesToTheCap()
{
    const FleetPollOptions options{5000ms, 60000ms, 10000ms};
    QCOMPARE(nextPollDelay(0, options), 5000ms);
    QCOMPARE(nextPollDelay(1, options), 10000ms);
    QCOMPARE(nextPollDelay(2, options), 20000ms);
    QCOMPARE(nextPollDelay(3, options), 40000ms);
    QCOMPARE(nextPollDelay(4, options), 60000ms);
    QCOMPARE(nextPollDelay(1000, options), 60000ms); // no overflow however long it is down
}

QTEST_GUILESS_MAIN(TestFleetFigures)
#include "test_fleet_figures.moc"
