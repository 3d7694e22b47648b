// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"
#include "schedule.h"
#include "scheduleevaluator.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// A stored schedule made ready to evaluate: its text parsed, with its target's active overrides. What the
// controller enforces, the window and `schedule list` show and the cost tab projects are all built this way.
struct EffectiveSchedule {
    ScheduleTarget target;
    QString text; // as stored (the canonical text form)
    Schedule schedule;
    std::vector<ScheduleOverride> overrides; // this target's, active when they were read

    ScheduleEvaluator evaluator() const { return ScheduleEvaluator(schedule, overrides); }
    // The store keeps one override per target: the one in force, if any.
    std::optional<ScheduleOverride> activeOverride() const;
};

// A stored schedule whose text does not parse (a newer ScaleDeck wrote it, or the database was edited):
// each caller says so in its own words, with describe().
struct UnreadableSchedule {
    ScheduleTarget target;
    ScheduleParseError error;
    QString describe() const { return error.describe(); } // "line 3, column 15: expected ..."
};

using ScheduleLoad = Result<EffectiveSchedule, UnreadableSchedule>;

// One stored row: its text parsed, with those of `activeOverrides` (of any targets) that are its target's.
ScheduleLoad effectiveSchedule(const StoredSchedule &stored, const std::vector<ScheduleOverride> &activeOverrides);

// A cluster's stored schedules with the overrides active at the same instant, read together.
struct StoredSchedules {
    std::vector<StoredSchedule> schedules; // sorted by target
    std::vector<ScheduleOverride> overrides;
};
// The schedules' read error first when both reads fail. Expired overrides are deleted as a side effect
// (ScheduleStore::activeOverrides).
Result<StoredSchedules> readStoredSchedules(ScheduleStore &store, const QString &clusterKey, const QDateTime &nowUtc);

// One target's, from the store: std::nullopt when it has no schedule. A text that does not parse is reported
// before the overrides are read.
Result<std::optional<ScheduleLoad>> loadScheduleFor(ScheduleStore &store, const QString &clusterKey,
                                                    const ScheduleTarget &target, const QDateTime &nowUtc);

} // namespace scaledeck
