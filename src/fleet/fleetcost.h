// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a fleet row shows of a cluster's spend: today and this month, each with what the scaling saved against
// always-on, from the history that is authoritative for that member:
//   dashboard member:  this machine's history store (what the window recorded while the profile was open, or a
//                      local `scaledeckctl run`), under the dashboard's cluster key;
//   controller member: the controller's own store, through its API (GET cost), as `scaledeckctl cost` computes it.

#include "costreport.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <map>
#include <memory>
#include <vector>

namespace scaledeck {

class HistoryStore;
class PriceStore;

struct FleetCost {
    QDateTime readAtUtc;
    // Why there are no figures ("no history recorded on this machine…", the controller's error); empty when known.
    QString unavailable;
    // Whether the cluster has GPU prices: without, the money is unknown (the GPU-hours are not), never $0.
    bool priced = false;
    CostReport today; // [local midnight, readAtUtc)
    CostReport month; // [the 1st of the local month, readAtUtc)

    bool known() const { return unavailable.isEmpty(); }
};
// Immutable once read and shared: the row, the totals and the export hold the same one.
using FleetCostPtr = std::shared_ptr<const FleetCost>;

// A cluster's cost read from `history` and `prices` (this machine's store) at `nowUtc`, today and this month, as
// `scaledeckctl cost` reads them (readStoredCost). No history for `clusterKey` is an unavailable cost.
FleetCost localFleetCost(HistoryStore &history, PriceStore &prices, const QString &clusterKey, const QDateTime &nowUtc);

// The fleet's spend and savings: sums by currency of the known, priced costs, and how many clusters are not in them.
struct FleetCostTotals {
    std::map<QString, double> spendToday, savedToday, spendMonth, savedMonth;
    int withoutFigures = 0; // not read yet, or unavailable
    int withoutPrice = 0;   // figures but no price: GPU-hours only, not in the sums
    bool operator==(const FleetCostTotals &) const = default;
};
FleetCostTotals fleetCostTotalsOf(const std::vector<FleetCostPtr> &costs);

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::FleetCostPtr)
