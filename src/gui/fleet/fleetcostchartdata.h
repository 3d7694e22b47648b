// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the Fleet page's cost chart shows, from the clusters' costs (FleetCost, read off the GUI thread): a stack a
// period (today, this week, this month: the Cost tab's periods), a layer a cluster, in GPU-hours and in money.

#include "fleetdeploymentcsv.h"

#include <QStringList>

#include <array>
#include <vector>

namespace scaledeck {

struct FleetCostChartData {
    static constexpr int kPeriods = 3;                  // today, this week, this month
    QStringList clusters;                               // those with figures, in the fleet's order
    std::vector<std::array<double, kPeriods>> gpuHours; // by cluster
    // By cluster, in `currency` (the one most priced clusters use); 0 for a cluster without a price or priced in
    // another currency, which `leftOut` names.
    std::vector<std::array<double, kPeriods>> money;
    QString currency;
    QStringList leftOut; // "lab: no history recorded on this machine …", "eu: priced in EUR"

    static QStringList periodNames(); // "Today", "This week", "This month"
    bool operator==(const FleetCostChartData &) const = default;
};

FleetCostChartData fleetCostChartDataOf(const std::vector<FleetClusterCost> &clusters);

} // namespace scaledeck
