// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clustergauges.h"

#include "costperhour.h"
#include "schedule.h"

namespace scaledeck {

namespace {
// The decision's own count where it has one; otherwise what the snapshot gives for the cases it leaves out.
std::optional<int> actualOf(const ClusterSnapshot &snapshot, const TargetDecision &decision)
{
    if (decision.actualReplicas)
        return decision.actualReplicas;
    if (decision.result == DecisionResult::Missing)
        return std::nullopt;
    const auto target = ScheduleTarget::parse(decision.target);
    const ApplicationSnapshot *app = target ? snapshot.findApplication(target->app) : nullptr;
    if (!app)
        return std::nullopt;
    if (target->isApplication())
        return 1; // running as configured (parked has its count, 0)
    const DeploymentSnapshot *deployment = app->findDeployment(target->deployment);
    if (!deployment)
        return std::nullopt;
    return deployment->targetReplicas; // autoscaling: the autoscaler's current target
}

} // namespace

ClusterGauges clusterGauges(const ClusterSnapshot &snapshot, const std::vector<TargetDecision> &decisions,
                            const PriceList &prices)
{
    ClusterGauges gauges;
    for (const TargetDecision &decision : decisions) {
        if (decision.result == DecisionResult::Failed && decision.actual.isEmpty())
            continue; // its schedule was not evaluated: no desired count to show
        gauges.targets.push_back(TargetGauge{decision.target, decision.desired, actualOf(snapshot, decision),
                                             decision.result == DecisionResult::InStep,
                                             decision.result == DecisionResult::Contested});
    }
    for (const ApplicationSnapshot &app : snapshot.applications) {
        for (const DeploymentSnapshot &deployment : app.deployments)
            gauges.deployments.push_back(DeploymentGauge{app.name, deployment.name, deployment.gpusHeld});
    }
    gauges.gpuCapacity = snapshot.gpusTotal;
    gauges.costPerHour = costPerHourNow(snapshot, prices);
    gauges.currency = prices.currency;
    return gauges;
}

} // namespace scaledeck
