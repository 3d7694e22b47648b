// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "pricelist.h"

namespace scaledeck {

// What the replicas holding GPUs in `snapshot` cost for one hour at `prices`: the same leases the cost report
// prices (LeaseTracker's rule of which replicas hold GPUs). The controller's /metrics gauge and the fleet's rows.
double costPerHourNow(const ClusterSnapshot &snapshot, const PriceList &prices);

// Whether anyone set a price: a cluster without a row in the price store reads as the default list (USD 0), which
// is "no price known", not "free".
bool pricesSet(const PriceList &prices);

} // namespace scaledeck
