// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The controller's rules for one target in one tick, without side effects: what the cluster holds for it,
// whether that is what the schedule asks for, and what to do about it. ScheduleController writes, sends and
// audits what these say. Private to scaledeck_controller.

#include "changeset.h"
#include "clustersnapshot.h"
#include "schedulecontroller.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace scaledeck {

// A failed action is retried after this long, so a cluster that keeps refusing does not fill the audit log.
inline constexpr qint64 retryAfterFailureMs = 60000;
// Ray applies a PUT asynchronously: for a few seconds its GET may still show the old config. Within this
// time after a change was sent, a cluster that does not show it yet is waited for, not taken for drift.
inline constexpr qint64 settleGraceMs = 30000;

// The count the cluster holds for a target, as the controller compares it with the schedule.
struct ObservedTarget {
    std::optional<int> replicas; // empty: not a plain count (autoscaling) or not there
    QString text;                // for the audit log: "2", "parked", "autoscaling 0..4", "missing"
    bool missing = false;
    bool parked = false;
};
ObservedTarget observeTarget(const ClusterSnapshot &snapshot, const ScheduleTarget &target);

// "parked" or "running" for an application target, the count for a deployment: the audit row's "after".
QString desiredText(const ScheduleTarget &target, int desired);
// The change that takes the target to `desired`, added to its application's change set.
void addTargetChange(ChangeSet &changes, const ScheduleTarget &target, const ObservedTarget &observed, int desired);

// What the rules say for one target this tick, before anything is written or sent.
struct TargetVerdict {
    enum Action {
        Missing,       // not on the cluster
        InStep,        // the cluster holds what the schedule asks for
        WaitForRay,    // a change Ray accepted is not shown yet (within settleGraceMs)
        KeepDrift,     // changed outside ScaleDeck, and the policy keeps it until the next transition
        AlreadyLogged, // a dry run's change that an earlier tick audited
        WaitToRetry,   // the last try failed less than retryAfterFailureMs ago
        Send,          // a change is due
    };
    Action action = InStep;
    AuditCause cause = AuditCause::Schedule;
    bool lastTryFailed = false; // Send: the controller's last change of the target failed (or its outcome is unknown)
};
TargetVerdict judgeTarget(const ScheduleSummary &summary, const ObservedTarget &observed, const TargetState &state,
                          const QDateTime &nowUtc, bool dryRun);
// What a decision that sends nothing says: its result and detail (every action but Send).
void describeHeldDecision(const TargetVerdict &verdict, const TargetState &state, TargetDecision &decision);

} // namespace scaledeck
