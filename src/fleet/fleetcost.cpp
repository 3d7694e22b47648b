// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetcost.h"

#include "costperhour.h"
#include "localperiods.h"
#include "storedcost.h"

namespace scaledeck {

namespace {
// [from, now) from the store; at local midnight "today" has no length yet: an empty report, as the Cost tab shows.
Result<StoredCost> storedPeriod(HistoryStore &history, PriceStore &prices, const QString &clusterKey,
                                const QDateTime &from, const QDateTime &nowUtc)
{
    if (from < nowUtc)
        return readStoredCost(history, prices, clusterKey, from, nowUtc);
    auto stored = readStoredCost(history, prices, clusterKey, nowUtc.addSecs(-1), nowUtc);
    if (stored)
        stored.value().report = computeCost({}, RecordedUsage{}, nowUtc, nowUtc, stored.value().prices);
    return stored;
}

void addKnown(std::map<QString, double> &sum, const QString &currency, double amount)
{
    sum[currency] += amount;
}
} // namespace

FleetCost localFleetCost(HistoryStore &history, PriceStore &prices, const QString &clusterKey, const QDateTime &nowUtc)
{
    FleetCost cost;
    cost.readAtUtc = nowUtc;
    auto month = storedPeriod(history, prices, clusterKey, startOfLocalMonth(nowUtc), nowUtc);
    if (!month) {
        cost.unavailable = QStringLiteral("cannot read this machine's history: %1").arg(month.error().describe());
        return cost;
    }
    if (!month->firstRecord) {
        cost.unavailable = QStringLiteral("no history recorded on this machine for %1 (it is recorded while its "
                                          "profile is open in ScaleDeck, or by a local `scaledeckctl run`)")
                               .arg(clusterKey);
        return cost;
    }
    auto today = storedPeriod(history, prices, clusterKey, startOfLocalDay(nowUtc), nowUtc);
    if (!today) {
        cost.unavailable = QStringLiteral("cannot read this machine's history: %1").arg(today.error().describe());
        return cost;
    }
    cost.priced = pricesSet(month->prices);
    cost.month = std::move(month->report);
    cost.today = std::move(today->report);
    return cost;
}

FleetCostTotals fleetCostTotalsOf(const std::vector<FleetCostPtr> &costs)
{
    FleetCostTotals totals;
    for (const FleetCostPtr &cost : costs) {
        if (!cost || !cost->known()) {
            ++totals.withoutFigures;
            continue;
        }
        if (!cost->priced) {
            ++totals.withoutPrice;
            continue;
        }
        addKnown(totals.spendToday, cost->today.currency, cost->today.cost);
        addKnown(totals.savedToday, cost->today.currency, cost->today.savedCost);
        addKnown(totals.spendMonth, cost->month.currency, cost->month.cost);
        addKnown(totals.savedMonth, cost->month.currency, cost->month.savedCost);
    }
    return totals;
}

} // namespace scaledeck
