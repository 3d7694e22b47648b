// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetmodel.h"

#include "fleettexts.h"
#include "snapshotrelease.h"

#include <QFont>

#include <utility>

namespace scaledeck {

FleetModel::FleetModel(const Clock *clock, QObject *parent)
    : QAbstractTableModel(parent), m_clock(clock ? clock : &m_systemClock)
{
    qRegisterMetaType<FleetRow>();
}

void FleetModel::setRows(std::vector<FleetRow> rows)
{
    beginResetModel();
    std::swap(m_rows, rows);
    m_totals = fleetTotalsOf(m_rows);
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
    return {};
}

QVariant FleetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    const FleetRow &row = m_rows[index.row()];
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

} // namespace scaledeck
