// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "leasetracker.h"
#include "pricelist.h"
#include "schedule.h"
#include "schedulestore.h"

#include <QDateTime>

#include <vector>

namespace scaledeck {

// A week of the stored schedules, in GPU-hours and money (the cost view's "next week, projected").
struct SchedulesProjection {
    bool hasSchedules = false; // at least one schedule that parses
    double gpuHours = 0;
    double cost = 0;
    double alwaysOnGpuHours = 0;
};

// [weekStartUtc, +7 days) under each stored schedule (with its overrides). What a replica of a target holds
// and costs comes from its config in `snapshot` (optional), so a deployment that has never run is projected
// too; without a snapshot, or for a target it does not know, from the largest of the target's `leases`.
SchedulesProjection projectSchedules(const std::vector<StoredSchedule> &schedules,
                                     const std::vector<ScheduleOverride> &overrides, const QDateTime &weekStartUtc,
                                     const ClusterSnapshot *snapshot, const std::vector<GpuLease> &leases,
                                     const PriceList &prices);

} // namespace scaledeck
