// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "periodreport.h"

#include "historystore.h"

#include <algorithm>

namespace scaledeck {

QDateTime reportStart(const std::optional<QDateTime> &firstRecord, const QDateTime &from, const QDateTime &to)
{
    if (!firstRecord)
        return from;
    return std::clamp(*firstRecord, from, std::max(from, to));
}

PeriodReport reportPeriod(HistoryStore &history, const QString &clusterKey, const std::vector<GpuLease> &leases,
                          const std::optional<QDateTime> &firstRecord, const QDateTime &from, const QDateTime &to,
                          const PriceList &prices, const std::map<QString, int> &alwaysOn)
{
    const QDateTime start = reportStart(firstRecord, from, to);
    PeriodReport period;
    auto recorded = history.recordedUsage(clusterKey, start, to);
    if (!recorded)
        period.capacityError = recorded.error();
    period.report = computeCost(leases, recorded ? recorded.value() : RecordedUsage{}, start, to, prices, alwaysOn);
    period.report.askedFromUtc = from;
    return period;
}

PeriodReport reportPeriod(const Result<RecordedUsage> &recorded, const std::vector<DeploymentLeaseTotals> &totals,
                          size_t period, const std::optional<QDateTime> &firstRecord, const QDateTime &from,
                          const QDateTime &to, const PriceList &prices, const std::map<QString, int> &alwaysOn)
{
    const QDateTime start = reportStart(firstRecord, from, to);
    PeriodReport report;
    if (!recorded)
        report.capacityError = recorded.error();
    report.report =
        computeCost(totals, period, recorded ? recorded.value() : RecordedUsage{}, start, to, prices, alwaysOn);
    report.report.askedFromUtc = from;
    return report;
}

} // namespace scaledeck
