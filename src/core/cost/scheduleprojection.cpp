// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "scheduleprojection.h"

#include "effectiveschedule.h"
#include "scheduleevaluator.h"
#include "targetresources.h"

#include <map>

namespace scaledeck {

namespace {

// What one replica (unit) of a target holds and costs an hour.
struct ReplicaRate {
    double gpus = 0;
    double costPerHour = 0;
};

// From the leases seen: a deployment's largest lease; an application's deployments summed.
ReplicaRate rateFromLeases(const ScheduleTarget &target, const std::vector<GpuLease> &leases, const PriceList &prices)
{
    std::map<QString, ReplicaRate> byDeployment;
    for (const GpuLease &lease : leases) {
        if (lease.app != target.app || (!target.isApplication() && lease.deployment != target.deployment))
            continue;
        ReplicaRate &rate = byDeployment[lease.deployment];
        if (lease.gpus >= rate.gpus)
            rate = ReplicaRate{lease.gpus, prices.costOf(lease, 1.0)};
    }
    ReplicaRate total;
    for (const auto &entry : byDeployment) {
        total.gpus += entry.second.gpus;
        total.costPerHour += entry.second.costPerHour;
    }
    return total;
}

// From its config when the snapshot knows the target (what the next week will run, whether it ran before or
// not), else from its leases.
ReplicaRate rateOf(const ScheduleTarget &target, const ClusterSnapshot *snapshot, const std::vector<GpuLease> &leases,
                   const PriceList &prices)
{
    if (snapshot) {
        if (const std::optional<TargetResources> configured = configuredResources(*snapshot, target))
            return ReplicaRate{configured->gpus(), configured->costPerHour(prices)};
    }
    return rateFromLeases(target, leases, prices);
}

} // namespace

SchedulesProjection projectSchedules(const std::vector<StoredSchedule> &schedules,
                                     const std::vector<ScheduleOverride> &overrides, const QDateTime &weekStartUtc,
                                     const ClusterSnapshot *snapshot, const std::vector<GpuLease> &leases,
                                     const PriceList &prices)
{
    SchedulesProjection projection;
    for (const StoredSchedule &entry : schedules) {
        const ScheduleLoad load = effectiveSchedule(entry, overrides);
        if (!load)
            continue; // the editor never saves one that does not parse; skip rather than guess
        const ScheduleEvaluator evaluator = load->evaluator();
        const ReplicaRate rate = rateOf(entry.target, snapshot, leases, prices);
        const WeekProjection week = projectWeek(evaluator, weekStartUtc, rate.gpus);
        projection.hasSchedules = true;
        projection.gpuHours += week.gpuHours;
        projection.alwaysOnGpuHours += week.alwaysOnGpuHours;
        if (rate.gpus > 0) // each type at its price: GPU-hours back to replica-hours, times a replica's rate
            projection.cost += week.gpuHours / rate.gpus * rate.costPerHour;
    }
    return projection;
}

} // namespace scaledeck
