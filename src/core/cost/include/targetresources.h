// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "pricelist.h"
#include "schedule.h"

#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// What one deployment's replica asks for by its config, and how many of them one unit of a schedule's target is.
struct ConfiguredReplicas {
    QString deployment;
    double gpus = 0; // per replica: required_resources (ray_actor_options.num_gpus), a parked app's stored copy
    double cpus = 0;
    QString accelerator; // the deployment's own type, else the cluster's only GPU type; empty: the default price
    int replicas = 1;    // replicas per unit: 1 for a deployment target, the configured count for an application
};

// What one unit of a schedule's target holds by its config: one replica of a deployment, or an application
// running as configured (its deployments' configured counts). This is what a schedule is projected with, so a
// deployment that has never run (a batch before its first window) is projected as well as one that has.
struct TargetResources {
    std::vector<ConfiguredReplicas> deployments;

    double gpus() const;
    // Its GPUs at their type's price plus its CPUs at the CPU price, for one hour.
    double costPerHour(const PriceList &prices) const;
};

// nullopt when the snapshot has no such application or deployment.
std::optional<TargetResources> configuredResources(const ClusterSnapshot &snapshot, const ScheduleTarget &target);

} // namespace scaledeck
