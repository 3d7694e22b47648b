// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// projection?from=: a week of the stored schedules in GPU-hours and money, as the Cost tab's "next week, projected
// from the schedules" line shows it (projectSchedules: the same computation the single-user mode makes from its own
// store). `from` is the week's start in the client's own time zone (its next local Monday): the controller's local
// week may be another; without it, the controller's next local Monday. Read only: a viewer may ask.
#include "apiroutes.h"
#include "historystore.h"
#include "localperiods.h"
#include "pricestore.h"
#include "scheduleprojection.h"
#include "snapshothub.h"

namespace scaledeck {

namespace {
constexpr int kLeaseWeeks = 2; // what a replica holds, for a target the snapshot does not know: recent leases

// The leases of the last kLeaseWeeks weeks and those active now.
Result<std::vector<GpuLease>> recentLeases(HistoryStore &history, const QString &clusterKey, const QDateTime &nowUtc)
{
    auto recorded = history.leases(clusterKey, nowUtc.addDays(-7 * kLeaseWeeks), nowUtc);
    if (!recorded)
        return recorded.error();
    auto active = history.activeLeases(clusterKey);
    if (!active)
        return active.error();
    std::vector<GpuLease> recent = std::move(recorded).value();
    recent.insert(recent.end(), active->begin(), active->end());
    return recent;
}

ApiReply projection(const ApiCall &call, ApiContext &context)
{
    const QDateTime now = context.clock->nowUtc();
    std::optional<QDateTime> from;
    if (auto bad = instantParameter(call, QStringLiteral("from"), &from))
        return *bad;
    const QDateTime weekStart = from.value_or(startOfLocalWeek(now.addDays(7)));
    auto schedules = context.schedules->schedules(context.clusterKey);
    if (!schedules)
        return storeError(schedules.error());
    auto overrides = context.schedules->activeOverrides(context.clusterKey, now);
    if (!overrides)
        return storeError(overrides.error());
    auto prices = context.prices->prices(context.clusterKey);
    if (!prices)
        return storeError(prices.error());
    auto leases = recentLeases(*context.history, context.clusterKey, now);
    if (!leases)
        return storeError(leases.error());
    const SnapshotPtr snapshot = context.hub ? context.hub->snapshot() : SnapshotPtr();
    const SchedulesProjection projected =
        projectSchedules(*schedules, *overrides, weekStart, snapshot.get(), *leases, *prices);
    return jsonReply(OrderedJson{{"from_utc", isoUtcText(weekStart)},
                                 {"to_utc", isoUtcText(weekStart.addDays(7))},
                                 {"has_schedules", projected.hasSchedules},
                                 {"gpu_hours", projected.gpuHours},
                                 {"cost", projected.cost},
                                 {"always_on_gpu_hours", projected.alwaysOnGpuHours},
                                 {"currency", jsonText(prices->currency)}});
}
} // namespace

std::optional<ApiReply> projectionRoutes(const ApiCall &call, ApiContext &context)
{
    if (call.path.value(0) != QStringLiteral("projection") || call.path.size() != 1 || !context.history ||
        !context.prices)
        return std::nullopt;
    if (!call.isGet())
        return methodNotAllowed(QStringLiteral("GET"));
    return projection(call, context);
}

} // namespace scaledeck
