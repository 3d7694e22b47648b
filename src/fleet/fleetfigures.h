// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "pricelist.h"

#include <QString>

#include <optional>

namespace scaledeck {

// What a fleet row shows of one cluster, all from one snapshot. A figure nobody can know is empty (JSON null),
// never 0.
struct FleetFigures {
    std::optional<QString> rayVersion; // empty when the cluster did not say
    int deployments = 0;               // of the applications in the cluster (a parked app's are not there)
    int replicasRunning = 0;
    int replicasTarget = 0;
    double gpusHeld = 0;
    double gpusTotal = 0;
    int deploymentsPending = 0;     // running fewer replicas than their target (starting, upscaling, waiting)
    int deploymentsUnplaceable = 0; // with replicas Ray cannot place on any node (waiting for GPUs)
    int replicasUnplaceable = 0;
    int parkedApps = 0;
    std::optional<double> costPerHour; // the GPUs held now at the cluster's prices; empty when no price is set
    QString currency;                  // of costPerHour; empty with it

    bool operator==(const FleetFigures &) const = default;
};

// The figures of `snapshot`, priced with `prices` when the cluster has any (pricesSet), else without a cost.
FleetFigures fleetFiguresOf(const ClusterSnapshot &snapshot, const std::optional<PriceList> &prices);

} // namespace scaledeck
