// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "placementwaits.h"

#include "statusreport.h"

#include <algorithm>
#include <cmath>

namespace scaledeck {

namespace {

// What one waiting replica needs: its GPUs (of its type), or, for a replica without GPUs, resources in general.
QString neededBy(const DeploymentSnapshot &deployment)
{
    if (deployment.gpusPerReplica <= 0)
        return QStringLiteral("its resources (no GPUs)");
    return QStringLiteral("a node with %1 free").arg(gpuCount(deployment.gpusPerReplica, deployment.acceleratorType));
}

} // namespace

QStringList describePlacementWaits(const ClusterSnapshot &snapshot)
{
    QStringList lines;
    const double free = std::max(0.0, snapshot.gpusTotal - snapshot.gpusHeld());
    for (const ApplicationSnapshot &app : snapshot.applications) {
        for (const DeploymentSnapshot &deployment : app.deployments) {
            const int waiting = deployment.replicasWaitingForPlacement();
            if (waiting == 0)
                continue;
            lines.append(QStringLiteral("%1/%2: %3 %4 for %5 (%6 of %7 free)")
                             .arg(app.name, deployment.name)
                             .arg(waiting)
                             .arg(waiting == 1 ? QStringLiteral("replica waits") : QStringLiteral("replicas wait"),
                                  neededBy(deployment), formatAmount(free), gpuCount(snapshot.gpusTotal)));
        }
    }
    return lines;
}

QString placementWaitShort(const DeploymentSnapshot &deployment)
{
    const int waiting = deployment.replicasWaitingForPlacement();
    if (waiting == 0)
        return QString();
    return QStringLiteral("%1 %2 for %3")
        .arg(waiting)
        .arg(waiting == 1 ? QStringLiteral("waits") : QStringLiteral("wait"),
             deployment.gpusPerReplica > 0 ? QStringLiteral("GPUs") : QStringLiteral("resources"));
}

} // namespace scaledeck
