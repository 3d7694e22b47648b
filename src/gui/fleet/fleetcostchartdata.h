// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the Fleet page's cost chart shows, from the clusters' costs over one of the Cost tab's windows
// (FleetWindowCost, read off the GUI thread): one stack for the window, a layer a cluster, in GPU-hours and in money.

#include "fleetdeploymentcsv.h"

#include <QStringList>

#include <vector>

namespace scaledeck {

struct FleetCostChartData {
    CostWindow window = CostWindow::Day;
    QStringList clusters;         // those with figures of this window, in the fleet's order
    std::vector<double> gpuHours; // by cluster
    // By cluster, in `currency` (the one most priced clusters use); 0 for a cluster without a price or priced in
    // another currency, which `leftOut` names.
    std::vector<double> money;
    QString currency;
    QStringList leftOut; // "lab: no history recorded on this machine …", "eu: priced in EUR", "new: not read yet"

    bool operator==(const FleetCostChartData &) const = default;
};

// The window's name on the chart's axis: "Last 24 h".
QString fleetChartWindowLabel(CostWindow window);

// The value axis' label format for a stack `top` high: decimals enough to tell its ticks apart ("%.2f" below 1, as
// a few minutes' GPU-hours or spend are; "%.0f" from 10 on).
QString fleetChartLabelFormat(double top);

// The data of `window` from the clusters' costs: a cost of another window (read before the window changed) is not
// read yet.
FleetCostChartData fleetCostChartDataOf(const std::vector<FleetClusterCost> &clusters, CostWindow window);

} // namespace scaledeck
