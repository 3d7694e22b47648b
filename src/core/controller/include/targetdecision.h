// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "auditentry.h"

#include <QString>

#include <optional>

namespace scaledeck {

// Where one tick's decision for a target ended. The text form (decisionResultName) is what `scaledeckctl run`
// prints.
enum class DecisionResult {
    InStep,   // the cluster holds what the schedule asks for
    Pending,  // a change is decided and audited, not yet answered (only while the tick runs)
    Sent,     // Ray accepted the change
    DryRun,   // a dry run decided a change: nothing sent
    Failed,   // the change, its audit row or the target's state failed (the detail says which)
    Kept,     // drift the policy keeps until the next transition
    Waiting,  // Ray is still applying the last change, or a failed one waits to be retried
    Missing,  // the target is not on the cluster
    Deferred, // a park that waits until the target is idle ("park-when-idle"); the detail says why
    // Another controller or tool keeps putting the target back: not corrected until an operator resumes it or
    // the fight has stopped for a while (the detail says which value went where, and how to resume)
    Contested,
};
// "in step", "pending", "sent", "dry-run", "failed", "kept", "waiting", "missing", "deferred", "contested"
QString decisionResultName(DecisionResult result);

// What one tick decided for one target.
struct TargetDecision {
    QString target;
    int desired = 0;
    QString actual; // "2", "parked", "autoscaling 0..4", "missing"
    // The count the controller compared with `desired`: 0 when parked; empty when it is no plain count
    // (autoscaling, an application running, missing).
    std::optional<int> actualReplicas;
    QString reason;
    AuditCause cause = AuditCause::Schedule;
    DecisionResult result = DecisionResult::InStep;
    QString detail;
    // A decision that an earlier tick already audited (and `run` already printed): a dry run's change not
    // tried yet, or a park deferred for the same reason as before. Shown again only where every decision is
    // listed.
    bool alreadyLogged = false;
};

} // namespace scaledeck
