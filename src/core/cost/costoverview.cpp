// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "costoverview.h"

#include "localperiods.h"
#include "periodreport.h"
#include "pricestore.h"
#include "scheduleprojection.h"
#include "schedulestore.h"
#include "servingcost.h"

#include <algorithm>
#include <future>
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

// The periods the overview reports, in the order HistoryStore::leaseTotals is asked for them.
enum Period : size_t { Today, Week, Month, InWindow, LastWeek, PeriodCount };

// What the reports are priced from: the history's first record, and every period's lease totals, read in one pass
// (the leases themselves are never held: a month of 10,000 deployments is half a million).
struct RecordedLeases {
    std::optional<QDateTime> firstRecord;
    std::vector<TimeRange> periods; // by Period; each report's as reportPeriod clips it
    std::vector<DeploymentLeaseTotals> totals;
    // What a replica of each deployment holds by its recent leases (rateFromLeases): the last of those that ended
    // after last week's start or are active with the most GPUs, one a deployment, in the leases' order.
    std::vector<GpuLease> recentLargest;
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

// The chart's query: below its 2,000 points a series, with room for the points that mark gaps in the history. No
// finer than the 10 s the controller records at: an hour is 360 points, not 1,800 copies of them.
UsageQuery chartQuery(CostOverview &overview)
{
    UsageQuery query;
    query.fromUtc = overview.windowFromUtc;
    query.toUtc = overview.nowUtc;
    query.maxPoints = int(std::min<qint64>(overview.window == CostWindow::Live ? 600 : 1800,
                                           std::max<qint64>(1, costWindowSecs(overview.window) / 10)));
    overview.bucketMs =
        usageBucketMs(query.fromUtc.toMSecsSinceEpoch(), query.toUtc.toMSecsSinceEpoch(), query.maxPoints);
    return query;
}

// Begins reading the chart's series and what the history recorded of the nodes in each reported period (today, this
// week, this month, the window): one read of the segments for all of them, on `history` or through `readUsage`.
std::future<Result<UsageReading>> beginUsage(HistoryStore &history, const UsageRead &readUsage,
                                             const std::vector<TimeRange> &periods, CostOverview &overview)
{
    const std::vector<TimeRange> reported(periods.begin(), periods.begin() + LastWeek);
    const UsageQuery query = chartQuery(overview);
    if (readUsage)
        return readUsage(overview.clusterKey, query, reported);
    std::promise<Result<UsageReading>> read;
    read.set_value(history.usageAndRecorded(overview.clusterKey, query, reported));
    return read.get_future();
}

// The chart's series into `overview`; what was recorded in each period for the reports.
Result<std::vector<RecordedUsage>> takeUsage(std::future<Result<UsageReading>> usage, CostOverview &overview)
{
    Result<UsageReading> read = usage.get();
    if (!read) {
        appendCostError(&overview.error, QStringLiteral("usage"), read.error());
        return read.error();
    }
    overview.series = std::move(read->series);
    return std::move(read->periods);
}

std::vector<TimeRange> periodsOf(const std::optional<QDateTime> &firstRecord, const LocalWeeks &weeks,
                                 const CostOverview &overview)
{
    const QDateTime &now = overview.nowUtc;
    auto upToNow = [&](const QDateTime &from) { return TimeRange{reportStart(firstRecord, from, now), now}; };
    std::vector<TimeRange> periods(PeriodCount);
    periods[Today] = upToNow(startOfLocalDay(now));
    periods[Week] = upToNow(weeks.start);
    periods[Month] = upToNow(startOfLocalMonth(now));
    periods[InWindow] = upToNow(overview.windowFromUtc);
    periods[LastWeek] = TimeRange{weeks.lastStart, weeks.start}; // as its leases held it, history or not
    return periods;
}

// Of one deployment's leases (by start): the window's held GPUs into `overview`, its recent largest into `recorded`.
void keepWhatLeasesTell(const DeploymentLeaseTotals &totals, const std::vector<LeaseSpan> &leases,
                        const LocalWeeks &weeks, RecordedLeases &recorded, CostOverview &overview)
{
    const qint64 windowFrom = recorded.periods[InWindow].fromUtc.toMSecsSinceEpoch();
    const qint64 windowTo = std::max(windowFrom, recorded.periods[InWindow].toUtc.toMSecsSinceEpoch());
    const qint64 lastWeekStart = weeks.lastStart.toMSecsSinceEpoch();
    HeldChanges held;
    const LeaseKind *largest = nullptr;
    for (const LeaseSpan &lease : leases) {
        const LeaseKind &kind = totals.kinds[size_t(lease.kind)];
        const qint64 start = std::max(windowFrom, lease.startMs);
        const qint64 end = std::min(windowTo, lease.endMs.value_or(windowTo));
        if (end > start)
            addHeldSpan(held, start, end, kind.gpus);
        if ((!lease.endMs || *lease.endMs > lastWeekStart) && (!largest || kind.gpus >= largest->gpus))
            largest = &kind;
    }
    if (!held.empty()) {
        sortHeldChanges(held);
        overview.windowHeld.emplace(DeploymentKey{totals.app, totals.deployment}, std::move(held));
    }
    if (largest) {
        GpuLease lease;
        lease.app = totals.app;
        lease.deployment = totals.deployment;
        lease.gpus = largest->gpus;
        lease.cpus = largest->cpus;
        lease.accelerator = largest->accelerator;
        recorded.recentLargest.push_back(std::move(lease));
    }
}

// The history's first record, and the periods reported from it.
void readPeriods(HistoryStore &history, const LocalWeeks &weeks, CostOverview &overview, RecordedLeases &recorded)
{
    if (auto first = history.firstRecord(overview.clusterKey))
        recorded.firstRecord = first.value();
    else
        appendCostError(&overview.error, QStringLiteral("history"), first.error());
    recorded.periods = periodsOf(recorded.firstRecord, weeks, overview);
}

void readLeases(HistoryStore &history, const LocalWeeks &weeks, CostOverview &overview, RecordedLeases &recorded)
{
    const QDateTime earliest = std::min({startOfLocalMonth(overview.nowUtc), overview.windowFromUtc, weeks.lastStart});
    auto totals =
        history.leaseTotals(overview.clusterKey, TimeRange{earliest, overview.nowUtc}, recorded.periods,
                            [&](const DeploymentLeaseTotals &deployment, const std::vector<LeaseSpan> &leases) {
                                keepWhatLeasesTell(deployment, leases, weeks, recorded, overview);
                            });
    if (totals) {
        recorded.totals = std::move(totals).value();
    } else {
        overview.windowHeld.clear();
        recorded.recentLargest.clear();
        appendCostError(&overview.error, QStringLiteral("leases"), totals.error());
    }
}

// Today, this week, this month and the chart's window, each up to now, with what the history recorded of the nodes
// in each (`usage`, by period).
void reportPeriods(Result<std::vector<RecordedUsage>> usage, const RecordedLeases &recorded, CostOverview &overview)
{
    auto report = [&](Period period, const QDateTime &askedFrom) {
        const Result<RecordedUsage> nodes =
            usage ? Result<RecordedUsage>(std::move(usage->at(period))) : Result<RecordedUsage>(usage.error());
        PeriodReport reported = reportPeriod(nodes, recorded.totals, period, recorded.firstRecord, askedFrom,
                                             overview.nowUtc, overview.prices, overview.alwaysOn);
        if (reported.capacityError)
            appendCostError(&overview.error, QStringLiteral("capacity"), *reported.capacityError);
        return std::move(reported.report);
    };
    const QDateTime &now = overview.nowUtc;
    overview.today = report(Today, startOfLocalDay(now));
    overview.week = report(Week, startOfLocalWeek(now));
    overview.month = report(Month, startOfLocalMonth(now));
    overview.inWindow = report(InWindow, overview.windowFromUtc);
}

void readActiveLeases(HistoryStore &history, CostOverview &overview)
{
    if (auto active = history.activeLeases(overview.clusterKey))
        overview.activeLeases = std::move(active).value();
    else
        appendCostError(&overview.error, QStringLiteral("active leases"), active.error());
}

// Last week as its leases held it: GPU-hours and cost need no record of the nodes.
void reportLastWeek(const RecordedLeases &recorded, CostOverview &overview)
{
    const TimeRange &lastWeek = recorded.periods[LastWeek];
    const CostReport report =
        computeCost(recorded.totals, LastWeek, RecordedUsage{}, lastWeek.fromUtc, lastWeek.toUtc, overview.prices);
    overview.lastWeekGpuHours = report.gpuHours;
    overview.lastWeekCost = report.cost;
}

// What a replica holds, when the snapshot does not know its config: the leases of the last two weeks, and those
// active now (rateFromLeases takes the last with the most GPUs, so each deployment's largest recent one stands for
// all of them).
std::vector<GpuLease> recentLeases(const RecordedLeases &recorded, const std::vector<GpuLease> &activeLeases)
{
    std::vector<GpuLease> recent = recorded.recentLargest;
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
                              ScheduleStore &scheduleStore, const UsageRead &readUsage)
{
    CostOverview overview;
    overview.serial = request.serial;
    overview.clusterKey = request.clusterKey;
    overview.window = request.window;
    overview.nowUtc = request.nowUtc.toUTC();
    overview.windowFromUtc = overview.nowUtc.addSecs(-costWindowSecs(request.window));
    // The order of the reads is the order in which CostOverview::error names what failed.
    readPrices(priceStore, overview);
    const LocalWeeks weeks = localWeeksAround(overview.nowUtc);
    RecordedLeases recorded;
    readPeriods(history, weeks, overview, recorded);
    std::future<Result<UsageReading>> usage = beginUsage(history, readUsage, recorded.periods, overview);
    readLeases(history, weeks, overview, recorded); // meanwhile, when the usage is read elsewhere
    reportPeriods(takeUsage(std::move(usage), overview), recorded, overview);
    readActiveLeases(history, overview);
    reportLastWeek(recorded, overview);
    projectNextWeek(scheduleStore, request.snapshot.get(), recentLeases(recorded, overview.activeLeases), weeks,
                    overview);
    return overview;
}

} // namespace scaledeck
