// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetmatchmodel.h"

#include "fleettexts.h"

namespace scaledeck {

const std::vector<FleetMatch> &FleetMatchModel::matches() const
{
    static const std::vector<FleetMatch> none;
    return m_matches ? *m_matches : none;
}

void FleetMatchModel::setMatches(std::shared_ptr<const std::vector<FleetMatch>> matches)
{
    beginResetModel();
    m_matches = std::move(matches);
    endResetModel();
}

int FleetMatchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(matches().size());
}

int FleetMatchModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FleetMatchModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const FleetMatch &match = matches()[index.row()];
    if (role == Qt::TextAlignmentRole && index.column() == Replicas)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Cluster:
        return match.cluster;
    case App:
        return match.app;
    case Deployment:
        return match.deployment;
    case State:
        return match.state;
    case Replicas:
        return match.hasReplicas ? ofText(match.replicasRunning, match.replicasTarget) : QString();
    }
    return {};
}

QVariant FleetMatchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Cluster:
        return QStringLiteral("Cluster");
    case App:
        return QStringLiteral("Application");
    case Deployment:
        return QStringLiteral("Deployment");
    case State:
        return QStringLiteral("State");
    case Replicas:
        return QStringLiteral("Replicas running");
    }
    return {};
}

} // namespace scaledeck
