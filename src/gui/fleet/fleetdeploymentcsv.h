// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The fleet's per-deployment cost as CSV (the Fleet page's Export deployment costs…): what each deployment of each
// cluster cost over the cost chart's window (one of the Cost tab's), from the same history as the table's spend.

#include "fleetwindowcost.h"

#include <QString>

#include <vector>

namespace scaledeck {

struct FleetClusterCost {
    QString cluster;
    FleetWindowCostPtr cost; // null: not read yet
};

// The header, then one record per (cluster, application, deployment) with its GPU-hours, cost, always-on cost and
// saving over its window (from_utc, to_utc: the window asked, [now - window, now)), in the clusters' order and each
// report's order (most GPU-hours first). A cluster without figures, without a price or without any deployment holding
// GPUs is one record with the reason in `note` (and empty money fields where the money is unknown), so no cluster
// goes missing silently; a cluster whose history starts inside the window says so in `note`. Fields quoted by
// csvField.
QString fleetDeploymentCostCsv(const std::vector<FleetClusterCost> &clusters);

} // namespace scaledeck
