// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costfixtures.h"
#include "errorbanner.h"
#include "fixturesnapshots.h"
#include "fleetcostchart.h"
#include "fleetdeploymentcsv.h"
#include "fleetmatchmodel.h"
#include "fleetmodel.h"
#include "fleetpage.h"
#include "fleetrows.h"
#include "fleetsession.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "profilestore.h"

#include <QAbstractItemModelTester>
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

// This month (the 1st to the 15th, noon UTC) of a cluster whose two deployments held GPUs.
FleetCostPtr monthWith(std::vector<DeploymentCost> deployments, bool priced = true)
{
    auto cost = std::make_shared<FleetCost>();
    cost->priced = priced;
    cost->month.currency = QStringLiteral("EUR");
    cost->month.fromUtc = QDateTime(QDate(2026, 12, 1), QTime(0, 0), Qt::UTC);
    cost->month.toUtc = QDateTime(QDate(2026, 12, 15), QTime(12, 0), Qt::UTC);
    cost->month.deployments = std::move(deployments);
    cost->readAtUtc = cost->month.toUtc;
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

// A record per (cluster, application, deployment) with this month's GPU-hours, cost and saving; a cluster without
// figures, without a price or without GPU use is one record saying so; fields with commas or quotes are quoted.
void TestFleetPage::deploymentCostsAsCsv()
{
    auto gone = std::make_shared<FleetCost>();
    gone->unavailable = QStringLiteral("the controller's history (this month): 401, \"bad token\"");
    const QString csv = fleetDeploymentCostCsv(
        {{QStringLiteral("east"),
          monthWith({deploymentCost(QStringLiteral("llm"), QStringLiteral("LLM"), 10, 25, 60),
                     deploymentCost(QStringLiteral("rank, v2"), QStringLiteral("Ranker"), 2, 5, 4)})},
         {QStringLiteral("west"),
          monthWith({deploymentCost(QStringLiteral("embed"), QStringLiteral("Embed"), 4, 0, 0)}, false)},
         {QStringLiteral("idle"), monthWith({})},
         {QStringLiteral("gone"), gone},
         {QStringLiteral("new"), nullptr}});
    const QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 2 + 1 + 1 + 1 + 1);
    QCOMPARE(lines[0], QStringLiteral("cluster,application,deployment,accelerator,from_utc,to_utc,gpu_hours,currency,"
                                      "cost,always_on_cost,saved,note"));
    QCOMPARE(lines[1], QStringLiteral("east,llm,LLM,,2026-12-01T00:00:00Z,2026-12-15T12:00:00Z,10.000,EUR,25.00,"
                                      "60.00,35.00,"));
    // Always on would have cost less than it did: no negative saving.
    QCOMPARE(lines[2], QStringLiteral("east,\"rank, v2\",Ranker,,2026-12-01T00:00:00Z,2026-12-15T12:00:00Z,2.000,EUR,"
                                      "5.00,4.00,0.00,"));
    QCOMPARE(lines[3], QStringLiteral("west,embed,Embed,,2026-12-01T00:00:00Z,2026-12-15T12:00:00Z,4.000,,,,,"
                                      "no GPU price set for this cluster"));
    QCOMPARE(lines[4], QStringLiteral("idle,,,,2026-12-01T00:00:00Z,2026-12-15T12:00:00Z,,EUR,,,,"
                                      "no deployment held GPUs this month"));
    QCOMPARE(lines[5], QStringLiteral("gone,,,,,,,,,,,\"the controller's history (this month): 401, \"\"bad "
                                      "token\"\"\""));
    QCOMPARE(lines[6], QStringLiteral("new,,,,,,,,,,,not read yet"));
}

// The page's button makes the text off the GUI thread from the rows' costs, then offers to save it.
void TestFleetPage::deploymentCostsExportFromThePage()
{
    FleetPage page;
    page.setRows(threeClusters());
    page.updateCost(0, monthWith({deploymentCost(QStringLiteral("llm"), QStringLiteral("LLM"), 10, 25, 60)}));
    QSignalSpy ready(&page, &FleetPage::deploymentCostCsvReady);
    auto *button = page.findChild<QPushButton *>(QStringLiteral("fleetExportDeploymentCosts"));
    QVERIFY(button);
    button->click();
    QVERIFY(ready.wait(5000));
    const QStringList lines = ready.at(0).at(0).toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 3);
    QVERIFY2(lines[1].startsWith(QStringLiteral("east,llm,LLM,")), qPrintable(lines[1]));
    QCOMPARE(lines[2], QStringLiteral("west,,,,,,,,,,,not read yet"));
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
    connect(&session, &FleetSession::costChanged, &page, &FleetPage::updateCost);
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

// The chart's bars per cluster are the periods of that cluster's history (two clusters recorded in a real store at
// known local times), GPU-hours and money; a cluster without history is left out and named.
void TestFleetPage::costChartStacksWhatEachClustersHistorySays()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("store.sqlite"));
    HistoryStore history(path);
    QVERIFY(history.open().ok());
    PriceStore prices(path);
    QVERIFY(prices.open().ok());
    // Tuesday 15 December, noon local: the week began Monday the 14th, the month the 1st.
    const auto localAt = [](int day, int hour) { return QDateTime(QDate(2026, 12, day), QTime(hour, 0)).toUTC(); };
    const QDateTime now = localAt(15, 12);
    const auto snapshotAt = [](const QDateTime &at, const std::vector<GpuLease> &held) {
        return snapshotHolding(at, held);
    };
    // east: 2 GPUs for an hour on the 3rd (this month), 1 GPU 10:00-11:00 today. west: 4 GPUs 09:00-10:00 Monday.
    QCOMPARE(recordEveryMinute(history, QStringLiteral("http://east:8265"),
                               {testLease(QStringLiteral("a"), QStringLiteral("llm"), QStringLiteral("LLM"), 2,
                                          localAt(3, 8), localAt(3, 9)),
                                testLease(QStringLiteral("b"), QStringLiteral("llm"), QStringLiteral("LLM"), 1,
                                          localAt(15, 10), localAt(15, 11))},
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

    FleetPage page;
    std::vector<FleetRow> rows(3);
    rows[0].name = QStringLiteral("east");
    rows[1].name = QStringLiteral("west");
    rows[2].name = QStringLiteral("lab");
    page.setRows(rows);
    page.resize(1200, 900);
    page.show();
    page.setCostChartShown(true);
    const QStringList keys{QStringLiteral("http://east:8265"), QStringLiteral("http://west:8265"),
                           QStringLiteral("http://lab:8265")};
    std::vector<FleetCostPtr> costs;
    for (int i = 0; i < 3; ++i) {
        costs.push_back(std::make_shared<const FleetCost>(localFleetCost(history, prices, keys[i], now)));
        page.updateCost(i, costs.back());
    }
    FleetCostChart *chart = page.costChart();
    QTRY_COMPARE(chart->clusterNames(), (QStringList{QStringLiteral("east"), QStringLiteral("west")}));
    for (int i = 0; i < 2; ++i) {
        const FleetCost &cost = *costs[size_t(i)];
        QCOMPARE(chart->gpuHoursOf(chart->clusterNames()[i]),
                 (QList<double>{cost.today.gpuHours, cost.week.gpuHours, cost.month.gpuHours}));
        QCOMPARE(chart->moneyOf(chart->clusterNames()[i]),
                 (QList<double>{cost.today.cost, cost.week.cost, cost.month.cost}));
    }
    // By hand: east 1 GPU-hour today and this week, 3 this month; west 4 this week and month, none today.
    QCOMPARE(chart->gpuHoursOf(QStringLiteral("east")), (QList<double>{1, 1, 3}));
    QCOMPARE(chart->gpuHoursOf(QStringLiteral("west")), (QList<double>{0, 4, 4}));
    QCOMPARE(chart->moneyOf(QStringLiteral("west")), (QList<double>{0, 12, 12}));
    QVERIFY(chart->moneyTitle().contains(QStringLiteral("USD")));
    QVERIFY2(chart->note().contains(QStringLiteral("lab: no history recorded on this machine")),
             qPrintable(chart->note()));
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

SCALEDECK_GUI_TEST_MAIN(TestFleetPage)
#include "test_fleetpage.moc"
