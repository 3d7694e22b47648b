// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetmodel.h"

#include "fleettexts.h"
#include "snapshotrelease.h"

#include <QFont>

#include <utility>

namespace scaledeck {

namespace {
bool isCostColumn(int column)
{
    return column >= FleetModel::SpendToday && column <= FleetModel::SavedMonth;
}

const CostReport &reportOf(const FleetCost &cost, int column)
{
    return column == FleetModel::SpendToday || column == FleetModel::SavedToday ? cost.today : cost.month;
}

// The cell's amount: spent, or saved against always-on.
double amountOf(const FleetCost &cost, int column)
{
    const CostReport &report = reportOf(cost, column);
    return column == FleetModel::SpendToday || column == FleetModel::SpendMonth ? report.cost : report.savedCost;
}
} // namespace

FleetModel::FleetModel(const Clock *clock, QObject *parent)
    : QAbstractTableModel(parent), m_clock(clock ? clock : &m_systemClock)
{
    qRegisterMetaType<FleetRow>();
}

void FleetModel::setRows(std::vector<FleetRow> rows)
{
    beginResetModel();
    std::swap(m_rows, rows);
    m_costs.assign(m_rows.size(), nullptr); // a new fleet: its costs are read anew
    m_totals = fleetTotalsOf(m_rows);
    m_costTotals = fleetCostTotalsOf(m_costs);
    endResetModel();
    Q_EMIT totalsChanged();
    for (FleetRow &replaced : rows)
        releaseSnapshotInBackground(std::move(replaced.snapshot));
}

void FleetModel::updateRow(int index, const FleetRow &row)
{
    if (index < 0 || index >= static_cast<int>(m_rows.size()))
        return;
    // The poller has let go of the row's previous snapshot already: this is often its last reference, and freeing
    // a 10,000-deployment cluster takes tens of milliseconds.
    SnapshotPtr previous = std::exchange(m_rows[index].snapshot, nullptr);
    m_rows[index] = row;
    releaseSnapshotInBackground(std::move(previous));
    Q_EMIT dataChanged(this->index(index, 0), this->index(index, ColumnCount - 1));
    // Fifty rows at most in a real fleet: summing them again is cheaper than keeping differences right.
    if (FleetTotals totals = fleetTotalsOf(m_rows); !(totals == m_totals)) {
        m_totals = std::move(totals);
        Q_EMIT totalsChanged();
    }
}

void FleetModel::updateCost(int index, const FleetCostPtr &cost)
{
    if (index < 0 || index >= static_cast<int>(m_costs.size()))
        return;
    m_costs[index] = cost;
    Q_EMIT dataChanged(this->index(index, SpendToday), this->index(index, SavedMonth));
    if (FleetCostTotals totals = fleetCostTotalsOf(m_costs); !(totals == m_costTotals)) {
        m_costTotals = std::move(totals);
        Q_EMIT totalsChanged();
    }
}

int FleetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int FleetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FleetModel::columnTitle(int column)
{
    switch (column) {
    case Name:
        return QStringLiteral("Cluster");
    case State:
        return QStringLiteral("State");
    case RayVersion:
        return QStringLiteral("Ray");
    case Gpus:
        return QStringLiteral("GPUs held");
    case Replicas:
        return QStringLiteral("Replicas running");
    case Pending:
        return QStringLiteral("Pending");
    case Unplaceable:
        return QStringLiteral("Unplaceable");
    case Controller:
        return QStringLiteral("Controller");
    case CostPerHour:
        return QStringLiteral("Cost now");
    case SpendToday:
        return QStringLiteral("Spend today");
    case SavedToday:
        return QStringLiteral("Saved today");
    case SpendMonth:
        return QStringLiteral("Spend this month");
    case SavedMonth:
        return QStringLiteral("Saved this month");
    }
    return {};
}

QVariant FleetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole)
        return columnTitle(section);
    if (role == Qt::ToolTipRole && section == Pending)
        return QStringLiteral("Deployments running fewer replicas than their target");
    if (role == Qt::ToolTipRole && section == Unplaceable)
        return QStringLiteral("Deployments with replicas Ray cannot place on any node (waiting for GPUs)");
    if (role == Qt::ToolTipRole && section == CostPerHour)
        return QStringLiteral("What the GPUs held now cost per hour, at the cluster's prices");
    if (role == Qt::ToolTipRole && isCostColumn(section))
        return QStringLiteral("From the cluster's recorded GPU history: a controller's own store, else what this "
                              "machine recorded. Saved: against every deployment always on at its peak (or its "
                              "configured always-on count)");
    return {};
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    const FleetRow &row = m_rows[index.row()];
    if (isCostColumn(index.column())) {
        const FleetCostPtr &cost = m_costs[index.row()];
        switch (role) {
        case Qt::DisplayRole:
            return costText(cost, index.column());
        case SortRole:
            return costSortValue(cost, index.column());
        case Qt::ToolTipRole:
            return costToolTip(cost, index.column());
        case Qt::TextAlignmentRole:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    switch (role) {
    case Qt::DisplayRole:
        return displayText(row, index.column());
    case SortRole:
        return sortValue(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() >= Gpus && index.column() <= Unplaceable)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == CostPerHour)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == Controller && !row.controller) // a lone "—" beside the figures' reads as theirs
            return QVariant(Qt::AlignHCenter | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (row.figures && !row.reachable()) { // figures from before: in italics, as old news
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QString FleetModel::displayText(const FleetRow &row, int column) const
{
    if (column == Name)
        return row.name;
    if (column == State)
        return fleetStateText(row, m_clock->nowUtc());
    if (column == Controller)
        return controllerText(row);
    if (!row.figures)
        return kUnknownFigure;
    const FleetFigures &figures = *row.figures;
    switch (column) {
    case RayVersion:
        return figures.rayVersion.value_or(kUnknownFigure);
    case Gpus:
        return ofText(figures.gpusHeld, figures.gpusTotal);
    case Replicas:
        return ofText(figures.replicasRunning, figures.replicasTarget);
    case Pending:
        return QString::number(figures.deploymentsPending);
    case Unplaceable:
        return QString::number(figures.deploymentsUnplaceable);
    case CostPerHour:
        if (!figures.costPerHour)
            return kUnknownFigure;
        return costPerHourText({{figures.currency, *figures.costPerHour}});
    }
    return {};
}

QVariant FleetModel::sortValue(const FleetRow &row, int column) const
{
    switch (column) {
    case Name:
        return row.name.toLower();
    case State:
        return static_cast<int>(row.state);
    case Controller:
        return controllerText(row);
    default:
        break;
    }
    if (!row.figures)
        return {}; // unknown: sorts after every known figure
    const FleetFigures &figures = *row.figures;
    switch (column) {
    case RayVersion:
        return figures.rayVersion ? QVariant(*figures.rayVersion) : QVariant();
    case Gpus:
        return figures.gpusHeld;
    case Replicas:
        return double(figures.replicasRunning);
    case Pending:
        return double(figures.deploymentsPending);
    case Unplaceable:
        return double(figures.deploymentsUnplaceable);
    case CostPerHour:
        return figures.costPerHour ? QVariant(*figures.costPerHour) : QVariant();
    }
    return {};
}

QString FleetModel::toolTip(const FleetRow &row, int column) const
{
    if (column == Name)
        return QStringLiteral("%1 (%2)\nDouble-click or Enter opens its tabs").arg(row.name, row.address);
    if (column == State && row.error)
        return row.error->describe();
    if (column == CostPerHour && row.figures && !row.figures->costPerHour)
        return QStringLiteral("No GPU price is set for this cluster (Cost tab → Prices)");
    return {};
}

QString FleetModel::costText(const FleetCostPtr &cost, int column) const
{
    if (!cost || !cost->known() || !cost->priced)
        return kUnknownFigure;
    return formatMoneyText(amountOf(*cost, column), reportOf(*cost, column).currency);
}

QVariant FleetModel::costSortValue(const FleetCostPtr &cost, int column) const
{
    if (!cost || !cost->known() || !cost->priced)
        return {}; // unknown: sorts after every known figure
    return amountOf(*cost, column);
}

QString FleetModel::costToolTip(const FleetCostPtr &cost, int column) const
{
    if (!cost)
        return QStringLiteral("Not read yet");
    if (!cost->known())
        return cost->unavailable;
    const CostReport &report = reportOf(*cost, column);
    const QString hours = QStringLiteral("%1 GPU-hours").arg(QString::number(report.gpuHours, 'f', 1));
    if (!cost->priced)
        return QStringLiteral("No GPU price is set for this cluster (Cost tab → Prices): %1").arg(hours);
    QString text = QStringLiteral("%1 for %2; always on: %3")
                       .arg(formatMoneyText(report.cost, report.currency), hours,
                            formatMoneyText(report.alwaysOnCost, report.currency));
    if (report.startsAfterAsked())
        text += QStringLiteral("\nThe history starts %1: the figures cover only the time since")
                    .arg(report.fromUtc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    return text;
}

} // namespace scaledeck
