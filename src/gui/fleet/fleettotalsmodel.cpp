// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleettotalsmodel.h"

#include "fleetmodel.h"
#include "fleettexts.h"

#include <QFont>
#include <QStringList>

namespace scaledeck {

namespace {
QString costTotalsToolTip(const FleetCostTotals &totals)
{
    QStringList parts;
    if (totals.withoutFigures > 0)
        parts << QStringLiteral("%1 clusters without recorded history (or not read yet): not in this sum")
                     .arg(totals.withoutFigures);
    if (totals.withoutPrice > 0)
        parts << QStringLiteral("%1 clusters without a GPU price: not in this sum").arg(totals.withoutPrice);
    return parts.join(QLatin1Char('\n'));
}
} // namespace

FleetTotalsModel::FleetTotalsModel(FleetModel *fleet, QObject *parent) : QAbstractTableModel(parent), m_fleet(fleet)
{
    connect(fleet, &FleetModel::totalsChanged, this,
            [this] { Q_EMIT dataChanged(index(0, 0), index(0, FleetModel::ColumnCount - 1)); });
}

int FleetTotalsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : 1;
}

int FleetTotalsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : FleetModel::ColumnCount;
}

QVariant FleetTotalsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return displayText(index.column());
    case Qt::ToolTipRole:
        return toolTip(index.column());
    case Qt::FontRole: {
        QFont font;
        font.setBold(true);
        return font;
    }
    case Qt::TextAlignmentRole:
        if (index.column() >= FleetModel::Gpus && index.column() != FleetModel::Controller)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QString FleetTotalsModel::displayText(int column) const
{
    const FleetTotals &totals = m_fleet->totals();
    const bool anyFigures = totals.clusters > totals.unknown;
    switch (column) {
    case FleetModel::Name:
        return QStringLiteral("Total of %1").arg(totals.clusters);
    case FleetModel::State: {
        QStringList parts;
        parts << QStringLiteral("%1 answering").arg(totals.answering);
        if (totals.stale > 0)
            parts << QStringLiteral("%1 stale").arg(totals.stale);
        if (totals.unknown > 0)
            parts << QStringLiteral("%1 unknown (not counted)").arg(totals.unknown);
        return parts.join(QStringLiteral(" · "));
    }
    case FleetModel::RayVersion:
        return {};
    case FleetModel::Gpus:
        return anyFigures ? ofText(totals.gpusHeld, totals.gpusTotal) : kUnknownFigure;
    case FleetModel::Replicas:
        return anyFigures ? ofText(totals.replicasRunning, totals.replicasTarget) : kUnknownFigure;
    case FleetModel::Pending:
        return anyFigures ? QString::number(totals.deploymentsPending) : kUnknownFigure;
    case FleetModel::Unplaceable:
        return anyFigures ? QString::number(totals.deploymentsUnplaceable) : kUnknownFigure;
    case FleetModel::Controller:
        return totals.controllersActing > 0 ? QStringLiteral("%1 acting").arg(totals.controllersActing) : QString();
    case FleetModel::CostPerHour:
        return costPerHourText(totals.costPerHour);
    case FleetModel::SpendToday:
        return moneyText(m_fleet->costTotals().spendToday);
    case FleetModel::SavedToday:
        return moneyText(m_fleet->costTotals().savedToday);
    case FleetModel::SpendMonth:
        return moneyText(m_fleet->costTotals().spendMonth);
    case FleetModel::SavedMonth:
        return moneyText(m_fleet->costTotals().savedMonth);
    }
    return {};
}

QString FleetTotalsModel::toolTip(int column) const
{
    const FleetTotals &totals = m_fleet->totals();
    if (column == FleetModel::State && totals.unknown > 0)
        return QStringLiteral("Clusters that never answered are not in the totals");
    if (column == FleetModel::CostPerHour && totals.withoutPrice > 0)
        return QStringLiteral("%1 of the clusters counted have no GPU price set: not in this sum")
            .arg(totals.withoutPrice);
    if (column >= FleetModel::SpendToday && column <= FleetModel::SavedMonth)
        return costTotalsToolTip(m_fleet->costTotals());
    return {};
}

} // namespace scaledeck
