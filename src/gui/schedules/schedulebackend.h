// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "auditentry.h"
#include "rayerror.h"
#include "result.h"
#include "schedule.h"
#include "schedulestore.h"

#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

#include <functional>
#include <optional>
#include <vector>

namespace scaledeck {

// What holds a cluster's schedules, read on a thread of its own and adopted on the GUI thread.
struct LoadedSchedules {
    std::optional<std::vector<StoredSchedule>> schedules;
    std::optional<std::vector<ScheduleOverride>> overrides;
    std::optional<RayError> error; // of the write the load follows, or of the load itself
    // Through a controller, on a load: the targets it stopped correcting (GET contests), which no tick of the
    // window's own reports. std::nullopt: not read (the single-user mode, or a controller that does not serve it).
    std::optional<std::vector<TargetContest>> contests;
};

// An override the operator confirmed, and the schedule's zone its expiry was shown in (for the audit line).
struct OverrideWrite {
    ScheduleOverride override_;
    QTimeZone zone;
};
struct OverridesWritten {
    size_t count = 0;              // overrides stored, in order
    std::optional<RayError> error; // of the override after them
    QStringList auditErrors;       // overrides stored whose audit entry was not
};

// Where ScheduleCoordinator reads and writes a cluster's schedules and overrides: this machine's store
// (LocalScheduleBackend, single-user mode) or the team's controller through its API (ControllerScheduleBackend).
// Every call returns at once; its answer comes later on the GUI thread, and never once the backend is destroyed.
// A write's answer carries the schedules as they are after it.
class ScheduleBackend {
public:
    virtual ~ScheduleBackend() = default;
    using Loaded = std::function<void(const LoadedSchedules &)>;
    using AuditLoaded = std::function<void(const Result<std::vector<AuditEntry>> &)>;

    virtual void load(Loaded answer) = 0;
    virtual void save(const ScheduleTarget &target, const QString &text, Loaded answer) = 0;
    // Removes the schedule and its override.
    virtual void remove(const ScheduleTarget &target, Loaded answer) = 0;
    virtual void setOverrides(std::vector<OverrideWrite> overrides,
                              std::function<void(const OverridesWritten &)> answer) = 0;
    // Resumes the correction of contested targets under the operator's name; the failures, one line each.
    virtual void resumeContests(QStringList targets, std::function<void(const QStringList &failures)> answer) = 0;
    // The cluster's audit log from `sinceUtc` on, newest first (the window's Audit tab).
    virtual void loadAudit(QDateTime sinceUtc, AuditLoaded answer) = 0;
};

} // namespace scaledeck
