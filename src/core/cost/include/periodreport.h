// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costreport.h"
#include "leasetracker.h"
#include "pricelist.h"
#include "rayerror.h"
#include "recordedusage.h"
#include "result.h"

#include <QDateTime>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace scaledeck {

class HistoryStore;

// Where a report of [from, to) starts: no earlier than the history's first record (`from` when there is none),
// and no later than `to`. Before the first record nothing is known: counting those hours as always-on would
// flatter the reduction.
QDateTime reportStart(const std::optional<QDateTime> &firstRecord, const QDateTime &from, const QDateTime &to);

// A period's report, and why the history's record of the nodes could not be read if it could not: the report
// then counts no capacity and no idle time, while the leases still price it.
struct PeriodReport {
    CostReport report;
    std::optional<RayError> capacityError;
};

// The report of [reportStart(firstRecord, from, to), to), `from` kept as its askedFromUtc, from `leases` (any
// that overlap it: computeCost clips them) and what the history recorded of the nodes in that time.
// `scaledeckctl cost` and the cost overview both price a period this way.
[[nodiscard]] PeriodReport reportPeriod(HistoryStore &history, const QString &clusterKey,
                                        const std::vector<GpuLease> &leases,
                                        const std::optional<QDateTime> &firstRecord, const QDateTime &from,
                                        const QDateTime &to, const PriceList &prices,
                                        const std::map<QString, int> &alwaysOn);

// The same from the leases' totals (HistoryStore::leaseTotals) of period `period`, which the caller read as
// [reportStart(firstRecord, from, to), to), and what the history recorded of the nodes then (or why it could not).
[[nodiscard]] PeriodReport reportPeriod(const Result<RecordedUsage> &recorded,
                                        const std::vector<DeploymentLeaseTotals> &totals, size_t period,
                                        const std::optional<QDateTime> &firstRecord, const QDateTime &from,
                                        const QDateTime &to, const PriceList &prices,
                                        const std::map<QString, int> &alwaysOn);

} // namespace scaledeck
