// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "auditentry.h"

#include <initializer_list>

namespace scaledeck {

QString auditCauseName(AuditCause cause)
{
    switch (cause) {
    case AuditCause::Schedule:
        return QStringLiteral("schedule");
    case AuditCause::Override:
        return QStringLiteral("override");
    case AuditCause::Operator:
        return QStringLiteral("operator");
    case AuditCause::DriftCorrection:
        return QStringLiteral("drift correction");
    case AuditCause::DriftKept:
        return QStringLiteral("drift kept");
    }
    return QStringLiteral("schedule");
}

std::optional<AuditCause> auditCauseFromName(const QString &name)
{
    for (AuditCause cause : {AuditCause::Schedule, AuditCause::Override, AuditCause::Operator,
                             AuditCause::DriftCorrection, AuditCause::DriftKept}) {
        if (auditCauseName(cause) == name)
            return cause;
    }
    return std::nullopt;
}

QString auditResultName(AuditResult result)
{
    switch (result) {
    case AuditResult::Pending:
        return QStringLiteral("pending");
    case AuditResult::Sent:
        return QStringLiteral("sent");
    case AuditResult::DryRun:
        return QStringLiteral("dry-run");
    case AuditResult::Failed:
        return QStringLiteral("failed");
    case AuditResult::Kept:
        return QStringLiteral("kept");
    case AuditResult::Interrupted:
        return QStringLiteral("interrupted");
    case AuditResult::Deferred:
        return QStringLiteral("deferred");
    case AuditResult::OverrideSet:
        return QStringLiteral("override set");
    case AuditResult::OverrideCleared:
        return QStringLiteral("override cleared");
    case AuditResult::Contested:
        return QStringLiteral("contested");
    case AuditResult::Resumed:
        return QStringLiteral("resumed");
    case AuditResult::ScheduleSet:
        return QStringLiteral("schedule set");
    case AuditResult::ScheduleRemoved:
        return QStringLiteral("schedule removed");
    case AuditResult::PricesSet:
        return QStringLiteral("prices set");
    case AuditResult::AlwaysOnSet:
        return QStringLiteral("always-on set");
    case AuditResult::Imported:
        return QStringLiteral("imported");
    case AuditResult::Unrecognized:
        break;
    }
    return QStringLiteral("unrecognized");
}

AuditResult auditResultFromName(const QString &name)
{
    for (AuditResult result :
         {AuditResult::Pending, AuditResult::Sent, AuditResult::DryRun, AuditResult::Failed, AuditResult::Kept,
          AuditResult::Interrupted, AuditResult::Deferred, AuditResult::OverrideSet, AuditResult::OverrideCleared,
          AuditResult::Contested, AuditResult::Resumed, AuditResult::ScheduleSet, AuditResult::ScheduleRemoved,
          AuditResult::PricesSet, AuditResult::AlwaysOnSet, AuditResult::Imported}) {
        if (auditResultName(result) == name)
            return result;
    }
    return AuditResult::Unrecognized;
}

QString AuditEntry::resultText() const
{
    return result == AuditResult::Unrecognized ? unrecognizedResult : auditResultName(result);
}

} // namespace scaledeck
