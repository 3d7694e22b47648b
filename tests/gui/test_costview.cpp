// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clock.h"
#include "costfixtures.h"
#include "costview.h"
#include "gpuusagechart.h"
#include "guitestmain.h"
#include "historystore.h"
#include "pricesdialog.h"
#include "pricestore.h"
#include "prometheusmatrix.h"
#include "schedulestore.h"
#include "scriptedhttpserver.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace scaledeck;

namespace {

const QString kCluster = QStringLiteral("http://ray-head:8265");

// Wednesday 2026-11-25, in the machine's zone (the view's "today" is local).
QDateTime local(int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), Qt::LocalTime).toUTC();
}
const QDateTime kNow = local(25, 12);
const QDateTime kFirstRecord = local(24, 19, 50); // the history's first snapshot (initTestCase)

// A snapshot holding `held` (the leases active at `at`) on an 8-GPU cluster.
ClusterSnapshot snapshotAt(const QDateTime &at, const std::vector<GpuLease> &held)
{
    ClusterSnapshot snapshot;
    snapshot.gpusTotal = 8;
    snapshot.nodesAlive = 2;
    snapshot.takenAt = at;
    const std::pair<QString, QString> deployments[] = {{QStringLiteral("embed"), QStringLiteral("Embed")},
                                                       {QStringLiteral("llm"), QStringLiteral("LLM")}};
    for (const auto &[appName, deploymentName] : deployments) {
        ApplicationSnapshot app;
        app.name = appName;
        app.status = QStringLiteral("RUNNING");
        app.source = QStringLiteral("declarative");
        DeploymentSnapshot deployment;
        deployment.name = deploymentName;
        deployment.status = QStringLiteral("HEALTHY");
        deployment.gpusPerReplica = appName == QStringLiteral("llm") ? 2 : 1;
        for (const GpuLease &l : held) {
            if (l.app != appName)
                continue;
            deployment.replicas.push_back(ReplicaSnapshot{l.replicaId, QStringLiteral("RUNNING"), 0, true, {}});
            deployment.gpusHeld += l.gpus;
        }
        deployment.runningReplicas = int(deployment.replicas.size());
        deployment.targetReplicas = deployment.runningReplicas;
        deployment.replicasByState.insert(QStringLiteral("RUNNING"), deployment.runningReplicas);
        app.deployments.push_back(deployment);
        snapshot.applications.push_back(app);
    }
    return snapshot;
}

} // namespace

class TestCostView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsCostsOfRecordedHistory();
    void windowLongerThanHistorySaysWhereHistoryStarts();
    void csvQuotesFields();
    void usageCsv();
    void pricesDialogValidatesTypes();
    void alwaysOnCountSurvivesAClusterSwitch();
    void trafficFiguresFromPrometheus();
    void prometheusFailureKeepsTheCosts();
    void costsShowBeforePrometheusAnswers();
    void refreshKeepsTheTablesRows();

private:
    // A view of the last hour (11:00-12:00 today: r2's 2 GPUs, e1's 1 GPU until 11:30) reading `prometheus`.
    std::unique_ptr<CostView> hourView(const ManualClock &clock, const QString &prometheus);
    static QString cell(const QAbstractItemModel &model, const char *deployment, int column, int role);

    QTemporaryDir m_dir;
    QString m_store;
};

void TestCostView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("scaledeck.sqlite"));

    HistoryStore history(m_store);
    QVERIFY(history.open().ok());
    const GpuLease y1 =
        testLease(QStringLiteral("y1"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, local(24, 20), local(24, 22));
    const GpuLease r1 =
        testLease(QStringLiteral("r1"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, local(25, 8), local(25, 10));
    const GpuLease r2 = testLease(QStringLiteral("r2"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, local(25, 9));
    const GpuLease e1 = testLease(QStringLiteral("e1, \"fast\""), QStringLiteral("embed"), QStringLiteral("Embed"), 1,
                                  local(25, 10), local(25, 11, 30));
    // One snapshot a minute over the two stretches with leases.
    const std::vector<GpuLease> all{y1, r1, r2, e1};
    QCOMPARE(recordEveryMinute(history, kCluster, all, kFirstRecord, local(24, 22, 10), snapshotAt), QString());
    QCOMPARE(recordEveryMinute(history, kCluster, all, local(25, 7, 50), kNow, snapshotAt), QString());
    QCOMPARE(storeGpuHourPrice(m_store, kCluster, QStringLiteral("USD"), 2.5), QString());
    QCOMPARE(storeSchedule(m_store, kCluster, ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                           QStringLiteral("tz UTC\ndefault 0\nMon-Fri 08:00-18:00 = 1\n"), kNow),
             QString());
}

void TestCostView::showsCostsOfRecordedHistory()
{
    ManualClock clock(kNow);
    CostView view(m_store, &clock);
    view.resize(1200, 860);
    QSignalSpy applied(&view, &CostView::dataApplied);
    view.setCluster(kCluster);
    view.show();
    QTRY_VERIFY(view.hasData());
    QVERIFY2(view.data().error.isEmpty(), qPrintable(view.data().error));

    // The chart: deployments stacked, capacity over them, each bounded.
    const QStringList names = view.chart()->seriesNames();
    QVERIFY2(names.contains(QStringLiteral("llm/LLM")), qPrintable(names.join(QLatin1Char(','))));
    QVERIFY(names.contains(QStringLiteral("embed/Embed")));
    QCOMPARE(names.last(), QStringLiteral("capacity"));
    for (const QString &name : names) {
        QVERIFY(view.chart()->pointCount(name) > 0);
        QVERIFY(view.chart()->pointCount(name) <= GpuUsageChart::kMaxPoints);
    }

    // Today: r1 08-10 (2 GPUs, 4 GPU-h), r2 09-12 (2 GPUs, 6 GPU-h), e1 10-11:30 (1 GPU, 1.5 GPU-h) = 11.5
    // GPU-h at $2.50. The week and month also hold yesterday's y1 (4 GPU-h).
    QCOMPARE(view.tileText(0), QStringLiteral("$28.75"));
    QCOMPARE(view.tileText(1), QStringLiteral("$38.75"));
    QCOMPARE(view.tileText(2), QStringLiteral("$38.75"));

    // The last 24 h, which has history from 19:50 yesterday: llm/LLM 14 GPU-h (peak 2 replicas of 2 GPUs: 64.7
    // always-on), embed/Embed 1.5 (16.2).
    const QAbstractItemModel *deployments = view.deploymentModel();
    QAbstractItemModelTester tester(const_cast<QAbstractItemModel *>(deployments),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(deployments->rowCount(), 2);
    auto text = [](const QAbstractItemModel *model, int row, int column) {
        return model->index(row, column).data().toString();
    };
    QCOMPARE(text(deployments, 0, 0), QStringLiteral("llm/LLM"));
    QCOMPARE(text(deployments, 0, 1), QStringLiteral("default")); // nodes without a type: the default price
    QCOMPARE(text(deployments, 0, 2), QStringLiteral("14.0"));
    QCOMPARE(text(deployments, 0, 3), QStringLiteral("$35.00"));
    QCOMPARE(text(deployments, 0, 4), QStringLiteral("90.3%"));
    QCOMPARE(text(deployments, 0, 5), QStringLiteral("2"));
    QCOMPARE(text(deployments, 0, 6), QStringLiteral("2 (peak)"));
    QCOMPARE(text(deployments, 0, 7), QStringLiteral("64.7")); // from the first record (24th 19:50), 16 h 10 min
    QCOMPARE(text(deployments, 0, 8), QStringLiteral("0.22"));
    QCOMPARE(text(deployments, 1, 0), QStringLiteral("embed/Embed"));
    QCOMPARE(text(deployments, 1, 4), QStringLiteral("9.7%"));
    QCOMPARE(view.pricesText(), QStringLiteral("Prices: $2.50 per GPU-hour, CPUs not priced"));
    QVERIFY2(view.savingsText().contains(QStringLiteral("llm/LLM: 0.22 of always-on, saved $126.67")),
             qPrintable(view.savingsText()));
    QVERIFY2(view.savingsText().contains(QStringLiteral("embed/Embed: 0.09 of always-on, saved $36.67")),
             qPrintable(view.savingsText()));
    // The window has history from 19:50 to 22:10 and from 07:50 on: the status says what the figures cover.
    QVERIFY2(view.statusText().contains(QStringLiteral("history covers 6.5 of 16.2 h")), qPrintable(view.statusText()));

    // Next week under the schedule: Mon-Fri 10 h x 1 replica x 2 GPUs = 100 GPU-h; nothing ran last week.
    QVERIFY2(view.projectionText().contains(QStringLiteral("100.0 GPU-h, $250.00")), qPrintable(view.projectionText()));
    QVERIFY(view.projectionText().contains(QStringLiteral("last week, actual: 0.0 GPU-h, $0.00")));

    // The one active lease: r2 since 09:00 local, 3 h x 2 GPUs x $2.50.
    const QAbstractItemModel *leases = view.leaseModel();
    QCOMPARE(leases->rowCount(), 1);
    QCOMPARE(text(leases, 0, 0), QStringLiteral("r2"));
    QCOMPARE(text(leases, 0, 1), QStringLiteral("llm/LLM"));
    QCOMPARE(text(leases, 0, 2), QStringLiteral("2"));
    QCOMPARE(text(leases, 0, 3), QStringLiteral("default"));
    QCOMPARE(text(leases, 0, 4), QStringLiteral("2026-11-25 09:00"));
    QCOMPARE(text(leases, 0, 5), QStringLiteral("$15.00"));

    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        QCoreApplication::processEvents(); // the chart lays its axes out on a posted event
        QVERIFY(view.grab().save(QDir(dir).filePath(QStringLiteral("cost-view.png"))));
    }

    // A price change goes through the worker and shows on the next load.
    QSignalSpy saved(&view, &CostView::pricesSaved);
    PriceList euros;
    euros.currency = QStringLiteral("EUR");
    euros.gpuHour = 1;
    view.savePrices(euros);
    QVERIFY(saved.wait());
    QCOMPARE(saved.first().first().toString(), QString());
    QTRY_COMPARE(view.tileText(0), QString(QChar(0x20AC)) + QStringLiteral("11.50"));
    PriceStore prices(m_store);
    QVERIFY(prices.open().ok());
    QCOMPARE(prices.prices(kCluster)->currency, QStringLiteral("EUR"));

    // A configured always-on count replaces the peak: llm/LLM at 4 replicas x 2 GPUs x 16 h 10 min; and
    // back to the peak.
    saved.clear();
    view.saveAlwaysOn(QStringLiteral("llm/LLM"), 4);
    QVERIFY(saved.wait());
    QCOMPARE(saved.first().first().toString(), QString());
    QTRY_COMPARE(text(view.deploymentModel(), 0, 6), QStringLiteral("4 (set)"));
    QCOMPARE(text(view.deploymentModel(), 0, 7), QStringLiteral("129.3"));
    QCOMPARE(*prices.alwaysOnCounts(kCluster), (std::map<QString, int>{{QStringLiteral("llm/LLM"), 4}}));
    saved.clear();
    view.saveAlwaysOn(QStringLiteral("llm/LLM"), std::nullopt);
    QVERIFY(saved.wait());
    QTRY_COMPARE(text(view.deploymentModel(), 0, 6), QStringLiteral("2 (peak)"));
    QVERIFY(prices.alwaysOnCounts(kCluster)->empty());

    // The live tail: the last 10 minutes, only r2 holds GPUs.
    view.setWindow(CostWindow::Live);
    QTRY_COMPARE(view.data().window, CostWindow::Live);
    QCOMPARE(view.deploymentModel()->rowCount(), 1);
}

// The operator picks the last 30 days; the history started on the 24th at 19:50 (16 h 10 min ago). The chart does
// not show the days before as days of nothing held, and the figures say which span they cover.
void TestCostView::windowLongerThanHistorySaysWhereHistoryStarts()
{
    ManualClock clock(kNow);
    CostView view(m_store, &clock);
    view.resize(1200, 860);
    view.setCluster(kCluster);
    view.setWindow(CostWindow::Month);
    view.show();
    QTRY_VERIFY(view.hasData() && view.data().window == CostWindow::Month);
    const CostOverview &data = view.data();
    QVERIFY2(data.error.isEmpty(), qPrintable(data.error));

    // The chart: "no history" from the window's start to the bucket the first record is in, nothing drawn there.
    const QList<QPair<double, double>> bands = view.chart()->noHistoryRanges();
    QVERIFY(!bands.isEmpty());
    const double firstRecordMs = double(kFirstRecord.toMSecsSinceEpoch());
    QCOMPARE(bands.first().first, double(data.windowFromUtc.toMSecsSinceEpoch()));
    QVERIFY(bands.first().second <= firstRecordMs);
    QVERIFY(bands.first().second > firstRecordMs - double(data.bucketMs));
    QTRY_VERIFY(view.chart()->noHistoryInLegend());

    // The savings line and the month's and week's tiles name the history's start and the hours they cover; today
    // (from midnight, after the first record) covers all of its span and says nothing of it.
    const QString since = QStringLiteral("Tue 24 Nov 19:50");
    QVERIFY2(view.savingsText().contains(since), qPrintable(view.savingsText()));
    QVERIFY2(view.savingsText().contains(QStringLiteral("16.2 h")), qPrintable(view.savingsText()));
    QVERIFY2(view.tileDetailText(2).contains(since), qPrintable(view.tileDetailText(2)));
    QVERIFY2(view.tileDetailText(1).contains(since), qPrintable(view.tileDetailText(1)));
    QVERIFY2(!view.tileDetailText(0).contains(QStringLiteral("since")), qPrintable(view.tileDetailText(0)));

    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        QCoreApplication::processEvents(); // the chart lays its axes out on a posted event
        QVERIFY(view.grab().save(QDir(dir).filePath(QStringLiteral("cost-view-month.png"))));
    }
}

void TestCostView::csvQuotesFields()
{
    QStandardItemModel model(2, 3);
    model.setHorizontalHeaderLabels({QStringLiteral("Replica"), QStringLiteral("Note"), QStringLiteral("Cost")});
    model.setItem(0, 0, new QStandardItem(QStringLiteral("r1")));
    model.setItem(0, 1, new QStandardItem(QStringLiteral("a, b")));
    model.setItem(0, 2, new QStandardItem(QStringLiteral("$1,234.50")));
    model.setItem(1, 0, new QStandardItem(QStringLiteral("say \"hi\"")));
    model.setItem(1, 1, new QStandardItem(QStringLiteral("two\nlines")));
    model.setItem(1, 2, new QStandardItem(QStringLiteral("3")));
    QCOMPARE(toCsv(model), QStringLiteral("Replica,Note,Cost\n"
                                          "r1,\"a, b\",\"$1,234.50\"\n"
                                          "\"say \"\"hi\"\"\",\"two\nlines\",3\n"));
}

SCALEDECK_GUI_TEST_MAIN(TestCostView)
void TestCostView::usageCsv()
{
    // Two series on one grid, a bucket missing from both (no history): no row for it; a series without a point
    // where the other has one: an empty field.
    const std::vector<UsageSeries> series{
        {QStringLiteral("llm/LLM"), {{1'764'144'000'000, 2}, {1'764'144'060'000, 1.5}, {1'764'144'180'000, 0}}},
        {QStringLiteral("a, \"b\""), {{1'764'144'000'000, 0.25}}},
        {QStringLiteral("capacity"), {{1'764'144'000'000, 8}, {1'764'144'060'000, 8}, {1'764'144'180'000, 4}}},
    };
    QCOMPARE(usageToCsv(series), QStringLiteral("time_utc,llm/LLM,\"a, \"\"b\"\"\",capacity\n"
                                                "2025-11-26T08:00:00Z,2,0.25,8\n"
                                                "2025-11-26T08:01:00Z,1.5,,8\n"
                                                "2025-11-26T08:03:00Z,0,,4\n"));
    QCOMPARE(usageToCsv({}), QStringLiteral("time_utc\n"));
}

void TestCostView::pricesDialogValidatesTypes()
{
    PriceList start;
    start.currency = QStringLiteral("EUR");
    start.gpuHour = 2;
    start.gpuHourByAccelerator = {{QStringLiteral("A100"), 4.1}};
    PricesDialog dialog(start, {QStringLiteral("A100"), QStringLiteral("L4")});
    QCOMPARE(dialog.problem(), QString());
    QCOMPARE(dialog.prices(), start); // what it was given, unchanged

    dialog.addTypeRow(QStringLiteral("A100"), 3);
    QCOMPARE(dialog.problem(), QStringLiteral("A100 is listed twice."));
    auto *types = dialog.findChild<QTableWidget *>(QStringLiteral("pricesByType"));
    QVERIFY(types);
    types->item(1, 0)->setText(QStringLiteral("L4 GPU"));
    QVERIFY2(dialog.problem().contains(QStringLiteral("'L4 GPU' is not an accelerator type")),
             qPrintable(dialog.problem()));
    QVERIFY(!dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    types->item(1, 0)->setText(QStringLiteral("L4"));
    QCOMPARE(dialog.problem(), QString());
    if (const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        dialog.show();
        QVERIFY(dialog.grab().save(QDir(dir).filePath(QStringLiteral("prices-dialog.png"))));
    }
    QVERIFY(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    auto *currency = dialog.findChild<QLineEdit *>(QStringLiteral("pricesCurrency"));
    currency->setText(QStringLiteral("E1"));
    QVERIFY(dialog.problem().contains(QStringLiteral("three-letter code")));
    currency->setText(QStringLiteral("chf"));
    const PriceList edited = dialog.prices();
    QCOMPARE(edited.currency, QStringLiteral("CHF"));
    QCOMPARE(edited.gpuHourByAccelerator,
             (std::map<QString, double>{{QStringLiteral("A100"), 4.1}, {QStringLiteral("L4"), 3.0}}));
    QVERIFY(!edited.cpuHour);
}

// The operator opens a deployment's menu, another cluster is connected while the menu and then the count's
// input are open, and the count is typed: it belongs to the deployment of the cluster it was asked for. The
// menu and the input run no nested event loop that would read the rows the switch freed (ASan reports that
// as a use after free) or save the count under the cluster connected since.
void TestCostView::alwaysOnCountSurvivesAClusterSwitch()
{
    const QString other = QStringLiteral("http://other-head:8265");
    ManualClock clock(kNow);
    CostView view(m_store, &clock);
    view.resize(1200, 860);
    view.setCluster(kCluster);
    view.show();
    QTRY_VERIFY(view.hasData());
    QTableView *table = nullptr;
    for (QTableView *candidate : view.findChildren<QTableView *>())
        if (candidate->objectName() == QStringLiteral("costDeployments"))
            table = candidate;
    QVERIFY(table);
    QCOMPARE(view.deploymentModel()->index(0, 0).data().toString(), QStringLiteral("llm/LLM"));

    // Each step runs once the window it needs is up; the steps run from a timer because with a nested event
    // loop the request below returns only after the whole exchange.
    int step = 0;
    QTimer driver;
    connect(&driver, &QTimer::timeout, this, [&] {
        if (step == 0) {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            view.setCluster(other); // the menu's rows are gone from the view
            menu->setActiveAction(menu->actions().first());
            QTest::keyClick(menu, Qt::Key_Return);
            step = 1;
        } else if (step == 1) {
            auto *input = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            if (!input || !input->isVisible())
                return;
            input->setIntValue(7);
            input->accept();
            step = 2;
            driver.stop();
        }
    });
    driver.start(10);
    QSignalSpy saved(&view, &CostView::pricesSaved);
    const QPoint row = table->visualRect(view.deploymentModel()->index(0, 0)).center();
    Q_EMIT table->customContextMenuRequested(row);
    QTRY_COMPARE(step, 2);
    QTRY_COMPARE(saved.count(), 1);
    QCOMPARE(saved.first().first().toString(), QString());

    PriceStore prices(m_store);
    QVERIFY(prices.open().ok());
    QCOMPARE(*prices.alwaysOnCounts(kCluster), (std::map<QString, int>{{QStringLiteral("llm/LLM"), 7}}));
    QVERIFY(prices.alwaysOnCounts(other)->empty());
    QVERIFY(prices.setAlwaysOnCount(kCluster, QStringLiteral("llm/LLM"), std::nullopt).ok());
}

// The deployments table's traffic columns, after its nine cost columns.
constexpr int kRequestsColumn = 9;
constexpr int kPer1000Column = 10;
constexpr int kIdleColumn = 11;

std::unique_ptr<CostView> TestCostView::hourView(const ManualClock &clock, const QString &prometheus)
{
    auto view = std::make_unique<CostView>(m_store, &clock);
    view->resize(1400, 860);
    view->setPrometheus(QUrl(prometheus));
    view->setWindow(CostWindow::Hour);
    view->setCluster(kCluster);
    view->show();
    return view;
}

QString TestCostView::cell(const QAbstractItemModel &model, const char *deployment, int column, int role)
{
    for (int row = 0; row < model.rowCount(); ++row)
        if (model.index(row, 0).data().toString() == QLatin1String(deployment))
            return model.index(row, column).data(role).toString();
    return QStringLiteral("(no row %1)").arg(QLatin1String(deployment));
}

// Prometheus answers the hour: llm/LLM 1 request/s until 11:30, none after (its 2 GPUs idle for 1 GPU-h);
// embed/Embed has no series. The table shows requests, cost per 1,000 and idle while held, "—" with the reason.
void TestCostView::trafficFiguresFromPrometheus()
{
    QCOMPARE(storeGpuHourPrice(m_store, kCluster, QStringLiteral("USD"), 2.5), QString()); // another test set EUR
    ScriptedHttpServer prometheus;
    auto llm = everyMinute(local(25, 11, 1), local(25, 11, 30), 1.0);
    const auto quiet = everyMinute(local(25, 11, 31), local(25, 12), 0.0);
    llm.insert(llm.end(), quiet.begin(), quiet.end());
    const QByteArray matrix = prometheusMatrix({{QStringLiteral("llm"), QStringLiteral("LLM"), llm}});
    prometheus.onRequest([&](const ReceivedRequest &request) {
        const bool range = request.path.startsWith("/api/v1/query_range") && request.path.contains("step=60");
        prometheus.enqueue({range ? 200 : 400, range ? matrix : QByteArray("unexpected")});
    });
    ManualClock clock(kNow);
    const auto view = hourView(clock, prometheus.url());
    QAbstractItemModelTester tester(const_cast<QAbstractItemModel *>(view->deploymentModel()),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_COMPARE(view->servingFigures().state, ServingFigures::State::Read);
    QCOMPARE(view->data().window, CostWindow::Hour);
    const QAbstractItemModel &model = *view->deploymentModel();
    QCOMPARE(model.headerData(kRequestsColumn, Qt::Horizontal).toString(), QStringLiteral("Requests"));
    QCOMPARE(model.headerData(kPer1000Column, Qt::Horizontal).toString(), QStringLiteral("Cost / 1k req"));
    QCOMPARE(model.headerData(kIdleColumn, Qt::Horizontal).toString(), QStringLiteral("Idle while held"));
    QCOMPARE(cell(model, "llm/LLM", 3, Qt::DisplayRole), QStringLiteral("$5.00")); // 2 GPU-h at $2.50
    QCOMPARE(cell(model, "llm/LLM", kRequestsColumn, Qt::DisplayRole), QStringLiteral("1,800"));
    QCOMPARE(cell(model, "llm/LLM", kPer1000Column, Qt::DisplayRole), QStringLiteral("$2.78")); // $5 / 1.8
    QCOMPARE(cell(model, "llm/LLM", kIdleColumn, Qt::DisplayRole), QStringLiteral("1.0"));
    QVERIFY2(cell(model, "llm/LLM", kIdleColumn, Qt::ToolTipRole).contains(QStringLiteral("of 2.0 GPU-h held")),
             qPrintable(cell(model, "llm/LLM", kIdleColumn, Qt::ToolTipRole)));
    for (int column : {kRequestsColumn, kPer1000Column, kIdleColumn}) {
        QCOMPARE(cell(model, "embed/Embed", column, Qt::DisplayRole), QStringLiteral("—"));
        QVERIFY2(!cell(model, "embed/Embed", column, Qt::ToolTipRole).isEmpty(), "a \"—\" says why");
    }
    QVERIFY2(cell(model, "embed/Embed", kRequestsColumn, Qt::ToolTipRole)
                 .contains(QStringLiteral("has no request series of embed/Embed")),
             qPrintable(cell(model, "embed/Embed", kRequestsColumn, Qt::ToolTipRole)));
    // 1.0 of the 2.5 GPU-h held was idle; embed's 0.5 GPU-h is unknown, so "at least".
    QCOMPARE(view->servingText(),
             QStringLiteral("Idle while held (1 h): ≥ 1.0 of 2.5 GPU-h held (40.0%) had no request arriving · 20.0% of "
                            "held GPU-h fell where Prometheus at %1 had no data")
                 .arg(prometheus.url()));
    const QString csv = toCsv(model);
    QVERIFY2(csv.startsWith(QStringLiteral(
                 "Deployment,Type,GPU-h,Cost,Share,Peak,Always-on,Always-on GPU-h,Reduction,Requests,Cost / 1k req,"
                 "Idle while held\n")),
             qPrintable(csv));
    QVERIFY2(csv.contains(QStringLiteral(",\"1,800\",$2.78,1.0\n")), qPrintable(csv));
}

// Prometheus answers 503: "—" with the server's answer in the tooltip; the costs stay.
void TestCostView::prometheusFailureKeepsTheCosts()
{
    QCOMPARE(storeGpuHourPrice(m_store, kCluster, QStringLiteral("USD"), 2.5), QString()); // another test set EUR
    ScriptedHttpServer prometheus;
    prometheus.onRequest([&](const ReceivedRequest &) { prometheus.enqueue({503, "Service Unavailable"}); });
    ManualClock clock(kNow);
    const auto view = hourView(clock, prometheus.url());
    QTRY_COMPARE(view->servingFigures().state, ServingFigures::State::Failed);
    const QAbstractItemModel &model = *view->deploymentModel();
    QCOMPARE(cell(model, "llm/LLM", 3, Qt::DisplayRole), QStringLiteral("$5.00"));
    QCOMPARE(cell(model, "embed/Embed", 3, Qt::DisplayRole), QStringLiteral("$1.25"));
    for (int column : {kRequestsColumn, kPer1000Column, kIdleColumn}) {
        QCOMPARE(cell(model, "llm/LLM", column, Qt::DisplayRole), QStringLiteral("—"));
        const QString tip = cell(model, "llm/LLM", column, Qt::ToolTipRole);
        QVERIFY2(tip.contains(QStringLiteral("Prometheus at %1").arg(prometheus.url())) &&
                     tip.contains(QStringLiteral("503")),
                 qPrintable(tip));
    }
    QVERIFY2(view->servingText().contains(QStringLiteral("503")), qPrintable(view->servingText()));
}

// The costs do not wait for Prometheus: with no answer yet they show, the traffic cells say they are waiting.
void TestCostView::costsShowBeforePrometheusAnswers()
{
    QCOMPARE(storeGpuHourPrice(m_store, kCluster, QStringLiteral("USD"), 2.5), QString()); // another test set EUR
    ScriptedHttpServer prometheus;
    prometheus.onRequest([&](const ReceivedRequest &) { prometheus.enqueue({200, {}, {}, true}); }); // silent
    ManualClock clock(kNow);
    const auto view = hourView(clock, prometheus.url());
    QTRY_VERIFY(view->hasData() && view->data().window == CostWindow::Hour);
    QTRY_VERIFY(!prometheus.requests().isEmpty()); // asked, and silent
    const QAbstractItemModel &model = *view->deploymentModel();
    QCOMPARE(cell(model, "llm/LLM", 3, Qt::DisplayRole), QStringLiteral("$5.00"));
    QCOMPARE(view->servingFigures().state, ServingFigures::State::Waiting);
    QCOMPARE(cell(model, "llm/LLM", kRequestsColumn, Qt::DisplayRole), QStringLiteral("—"));
    QCOMPARE(cell(model, "llm/LLM", kRequestsColumn, Qt::ToolTipRole), QStringLiteral("Waiting for Prometheus"));

    // Without a Prometheus the figures are unknown, and say why.
    CostView none(m_store, &clock);
    none.setWindow(CostWindow::Hour);
    none.setCluster(kCluster);
    QTRY_COMPARE(none.servingFigures().state, ServingFigures::State::NoPrometheus);
    QVERIFY2(cell(*none.deploymentModel(), "llm/LLM", kIdleColumn, Qt::ToolTipRole)
                 .contains(QStringLiteral("no Prometheus configured")),
             qPrintable(cell(*none.deploymentModel(), "llm/LLM", kIdleColumn, Qt::ToolTipRole)));
    QVERIFY2(none.servingText().contains(QStringLiteral("no Prometheus configured")), qPrintable(none.servingText()));
}

// A refresh that finds the same deployments and leases updates their figures in place (issue 16: at 10,000
// deployments the tables are pulled from the load, not rebuilt): no model reset, the selection stays.
void TestCostView::refreshKeepsTheTablesRows()
{
    ManualClock clock(kNow);
    CostView view(m_store, &clock);
    view.resize(1200, 860);
    QSignalSpy applied(&view, &CostView::dataApplied);
    view.setCluster(kCluster);
    view.show();
    QTRY_VERIFY(view.hasData());
    QCOMPARE(view.deploymentModel()->rowCount(), 2);
    auto *table = view.findChild<QTableView *>(QStringLiteral("costDeployments"));
    QVERIFY(table);
    table->selectRow(1);
    const QString selected = view.deploymentModel()->index(1, 0).data().toString();
    QSignalSpy deploymentResets(view.deploymentModel(), &QAbstractItemModel::modelReset);
    QSignalSpy leaseResets(view.leaseModel(), &QAbstractItemModel::modelReset);
    QSignalSpy changed(view.deploymentModel(), &QAbstractItemModel::dataChanged);
    applied.clear();
    view.refresh();
    QTRY_VERIFY(!applied.isEmpty());
    QVERIFY(!changed.isEmpty());
    QCOMPARE(deploymentResets.size(), 0);
    QCOMPARE(leaseResets.size(), 0);
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(table->selectionModel()->selectedRows().first().data().toString(), selected);
}

#include "test_costview.moc"
