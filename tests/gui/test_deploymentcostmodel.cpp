// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The Cost tab's deployments table sorts by a header's column: numbers as numbers with an unknown figure last, names
// as text; the order holds across refreshes of the same deployments, the selection follows its deployment, and the
// copy a CSV export reads keeps it.
#include "deploymentcostmodel.h"
#include "guitestmain.h"

#include <QItemSelectionModel>
#include <QtTest>

using namespace scaledeck;

namespace {
DeploymentCost costRow(const char *app, double cost, double gpuHours)
{
    DeploymentCost row;
    row.app = QString::fromLatin1(app);
    row.deployment = QStringLiteral("Model");
    row.cost = cost;
    row.gpuHours = gpuHours;
    return row;
}

std::shared_ptr<const CostOverview> overviewOf(std::vector<DeploymentCost> rows)
{
    auto overview = std::make_shared<CostOverview>();
    overview->prices.currency = QStringLiteral("USD");
    overview->inWindow.deployments = std::move(rows);
    return overview;
}

// Requests read for the apps named, none for the others.
std::shared_ptr<const ServingFigures> servingOf(const std::map<QString, double> &requests)
{
    auto figures = std::make_shared<ServingFigures>();
    figures->state = ServingFigures::State::Read;
    for (const auto &[app, count] : requests) {
        DeploymentServing serving;
        serving.requests = count;
        figures->serving.deployments[{app, QStringLiteral("Model")}] = serving;
    }
    return figures;
}

// The apps of the rows as shown, "b a c".
QString appsShown(const DeploymentCostModel &model)
{
    QStringList apps;
    for (int row = 0; row < model.rowCount(); ++row)
        apps << model.index(row, 0).data().toString().section(QLatin1Char('/'), 0, 0);
    return apps.join(QLatin1Char(' '));
}

constexpr int kCostColumn = 3;
constexpr int kRequestsColumn = 9;
} // namespace

class TestDeploymentCostModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsKeepTheOverviewsOrderUntilSorted();
    void numbersSortAsNumbersAndNamesAsText();
    void unknownFiguresSortLastEitherWay();
    void aRefreshKeepsTheSortAndTheSelectionFollowsItsDeployment();
    void theExportsCopyKeepsTheOrder();
    void nameOrdersMadeOnTheLoadersThreadSortAsTheModelDoes();
};

void TestDeploymentCostModel::rowsKeepTheOverviewsOrderUntilSorted()
{
    DeploymentCostModel model;
    const auto overview = overviewOf({costRow("b", 9, 1), costRow("a", 100, 2), costRow("c", 20, 3)});
    model.setOverview(overview, servingOf({}), DeploymentCostModel::rowsKey(*overview));
    QCOMPARE(appsShown(model), QStringLiteral("b a c"));
    model.sort(-1); // no column: what the table asks while nothing is sorted on
    QCOMPARE(appsShown(model), QStringLiteral("b a c"));
    QCOMPARE(model.rowAt(1)->app, QStringLiteral("a"));
    QVERIFY(!model.rowAt(3));
}

void TestDeploymentCostModel::numbersSortAsNumbersAndNamesAsText()
{
    DeploymentCostModel model;
    // As text "100" < "20" < "9": as numbers 9 < 20 < 100.
    const auto overview = overviewOf({costRow("b", 9, 1), costRow("A", 100, 2), costRow("c", 20, 3)});
    model.setOverview(overview, servingOf({}), DeploymentCostModel::rowsKey(*overview));
    model.sort(kCostColumn, Qt::AscendingOrder);
    QCOMPARE(appsShown(model), QStringLiteral("b c A"));
    QCOMPARE(model.rowAt(0)->cost, 9.0);
    model.sort(kCostColumn, Qt::DescendingOrder);
    QCOMPARE(appsShown(model), QStringLiteral("A c b"));
    model.sort(0, Qt::AscendingOrder); // names, whatever their case
    QCOMPARE(appsShown(model), QStringLiteral("A b c"));
}

void TestDeploymentCostModel::unknownFiguresSortLastEitherWay()
{
    DeploymentCostModel model;
    const auto overview = overviewOf({costRow("quiet", 1, 1), costRow("busy", 1, 1), costRow("unread", 1, 1)});
    model.setOverview(overview, servingOf({{QStringLiteral("quiet"), 5}, {QStringLiteral("busy"), 5000}}),
                      DeploymentCostModel::rowsKey(*overview));
    model.sort(kRequestsColumn, Qt::AscendingOrder);
    QCOMPARE(appsShown(model), QStringLiteral("quiet busy unread"));
    model.sort(kRequestsColumn, Qt::DescendingOrder);
    QCOMPARE(appsShown(model), QStringLiteral("busy quiet unread"));
}

void TestDeploymentCostModel::aRefreshKeepsTheSortAndTheSelectionFollowsItsDeployment()
{
    DeploymentCostModel model;
    QItemSelectionModel selection(&model);
    const auto first = overviewOf({costRow("a", 1, 1), costRow("b", 2, 1), costRow("c", 3, 1)});
    model.setOverview(first, servingOf({}), DeploymentCostModel::rowsKey(*first));
    model.sort(kCostColumn, Qt::DescendingOrder);
    QCOMPARE(appsShown(model), QStringLiteral("c b a"));
    selection.select(model.index(2, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows); // "a"
    // The same deployments, "a" now the dearest: it moves to the top, and stays selected.
    const auto second = overviewOf({costRow("a", 30, 1), costRow("b", 2, 1), costRow("c", 3, 1)});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setOverview(second, servingOf({}), DeploymentCostModel::rowsKey(*second));
    QCOMPARE(reset.count(), 0); // the same rows: a new order, not a new table
    QCOMPARE(appsShown(model), QStringLiteral("a c b"));
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(selection.selectedRows().first().row(), 0);
    // Other deployments: a new table, still sorted by the column chosen.
    const auto third = overviewOf({costRow("x", 1, 1), costRow("y", 7, 1)});
    model.setOverview(third, servingOf({}), DeploymentCostModel::rowsKey(*third));
    QCOMPARE(appsShown(model), QStringLiteral("y x"));
}

void TestDeploymentCostModel::theExportsCopyKeepsTheOrder()
{
    DeploymentCostModel model;
    const auto overview = overviewOf({costRow("a", 1, 1), costRow("b", 2, 1)});
    model.setOverview(overview, servingOf({}), DeploymentCostModel::rowsKey(*overview));
    model.sort(kCostColumn, Qt::DescendingOrder);
    const std::unique_ptr<DeploymentCostModel> copy = model.copyOf();
    QCOMPARE(appsShown(*copy), QStringLiteral("b a"));
}

void TestDeploymentCostModel::nameOrdersMadeOnTheLoadersThreadSortAsTheModelDoes()
{
    // "b/Model" twice and "B/Model" fold alike: equal names keep the overview's order, ascending and descending.
    const auto overview = overviewOf(
        {costRow("b", 1, 1), costRow("a", 2, 1), costRow("B", 3, 1), costRow("c", 4, 1), costRow("b", 5, 1)});
    const auto orders = DeploymentCostModel::nameOrders(*overview);
    DeploymentCostModel sorting, given;
    sorting.setOverview(overview, servingOf({}), DeploymentCostModel::rowsKey(*overview));
    given.setOverview(overview, servingOf({}), DeploymentCostModel::rowsKey(*overview), orders);
    for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        sorting.sort(0, order);
        given.sort(0, order);
        for (int row = 0; row < sorting.rowCount(); ++row)
            QCOMPARE(given.rowAt(row), sorting.rowAt(row)); // the same row of the overview, not only the same name
    }
    QCOMPARE(appsShown(given), QStringLiteral("c b B b a"));
    // The orders given are what a sort by name shows (another column's sort is the model's own).
    auto reversed = std::make_shared<DeploymentCostModel::NameOrders>(*orders);
    std::swap(reversed->ascending, reversed->descending);
    given.setOverview(overview, servingOf({}), DeploymentCostModel::rowsKey(*overview), reversed);
    given.sort(0, Qt::AscendingOrder);
    QCOMPARE(appsShown(given), QStringLiteral("c b B b a"));
    given.sort(kCostColumn, Qt::AscendingOrder);
    QCOMPARE(appsShown(given), QStringLiteral("b a B c b"));
}

SCALEDECK_GUI_TEST_MAIN(TestDeploymentCostModel)
#include "test_deploymentcostmodel.moc"
