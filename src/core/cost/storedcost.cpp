// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "storedcost.h"

#include "historystore.h"
#include "periodreport.h"
#include "pricestore.h"

#include <algorithm>

namespace scaledeck {

CostPeriod costPeriod(const std::optional<QDateTime> &since, const std::optional<QDateTime> &until,
                      const QDateTime &nowUtc)
{
    const QDateTime to = until ? std::min(*until, nowUtc) : nowUtc;
    return CostPeriod{since ? *since : to.addDays(-kDefaultCostDays), to};
}

Result<StoredCost> readStoredCost(HistoryStore &history, PriceStore &prices, const QString &clusterKey,
                                  const QDateTime &fromUtc, const QDateTime &toUtc)
{
    if (auto opened = history.open(); !opened)
        return opened.error();
    StoredCost stored;
    auto first = history.firstRecord(clusterKey);
    if (!first)
        return first.error();
    stored.firstRecord = *first;
    auto priceList = prices.prices(clusterKey);
    if (!priceList)
        return priceList.error();
    stored.prices = *priceList;
    if (!stored.firstRecord) { // nothing recorded: an empty report of the period as asked
        stored.report = computeCost({}, RecordedUsage{}, fromUtc, toUtc, stored.prices);
        return stored;
    }
    // Before the history's first record nothing is known: the period starts there (reportStart, as reportPeriod
    // clips it), and the leases are read from there.
    const QDateTime start = reportStart(stored.firstRecord, fromUtc, toUtc);
    auto leases = history.leases(clusterKey, start, toUtc);
    if (!leases)
        return leases.error();
    stored.leases = std::move(leases).value();
    auto alwaysOn = prices.alwaysOnCounts(clusterKey);
    if (!alwaysOn)
        return alwaysOn.error();
    stored.alwaysOn = *alwaysOn;
    PeriodReport period = reportPeriod(history, clusterKey, stored.leases, stored.firstRecord, fromUtc, toUtc,
                                       stored.prices, stored.alwaysOn);
    if (period.capacityError)
        return *period.capacityError;
    stored.report = std::move(period.report);
    return stored;
}

} // namespace scaledeck
