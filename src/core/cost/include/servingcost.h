// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "leasetracker.h"
#include "rateseries.h"

#include <QDateTime>

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace scaledeck {

// What a deployment's GPUs served in a window: its requests, and the GPU-hours its leases held while no request
// came. A rate point stands for the step ending at its time; a step without a point is unknown (no scrape,
// Prometheus down), never idle.
struct DeploymentServing {
    // Requests in the window: rate x the part of each step inside it. Unknown without a series of the deployment
    // or without a point in the window; with some steps unknown it counts the known ones only.
    std::optional<double> requests;
    double heldGpuHours = 0; // its leases' GPU-hours in the window
    // Held in steps with fewer than 0.5 requests (nothing arrived). A lower bound when unknownGpuHours > 0; unknown
    // when the deployment held GPUs and none of them in a step with a point.
    std::optional<double> idleGpuHours;
    double unknownGpuHours = 0; // held in steps without a point: idle or busy, nobody knows
    double coveredFraction = 0; // of the window's time, the part inside steps with a point (0..1)
};

struct ServingCost {
    std::map<DeploymentKey, DeploymentServing> deployments; // every deployment with a lease in the window
    double heldGpuHours = 0;                                // all of them
    double idleGpuHours = 0;    // their known idle GPU-hours (a lower bound when unknownGpuHours > 0)
    double unknownGpuHours = 0; // held in steps without a point

    const DeploymentServing *find(const QString &app, const QString &deployment) const;
};

// The GPUs one deployment's leases held in a window, as their starts and ends clipped to it: (ms, GPUs more from
// then on, or fewer when negative), in time order. Two entries a lease: far less than the leases themselves.
using HeldChanges = std::vector<std::pair<qint64, double>>;
using HeldGpusByDeployment = std::map<DeploymentKey, HeldChanges>; // every deployment with a lease in the window

// The held changes of `leases` in [fromUtc, toUtc) (an active lease up to toUtc), by deployment.
HeldGpusByDeployment heldGpusOf(const std::vector<GpuLease> &leases, const QDateTime &fromUtc, const QDateTime &toUtc);
// Adds one lease's [startMs, endMs) (already clipped to the window, not empty) to `changes`; sortHeldChanges()
// orders them once all are in.
void addHeldSpan(HeldChanges &changes, qint64 startMs, qint64 endMs, double gpus);
void sortHeldChanges(HeldChanges &changes);

// The serving figures of every deployment that held GPUs in [fromUtc, toUtc), from its leases (an active one up to
// toUtc) and its request rates (pure).
ServingCost servingCost(const std::vector<GpuLease> &leases, const RequestRates &rates, const QDateTime &fromUtc,
                        const QDateTime &toUtc);
// The same from the held changes in that window (heldGpusOf).
ServingCost servingCost(const HeldGpusByDeployment &held, const RequestRates &rates, const QDateTime &fromUtc,
                        const QDateTime &toUtc);

// What 1,000 requests cost: cost x 1000 / requests. Unknown when the requests are, and when none (fewer than
// 0.5) arrived: no price per request exists then.
std::optional<double> costPer1000Requests(double cost, const std::optional<double> &requests);

} // namespace scaledeck
