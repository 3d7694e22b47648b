// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The Cost tab's figures through a controller (fetchCostOverview) against the real API on a recorded day
// (apicostday.h): the same overview as loadCostOverview reads from the controller's store itself (today, week,
// month, the chart's window, its series and leases, the prices, last week's actual and the coming week's
// projection), and a failing call named in the overview's error with the rest still there.
#include "apicostday.h"
#include "controllercost.h"

#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
CostOverview fetched(ControllerClient &client, const CostOverviewRequest &request)
{
    std::optional<CostOverview> overview;
    QObject receiver;
    fetchCostOverview(client, request, &receiver, [&](CostOverview value) { overview = std::move(value); });
    if (!QTest::qWaitFor([&] { return overview.has_value(); }, 20000)) {
        CostOverview none;
        none.error = QStringLiteral("the test gave up waiting");
        return none;
    }
    return *overview;
}

void compareReports(const CostReport &through, const CostReport &local)
{
    QCOMPARE(through.fromUtc, local.fromUtc);
    QCOMPARE(through.toUtc, local.toUtc);
    QCOMPARE(through.gpuHours, local.gpuHours);
    QCOMPARE(through.cost, local.cost);
    QCOMPARE(through.alwaysOnCost, local.alwaysOnCost);
    QCOMPARE(through.savedCost, local.savedCost);
    QCOMPARE(through.capacityGpuHours, local.capacityGpuHours);
}
} // namespace

class TestControllerCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theOverviewIsTheControllersOwn_data();
    void theOverviewIsTheControllersOwn();
    void aFailedCallIsNamedAndTheRestKept();
    void pricesAndAlwaysOnAreWrittenBack();

private:
    CostOverviewRequest request(CostWindow window) const
    {
        CostOverviewRequest asked;
        asked.serial = 7;
        asked.clusterKey = m_bench->controller.key;
        asked.window = window;
        asked.nowUtc = kCostNow;
        return asked;
    }
    std::unique_ptr<ControllerClient> client(const QByteArray &token)
    {
        return std::make_unique<ControllerClient>(&m_network, QUrl(m_bench->base.chopped(int(qstrlen("/api/v1/")))),
                                                  token, QStringLiteral("tok"));
    }

    QNetworkAccessManager m_network;
    ManualClock m_clock{kCostNow};
    std::unique_ptr<ApiBench> m_bench;
};

void TestControllerCost::initTestCase()
{
    m_bench = std::make_unique<ApiBench>(&m_clock);
    const QString failed = m_bench->setUp(QStringLiteral("tz UTC\ndefault 2\ndrift keep\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString recorded = recordCostDay(*m_bench);
    QVERIFY2(recorded.isEmpty(), qPrintable(recorded));
}

void TestControllerCost::theOverviewIsTheControllersOwn_data()
{
    QTest::addColumn<CostWindow>("window");
    QTest::newRow("day") << CostWindow::Day;
    QTest::newRow("week") << CostWindow::Week;
}

void TestControllerCost::theOverviewIsTheControllersOwn()
{
    QFETCH(CostWindow, window);
    auto bob = client(kBobToken); // a viewer reads it all
    const CostOverview through = fetched(*bob, request(window));
    QVERIFY2(through.error.isEmpty(), qPrintable(through.error));
    ScheduleStore schedules(m_bench->controller.dir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(schedules.open().ok());
    const CostOverview local = loadCostOverview(request(window), *m_bench->history, *m_bench->prices, schedules);
    QVERIFY2(local.error.isEmpty(), qPrintable(local.error));

    QCOMPARE(through.serial, quint64(7));
    QCOMPARE(through.windowFromUtc, local.windowFromUtc);
    compareReports(through.today, local.today);
    compareReports(through.week, local.week);
    compareReports(through.month, local.month);
    compareReports(through.inWindow, local.inWindow);
    QVERIFY(through.inWindow.gpuHours > 0); // the recorded day, not two empty reports
    QCOMPARE(through.prices, local.prices);
    QCOMPARE(through.alwaysOn, local.alwaysOn);
    QCOMPARE(through.bucketMs, local.bucketMs);
    QCOMPARE(through.series.size(), local.series.size());
    for (size_t i = 0; i < local.series.size(); ++i) {
        QCOMPARE(through.series[i].name, local.series[i].name);
        QCOMPARE(through.series[i].points.size(), local.series[i].points.size());
    }
    QCOMPARE(through.windowHeld.size(), local.windowHeld.size());
    for (const auto &[deployment, held] : local.windowHeld) {
        QVERIFY(through.windowHeld.count(deployment));
        QCOMPARE(through.windowHeld.at(deployment), held);
    }
    QCOMPARE(through.activeLeases.size(), local.activeLeases.size());
    // The projection line: the coming week under the controller's schedules (GET projection) and last week's
    // actual (GET cost), as the local store gives them.
    QVERIFY(local.hasProjection);
    QCOMPARE(through.hasProjection, local.hasProjection);
    QCOMPARE(through.projectedGpuHours, local.projectedGpuHours);
    QCOMPARE(through.projectedCost, local.projectedCost);
    QCOMPARE(through.projectedAlwaysOnGpuHours, local.projectedAlwaysOnGpuHours);
    QVERIFY(local.lastWeekGpuHours > 0); // the recorded Sunday is last week's
    QCOMPARE(through.lastWeekGpuHours, local.lastWeekGpuHours);
    QCOMPARE(through.lastWeekCost, local.lastWeekCost);
}

void TestControllerCost::aFailedCallIsNamedAndTheRestKept()
{
    auto stranger = client("not-a-known-token-0000000");
    const CostOverview through = fetched(*stranger, request(CostWindow::Day));
    QVERIFY2(through.error.contains(QStringLiteral("today: ")) && through.error.contains(QStringLiteral("usage: ")),
             qPrintable(through.error));
    QVERIFY2(!through.error.contains(QStringLiteral("not-a-known")), qPrintable(through.error));
    QCOMPARE(through.windowFromUtc, kCostNow.addSecs(-costWindowSecs(CostWindow::Day)));
}

void TestControllerCost::pricesAndAlwaysOnAreWrittenBack()
{
    auto alice = client(kAliceToken);
    PriceList prices;
    prices.currency = QStringLiteral("EUR");
    prices.gpuHour = 3.25;
    prices.gpuHourByAccelerator[QStringLiteral("L4")] = 1.5;
    std::optional<Result<ControllerReply, ControllerError>> put;
    QObject receiver;
    alice->call("PUT", QStringLiteral("prices"), {}, pricesBody(prices), &receiver,
                [&](Result<ControllerReply, ControllerError> answer) { put = std::move(answer); });
    QTRY_VERIFY(put.has_value());
    QVERIFY2(put->ok(), qPrintable(put->ok() ? QString() : put->error().message));
    auto stored = m_bench->prices->prices(m_bench->controller.key);
    QVERIFY(stored.ok());
    QCOMPARE(stored->gpuHour, 3.25);
    QCOMPARE(stored->gpuHourByAccelerator.at(QStringLiteral("L4")), 1.5);
}

QTEST_GUILESS_MAIN(TestControllerCost)
#include "test_controllercost.moc"
