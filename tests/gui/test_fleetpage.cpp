// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costfixtures.h"
#include "errorbanner.h"
#include "fixturesnapshots.h"
#include "fleetcostchart.h"
#include "fleetcostchartdata.h"
#include "fleetdeploymentcsv.h"
#include "fleetmatchmodel.h"
#include "fleetmodel.h"
#include "fleetpage.h"
#include "fleetpagelink.h"
#include "fleetrows.h"
#include "fleetsession.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "profilestore.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace scaledeck;
using namespace scaledeck::test;

namespace {
FleetRow unreachable(const QString &name)
{
    FleetRow row;
    row.name = name;
    row.state = FleetState::Unreachable;
    row.error = makeError(RayErrorKind::Unreachable, QStringLiteral("connection refused"));
    return row;
}

// east: llm's LLM waits for a GPU (unplaceable); west: embedder parked; gone: never answered.
std::vector<FleetRow> threeClusters()
{
    return {
        answeringWith(QStringLiteral("east"), fixtureSnapshot(QStringLiteral("applications_llm3_gpu_pending.json"))),
        answeringWith(QStringLiteral("west"),
                      fixtureSnapshot(QStringLiteral("applications_llm1_embedder_parked.json"), {parkedEmbedder()})),
        unreachable(QStringLiteral("gone"))};
}

// "cluster app deployment state" a match.
QStringList matchTexts(const FleetMatchModel &model)
{
    QStringList texts;
    for (const FleetMatch &match : model.matches())
        texts << QStringList{match.cluster, match.app, match.deployment, match.state}.join(QLatin1Char(' '));
    return texts;
}

DeploymentCost deploymentCost(const QString &app, const QString &deployment, double gpuHours, double cost,
                              double alwaysOnCost)
{
    DeploymentCost row;
    row.app = app;
    row.deployment = deployment;
    row.gpuHours = gpuHours;
    row.cost = cost;
    row.alwaysOnCost = alwaysOnCost;
    return row;
}

const QDateTime kWindowEnd = QDateTime(QDate(2026, 12, 15), QTime(12, 0), Qt::UTC);

// A window ending 15 December, noon UTC, of a cluster whose deployments held GPUs.
FleetWindowCostPtr windowWith(CostWindow window, std::vector<DeploymentCost> deployments, bool priced = true)
{
    auto cost = std::make_shared<FleetWindowCost>(fleetWindowOf(window, kWindowEnd));
    cost->priced = priced;
    cost->report.currency = QStringLiteral("EUR");
    cost->report.fromUtc = cost->fromUtc;
    cost->report.toUtc = kWindowEnd;
    cost->report.deployments = std::move(deployments);
    return cost;
}

void saveProfile(ProfileStore &store, const QString &name)
{
    ConnectionProfile profile;
    profile.name = name;
    profile.address = QStringLiteral("http://127.0.0.1:9");   // the discard port: nothing listens, refused at once
    profile.tokenFile = QStringLiteral("/nonexistent/token"); // an unreadable token file is its row's error
    store.save(profile);
}
} // namespace

class TestFleetPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void filterFindsDeploymentsAndStatesAcrossClusters();
    void filterKeepsUpWithALargeFleet();
    void tableExportsAsCsvInItsShownOrderWithTheTotals();
    void deploymentCostsAsCsv();
    void deploymentCostsExportFromThePage();
    void sessionReadsEachMembersCostFromTheStore();
    void costChartStacksWhatEachClustersHistorySays();
    void costChartWindowIsRemembered();
    void costChartLabelsKeepSmallFiguresApart();
    void activatingAClusterAsksToOpenIt();
    void activatingAMatchAsksToOpenItsCluster();
    void twoProfilesShowTheFleetFirst();
    void oneProfileShowsTheCluster();
    void openingFromTheFleetConnectsTheProfile();
};

void TestFleetPage::filterFindsDeploymentsAndStatesAcrossClusters()
{
    FleetPage page;
    QAbstractItemModelTester tester(page.matchModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    page.setRows(threeClusters());
    page.show();
    QVERIFY(!page.matchesView()->isVisible()); // nothing looked for yet

    page.filterBox()->setText(QStringLiteral("embedder"));
    QTRY_COMPARE(matchTexts(*page.matchModel()), (QStringList{QStringLiteral("east embedder Embedder healthy"),
                                                              QStringLiteral("west embedder Embedder parked")}));
    QVERIFY(page.matchesView()->isVisible());

    page.filterBox()->setText(QStringLiteral("unplaceable"));
    QTRY_COMPARE(matchTexts(*page.matchModel()), QStringList{QStringLiteral("east llm LLM unplaceable")});
    page.filterBox()->setText(QStringLiteral("pending")); // an unplaceable deployment is pending too
    QTRY_COMPARE(matchTexts(*page.matchModel()), QStringList{QStringLiteral("east llm LLM unplaceable")});
    page.filterBox()->setText(QStringLiteral("Parked"));
    QTRY_COMPARE(matchTexts(*page.matchModel()), QStringList{QStringLiteral("west embedder Embedder parked")});
    page.filterBox()->setText(QStringLiteral("unreachable"));
    QTRY_COMPARE(matchTexts(*page.matchModel()), QStringList{QStringLiteral("gone   unreachable")});
    page.filterBox()->setText(QStringLiteral("west"));
    QTRY_COMPARE(matchTexts(*page.matchModel()), QStringList{QStringLiteral("west   answering")});
    const QModelIndex replicas = page.matchModel()->index(0, FleetMatchModel::Replicas);
    QCOMPARE(replicas.data().toString(), QString()); // a cluster's match has no replicas of its own

    // A cluster that answers with a new snapshot is searched again: its matches follow.
    page.filterBox()->setText(QStringLiteral("unplaceable"));
    QTRY_COMPARE(page.matchModel()->rowCount(), 1);
    page.updateRow(0, answeringWith(QStringLiteral("east"), fixtureSnapshot(QStringLiteral("applications_demo.json"))));
    QTRY_COMPARE(page.matchModel()->rowCount(), 0);

    page.filterBox()->clear();
    QTRY_VERIFY(!page.matchesView()->isVisible());
}

// 50 clusters of 200 deployments: the search (on the page's own thread) finds every pending one with its cluster.
void TestFleetPage::filterKeepsUpWithALargeFleet()
{
    std::vector<FleetRow> rows;
    for (int cluster = 0; cluster < 50; ++cluster)
        rows.push_back(answeringWith(QStringLiteral("cluster%1").arg(cluster), syntheticCluster(50)));
    FleetPage page;
    page.setRows(std::move(rows));
    page.show();
    page.filterBox()->setText(QStringLiteral("pend"));
    QTRY_COMPARE(page.matchModel()->rowCount(), 50 * 20);
    QCOMPARE(page.matchModel()->matches().front().cluster, QStringLiteral("cluster0"));
    QCOMPARE(page.matchModel()->matches().back().cluster, QStringLiteral("cluster49"));
    QCOMPARE(page.matchModel()->index(0, FleetMatchModel::Replicas).data().toString(), QStringLiteral("1 of 2"));
    page.filterBox()->setText(QStringLiteral("app007"));
    QTRY_COMPARE(page.matchModel()->rowCount(), 50 * 4);
}

// Export CSV… saves the table as shown (sorted by the operator), a record a cluster, and the totals last.
void TestFleetPage::tableExportsAsCsvInItsShownOrderWithTheTotals()
{
    FleetPage page;
    page.setRows(threeClusters());
    page.table()->sortByColumn(FleetModel::Name, Qt::DescendingOrder);
    const QStringList lines = page.tableCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 3 + 1);
    QVERIFY2(lines[0].startsWith(QStringLiteral("Cluster,State,Ray,")), qPrintable(lines[0]));
    QVERIFY2(lines[0].endsWith(QStringLiteral(",Spend today,Saved today,Spend this month,Saved this month")),
             qPrintable(lines[0]));
    QStringList firstFields;
    for (const QString &line : lines.mid(1))
        firstFields << line.section(QLatin1Char(','), 0, 0);
    QCOMPARE(firstFields, (QStringList{QStringLiteral("west"), QStringLiteral("gone"), QStringLiteral("east"),
                                       QStringLiteral("Total of 3")}));
    QVERIFY2(lines[2].contains(QStringLiteral("connection refused")), qPrintable(lines[2]));
    QCOMPARE(lines[1].count(QLatin1Char(',')), lines[0].count(QLatin1Char(','))); // a field a column
}

// A record per (cluster, application, deployment) with the window's GPU-hours, cost and saving, from_utc and to_utc
// the window's; a cluster without figures, without a price or without GPU use is one record saying so; a cluster
// whose history starts inside the window says so; fields with commas or quotes are quoted.
void TestFleetPage::deploymentCostsAsCsv()
{
    auto gone = std::make_shared<FleetWindowCost>();
    gone->unavailable = QStringLiteral("the controller's history (last 7 d): 401, \"bad token\"");
    auto young = std::make_shared<FleetWindowCost>(
        *windowWith(CostWindow::Week, {deploymentCost(QStringLiteral("ocr"), QStringLiteral("OCR"), 1, 2, 2)}));
    young->report.askedFromUtc = young->fromUtc;
    young->report.fromUtc = QDateTime(QDate(2026, 12, 14), QTime(0, 0), Qt::UTC);
    const QString csv = fleetDeploymentCostCsv(
        {{QStringLiteral("east"),
          windowWith(CostWindow::Week,
                     {deploymentCost(QStringLiteral("llm"), QStringLiteral("LLM"), 10, 25, 60),
                      deploymentCost(QStringLiteral("rank, v2"), QStringLiteral("Ranker"), 2, 5, 4)})},
         {QStringLiteral("west"),
          windowWith(CostWindow::Week, {deploymentCost(QStringLiteral("embed"), QStringLiteral("Embed"), 4, 0, 0)},
                     false)},
         {QStringLiteral("idle"), windowWith(CostWindow::Week, {})},
         {QStringLiteral("young"), young},
         {QStringLiteral("gone"), gone},
         {QStringLiteral("new"), nullptr}});
    const QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 2 + 1 + 1 + 1 + 1 + 1);
    QCOMPARE(lines[0], QStringLiteral("cluster,application,deployment,accelerator,from_utc,to_utc,gpu_hours,currency,"
                                      "cost,always_on_cost,saved,note"));
    // The last 7 d: from the 8th, noon, to the 15th, noon.
    QCOMPARE(lines[1], QStringLiteral("east,llm,LLM,,2026-12-08T12:00:00Z,2026-12-15T12:00:00Z,10.000,EUR,25.00,"
                                      "60.00,35.00,"));
    // Always on would have cost less than it did: no negative saving.
    QCOMPARE(lines[2], QStringLiteral("east,\"rank, v2\",Ranker,,2026-12-08T12:00:00Z,2026-12-15T12:00:00Z,2.000,EUR,"
                                      "5.00,4.00,0.00,"));
    QCOMPARE(lines[3], QStringLiteral("west,embed,Embed,,2026-12-08T12:00:00Z,2026-12-15T12:00:00Z,4.000,,,,,"
                                      "no GPU price set for this cluster"));
    QCOMPARE(lines[4], QStringLiteral("idle,,,,2026-12-08T12:00:00Z,2026-12-15T12:00:00Z,,EUR,,,,"
                                      "no deployment held GPUs in the last 7 d"));
    QCOMPARE(lines[5], QStringLiteral("young,ocr,OCR,,2026-12-08T12:00:00Z,2026-12-15T12:00:00Z,1.000,EUR,2.00,2.00,"
                                      "0.00,history on record from 2026-12-14T00:00:00Z only"));
    QCOMPARE(lines[6], QStringLiteral("gone,,,,,,,,,,,\"the controller's history (last 7 d): 401, \"\"bad "
                                      "token\"\"\""));
    QCOMPARE(lines[7], QStringLiteral("new,,,,,,,,,,,not read yet"));
}

// The page's button, the chart hidden, asks the chart's window read once, waits for every cluster's (a cost of
// another window does not count), makes the text off the GUI thread, then offers to save it.
void TestFleetPage::deploymentCostsExportFromThePage()
{
    FleetPage page;
    page.setRows(threeClusters());
    page.setCostChartWindow(CostWindow::Week);
    QSignalSpy wanted(&page, &FleetPage::windowCostsWanted);
    QSignalSpy ready(&page, &FleetPage::deploymentCostCsvReady);
    auto *button = page.findChild<QPushButton *>(QStringLiteral("fleetExportDeploymentCosts"));
    QVERIFY(button);
    button->click();
    QCOMPARE(wanted.size(), 1);
    QCOMPARE(wanted.at(0).at(0).value<CostWindow>(), CostWindow::Week);
    QCOMPARE(wanted.at(0).at(1).toBool(), false); // once: the chart is not shown
    QVERIFY(!button->isEnabled());
    page.updateWindowCost(
        0, windowWith(CostWindow::Week, {deploymentCost(QStringLiteral("llm"), QStringLiteral("LLM"), 10, 25, 60)}));
    page.updateWindowCost(1, windowWith(CostWindow::Day, {}));  // asked before: not this window's
    page.updateWindowCost(2, windowWith(CostWindow::Week, {})); // gone: no deployment held GPUs
    QCOMPARE(ready.size(), 0);
    page.updateWindowCost(1, windowWith(CostWindow::Week, {}, false));
    QVERIFY(ready.wait(5000));
    QVERIFY(button->isEnabled());
    const QStringList lines = ready.at(0).at(0).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 3);
    QCOMPARE(lines[1], QStringLiteral("east,llm,LLM,,2026-12-08T12:00:00Z,2026-12-15T12:00:00Z,10.000,EUR,25.00,"
                                      "60.00,35.00,"));
    QVERIFY2(lines[2].startsWith(QStringLiteral("west,,,,2026-12-08T12:00:00Z,2026-12-15T12:00:00Z,")),
             qPrintable(lines[2]));
    auto *dialog = page.findChild<QFileDialog *>();
    QVERIFY(dialog);
    dialog->reject();
}

// The window's session reads a dashboard member's cost from the store it is given, on its own thread, even while the
// cluster refuses connections (its history is this machine's), and says why for a member without history.
void TestFleetPage::sessionReadsEachMembersCostFromTheStore()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("store.sqlite"));
    SystemClock clock;
    const QDateTime now = clock.nowUtc();
    {
        HistoryStore history(path);
        QVERIFY(history.open().ok());
        const std::vector<GpuLease> leases{
            testLease(QStringLiteral("r1"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, now.addSecs(-3600))};
        QCOMPARE(recordEveryMinute(
                     history, QStringLiteral("http://127.0.0.1:9"), leases, now.addSecs(-3600), now,
                     [](const QDateTime &at, const std::vector<GpuLease> &held) { return snapshotHolding(at, held); }),
                 QString());
        QCOMPARE(storeGpuHourPrice(path, QStringLiteral("http://127.0.0.1:9"), QStringLiteral("USD"), 3), QString());
    }
    FleetMember recorded;
    recorded.name = QStringLiteral("recorded");
    recorded.url = QUrl(QStringLiteral("http://127.0.0.1:9")); // the discard port: refused, but its history is here
    FleetMember elsewhere = recorded;
    elsewhere.name = QStringLiteral("elsewhere");
    elsewhere.url = QUrl(QStringLiteral("http://127.0.0.1:10"));
    FleetSession session({recorded, elsewhere}, path, &clock);
    FleetPage page;
    page.setRows(session.firstRows());
    linkFleetPage(session, page);
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(page.model()->costs()[0] && page.model()->costs()[1], 10000);
    const FleetCost &cost = *page.model()->costs()[0];
    QVERIFY2(cost.known(), qPrintable(cost.unavailable));
    // The last hour's 2 GPUs (less in the first hour of a month: the month starts later).
    QVERIFY2(cost.month.gpuHours > 0 && cost.month.gpuHours < 2.01, qPrintable(QString::number(cost.month.gpuHours)));
    QVERIFY(!page.model()->costs()[1]->known());
    QVERIFY(page.model()
                ->data(page.model()->index(1, FleetModel::SpendMonth), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("no history recorded on this machine")));
    session.stop();
}

// The chart's bars per cluster are that cluster's history over the chosen window, read by the window's session from
// a real store (two clusters recorded at known local times, leases inside and outside each window, an injected
// clock), GPU-hours and money; choosing another window reads again and changes the bars; a cluster without history
// is left out and named; the deployment costs' export writes the chosen window.
void TestFleetPage::costChartStacksWhatEachClustersHistorySays()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("store.sqlite"));
    // Tuesday 15 December, noon local.
    const auto localAt = [](int day, int hour) { return QDateTime(QDate(2026, 12, day), QTime(hour, 0)).toUTC(); };
    const QDateTime now = localAt(15, 12);
    {
        HistoryStore history(path);
        QVERIFY(history.open().ok());
        const auto snapshotAt = [](const QDateTime &at, const std::vector<GpuLease> &held) {
            return snapshotHolding(at, held);
        };
        // east: 2 GPUs for an hour on the 3rd, 1 GPU 10:00-11:00 today. west: 4 GPUs 09:00-10:00 Monday the 14th.
        QCOMPARE(recordEveryMinute(history, QStringLiteral("http://east:8265"),
                                   {testLease(QStringLiteral("a"), QStringLiteral("llm"), QStringLiteral("LLM"), 2,
                                              localAt(3, 8), localAt(3, 9))},
                                   localAt(3, 7), localAt(3, 10), snapshotAt),
                 QString());
        QCOMPARE(recordEveryMinute(history, QStringLiteral("http://east:8265"),
                                   {testLease(QStringLiteral("b"), QStringLiteral("llm"), QStringLiteral("LLM"), 1,
                                              localAt(15, 10), localAt(15, 11))},
                                   localAt(15, 9), localAt(15, 12), snapshotAt),
                 QString());
        QCOMPARE(recordEveryMinute(history, QStringLiteral("http://west:8265"),
                                   {testLease(QStringLiteral("c"), QStringLiteral("rank"), QStringLiteral("Ranker"), 4,
                                              localAt(14, 9), localAt(14, 10))},
                                   localAt(14, 8), localAt(14, 11), snapshotAt),
                 QString());
        QCOMPARE(storeGpuHourPrice(path, QStringLiteral("http://east:8265"), QStringLiteral("USD"), 2), QString());
        QCOMPARE(storeGpuHourPrice(path, QStringLiteral("http://west:8265"), QStringLiteral("USD"), 3), QString());
    }
    std::vector<FleetMember> members(3);
    const QStringList names{QStringLiteral("east"), QStringLiteral("west"), QStringLiteral("lab")};
    for (int i = 0; i < 3; ++i) {
        members[size_t(i)].name = names[i];
        members[size_t(i)].url = QUrl(QStringLiteral("http://%1:8265").arg(names[i]));
    }
    ManualClock clock(now); // read on the session's cost thread: never moved here
    FleetSession session(members, path, &clock);
    FleetPage page;
    page.setRows(session.firstRows());
    linkFleetPage(session, page);
    page.resize(1200, 900);
    page.show();
    FleetCostChart *chart = page.costChart();
    QCOMPARE(page.costChartWindow(), CostWindow::Day); // the Cost tab's first window
    page.setCostChartShown(true);

    HistoryStore history(path);
    QVERIFY(history.open().ok());
    PriceStore prices(path);
    QVERIFY(prices.open().ok());
    const auto barsAre = [&](CostWindow window, QList<double> eastHours, QList<double> westHours) {
        QTRY_COMPARE(chart->clusterNames(), (QStringList{QStringLiteral("east"), QStringLiteral("west")}));
        QTRY_COMPARE(chart->gpuHoursOf(QStringLiteral("east")), eastHours);
        QTRY_COMPARE(chart->gpuHoursOf(QStringLiteral("west")), westHours);
        QCOMPARE(chart->windowLabel(), QStringLiteral("Last %1").arg(costWindowName(window)));
        // What the store says of each cluster over [now - window, now), as the Cost tab reads it.
        for (int i = 0; i < 2; ++i) {
            const FleetWindowCost cost = localFleetWindowCost(
                history, prices, members[size_t(i)].url.toString(QUrl::StripTrailingSlash), window, now);
            QVERIFY2(cost.known(), qPrintable(cost.unavailable));
            QCOMPARE(chart->gpuHoursOf(names[i]), QList<double>{cost.report.gpuHours});
            QCOMPARE(chart->moneyOf(names[i]), QList<double>{cost.report.cost});
        }
    };
    // The last 24 h (from the 14th at noon): east's hour today; west's Monday morning is before it.
    barsAre(CostWindow::Day, {1}, {0});
    QCOMPARE(chart->moneyOf(QStringLiteral("east")), QList<double>{2});
    QVERIFY(chart->moneyTitle().contains(QStringLiteral("USD")));
    QVERIFY2(chart->note().contains(QStringLiteral("lab: no history recorded on this machine")),
             qPrintable(chart->note()));

    // Chosen in its Window box: 7 d holds west's 4 GPU-hours ($12); 30 d east's 2 on the 3rd too; the last hour none.
    auto *box = chart->findChild<QComboBox *>(QStringLiteral("fleetCostWindow"));
    QVERIFY(box);
    QCOMPARE(box->count(), 4); // 1 h, 24 h, 7 d, 30 d: no Live
    const auto choose = [box](CostWindow window) {
        const int index = box->findData(int(window));
        box->setCurrentIndex(index);
        Q_EMIT box->activated(index);
    };
    choose(CostWindow::Week);
    QCOMPARE(page.costChartWindow(), CostWindow::Week);
    barsAre(CostWindow::Week, {1}, {4});
    QCOMPARE(chart->moneyOf(QStringLiteral("west")), QList<double>{12});
    choose(CostWindow::Month);
    barsAre(CostWindow::Month, {3}, {4});
    choose(CostWindow::Hour);
    barsAre(CostWindow::Hour, {0}, {0});

    // The export writes the chart's window: the last 30 d, as chosen.
    choose(CostWindow::Month);
    barsAre(CostWindow::Month, {3}, {4});
    QSignalSpy ready(&page, &FleetPage::deploymentCostCsvReady);
    page.exportDeploymentCosts();
    QVERIFY(ready.wait(10000));
    const QStringList lines = ready.at(0).at(0).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const QString window =
        QStringLiteral("%1,%2").arg(now.addDays(-30).toString(Qt::ISODate), now.toString(Qt::ISODate));
    QCOMPARE(lines.size(), 1 + 1 + 1 + 1); // east's LLM, west's Ranker, lab's reason
    QVERIFY2(lines[1].startsWith(QStringLiteral("east,llm,LLM,,%1,3.000,USD,6.00,").arg(window)), qPrintable(lines[1]));
    QVERIFY2(lines[2].startsWith(QStringLiteral("west,rank,Ranker,,%1,4.000,USD,12.00,").arg(window)),
             qPrintable(lines[2]));
    QVERIFY2(lines[3].contains(QStringLiteral("no history recorded on this machine")), qPrintable(lines[3]));
    page.findChild<QFileDialog *>()->reject();
}

// The chart's window is remembered with the window's layout, as the Cost tab's is.
void TestFleetPage::costChartWindowIsRemembered()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    saveProfile(profiles, QStringLiteral("only"));
    MainWindowOptions options;
    options.storePath = dir.filePath(QStringLiteral("store.sqlite"));
    options.layoutSettings = &settings;
    {
        MainWindow window(&profiles, options);
        QCOMPARE(window.fleetPage()->costChartWindow(), CostWindow::Day);
        window.fleetPage()->setCostChartWindow(CostWindow::Week);
        window.show();
        window.close();
    }
    MainWindow again(&profiles, options);
    QCOMPARE(again.fleetPage()->costChartWindow(), CostWindow::Week);
}

// Enter or a double-click on a row: openRequested with that row's profile, through the sorting.
void TestFleetPage::activatingAClusterAsksToOpenIt()
{
    FleetPage page;
    page.setRows(threeClusters());
    page.resize(1200, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy open(&page, &FleetPage::openRequested);
    QTreeView *table = page.table();
    table->sortByColumn(FleetModel::Name, Qt::DescendingOrder); // west, gone, east
    table->setFocus();
    table->setCurrentIndex(page.sortModel()->index(1, 0));
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.at(0).at(0).toString(), QStringLiteral("gone"));

    const QRect first = table->visualRect(page.sortModel()->index(0, FleetModel::Gpus));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, first.center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, first.center());
    QTRY_COMPARE(open.count(), 2);
    QCOMPARE(open.at(1).at(0).toString(), QStringLiteral("west"));
}

void TestFleetPage::activatingAMatchAsksToOpenItsCluster()
{
    FleetPage page;
    page.setRows(threeClusters());
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QSignalSpy open(&page, &FleetPage::openRequested);
    page.filterBox()->setText(QStringLiteral("parked"));
    QTRY_COMPARE(page.matchModel()->rowCount(), 1);
    page.matchesView()->setFocus();
    page.matchesView()->setCurrentIndex(page.matchModel()->index(0, 0));
    QTest::keyClick(page.matchesView(), Qt::Key_Return);
    QCOMPARE(open.count(), 1);
    QCOMPARE(open.at(0).at(0).toString(), QStringLiteral("west"));
}

void TestFleetPage::twoProfilesShowTheFleetFirst()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    saveProfile(profiles, QStringLiteral("east"));
    ConnectionProfile refused;
    refused.name = QStringLiteral("west");
    refused.address = QStringLiteral("http://127.0.0.1:9");
    QFile token(dir.filePath(QStringLiteral("token")));
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write("secret");
    token.close();
    token.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // a token file must be private
    refused.tokenFile = token.fileName();
    profiles.save(refused);
    MainWindowOptions options;
    options.storePath = dir.filePath(QStringLiteral("store.sqlite"));
    MainWindow window(&profiles, options);
    window.show();
    QVERIFY(window.showsFleet());
    FleetModel *model = window.fleetPage()->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->rows()[0].name, QStringLiteral("east"));
    // east's token file cannot be read: said at once; west is asked, and refused.
    QCOMPARE(model->rows()[0].state, FleetState::Unreachable);
    QVERIFY(model->index(0, FleetModel::State).data().toString().startsWith(QStringLiteral("unreachable: ")));
    QCOMPARE(model->rows()[1].state, FleetState::Waiting);
    QTRY_COMPARE_WITH_TIMEOUT(model->rows()[1].state, FleetState::Unreachable, 15000);
    QCOMPARE(model->rows()[1].error->kind, RayErrorKind::Unreachable); // asked, and refused: not a setup error
}

void TestFleetPage::oneProfileShowsTheCluster()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    saveProfile(profiles, QStringLiteral("only"));
    MainWindowOptions options;
    options.storePath = dir.filePath(QStringLiteral("store.sqlite"));
    MainWindow window(&profiles, options);
    window.show();
    QVERIFY(!window.showsFleet());
    window.showFleet(); // View → Fleet still shows it
    QVERIFY(window.showsFleet());
    QCOMPARE(window.fleetPage()->model()->rowCount(), 1);
    window.showCluster();
    QVERIFY(!window.showsFleet());
}

// The page's openRequested connects the profile as the Connect dialog would, and shows its tabs.
void TestFleetPage::openingFromTheFleetConnectsTheProfile()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    for (const QString &name : {QStringLiteral("east"), QStringLiteral("west")}) {
        ConnectionProfile profile;
        profile.name = name;
        profile.address = QStringLiteral("http://127.0.0.1:9");
        QFile token(dir.filePath(name));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("secret");
        token.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        profile.tokenFile = token.fileName();
        profiles.save(profile);
    }
    MainWindowOptions options;
    options.storePath = dir.filePath(QStringLiteral("store.sqlite"));
    MainWindow window(&profiles, options);
    window.show();
    QVERIFY(window.showsFleet());
    Q_EMIT window.fleetPage()->openRequested(QStringLiteral("west"));
    QVERIFY(!window.showsFleet());
    QVERIFY2(window.windowTitle().contains(QStringLiteral("west")),
             qPrintable(window.windowTitle() + QStringLiteral(" / ") + window.errorBanner()->text()));
    // Back on the fleet, the page offers the way back to the cluster just opened.
    window.showFleet();
    QVERIFY(window.showsFleet());
    const auto buttons = window.fleetPage()->findChildren<QPushButton *>();
    const bool back = std::any_of(buttons.begin(), buttons.end(), [](QPushButton *button) {
        return button->isVisible() && button->text() == QStringLiteral("Back to west");
    });
    QVERIFY(back);
}

// A few minutes of history is a fraction of a GPU-hour: the axis' ticks must not all read "0".
void TestFleetPage::costChartLabelsKeepSmallFiguresApart()
{
    QCOMPARE(fleetChartLabelFormat(0.31), QStringLiteral("%.2f"));
    QCOMPARE(fleetChartLabelFormat(4.2), QStringLiteral("%.1f"));
    QCOMPARE(fleetChartLabelFormat(120), QStringLiteral("%.0f"));
}

SCALEDECK_GUI_TEST_MAIN(TestFleetPage)
#include "test_fleetpage.moc"
