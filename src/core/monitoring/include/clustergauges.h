// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "pricelist.h"
#include "targetdecision.h"

#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// One scheduled target as a tick saw it.
struct TargetGauge {
    QString target;
    int desired = 0;
    // What the cluster holds, as the controller compares it: the configured count (Ray's target under an
    // external scaler), 0 when parked, 1 for an application that runs; under autoscaling Ray's current target
    // (the autoscaler's choice). Empty when the target is missing or its schedule does not parse.
    std::optional<int> actual;
    bool inStep = false;
    // The controller holds back from correcting it: another controller or tool keeps changing it back.
    bool contested = false;
};

struct DeploymentGauge {
    QString app;
    QString deployment;
    double gpusHeld = 0;
};

// What one tick's snapshot and decisions show of the cluster: the gauges of /metrics. Taken again at every tick
// that read the cluster, never from older ticks.
struct ClusterGauges {
    std::vector<TargetGauge> targets;
    std::vector<DeploymentGauge> deployments;
    double gpuCapacity = 0; // GPUs of the alive nodes
    double costPerHour = 0; // the replicas holding GPUs now, at the configured prices, for one hour
    QString currency;
};

ClusterGauges clusterGauges(const ClusterSnapshot &snapshot, const std::vector<TargetDecision> &decisions,
                            const PriceList &prices);

} // namespace scaledeck
