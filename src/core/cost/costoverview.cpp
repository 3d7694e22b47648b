// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costoverview.h"

#include "localperiods.h"
#include "periodreport.h"
#include "pricestore.h"
#include "scheduleprojection.h"
#include "schedulestore.h"

#include <algorithm>
#include <iterator>
#include <optional>

namespace scaledeck {

namespace {

// Last local week's start, this week's and the next one's. A week has 7 local days, which is 167 or 169 hours
// across a DST change: the boundaries are local midnights, not +168 h.
struct LocalWeeks {
    QDateTime lastStart;
    QDateTime start;
    QDateTime nextStart;
};

LocalWeeks localWeeksAround(const QDateTime &nowUtc)
{
    const QDateTime start = startOfLocalWeek(nowUtc);
    const QDate monday = start.toLocalTime().date();
    return LocalWeeks{localMidnightUtc(monday.addDays(-7)), start, localMidnightUtc(monday.addDays(7))};
}

// What the reports are priced from: the history's first record, and the leases of every period shown, read
// once (each report clips them to its own period).
struct RecordedLeases {
    std::optional<QDateTime> firstRecord;
    std::vector<GpuLease> leases;
};

void readPrices(PriceStore &store, CostOverview &overview)
{
    if (auto prices = store.prices(overview.clusterKey))
        overview.prices = prices.value();
    else
        appendCostError(&overview.error, QStringLiteral("prices"), prices.error());
    if (auto counts = store.alwaysOnCounts(overview.clusterKey))
        overview.alwaysOn = counts.value();
    else
        appendCostError(&overview.error, QStringLiteral("always-on counts"), counts.error());
}

void readUsageSeries(HistoryStore &history, CostOverview &overview)
{
    UsageQuery query;
    query.fromUtc = overview.windowFromUtc;
    query.toUtc = overview.nowUtc;
    // Below the chart's 2,000 points a series, with room for the points that mark gaps in the history.
    // No finer than the 10 s the controller records at: an hour is 360 points, not 1,800 copies of them.
    query.maxPoints = int(std::min<qint64>(overview.window == CostWindow::Live ? 600 : 1800,
                                           std::max<qint64>(1, costWindowSecs(overview.window) / 10)));
    overview.bucketMs =
        usageBucketMs(query.fromUtc.toMSecsSinceEpoch(), query.toUtc.toMSecsSinceEpoch(), query.maxPoints);
    if (auto series = history.usage(overview.clusterKey, query))
        overview.series = std::move(series).value();
    else
        appendCostError(&overview.error, QStringLiteral("usage"), series.error());
}

RecordedLeases readLeases(HistoryStore &history, const LocalWeeks &weeks, CostOverview &overview)
{
    RecordedLeases recorded;
    if (auto first = history.firstRecord(overview.clusterKey))
        recorded.firstRecord = first.value();
    else
        appendCostError(&overview.error, QStringLiteral("history"), first.error());
    const QDateTime earliest = std::min({startOfLocalMonth(overview.nowUtc), overview.windowFromUtc, weeks.lastStart});
    if (auto leases = history.leases(overview.clusterKey, earliest, overview.nowUtc))
        recorded.leases = std::move(leases).value();
    else
        appendCostError(&overview.error, QStringLiteral("leases"), leases.error());
    return recorded;
}

// Today, this week, this month and the chart's window, each up to now.
void reportPeriods(HistoryStore &history, const RecordedLeases &recorded, const LocalWeeks &weeks,
                   CostOverview &overview)
{
    const QDateTime &now = overview.nowUtc;
    auto reportSince = [&](const QDateTime &from) {
        PeriodReport period = reportPeriod(history, overview.clusterKey, recorded.leases, recorded.firstRecord, from,
                                           now, overview.prices, overview.alwaysOn);
        if (period.capacityError)
            appendCostError(&overview.error, QStringLiteral("capacity"), *period.capacityError);
        return std::move(period.report);
    };
    overview.today = reportSince(startOfLocalDay(now));
    overview.week = reportSince(weeks.start);
    overview.month = reportSince(startOfLocalMonth(now));
    overview.inWindow = reportSince(overview.windowFromUtc);
    for (const GpuLease &lease : recorded.leases)
        if (lease.hoursWithin(overview.inWindow.fromUtc, overview.inWindow.toUtc) > 0)
            overview.windowLeases.push_back(lease);
}

void readActiveLeases(HistoryStore &history, CostOverview &overview)
{
    if (auto active = history.activeLeases(overview.clusterKey))
        overview.activeLeases = std::move(active).value();
    else
        appendCostError(&overview.error, QStringLiteral("active leases"), active.error());
}

// Last week as its leases held it: GPU-hours and cost need no record of the nodes.
void reportLastWeek(const RecordedLeases &recorded, const LocalWeeks &weeks, CostOverview &overview)
{
    const CostReport lastWeek =
        computeCost(recorded.leases, RecordedUsage{}, weeks.lastStart, weeks.start, overview.prices);
    overview.lastWeekGpuHours = lastWeek.gpuHours;
    overview.lastWeekCost = lastWeek.cost;
}

// What a replica holds, when the snapshot does not know its config: the leases of the last two weeks, and those
// active now.
std::vector<GpuLease> recentLeases(const RecordedLeases &recorded, const LocalWeeks &weeks,
                                   const std::vector<GpuLease> &activeLeases)
{
    std::vector<GpuLease> recent;
    std::copy_if(recorded.leases.begin(), recorded.leases.end(), std::back_inserter(recent),
                 [&](const GpuLease &lease) { return !lease.endUtc.isValid() || lease.endUtc > weeks.lastStart; });
    recent.insert(recent.end(), activeLeases.begin(), activeLeases.end());
    return recent;
}

// The coming local week under the stored schedules and their active overrides.
void projectNextWeek(ScheduleStore &store, const ClusterSnapshot *snapshot, const std::vector<GpuLease> &recent,
                     const LocalWeeks &weeks, CostOverview &overview)
{
    auto stored = store.schedules(overview.clusterKey);
    if (!stored) {
        appendCostError(&overview.error, QStringLiteral("schedules"), stored.error());
        return;
    }
    std::vector<ScheduleOverride> overrides;
    if (auto active = store.activeOverrides(overview.clusterKey, overview.nowUtc))
        overrides = std::move(active).value();
    else
        appendCostError(&overview.error, QStringLiteral("overrides"), active.error());
    const SchedulesProjection projection =
        projectSchedules(stored.value(), overrides, weeks.nextStart, snapshot, recent, overview.prices);
    overview.hasProjection = projection.hasSchedules;
    overview.projectedGpuHours = projection.gpuHours;
    overview.projectedCost = projection.cost;
    overview.projectedAlwaysOnGpuHours = projection.alwaysOnGpuHours;
}

} // namespace

void appendCostError(QString *error, const QString &what, const RayError &cause)
{
    if (!error->isEmpty())
        error->append(QStringLiteral("; "));
    error->append(what + QStringLiteral(": ") + cause.describe());
}

CostOverview loadCostOverview(const CostOverviewRequest &request, HistoryStore &history, PriceStore &priceStore,
                              ScheduleStore &scheduleStore)
{
    CostOverview overview;
    overview.serial = request.serial;
    overview.clusterKey = request.clusterKey;
    overview.window = request.window;
    overview.nowUtc = request.nowUtc.toUTC();
    overview.windowFromUtc = overview.nowUtc.addSecs(-costWindowSecs(request.window));
    // The order of the reads is the order in which CostOverview::error names what failed.
    readPrices(priceStore, overview);
    readUsageSeries(history, overview);
    const LocalWeeks weeks = localWeeksAround(overview.nowUtc);
    const RecordedLeases recorded = readLeases(history, weeks, overview);
    reportPeriods(history, recorded, weeks, overview);
    readActiveLeases(history, overview);
    reportLastWeek(recorded, weeks, overview);
    projectNextWeek(scheduleStore, request.snapshot.get(), recentLeases(recorded, weeks, overview.activeLeases), weeks,
                    overview);
    return overview;
}

} // namespace scaledeck
