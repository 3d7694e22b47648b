// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "effectiveschedule.h"

#include <algorithm>
#include <iterator>

namespace scaledeck {

namespace {
std::vector<ScheduleOverride> overridesOf(const ScheduleTarget &target, const std::vector<ScheduleOverride> &all)
{
    std::vector<ScheduleOverride> mine;
    std::copy_if(all.begin(), all.end(), std::back_inserter(mine),
                 [&](const ScheduleOverride &override_) { return override_.target == target; });
    return mine;
}
} // namespace

std::optional<ScheduleOverride> EffectiveSchedule::activeOverride() const
{
    if (overrides.empty())
        return std::nullopt;
    return overrides.back();
}

ScheduleLoad effectiveSchedule(const StoredSchedule &stored, const std::vector<ScheduleOverride> &activeOverrides)
{
    ScheduleParse parsed = parseScheduleText(stored.text);
    if (!parsed.ok())
        return UnreadableSchedule{stored.target, parsed.error.value_or(ScheduleParseError{})};
    return EffectiveSchedule{stored.target, stored.text, std::move(*parsed.schedule),
                             overridesOf(stored.target, activeOverrides)};
}

Result<StoredSchedules> readStoredSchedules(ScheduleStore &store, const QString &clusterKey, const QDateTime &nowUtc)
{
    auto schedules = store.schedules(clusterKey);
    auto overrides = store.activeOverrides(clusterKey, nowUtc);
    if (!schedules)
        return schedules.error();
    if (!overrides)
        return overrides.error();
    return StoredSchedules{std::move(schedules).value(), std::move(overrides).value()};
}

Result<std::optional<ScheduleLoad>> loadScheduleFor(ScheduleStore &store, const QString &clusterKey,
                                                    const ScheduleTarget &target, const QDateTime &nowUtc)
{
    auto stored = store.schedule(clusterKey, target);
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return std::optional<ScheduleLoad>();
    ScheduleLoad load = effectiveSchedule(**stored, {});
    if (!load)
        return std::optional<ScheduleLoad>(std::move(load));
    auto overrides = store.activeOverrides(clusterKey, nowUtc);
    if (!overrides)
        return overrides.error();
    EffectiveSchedule schedule = std::move(load).value();
    schedule.overrides = overridesOf(target, *overrides);
    return std::optional<ScheduleLoad>(std::move(schedule));
}

} // namespace scaledeck
