// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "changeprogress.h"

namespace scaledeck {

ChangeProgress changeProgress(const ChangeSet &changes, const ClusterSnapshot &snapshot)
{
    bool configured = true;
    bool running = true;
    for (const QString &name : changes.parkedApps()) {
        const ApplicationSnapshot *app = snapshot.findApplication(name);
        if (app && !app->parked)
            configured = false; // still in the cluster, being removed
    }
    for (const QString &name : changes.unparkedApps()) {
        const ApplicationSnapshot *app = snapshot.findApplication(name);
        if (!app || app->parked)
            configured = false;
        else if (app->status != QStringLiteral("RUNNING"))
            running = false;
    }
    for (const DeploymentChange &change : changes.deploymentChanges()) {
        if (changes.parkedApps().contains(change.app))
            continue; // parked with the change: there is nothing to count
        const ApplicationSnapshot *app = snapshot.findApplication(change.app);
        const DeploymentSnapshot *deployment = app && !app->parked ? app->findDeployment(change.deployment) : nullptr;
        if (!deployment) {
            configured = false;
            continue;
        }
        if (change.replicas) {
            if (deployment->targetReplicas != *change.replicas)
                configured = false;
            else if (deployment->runningReplicas != *change.replicas || deployment->hasReplicasInTransition())
                running = false;
        } else if (change.autoscaling) {
            if (deployment->autoscaling != change.autoscaling)
                configured = false;
            else if (app->status != QStringLiteral("RUNNING"))
                running = false;
        }
    }
    if (!configured)
        return ChangeProgress::NotYet;
    return running ? ChangeProgress::Running : ChangeProgress::Configured;
}

} // namespace scaledeck
