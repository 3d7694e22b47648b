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

} // namespace

DeploymentCostModel::DeploymentCostModel(QObject *parent)
    : QAbstractTableModel(parent),
      m_headers(QStringList{tr("Deployment"), tr("Type"), tr("GPU-h"), tr("Cost"), tr("Share"), tr("Peak"),
                            tr("Always-on"), tr("Always-on GPU-h"), tr("Reduction")} +
                ServingColumns::headers())
{
    m_sorter.setMaxThreadCount(1);
    // Its thread ends after each sort: a thread kept waiting keeps its malloc arena, and the next threads (the fleet
    // page's) then took fresh ones instead of the memory the Cost tab's loads had freed (20,000 deployments: the
    // window's RSS 274 -> 414 MB).
    m_sorter.setExpiryTimeout(0);
    m_sorter.setObjectName(QStringLiteral("DeploymentCostSorter"));
}

quint64 DeploymentCostModel::rowsKey(const CostOverview &overview)
{
    size_t key = overview.inWindow.deployments.size();
    for (const DeploymentCost &row : overview.inWindow.deployments)
        key = qHashMulti(key, row.app, row.deployment);
    return quint64(key);
}

void DeploymentCostModel::setOverview(std::shared_ptr<const CostOverview> overview,
                                      std::shared_ptr<const ServingFigures> serving, quint64 rowsKey)
{
    const bool same =
        overview && m_overview &&
        (overview == m_overview || (rowsKey == m_rowsKey && rowsOf(overview).size() == rowsOf(m_overview).size()));
    m_rowsKey = rowsKey;
    if (same) {
        m_overview = std::move(overview);
        m_serving = std::move(serving);
        reorder(); // the same deployments, perhaps in another order of their new figures
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    const bool sortHere = rowsOf(overview).size() <= kSortHereRows;
    beginResetModel();
    m_overview = std::move(overview);
    m_serving = std::move(serving);
    m_order = sortHere ? sortedOrder() : std::vector<int>();
    ++m_sortsAsked; // an order for the rows before is not theirs
    m_sortsShown = m_sortsAsked;
    endResetModel();
    if (!sortHere)
        reorder(); // shown in the overview's order until then
}

std::unique_ptr<DeploymentCostModel> DeploymentCostModel::copyOf() const
{
    auto copy = std::make_unique<DeploymentCostModel>();
    copy->m_overview = m_overview;
    copy->m_serving = m_serving;
    copy->m_rowsKey = m_rowsKey;
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
    return deploymentCostOrder(rowsOf(m_overview), servingFigures(), m_sortColumn, m_sortOrder);
}

void DeploymentCostModel::reorder()
{
    const quint64 asked = ++m_sortsAsked;
    if (m_sortColumn < 0 || rowsOf(m_overview).size() <= kSortHereRows) {
        m_sortsShown = asked;
        showOrder(sortedOrder());
        return;
    }
    // The overview and figures are shared and never changed: the sorter reads them while the GUI thread goes on.
    m_sorter.start(
        [this, asked, overview = m_overview, serving = m_serving, column = m_sortColumn, sortOrder = m_sortOrder] {
            std::vector<int> order =
                deploymentCostOrder(rowsOf(overview), serving ? *serving : kNoFigures, column, sortOrder);
            QMetaObject::invokeMethod(
                this,
                [this, asked, order = std::move(order)]() mutable {
                    if (asked != m_sortsAsked)
                        return; // sorted again, or other rows, since
                    m_sortsShown = asked;
                    showOrder(std::move(order));
                },
                Qt::QueuedConnection);
        });
}

void DeploymentCostModel::showOrder(std::vector<int> order)
{
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
