// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costreport.h"
#include "leasetracker.h"
#include "pricelist.h"
#include "result.h"

#include <QDateTime>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace scaledeck {

class HistoryStore;
class PriceStore;

// A cost report's period when none is given: the last week.
constexpr qint64 kDefaultCostDays = 7;

// The period a cost report covers, from the optional start and end asked for: leases still running count up to
// the end, so it never goes past `nowUtc`; the start is kDefaultCostDays before the end unless given. The caller
// refuses the result when fromUtc >= toUtc (in its own words: a command line's options or an API's parameters).
struct CostPeriod {
    QDateTime fromUtc;
    QDateTime toUtc;
};
CostPeriod costPeriod(const std::optional<QDateTime> &since, const std::optional<QDateTime> &until,
                      const QDateTime &nowUtc);

// The cost report of [fromUtc, toUtc) from the stored history and prices, as `scaledeckctl cost` prints it and
// the controller's API serves it, with what went into it.
struct StoredCost {
    std::optional<QDateTime> firstRecord; // std::nullopt: no history yet, the report is empty (of the period asked)
    std::vector<GpuLease> leases;         // those overlapping the report's period (the traffic is set against them)
    PriceList prices;
    std::map<QString, int> alwaysOn; // the configured always-on counts by "app/deployment"
    CostReport report;               // starts at the history's first record when that is later (reportPeriod)
};
[[nodiscard]] Result<StoredCost> readStoredCost(HistoryStore &history, PriceStore &prices, const QString &clusterKey,
                                                const QDateTime &fromUtc, const QDateTime &toUtc);

} // namespace scaledeck
