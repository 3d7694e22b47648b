// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The state of ScheduleCoordinator's override questions (scheduleoverridequestions.cpp), private to it.
#include "pendingedits.h"
#include "schedulecoordinator.h"

#include <QPointer>
#include <QTimeZone>

#include <vector>

namespace scaledeck {

// A target's count as the Schedule column and the audit log show it: "2" for a deployment, "parked" or
// "running" for an application.
inline QString targetCount(const ScheduleTarget &target, int replicas)
{
    if (target.isApplication())
        return replicas == 0 ? ScheduleCoordinator::tr("parked") : ScheduleCoordinator::tr("running");
    return QString::number(replicas);
}

// One manual edit of a scheduled target, and what the operator answered for it.
struct OverrideRequest {
    ScheduleTarget target;
    int replicas = 0;
    bool fromParking = false; // a park or unpark of its application, not an edit of the target itself
};
struct OverrideAnswer {
    OverrideRequest request;
    ScheduleOverride override_;
    QTimeZone zone; // the schedule's, for showing the expiry as the dialog did
};
// The override questions of one Apply, asked one after the other.
struct OverrideQuestions {
    QPointer<PendingEdits> edits;
    std::vector<OverrideRequest> requests;
    size_t next = 0;
    std::vector<OverrideAnswer> answers;
    ScheduleCoordinator::TakeAnswer answer;
};

} // namespace scaledeck
