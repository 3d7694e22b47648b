// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleettotals.h"

namespace scaledeck {

namespace {
void addFigures(FleetTotals &totals, const FleetFigures &figures)
{
    totals.gpusHeld += figures.gpusHeld;
    totals.gpusTotal += figures.gpusTotal;
    totals.replicasRunning += figures.replicasRunning;
    totals.replicasTarget += figures.replicasTarget;
    totals.deploymentsPending += figures.deploymentsPending;
    totals.deploymentsUnplaceable += figures.deploymentsUnplaceable;
    if (figures.costPerHour)
        totals.costPerHour[figures.currency] += *figures.costPerHour;
    else
        ++totals.withoutPrice;
}
} // namespace

FleetTotals fleetTotalsOf(const std::vector<FleetRow> &rows)
{
    FleetTotals totals;
    for (const FleetRow &row : rows) {
        ++totals.clusters;
        if (row.state == FleetState::Answering)
            ++totals.answering;
        if (!row.figures) {
            ++totals.unknown;
            continue;
        }
        if (row.state != FleetState::Answering)
            ++totals.stale;
        addFigures(totals, *row.figures);
        if (row.controller && row.controller->holdsLock)
            ++totals.controllersActing;
    }
    return totals;
}

} // namespace scaledeck
