// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "servingcut.h"

namespace scaledeck {

namespace {
int runningReplicas(const ApplicationSnapshot &app)
{
    int running = 0;
    for (const DeploymentSnapshot &deployment : app.deployments)
        running += deployment.runningReplicas;
    return running;
}

// The cut that the desired count `desired` makes to what the cluster holds, if any.
std::optional<ServingCut> cutTo(const ApplicationSnapshot &app, const ScheduleTarget &target, int desired)
{
    ServingCut cut;
    cut.target = target;
    cut.toReplicas = desired;
    if (target.isApplication()) {
        // An application target is running at any count and parked at 0.
        if (desired > 0)
            return std::nullopt;
        cut.fromReplicas = 1;
        cut.parksApplication = true;
        cut.servingNow = runningReplicas(app);
        return cut.servingNow > 0 ? std::optional(cut) : std::nullopt;
    }
    const DeploymentSnapshot *deployment = app.findDeployment(target.deployment);
    if (!deployment || (deployment->autoscaling && !deployment->configuredReplicas))
        return std::nullopt; // not there, or autoscaling: the controller sets a count, it does not cut one
    cut.fromReplicas = app.externalScalerEnabled ? deployment->targetReplicas
                                                 : deployment->configuredReplicas.value_or(deployment->targetReplicas);
    if (desired >= cut.fromReplicas)
        return std::nullopt;
    // 0 without an external scaler parks the whole application (Ray refuses num_replicas: 0).
    cut.parksApplication = desired == 0 && !app.externalScalerEnabled;
    cut.servingNow = cut.parksApplication ? runningReplicas(app) : std::max(0, deployment->runningReplicas - desired);
    return cut.servingNow > 0 ? std::optional(cut) : std::nullopt;
}
} // namespace

std::optional<ServingCut> servingCut(const ScheduleEvaluator &schedule, const ScheduleTarget &target,
                                     const ClusterSnapshot &cluster, const QDateTime &nowUtc, qint64 withinMs)
{
    const ApplicationSnapshot *app = cluster.findApplication(target.app);
    if (!app || app->parked || app->status == QStringLiteral("DELETING"))
        return std::nullopt;
    if (auto now = cutTo(*app, target, schedule.effectiveAt(nowUtc).replicas)) {
        now->atUtc = nowUtc;
        return now;
    }
    for (const ScheduleTransition &next : schedule.transitions(nowUtc, nowUtc.addMSecs(withinMs))) {
        if (auto later = cutTo(*app, target, next.to)) {
            later->atUtc = next.atUtc;
            return later;
        }
    }
    return std::nullopt;
}

} // namespace scaledeck
