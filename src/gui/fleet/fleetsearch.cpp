// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetsearch.h"

namespace scaledeck {

namespace {
bool nameMatches(const QString &name, const QString &query)
{
    return name.contains(query, Qt::CaseInsensitive);
}

bool stateMatches(const QString &state, const QString &query)
{
    return state.startsWith(query, Qt::CaseInsensitive);
}

void searchApp(const QString &cluster, const ApplicationSnapshot &app, const QString &query,
               std::vector<FleetMatch> &matches)
{
    const bool appMatches = nameMatches(app.name, query);
    if (app.deployments.empty()) {
        const QString state = app.parked ? QStringLiteral("parked") : app.status.toLower();
        if (appMatches || stateMatches(state, query))
            matches.push_back(FleetMatch{cluster, app.name, {}, state, 0, 0, false});
        return;
    }
    for (const DeploymentSnapshot &deployment : app.deployments) {
        const QString state = deploymentSearchState(app, deployment);
        // An unplaceable deployment is pending too (fewer running than its target), as the fleet's figures count it.
        const bool pending = !app.parked && deployment.runningReplicas < deployment.targetReplicas;
        if (appMatches || nameMatches(deployment.name, query) || stateMatches(state, query) ||
            (pending && stateMatches(QStringLiteral("pending"), query)))
            matches.push_back(FleetMatch{cluster, app.name, deployment.name, state, deployment.runningReplicas,
                                         deployment.targetReplicas, !app.parked});
    }
}
} // namespace

QString deploymentSearchState(const ApplicationSnapshot &app, const DeploymentSnapshot &deployment)
{
    if (app.parked)
        return QStringLiteral("parked");
    if (deployment.replicasWaitingForPlacement() > 0)
        return QStringLiteral("unplaceable");
    if (deployment.runningReplicas < deployment.targetReplicas)
        return QStringLiteral("pending");
    return deployment.status.toLower();
}

std::vector<FleetMatch> fleetMatches(const QString &query, const std::vector<FleetSearchCluster> &clusters)
{
    const QString wanted = query.trimmed();
    std::vector<FleetMatch> matches;
    if (wanted.isEmpty())
        return matches;
    for (const FleetSearchCluster &cluster : clusters) {
        const QString state = fleetStateName(cluster.state);
        if (nameMatches(cluster.name, wanted) || stateMatches(state, wanted))
            matches.push_back(FleetMatch{cluster.name, {}, {}, state, 0, 0, false});
        if (!cluster.snapshot)
            continue;
        for (const ApplicationSnapshot &app : cluster.snapshot->applications)
            searchApp(cluster.name, app, wanted, matches);
    }
    return matches;
}

} // namespace scaledeck
