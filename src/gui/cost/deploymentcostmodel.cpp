// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "deploymentcostmodel.h"

#include "costview.h"

#include <QHashFunctions>
#include <QLocale>

#include <algorithm>
#include <optional>

namespace scaledeck {

namespace {
const std::vector<DeploymentCost> kNoRows;
const ServingFigures kNoFigures;

const std::vector<DeploymentCost> &rowsOf(const std::shared_ptr<const CostOverview> &overview)
{
    return overview ? overview->inWindow.deployments : kNoRows;
}

// A figure to sort a row by; nullopt when unknown (no traffic read).
using SortNumber = std::optional<double>;

SortNumber costNumber(const DeploymentCost &row, int column)
{
    switch (column) {
    case 2:
        return row.gpuHours;
    case 3:
        return row.cost;
    case 4:
        return row.share;
    case 5:
        return row.peakReplicas;
    case 6:
        return row.alwaysOnReplicas;
    case 7:
        return row.alwaysOnGpuHours;
    case 8:
        return row.reduction;
    default:
        return std::nullopt;
    }
}

SortNumber servingNumber(const ServingFigures &figures, const DeploymentCost &row, int servingColumn)
{
    const DeploymentServing *serving =
        figures.state == ServingFigures::State::Read ? figures.serving.find(row.app, row.deployment) : nullptr;
    if (!serving)
        return std::nullopt;
    switch (servingColumn) {
    case 0:
        return serving->requests;
    case 1:
        return costPer1000Requests(row.cost, serving->requests);
    case 2:
        return serving->idleGpuHours;
    default:
        return std::nullopt;
    }
}

QString nameOf(const DeploymentCost &row, int column)
{
    return column == 0 ? row.app + QLatin1Char('/') + row.deployment : row.accelerator;
}

// Each row's text in a name column (0: the deployment, 1: the accelerator type), case folded once a row: a
// case-insensitive compare of every pair took 30 ms for 10,000 rows.
std::vector<QString> foldedNames(const std::vector<DeploymentCost> &rows, int column)
{
    std::vector<QString> names(rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        names[i] = nameOf(rows[i], column).toCaseFolded();
    return names;
}

// The rows in the order of their names, stable.
std::vector<int> orderByName(const std::vector<QString> &names, bool descending)
{
    std::vector<int> order(names.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return descending ? names[size_t(b)] < names[size_t(a)] : names[size_t(a)] < names[size_t(b)];
    });
    return order;
}
} // namespace

DeploymentCostModel::DeploymentCostModel(QObject *parent)
    : QAbstractTableModel(parent),
      m_headers(QStringList{tr("Deployment"), tr("Type"), tr("GPU-h"), tr("Cost"), tr("Share"), tr("Peak"),
                            tr("Always-on"), tr("Always-on GPU-h"), tr("Reduction")} +
                ServingColumns::headers())
{
}

quint64 DeploymentCostModel::rowsKey(const CostOverview &overview)
{
    size_t key = overview.inWindow.deployments.size();
    for (const DeploymentCost &row : overview.inWindow.deployments)
        key = qHashMulti(key, row.app, row.deployment);
    return quint64(key);
}

std::shared_ptr<const DeploymentCostModel::NameOrders> DeploymentCostModel::nameOrders(const CostOverview &overview)
{
    const std::vector<QString> names = foldedNames(overview.inWindow.deployments, 0);
    return std::make_shared<const NameOrders>(NameOrders{orderByName(names, false), orderByName(names, true)});
}

void DeploymentCostModel::setOverview(std::shared_ptr<const CostOverview> overview,
                                      std::shared_ptr<const ServingFigures> serving, quint64 rowsKey,
                                      std::shared_ptr<const NameOrders> byName)
{
    const bool same =
        overview && m_overview &&
        (overview == m_overview || (rowsKey == m_rowsKey && rowsOf(overview).size() == rowsOf(m_overview).size()));
    m_rowsKey = rowsKey;
    m_byName = std::move(byName);
    if (same) {
        m_overview = std::move(overview);
        m_serving = std::move(serving);
        reorder(); // the same deployments, perhaps in another order of their new figures
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    m_overview = std::move(overview);
    m_serving = std::move(serving);
    m_order = sortedOrder();
    endResetModel();
}

std::unique_ptr<DeploymentCostModel> DeploymentCostModel::copyOf() const
{
    auto copy = std::make_unique<DeploymentCostModel>();
    copy->m_overview = m_overview;
    copy->m_serving = m_serving;
    copy->m_rowsKey = m_rowsKey;
    copy->m_byName = m_byName;
    copy->m_sortColumn = m_sortColumn;
    copy->m_sortOrder = m_sortOrder;
    copy->m_order = m_order;
    return copy;
}

const DeploymentCost *DeploymentCostModel::rowAt(int row) const
{
    const std::vector<DeploymentCost> &rows = rowsOf(m_overview);
    if (row < 0 || size_t(row) >= rows.size())
        return nullptr;
    return &rows[m_order.empty() ? size_t(row) : size_t(m_order[size_t(row)])];
}

void DeploymentCostModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= columnCount())
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    reorder();
}

std::vector<int> DeploymentCostModel::sortedOrder() const
{
    const std::vector<DeploymentCost> &rows = rowsOf(m_overview);
    if (m_sortColumn < 0 || rows.empty())
        return {};
    const bool descending = m_sortOrder == Qt::DescendingOrder;
    if (m_sortColumn == 0 && m_byName && m_byName->ascending.size() == rows.size())
        return descending ? m_byName->descending : m_byName->ascending;
    if (m_sortColumn < 2)
        return orderByName(foldedNames(rows, m_sortColumn), descending);
    std::vector<int> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::vector<SortNumber> numbers(rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        numbers[i] = m_sortColumn < kCostColumns
                         ? costNumber(rows[i], m_sortColumn)
                         : servingNumber(servingFigures(), rows[i], m_sortColumn - kCostColumns);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const SortNumber &x = numbers[size_t(a)], &y = numbers[size_t(b)];
        if (!x || !y)
            return x.has_value() && !y.has_value(); // unknown last, ascending or descending
        return descending ? *x > *y : *x < *y;
    });
    return order;
}

void DeploymentCostModel::reorder()
{
    std::vector<int> order = sortedOrder();
    if (order == m_order)
        return;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    std::vector<int> rowOfDeployment(order.size());
    for (size_t row = 0; row < order.size(); ++row)
        rowOfDeployment[size_t(order[row])] = int(row);
    const QModelIndexList before = persistentIndexList(); // the selection: a few indexes
    QModelIndexList after;
    for (const QModelIndex &index : before) {
        const int deployment = m_order.empty() ? index.row() : m_order[size_t(index.row())];
        after << (rowOfDeployment.empty() ? this->index(deployment, index.column())
                                          : this->index(rowOfDeployment[size_t(deployment)], index.column()));
    }
    m_order = std::move(order);
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int DeploymentCostModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(rowsOf(m_overview).size());
}

int DeploymentCostModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

const ServingFigures &DeploymentCostModel::servingFigures() const
{
    return m_serving ? *m_serving : kNoFigures;
}

QString DeploymentCostModel::costText(const DeploymentCost &row, int column) const
{
    const QLocale english(QLocale::English);
    switch (column) {
    case 0:
        return row.app + QLatin1Char('/') + row.deployment;
    case 1:
        return row.accelerator.isEmpty() ? tr("default") : row.accelerator;
    case 2:
        return english.toString(row.gpuHours, 'f', 1);
    case 3:
        return formatMoney(row.cost, m_overview->prices.currency);
    case 4:
        return QString::number(row.share * 100, 'f', 1) + QLatin1Char('%');
    case 5:
        return QString::number(row.peakReplicas);
    case 6:
        return row.alwaysOnConfigured ? tr("%1 (set)").arg(row.alwaysOnReplicas)
                                      : tr("%1 (peak)").arg(row.alwaysOnReplicas);
    case 7:
        return english.toString(row.alwaysOnGpuHours, 'f', 1);
    case 8:
        return QString::number(row.reduction, 'f', 2);
    default:
        return QString();
    }
}

QVariant DeploymentCostModel::data(const QModelIndex &index, int role) const
{
    const DeploymentCost *shown = index.isValid() ? rowAt(index.row()) : nullptr;
    if (!shown || index.column() >= columnCount())
        return QVariant();
    const DeploymentCost &row = *shown;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        if (column < kCostColumns)
            return costText(row, column);
        return ServingColumns::cells(servingFigures(), row, m_overview->prices.currency)
            .texts.value(column - kCostColumns);
    case Qt::ToolTipRole: {
        if (column < kCostColumns)
            return QVariant();
        const QString tip = ServingColumns::cells(servingFigures(), row, m_overview->prices.currency)
                                .toolTips.value(column - kCostColumns);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::TextAlignmentRole:
        return column < 2 ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return QVariant();
    }
}

QVariant DeploymentCostModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0 && section < m_headers.size())
        return m_headers[section];
    return QVariant();
}

} // namespace scaledeck
