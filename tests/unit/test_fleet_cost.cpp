// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A fleet member's spend and savings today and this month (FleetCostReader): a dashboard member's from this
// machine's real history store, written with a few leases today, earlier this month and last month, on an injected
// clock, against figures worked out by hand; one without history is unavailable and says why; a controller member's
// from a real controller API in-process (ApiBench, its own store) equal to the local report of that store, and a
// controller refusing the token or not answering names why, while the other members' costs still come. The same
// for the chart's rolling windows (readWindows): each window's figures are those of the leases inside it, a switch of
// window reads again, and a controller's window is read through its API.
#include "apicostday.h"
#include "fleetcostreader.h"
#include "localperiods.h"
#include "storedcost.h"

#include <QTcpServer>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// Local wall-clock instants, so "today" and "this month" are the machine's whatever its zone.
QDateTime localAt(int month, int day, int hour)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, 0)).toUTC();
}

const QDateTime kNow = localAt(12, 15, 12);
const QString kKey = QStringLiteral("http://127.0.0.1:8265");

// One snapshot at `at`, starting and ending the leases that start or end then; `held` are those running after it.
QString recordAt(HistoryStore &history, const QDateTime &at, const std::vector<GpuLease> &started,
                 const std::vector<GpuLease> &ended, const std::vector<GpuLease> &held)
{
    LeaseTracker::Update update;
    update.started = started;
    update.ended = ended;
    auto recorded = history.record(kKey, snapshotHolding(at, held), update);
    return recorded ? QString() : recorded.error().describe();
}

// A history store and a price store on one temporary file: where a dashboard member's cost is read from.
struct LocalStores {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("store.sqlite"));
    HistoryStore history{path};
    PriceStore prices{path};
    bool open() { return history.open().ok() && prices.open().ok(); }
};

// Last month (4 GPUs, 00:00-02:00 on 20 November), the 3rd of this month (2 GPUs, 08:00-10:00), and today since 06:00
// (1 GPU, still running), at $2 a GPU-hour.
QString recordThreeLeases(HistoryStore &history, const QString &path)
{
    const GpuLease old = testLease(QStringLiteral("n1"), QStringLiteral("old"), QStringLiteral("Old"), 4,
                                   localAt(11, 20, 0), localAt(11, 20, 2));
    const GpuLease train = testLease(QStringLiteral("a1"), QStringLiteral("batch"), QStringLiteral("Train"), 2,
                                     localAt(12, 3, 8), localAt(12, 3, 10));
    const GpuLease llm =
        testLease(QStringLiteral("b1"), QStringLiteral("llm"), QStringLiteral("LLM"), 1, localAt(12, 15, 6));
    QString error;
    for (const GpuLease &lease : {old, train}) {
        GpuLease open = lease;
        open.endUtc = {};
        error += recordAt(history, lease.startUtc, {open}, {}, {lease});
        error += recordAt(history, lease.endUtc, {}, {lease}, {});
    }
    error += recordAt(history, llm.startUtc, {llm}, {}, {llm});
    error += recordAt(history, kNow.addSecs(-60), {}, {}, {llm});
    return error + storeGpuHourPrice(path, kKey, QStringLiteral("USD"), 2.0);
}

FleetMember dashboardMember(const QString &name, const QString &url)
{
    FleetMember member;
    member.name = name;
    member.url = QUrl(url);
    return member;
}

FleetMember controllerMember(const QString &name, const QString &url, const QByteArray &token)
{
    FleetMember member;
    member.name = name;
    member.kind = FleetMember::Kind::Controller;
    member.url = QUrl(url);
    member.token = token;
    return member;
}

// Every member's first cost, by index, waited for (fewer when some never came: the caller's at() fails).
std::map<int, FleetCostPtr> firstCosts(FleetCostReader &reader, int members)
{
    std::map<int, FleetCostPtr> costs;
    QObject::connect(&reader, &FleetCostReader::costChanged, &reader,
                     [&costs](int index, const FleetCostPtr &cost) { costs.emplace(index, cost); });
    reader.start();
    if (!QTest::qWaitFor([&] { return static_cast<int>(costs.size()) == members; }, 15000))
        qWarning("only %d of %d members' costs came within 15 s", int(costs.size()), members);
    return costs;
}
} // namespace

class TestFleetCost : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dashboardMemberFromThisMachinesHistory();
    void dashboardMemberWithoutHistory();
    void controllerMemberFromItsApi();
    void windowsFromThisMachinesHistory();
    void controllerWindowFromItsApi();
    void failingControllerSaysWhyAndDelaysNobody();
};

void TestFleetCost::dashboardMemberFromThisMachinesHistory()
{
    LocalStores stores;
    QVERIFY(stores.open());
    QCOMPARE(recordThreeLeases(stores.history, stores.path), QString());

    ManualClock clock(kNow);
    FleetCostOptions options;
    options.interval = std::chrono::milliseconds(200);
    FleetCostReader reader({dashboardMember(QStringLiteral("lab"), kKey + QStringLiteral("/"))}, &stores.history,
                           &stores.prices, &clock, options);
    const std::map<int, FleetCostPtr> costs = firstCosts(reader, 1);
    QCOMPARE(costs.size(), size_t(1));
    const FleetCostPtr cost = costs.at(0);
    QVERIFY2(cost->known(), qPrintable(cost->unavailable));
    QVERIFY(cost->priced);
    QCOMPARE(cost->readAtUtc, kNow);
    // Today: LLM's 6 GPU-hours at $2; always on, its 1 GPU for the 12 hours since midnight: $24, $12 saved.
    QCOMPARE(cost->today.currency, QStringLiteral("USD"));
    QCOMPARE(cost->today.gpuHours, 6.0);
    QCOMPARE(cost->today.cost, 12.0);
    QCOMPARE(cost->today.savedCost, 12.0);
    // This month (348 hours since the 1st): Train's 4 and LLM's 6 GPU-hours, $20; always on 2 + 1 GPUs for 348 h,
    // $2,088: $2,068 saved. Last month's lease is not in it.
    QCOMPARE(cost->month.gpuHours, 10.0);
    QCOMPARE(cost->month.cost, 20.0);
    QCOMPARE(cost->month.savedCost, 2068.0);
    QCOMPARE(cost->month.deployments.size(), size_t(2));

    // Read again at its interval, with the clock moved on: a new cost, an hour more of LLM.
    QSignalSpy changed(&reader, &FleetCostReader::costChanged);
    clock.advanceSecs(3600);
    QVERIFY(changed.wait(5000));
    const FleetCostPtr later = changed.at(0).at(1).value<FleetCostPtr>();
    QCOMPARE(later->readAtUtc, kNow.addSecs(3600));
    QCOMPARE(later->today.gpuHours, 7.0);
}

void TestFleetCost::dashboardMemberWithoutHistory()
{
    LocalStores stores;
    QVERIFY(stores.open());
    ManualClock clock(kNow);
    FleetCostReader reader({dashboardMember(QStringLiteral("elsewhere"), QStringLiteral("http://10.0.0.9:8265"))},
                           &stores.history, &stores.prices, &clock);
    const std::map<int, FleetCostPtr> costs = firstCosts(reader, 1);
    QCOMPARE(costs.size(), size_t(1));
    const FleetCostPtr cost = costs.at(0);
    QVERIFY(!cost->known());
    QVERIFY2(cost->unavailable.contains(QStringLiteral("no history recorded on this machine")),
             qPrintable(cost->unavailable));
    QVERIFY(cost->unavailable.contains(QStringLiteral("http://10.0.0.9:8265")));
}

void TestFleetCost::controllerMemberFromItsApi()
{
    ManualClock clock(kCostNow.addSecs(-2 * 3600)); // 22:00 UTC on the recorded day: some of it is "today" anywhere
    ApiBench bench(&clock);
    QCOMPARE(bench.setUp(QString()), QString());
    QCOMPARE(recordCostDay(bench), QString());
    const QString url = bench.base.section(QStringLiteral("/api/v1/"), 0, 0);
    FleetCostReader reader({controllerMember(QStringLiteral("prod"), url, kBobToken)}, nullptr, nullptr, &clock);
    const std::map<int, FleetCostPtr> costs = firstCosts(reader, 1);
    QCOMPARE(costs.size(), size_t(1));
    const FleetCostPtr cost = costs.at(0);
    QVERIFY2(cost->known(), qPrintable(cost->unavailable));
    QVERIFY(cost->priced);
    QCOMPARE(cost->month.currency, QStringLiteral("EUR"));
    QVERIFY(cost->month.cost > 0);

    // The controller's figures are its store's, as `scaledeckctl cost` reads them there.
    const QString path = bench.controller.dir.filePath(QStringLiteral("store.sqlite"));
    HistoryStore history(path);
    PriceStore prices(path);
    for (const auto &[from, report] : {std::pair{startOfLocalMonth(clock.nowUtc()), cost->month},
                                       std::pair{startOfLocalDay(clock.nowUtc()), cost->today}}) {
        auto local = readStoredCost(history, prices, bench.controller.key, from, clock.nowUtc());
        QVERIFY(local.ok());
        QCOMPARE(report.gpuHours, local->report.gpuHours);
        QCOMPARE(report.cost, local->report.cost);
        QCOMPARE(report.savedCost, local->report.savedCost);
    }
}

// Each window's figures are those of the leases inside [now - window, now); asking another window reads again, and a
// repeated window is read again at the interval with the clock moved on.
void TestFleetCost::windowsFromThisMachinesHistory()
{
    LocalStores stores;
    QVERIFY(stores.open());
    QCOMPARE(recordThreeLeases(stores.history, stores.path), QString());
    ManualClock clock(kNow);
    FleetCostOptions options;
    options.interval = std::chrono::milliseconds(200);
    FleetCostReader reader({dashboardMember(QStringLiteral("lab"), kKey)}, &stores.history, &stores.prices, &clock,
                           options);
    QSignalSpy changed(&reader, &FleetCostReader::windowCostChanged);
    const auto windowCost = [&](CostWindow window, bool repeat) -> FleetWindowCostPtr {
        changed.clear();
        reader.readWindows(window, repeat);
        if (!changed.wait(5000))
            return nullptr;
        return changed.at(0).at(1).value<FleetWindowCostPtr>();
    };
    // By hand: the last hour, LLM's 1 GPU-hour; 24 h and 7 d, its 6 since 06:00; 30 d (from 15 November noon), the
    // three leases: 8 + 4 + 6 GPU-hours. At $2 a GPU-hour.
    const std::pair<CostWindow, double> expected[] = {
        {CostWindow::Hour, 1.0}, {CostWindow::Day, 6.0}, {CostWindow::Week, 6.0}, {CostWindow::Month, 18.0}};
    for (const auto &[window, gpuHours] : expected) {
        const FleetWindowCostPtr cost = windowCost(window, false);
        QVERIFY(cost);
        QVERIFY2(cost->known(), qPrintable(cost->unavailable));
        QVERIFY(cost->priced);
        QCOMPARE(cost->window, window);
        QCOMPARE(cost->readAtUtc, kNow);
        QCOMPARE(cost->fromUtc, kNow.addSecs(-costWindowSecs(window)));
        QCOMPARE(cost->report.gpuHours, gpuHours);
        QCOMPARE(cost->report.cost, 2 * gpuHours);
        // The same as the Cost tab's store reads over that window.
        auto local = readStoredCost(stores.history, stores.prices, kKey, cost->fromUtc, kNow);
        QVERIFY(local.ok());
        QCOMPARE(cost->report.gpuHours, local->report.gpuHours);
        QCOMPARE(cost->report.savedCost, local->report.savedCost);
    }

    // Repeated while running: read again at the interval, an hour later an hour more of LLM in the last 24 h.
    reader.start();
    const FleetWindowCostPtr first = windowCost(CostWindow::Day, true);
    QVERIFY(first);
    QCOMPARE(first->report.gpuHours, 6.0);
    changed.clear();
    clock.advanceSecs(3600);
    QTRY_VERIFY_WITH_TIMEOUT(
        !changed.isEmpty() && changed.last().at(1).value<FleetWindowCostPtr>()->readAtUtc == kNow.addSecs(3600), 5000);
    QCOMPARE(changed.last().at(1).value<FleetWindowCostPtr>()->report.gpuHours, 7.0);
    reader.stop();

    FleetCostReader nowhere({dashboardMember(QStringLiteral("elsewhere"), QStringLiteral("http://10.0.0.9:8265"))},
                            &stores.history, &stores.prices, &clock);
    QSignalSpy missing(&nowhere, &FleetCostReader::windowCostChanged);
    nowhere.readWindows(CostWindow::Week, false);
    QVERIFY(missing.wait(5000));
    const FleetWindowCostPtr none = missing.at(0).at(1).value<FleetWindowCostPtr>();
    QVERIFY(!none->known());
    QVERIFY2(none->unavailable.contains(QStringLiteral("no history recorded on this machine")),
             qPrintable(none->unavailable));
}

// A controller member's window through its real API (GET cost?from=&to=), equal to its store's report of that
// window; another window is another read.
void TestFleetCost::controllerWindowFromItsApi()
{
    ManualClock clock(kCostNow.addSecs(-2 * 3600));
    ApiBench bench(&clock);
    QCOMPARE(bench.setUp(QString()), QString());
    QCOMPARE(recordCostDay(bench), QString());
    const QString url = bench.base.section(QStringLiteral("/api/v1/"), 0, 0);
    FleetCostReader reader({controllerMember(QStringLiteral("prod"), url, kBobToken)}, nullptr, nullptr, &clock);
    QSignalSpy changed(&reader, &FleetCostReader::windowCostChanged);
    const QString path = bench.controller.dir.filePath(QStringLiteral("store.sqlite"));
    HistoryStore history(path);
    PriceStore prices(path);
    double lastHours = -1;
    for (CostWindow window : {CostWindow::Hour, CostWindow::Day}) {
        changed.clear();
        reader.readWindows(window, false);
        QVERIFY(changed.wait(10000));
        const FleetWindowCostPtr cost = changed.at(0).at(1).value<FleetWindowCostPtr>();
        QVERIFY2(cost->known(), qPrintable(cost->unavailable));
        QCOMPARE(cost->window, window);
        QVERIFY(cost->priced);
        QCOMPARE(cost->report.currency, QStringLiteral("EUR"));
        auto local = readStoredCost(history, prices, bench.controller.key, cost->fromUtc, clock.nowUtc());
        QVERIFY(local.ok());
        QCOMPARE(cost->report.gpuHours, local->report.gpuHours);
        QCOMPARE(cost->report.cost, local->report.cost);
        QCOMPARE(cost->report.savedCost, local->report.savedCost);
        QVERIFY(cost->report.gpuHours != lastHours); // the day holds more than its last hour
        lastHours = cost->report.gpuHours;
    }
}

void TestFleetCost::failingControllerSaysWhyAndDelaysNobody()
{
    ManualClock clock(kCostNow);
    ApiBench bench(&clock);
    QCOMPARE(bench.setUp(QString()), QString());
    const QString url = bench.base.section(QStringLiteral("/api/v1/"), 0, 0);
    QTcpServer silent; // accepts and never answers: its read times out
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    LocalStores stores;
    QVERIFY(stores.open());
    FleetCostOptions options;
    options.timeout = std::chrono::seconds(5);
    FleetCostReader reader({controllerMember(QStringLiteral("silent"),
                                             QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()), "t"),
                            controllerMember(QStringLiteral("refusing"), url, "not-a-user-token-0000000000"),
                            dashboardMember(QStringLiteral("lab"), kKey)},
                           &stores.history, &stores.prices, &clock, options);
    QElapsedTimer started;
    started.start();
    std::map<int, qint64> answeredMs;
    connect(&reader, &FleetCostReader::costChanged, this,
            [&](int index, const FleetCostPtr &) { answeredMs.emplace(index, started.elapsed()); });
    const std::map<int, FleetCostPtr> costs = firstCosts(reader, 3);
    QCOMPARE(costs.size(), size_t(3));
    QVERIFY(!costs.at(1)->known());
    QVERIFY2(costs.at(1)->unavailable.contains(QStringLiteral("controller's history")),
             qPrintable(costs.at(1)->unavailable));
    QVERIFY(!costs.at(0)->known());
    QVERIFY2(costs.at(0)->unavailable.contains(QStringLiteral("controller's history")),
             qPrintable(costs.at(0)->unavailable));
    // The silent controller's timeout held back neither the refusing one's answer nor the local read.
    QVERIFY(answeredMs.at(1) < answeredMs.at(0));
    QVERIFY(answeredMs.at(2) < answeredMs.at(0));

    // The chart's window: the refusing controller says why, the same way.
    QSignalSpy windows(&reader, &FleetCostReader::windowCostChanged);
    reader.readWindows(CostWindow::Day, false);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(windows.cbegin(), windows.cend(),
                                         [](const QList<QVariant> &args) { return args.at(0).toInt() == 1; }),
                             5000);
    for (const QList<QVariant> &args : windows) {
        if (args.at(0).toInt() != 1)
            continue;
        const FleetWindowCostPtr cost = args.at(1).value<FleetWindowCostPtr>();
        QVERIFY(!cost->known());
        QVERIFY2(cost->unavailable.contains(QStringLiteral("controller's history (last 24 h)")),
                 qPrintable(cost->unavailable));
    }
}

QTEST_GUILESS_MAIN(TestFleetCost)
#include "test_fleet_cost.moc"
