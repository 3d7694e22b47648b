// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetfigures.h"

#include "costperhour.h"

namespace scaledeck {

namespace {
void addDeployment(FleetFigures &figures, const DeploymentSnapshot &deployment)
{
    ++figures.deployments;
    figures.replicasRunning += deployment.runningReplicas;
    figures.replicasTarget += deployment.targetReplicas;
    if (deployment.runningReplicas < deployment.targetReplicas)
        ++figures.deploymentsPending;
    if (const int waiting = deployment.replicasWaitingForPlacement(); waiting > 0) {
        ++figures.deploymentsUnplaceable;
        figures.replicasUnplaceable += waiting;
    }
}
} // namespace

FleetFigures fleetFiguresOf(const ClusterSnapshot &snapshot, const std::optional<PriceList> &prices)
{
    FleetFigures figures;
    if (!snapshot.rayVersion.isEmpty())
        figures.rayVersion = snapshot.rayVersion;
    for (const ApplicationSnapshot &app : snapshot.applications) {
        if (app.parked) {
            ++figures.parkedApps;
            continue;
        }
        for (const DeploymentSnapshot &deployment : app.deployments)
            addDeployment(figures, deployment);
    }
    figures.gpusHeld = snapshot.gpusHeld();
    figures.gpusTotal = snapshot.gpusTotal;
    if (prices && pricesSet(*prices)) {
        figures.costPerHour = costPerHourNow(snapshot, *prices);
        figures.currency = prices->currency;
    }
    return figures;
}

} // namespace scaledeck
