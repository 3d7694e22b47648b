// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetrow.h"

#include <QString>

#include <map>
#include <vector>

namespace scaledeck {

// The fleet's totals: sums of the figures that are known (a stale row's last good ones count, a cluster that never
// answered does not), and how many clusters are not in them.
struct FleetTotals {
    int clusters = 0;
    int answering = 0;
    int unknown = 0; // no figures at all: waiting, unreachable, refused before any answer
    int stale = 0;   // counted with figures from before (stale, or refused after an answer)
    double gpusHeld = 0;
    double gpusTotal = 0;
    int replicasRunning = 0;
    int replicasTarget = 0;
    int deploymentsPending = 0;
    int deploymentsUnplaceable = 0;
    int controllersActing = 0;
    std::map<QString, double> costPerHour; // by currency
    int withoutPrice = 0;                  // clusters with figures but no price: not in costPerHour

    bool operator==(const FleetTotals &) const = default;
};

FleetTotals fleetTotalsOf(const std::vector<FleetRow> &rows);

} // namespace scaledeck
