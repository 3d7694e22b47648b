// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetwindowcost.h"

#include "costperhour.h"
#include "storedcost.h"

namespace scaledeck {

FleetWindowCost fleetWindowOf(CostWindow window, const QDateTime &nowUtc)
{
    FleetWindowCost cost;
    cost.window = window;
    cost.readAtUtc = nowUtc.toUTC();
    cost.fromUtc = cost.readAtUtc.addSecs(-costWindowSecs(window));
    return cost;
}

FleetWindowCost localFleetWindowCost(HistoryStore &history, PriceStore &prices, const QString &clusterKey,
                                     CostWindow window, const QDateTime &nowUtc)
{
    FleetWindowCost cost = fleetWindowOf(window, nowUtc);
    auto stored = readStoredCost(history, prices, clusterKey, cost.fromUtc, cost.readAtUtc);
    if (!stored) {
        cost.unavailable = QStringLiteral("cannot read this machine's history: %1").arg(stored.error().describe());
        return cost;
    }
    if (!stored->firstRecord) {
        cost.unavailable = QStringLiteral("no history recorded on this machine for %1 (it is recorded while its "
                                          "profile is open in ScaleDeck, or by a local `scaledeckctl run`)")
                               .arg(clusterKey);
        return cost;
    }
    cost.priced = pricesSet(stored->prices);
    cost.report = std::move(stored->report);
    return cost;
}

} // namespace scaledeck
