// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costperhour.h"

#include "leasetracker.h"

namespace scaledeck {

double costPerHourNow(const ClusterSnapshot &snapshot, const PriceList &prices)
{
    LeaseTracker tracker;
    tracker.observe(snapshot);
    double cost = 0;
    for (const auto &[key, lease] : tracker.active())
        cost += prices.costOf(lease, 1.0);
    return cost;
}

bool pricesSet(const PriceList &prices)
{
    return !(prices == PriceList{});
}

} // namespace scaledeck
