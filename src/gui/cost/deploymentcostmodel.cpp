// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "deploymentcostmodel.h"

#include "costview.h"

#include <QHashFunctions>
#include <QLocale>

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
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        return;
    }
    beginResetModel();
    m_overview = std::move(overview);
    m_serving = std::move(serving);
    endResetModel();
}

std::unique_ptr<DeploymentCostModel> DeploymentCostModel::copyOf() const
{
    auto copy = std::make_unique<DeploymentCostModel>();
    copy->m_overview = m_overview;
    copy->m_serving = m_serving;
    copy->m_rowsKey = m_rowsKey;
    return copy;
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
    const std::vector<DeploymentCost> &rows = rowsOf(m_overview);
    if (!index.isValid() || size_t(index.row()) >= rows.size() || index.column() >= columnCount())
        return QVariant();
    const DeploymentCost &row = rows[size_t(index.row())];
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
