// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "schedule.h"
#include "scheduleevaluator.h"

#include <QDateTime>

#include <optional>

namespace scaledeck {

// A change of a scheduled target's desired count that stops replicas which are serving now: what the
// operator is asked to confirm before a save that causes it, as a manual Park is.
struct ServingCut {
    ScheduleTarget target;
    int servingNow = 0;   // RUNNING replicas that stop (the whole application's when it is parked)
    int fromReplicas = 0; // the count the target holds now
    int toReplicas = 0;   // the count the schedule takes it to (0: parked or external scaler)
    bool parksApplication = false;
    QDateTime atUtc; // when the controller acts: now, or a transition within the next tick
};

// Whether `schedule` (with its target's active overrides) takes the target to fewer replicas than the
// cluster holds, now or at a transition within `withinMs` (the controller's next tick), while replicas are
// serving. Nothing when the target is not on the cluster, already parked, autoscaling or at or below it.
std::optional<ServingCut> servingCut(const ScheduleEvaluator &schedule, const ScheduleTarget &target,
                                     const ClusterSnapshot &cluster, const QDateTime &nowUtc, qint64 withinMs);

} // namespace scaledeck
