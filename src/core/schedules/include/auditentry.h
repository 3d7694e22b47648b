// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace scaledeck {

enum class AuditCause {
    Schedule,        // a window opened or closed (or the controller converged after downtime)
    Override,        // an override began or expired
    Operator,        // a change an operator made in ScaleDeck
    DriftCorrection, // someone changed it outside ScaleDeck and the policy says correct
    DriftKept,       // the same, and the policy says keep until the next transition (nothing sent)
};
QString auditCauseName(AuditCause cause); // "schedule", "override", "operator", "drift correction", "drift kept"
std::optional<AuditCause> auditCauseFromName(const QString &name); // std::nullopt: not a name auditCauseName gives

// How an audited decision ended. The text form (auditResultName) is what the audit table stores and what
// `scaledeckctl audit` prints, so it never changes for an existing value.
enum class AuditResult {
    Pending,         // written before anything is sent; finished as one of the next three
    Sent,            // Ray accepted the change
    DryRun,          // decided by a dry run: nothing sent
    Failed,          // Ray refused it, or its outcome is unknown (the detail says which)
    Kept,            // drift the policy keeps until the next transition: nothing sent
    Interrupted,     // still pending when its controller stopped (found by the next one)
    Deferred,        // a park that waits until its target is idle ("park-when-idle"): nothing sent yet
    OverrideSet,     // an operator set an override
    OverrideCleared, // an operator cleared one
    Contested,       // another controller or tool kept putting the target back: the controller stopped correcting
    Resumed,         // the controller corrects it again (an operator said so, or the fight stopped)
    ScheduleSet,     // an operator stored a schedule (the window, `schedule set`, the controller's API)
    ScheduleRemoved, // an operator removed one (the same)
    PricesSet,       // an operator replaced the cluster's prices (the API; `prices` does not audit)
    AlwaysOnSet,     // an operator set or removed a deployment's always-on count (the same)
    Imported,        // an operator moved a single-user store into the controller's (`scaledeckctl controller import`)
    Unrecognized,    // a stored text this ScaleDeck does not know (a newer one wrote it); see AuditEntry
};
// "pending", "sent", "dry-run", "failed", "kept", "interrupted", "deferred", "override set", "override cleared",
// "contested", "resumed", "schedule set", "schedule removed", "prices set", "always-on set", "imported";
// "unrecognized" for Unrecognized, which is never written (AuditEntry::resultText() keeps the stored text).
QString auditResultName(AuditResult result);
// The stored text back to its value; a text no auditResultName gives is Unrecognized.
AuditResult auditResultFromName(const QString &name);

// One decision of the controller, or an operator's override. Written as Pending before anything is sent,
// then finished.
// Every member has a default, so an entry can be written with only the fields it needs (designated
// initializers) without -Wmissing-field-initializers.
struct AuditEntry {
    qint64 id = 0;
    QDateTime atUtc{};
    QString target{};
    AuditCause cause = AuditCause::Schedule;
    QString before{}; // "2", "parked", "autoscaling 0..4"
    QString after{};
    AuditResult result = AuditResult::Pending;
    QString detail{}; // the rule that decided, Ray's message on failure
    QString holder{}; // who decided: the controller's holder id
    // The result's text as stored, when it is Unrecognized: an unknown result is shown as it was written, not
    // dropped or taken for another one.
    QString unrecognizedResult{};

    // The result as stored and shown: auditResultName(result), or the stored text when it is Unrecognized.
    QString resultText() const;
};

} // namespace scaledeck
