// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetmodel.h"
#include "fleettotalsmodel.h"
#include "guitestmain.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace scaledeck;

namespace {
const QDateTime kNoon(QDate(2026, 12, 1), QTime(12, 0), Qt::UTC);

FleetRow answering(const QString &name, double gpusHeld, double gpusTotal, int running, int target,
                   std::optional<double> costPerHour = std::nullopt)
{
    FleetRow row;
    row.name = name;
    row.address = QStringLiteral("http://%1:8265").arg(name);
    row.state = FleetState::Answering;
    FleetFigures figures;
    figures.rayVersion = QStringLiteral("2.60.0");
    figures.gpusHeld = gpusHeld;
    figures.gpusTotal = gpusTotal;
    figures.replicasRunning = running;
    figures.replicasTarget = target;
    figures.deploymentsPending = target - running;
    if (costPerHour) {
        figures.costPerHour = costPerHour;
        figures.currency = QStringLiteral("USD");
    }
    row.figures = figures;
    row.answeredAt = kNoon;
    return row;
}

FleetRow failing(const QString &name, FleetState state, const QString &message)
{
    FleetRow row;
    row.name = name;
    row.state = state;
    row.error = makeError(RayErrorKind::Unreachable, message);
    return row;
}

QString cell(const QAbstractItemModel &model, int row, int column)
{
    return model.data(model.index(row, column), Qt::DisplayRole).toString();
}

CostReport spent(const QString &currency, double cost, double alwaysOnCost)
{
    CostReport report;
    report.currency = currency;
    report.cost = cost;
    report.gpuHours = cost / 2;
    report.alwaysOnCost = alwaysOnCost;
    report.savedCost = alwaysOnCost - cost;
    return report;
}

// A cluster's cost as the reader gives it: priced, today's and this month's spend against always-on.
FleetCostPtr costOf(const QString &currency, double today, double todayAlwaysOn, double month, double monthAlwaysOn)
{
    auto cost = std::make_shared<FleetCost>();
    cost->readAtUtc = kNoon;
    cost->priced = true;
    cost->today = spent(currency, today, todayAlwaysOn);
    cost->month = spent(currency, month, monthAlwaysOn);
    return cost;
}

FleetCostPtr unavailable(const QString &why)
{
    auto cost = std::make_shared<FleetCost>();
    cost->unavailable = why;
    return cost;
}
} // namespace

class TestFleetModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneClusterChangedIsThatRowOnly();
    void statesSayWhy_data();
    void statesSayWhy();
    void unknownFiguresAreNotZero();
    void controllerMemberShowsItsController();
    void totalsSumKnownFiguresOnly();
    void sortsFiguresAsNumbers();
    void costColumnsShowSpendAndSavings();
    void costTotalsSumKnownPricedCostsOnly();
};

// A poller's rowChanged for one cluster: dataChanged for that row and no other, no reset, no layout change.
void TestFleetModel::oneClusterChangedIsThatRowOnly()
{
    ManualClock clock(kNoon);
    FleetModel model(&clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({answering(QStringLiteral("east"), 4, 8, 4, 4), answering(QStringLiteral("west"), 2, 8, 2, 2),
                   answering(QStringLiteral("lab"), 0, 2, 0, 0)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
    QSignalSpy totals(&model, &FleetModel::totalsChanged);

    model.updateRow(1, answering(QStringLiteral("west"), 6, 8, 6, 6));

    QCOMPARE(changed.count(), 1);
    const auto topLeft = changed.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = changed.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 1);
    QCOMPARE(bottomRight.row(), 1);
    QCOMPARE(topLeft.column(), 0);
    QCOMPARE(bottomRight.column(), FleetModel::ColumnCount - 1);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
    QCOMPARE(totals.count(), 1);
    QCOMPARE(cell(model, 1, FleetModel::Gpus), QStringLiteral("6 of 8"));
    QCOMPARE(cell(model, 0, FleetModel::Gpus), QStringLiteral("4 of 8"));

    // The same row again changes no total: totalsChanged stays quiet.
    model.updateRow(1, answering(QStringLiteral("west"), 6, 8, 6, 6));
    QCOMPARE(totals.count(), 1);
    // A late answer of a fleet replaced meanwhile is dropped.
    model.updateRow(7, answering(QStringLiteral("gone"), 1, 1, 1, 1));
    QCOMPARE(changed.count(), 2);
}

void TestFleetModel::statesSayWhy_data()
{
    QTest::addColumn<FleetRow>("row");
    QTest::addColumn<QString>("text");
    FleetRow waiting;
    waiting.name = QStringLiteral("new");
    QTest::newRow("waiting") << waiting << QStringLiteral("waiting for the first answer");
    QTest::newRow("answering") << answering(QStringLiteral("east"), 1, 2, 1, 1) << QStringLiteral("answering");
    QTest::newRow("unreachable") << failing(QStringLiteral("gone"), FleetState::Unreachable,
                                            QStringLiteral("connection refused"))
                                 << QStringLiteral("unreachable: connection refused");
    QTest::newRow("auth refused") << failing(QStringLiteral("locked"), FleetState::AuthRefused,
                                             QStringLiteral("the token was refused (HTTP 401)"))
                                  << QStringLiteral("auth refused: the token was refused (HTTP 401)");
    FleetRow stale = answering(QStringLiteral("slow"), 1, 2, 1, 1);
    stale.state = FleetState::Stale;
    stale.answeredAt = kNoon.addSecs(-90);
    stale.error = makeError(RayErrorKind::Timeout, QStringLiteral("no answer within 10 s"));
    QTest::newRow("stale today") << stale
                                 << QStringLiteral("stale since %1: no answer within 10 s")
                                        .arg(stale.answeredAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    stale.answeredAt = kNoon.addDays(-3);
    QTest::newRow("stale for days") << stale
                                    << QStringLiteral("stale since %1: no answer within 10 s")
                                           .arg(stale.answeredAt.toLocalTime().toString(
                                               QStringLiteral("yyyy-MM-dd HH:mm")));
}

void TestFleetModel::statesSayWhy()
{
    QFETCH(FleetRow, row);
    QFETCH(QString, text);
    ManualClock clock(kNoon);
    FleetModel model(&clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row});
    QCOMPARE(cell(model, 0, FleetModel::State), text);
    // The stale row's figures are still shown (in italics: old news); nothing is invented for the others.
    const bool italic = model.data(model.index(0, FleetModel::Name), Qt::FontRole).value<QFont>().italic();
    QCOMPARE(italic, row.state == FleetState::Stale);
}

void TestFleetModel::unknownFiguresAreNotZero()
{
    FleetModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({failing(QStringLiteral("gone"), FleetState::Unreachable, QStringLiteral("connection refused")),
                   answering(QStringLiteral("east"), 1, 2, 1, 1)});
    for (int column : {FleetModel::RayVersion, FleetModel::Gpus, FleetModel::Replicas, FleetModel::Pending,
                       FleetModel::Unplaceable, FleetModel::Controller, FleetModel::CostPerHour})
        QCOMPARE(cell(model, 0, column), QStringLiteral("—"));
    QCOMPARE(cell(model, 1, FleetModel::RayVersion), QStringLiteral("2.60.0"));
    QCOMPARE(cell(model, 1, FleetModel::CostPerHour), QStringLiteral("—")); // no price set: unknown, not $0
    QCOMPARE(cell(model, 1, FleetModel::Controller), QStringLiteral("—"));  // a dashboard member has none
}

void TestFleetModel::controllerMemberShowsItsController()
{
    FleetRow row = answering(QStringLiteral("team"), 3, 4, 3, 3, 6.0);
    row.kind = FleetMember::Kind::Controller;
    FleetControllerState controller;
    controller.healthy = true;
    controller.holdsLock = true;
    controller.lockHolder = QStringLiteral("head:42");
    controller.lastTickAt = kNoon.addSecs(-5);
    controller.activeOverrides = 2;
    row.controller = controller;
    FleetRow other = row;
    other.name = QStringLiteral("standby");
    other.controller->holdsLock = false;
    other.controller->activeOverrides.reset();
    FleetModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({row, other});
    const QString tick = controller.lastTickAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    QCOMPARE(cell(model, 0, FleetModel::Controller), QStringLiteral("acting · last tick %1 · overrides: 2").arg(tick));
    QCOMPARE(cell(model, 1, FleetModel::Controller),
             QStringLiteral("not acting (lock: head:42) · last tick %1").arg(tick));
    QCOMPARE(cell(model, 0, FleetModel::CostPerHour), QStringLiteral("$6.00/h"));
}

// The totals row sums what is known and says how many clusters are not in it.
void TestFleetModel::totalsSumKnownFiguresOnly()
{
    FleetModel model;
    FleetTotalsModel totals(&model);
    QAbstractItemModelTester tester(&totals, QAbstractItemModelTester::FailureReportingMode::QtTest);
    FleetRow stale = answering(QStringLiteral("slow"), 1, 4, 1, 2);
    stale.state = FleetState::Stale;
    model.setRows({answering(QStringLiteral("east"), 4, 8, 4, 4, 10.0),
                   answering(QStringLiteral("west"), 2.5, 8, 2, 3, 2.5), stale,
                   failing(QStringLiteral("gone"), FleetState::Unreachable, QStringLiteral("refused"))});
    QCOMPARE(cell(totals, 0, FleetModel::Name), QStringLiteral("Total of 4"));
    QCOMPARE(cell(totals, 0, FleetModel::State), QStringLiteral("2 answering · 1 stale · 1 unknown (not counted)"));
    QCOMPARE(cell(totals, 0, FleetModel::Gpus), QStringLiteral("7.5 of 20"));
    QCOMPARE(cell(totals, 0, FleetModel::Replicas), QStringLiteral("7 of 9"));
    QCOMPARE(cell(totals, 0, FleetModel::Pending), QStringLiteral("2"));
    QCOMPARE(cell(totals, 0, FleetModel::CostPerHour), QStringLiteral("$12.50/h"));
    QVERIFY(totals.data(totals.index(0, FleetModel::CostPerHour), Qt::ToolTipRole)
                .toString()
                .startsWith(QStringLiteral("1 of the clusters counted have no GPU price")));

    // The unknown cluster answers: its figures join the totals and the totals' row says so.
    QSignalSpy changed(&totals, &QAbstractItemModel::dataChanged);
    model.updateRow(3, answering(QStringLiteral("gone"), 1, 2, 1, 1, 1.0));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(cell(totals, 0, FleetModel::State), QStringLiteral("3 answering · 1 stale"));
    QCOMPARE(cell(totals, 0, FleetModel::Gpus), QStringLiteral("8.5 of 22"));
    QCOMPARE(cell(totals, 0, FleetModel::CostPerHour), QStringLiteral("$13.50/h"));
}

// GPUs 9, 10 and 100 sort as numbers (not "10" < "100" < "9"); an unknown figure sorts after every known one.
void TestFleetModel::sortsFiguresAsNumbers()
{
    FleetModel model;
    model.setRows({answering(QStringLiteral("a"), 10, 100, 10, 10, 3.0),
                   failing(QStringLiteral("b"), FleetState::Unreachable, QStringLiteral("refused")),
                   answering(QStringLiteral("c"), 9, 100, 9, 9, 20.0),
                   answering(QStringLiteral("d"), 100, 100, 100, 100, 100.0)});
    QSortFilterProxyModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(FleetModel::SortRole);
    QAbstractItemModelTester tester(&sorted, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto order = [&sorted] {
        QStringList names;
        for (int row = 0; row < sorted.rowCount(); ++row)
            names << cell(sorted, row, FleetModel::Name);
        return names.join(QLatin1Char(','));
    };
    sorted.sort(FleetModel::Gpus, Qt::AscendingOrder);
    QCOMPARE(order(), QStringLiteral("c,a,d,b"));
    sorted.sort(FleetModel::CostPerHour, Qt::AscendingOrder);
    QCOMPARE(order(), QStringLiteral("a,c,d,b"));
    sorted.sort(FleetModel::Replicas, Qt::DescendingOrder);
    QVERIFY2(order().contains(QStringLiteral("d,a,c")), qPrintable(order()));
    // A sorted row that changes moves where its new figure belongs.
    sorted.setDynamicSortFilter(true);
    sorted.sort(FleetModel::Gpus, Qt::AscendingOrder);
    model.updateRow(3, answering(QStringLiteral("d"), 1, 100, 1, 1, 1.0));
    QCOMPARE(order(), QStringLiteral("d,c,a,b"));
}

// A cluster's cost arriving changes its four cost cells alone; a cost not read yet, unavailable (no history here, the
// controller's error) or without a price is "—" with its reason in the tooltip, never $0.
void TestFleetModel::costColumnsShowSpendAndSavings()
{
    ManualClock clock(kNoon);
    FleetModel model(&clock);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows({answering(QStringLiteral("east"), 4, 8, 4, 4), answering(QStringLiteral("west"), 2, 8, 2, 2),
                   answering(QStringLiteral("lab"), 0, 2, 0, 0), answering(QStringLiteral("new"), 0, 2, 0, 0)});
    QCOMPARE(model.columnCount(), 13);
    QCOMPARE(FleetModel::columnTitle(FleetModel::SpendToday), QStringLiteral("Spend today"));
    QCOMPARE(FleetModel::columnTitle(FleetModel::SavedMonth), QStringLiteral("Saved this month"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.updateCost(0, costOf(QStringLiteral("USD"), 12, 24, 20, 2088));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(0, FleetModel::SpendToday));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(0, FleetModel::SavedMonth));
    QCOMPARE(cell(model, 0, FleetModel::SpendToday), QStringLiteral("$12.00"));
    QCOMPARE(cell(model, 0, FleetModel::SavedToday), QStringLiteral("$12.00"));
    QCOMPARE(cell(model, 0, FleetModel::SpendMonth), QStringLiteral("$20.00"));
    QCOMPARE(cell(model, 0, FleetModel::SavedMonth), QStringLiteral("$2,068.00"));
    QVERIFY(model.data(model.index(0, FleetModel::SpendMonth), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("10.0 GPU-hours")));

    model.updateCost(1, unavailable(QStringLiteral("the controller's history (this month): connection refused")));
    QCOMPARE(cell(model, 1, FleetModel::SpendToday), QStringLiteral("—"));
    QCOMPARE(model.data(model.index(1, FleetModel::SavedMonth), Qt::ToolTipRole).toString(),
             QStringLiteral("the controller's history (this month): connection refused"));

    auto unpriced = std::make_shared<FleetCost>(*costOf(QStringLiteral("USD"), 0, 0, 0, 0));
    unpriced->priced = false;
    model.updateCost(2, unpriced);
    QCOMPARE(cell(model, 2, FleetModel::SpendMonth), QStringLiteral("—"));
    QVERIFY(model.data(model.index(2, FleetModel::SpendMonth), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("No GPU price")));

    QCOMPARE(cell(model, 3, FleetModel::SpendToday), QStringLiteral("—")); // not read yet
    QCOMPARE(model.data(model.index(3, FleetModel::SpendToday), Qt::ToolTipRole).toString(),
             QStringLiteral("Not read yet"));
    QVERIFY(!model.data(model.index(3, FleetModel::SpendToday), FleetModel::SortRole).isValid());
    QCOMPARE(model.data(model.index(0, FleetModel::SavedMonth), FleetModel::SortRole).toDouble(), 2068.0);

    // A live poll of the row does not lose its cost.
    model.updateRow(0, answering(QStringLiteral("east"), 5, 8, 5, 5));
    QCOMPARE(cell(model, 0, FleetModel::SpendMonth), QStringLiteral("$20.00"));
}

// The totals row sums the known, priced costs by currency, and its tooltip says which clusters are not in them.
void TestFleetModel::costTotalsSumKnownPricedCostsOnly()
{
    ManualClock clock(kNoon);
    FleetModel model(&clock);
    FleetTotalsModel totals(&model);
    model.setRows({answering(QStringLiteral("east"), 4, 8, 4, 4), answering(QStringLiteral("west"), 2, 8, 2, 2),
                   answering(QStringLiteral("eu"), 0, 2, 0, 0), answering(QStringLiteral("lab"), 0, 2, 0, 0)});
    QCOMPARE(cell(totals, 0, FleetModel::SpendMonth), QStringLiteral("—"));
    QSignalSpy totalsChanged(&model, &FleetModel::totalsChanged);
    model.updateCost(0, costOf(QStringLiteral("USD"), 12, 24, 20, 2088));
    model.updateCost(1, costOf(QStringLiteral("USD"), 3, 10, 100.5, 300));
    model.updateCost(2, costOf(QStringLiteral("EUR"), 1, 2, 7, 9));
    QCOMPARE(totalsChanged.count(), 3);
    QCOMPARE(cell(totals, 0, FleetModel::SpendToday), QStringLiteral("€1.00 + $15.00"));
    QCOMPARE(cell(totals, 0, FleetModel::SpendMonth), QStringLiteral("€7.00 + $120.50"));
    QCOMPARE(cell(totals, 0, FleetModel::SavedMonth), QStringLiteral("€2.00 + $2,267.50"));
    QVERIFY(totals.data(totals.index(0, FleetModel::SpendMonth), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("1 clusters without recorded history")));
}

SCALEDECK_GUI_TEST_MAIN(TestFleetModel)
#include "test_fleetmodel.moc"
