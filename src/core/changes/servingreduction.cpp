// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "servingreduction.h"

#include <algorithm>

namespace scaledeck {

QString ReducedServing::target() const
{
    return deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment;
}

namespace {
int runningReplicasOf(const ApplicationSnapshot &app)
{
    int running = 0;
    for (const DeploymentSnapshot &deployment : app.deployments)
        running += deployment.runningReplicas;
    return running;
}
} // namespace

std::vector<ReducedServing> reducedServing(const ClusterSnapshot &snapshot, const ChangeSet &changes)
{
    std::vector<ReducedServing> reduced;
    for (const QString &name : changes.parkedApps())
        if (const ApplicationSnapshot *app = snapshot.findApplication(name); app && !app->parked)
            reduced.push_back({name, QString(), runningReplicasOf(*app), 0});
    for (const DeploymentChange &change : changes.deploymentChanges()) {
        if (!change.replicas || changes.parkedApps().contains(change.app))
            continue;
        const ApplicationSnapshot *app = snapshot.findApplication(change.app);
        const DeploymentSnapshot *deployment = app ? app->findDeployment(change.deployment) : nullptr;
        if (!deployment || app->parked || *change.replicas >= deployment->runningReplicas)
            continue;
        reduced.push_back({change.app, change.deployment, deployment->runningReplicas, *change.replicas});
    }
    std::sort(reduced.begin(), reduced.end(),
              [](const ReducedServing &a, const ReducedServing &b) { return a.target() < b.target(); });
    return reduced;
}

std::optional<ReducedServing> reducedServingOf(const ClusterSnapshot &snapshot, const QString &app,
                                               const QString &deployment, int replicas)
{
    const ApplicationSnapshot *live = snapshot.findApplication(app);
    if (!live || live->parked)
        return std::nullopt;
    if (deployment.isEmpty())
        return replicas == 0 ? std::optional(ReducedServing{app, QString(), runningReplicasOf(*live), 0})
                             : std::nullopt;
    const DeploymentSnapshot *one = live->findDeployment(deployment);
    if (!one || replicas >= one->runningReplicas)
        return std::nullopt;
    return ReducedServing{app, deployment, one->runningReplicas, replicas};
}

} // namespace scaledeck
