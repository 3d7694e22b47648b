// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `override TARGET N --until ISO8601` and `override TARGET --clear`: a time-boxed exception to a target's
// schedule, kept in the store; the controller applies it on its next tick. No cluster needed.
#include "ctlcommands.h"
#include "ctlschedulearguments.h"
#include "ctlschedulecommon.h"
#include "operatoridentity.h"

namespace scaledeck {

namespace {
QString replicasText(int replicas, const ScheduleTarget &target)
{
    return target.isApplication() && replicas == 0 ? QStringLiteral("0 (parked)") : QString::number(replicas);
}

// The override itself is stored (the controller follows it); only its audit row is missing: say both.
RayError auditNotWritten(const QString &what, RayError error)
{
    error.message =
        QStringLiteral("the override was %1, but its audit row was not written: %2").arg(what, error.message);
    return error;
}
} // namespace

int overrideCommand(ScheduleCommand &command)
{
    const std::optional<OverrideArguments> arguments = parseOverrideArguments(command);
    if (!arguments)
        return ExitUsage;
    const ScheduleTarget &target = arguments->target;
    const bool clear = arguments->clear;
    const int replicas = arguments->replicas;

    int exitCode = ExitDone;
    const std::optional<EffectiveSchedule> schedule = requireSchedule(command, target, &exitCode);
    if (!schedule)
        return exitCode;
    const ScheduleEvaluator withoutOverride(schedule->schedule);
    const QTimeZone &zone = withoutOverride.zone();
    const QDateTime now = command.clock.nowUtc();
    const QString name = target.toString();

    if (clear) {
        auto cleared = command.store->clearOverride(command.clusterKey, target);
        if (!cleared)
            return command.fail(cleared.error());
        if (*cleared) {
            auto audited = command.store->appendAudit(
                command.clusterKey, AuditEntry{.atUtc = now,
                                               .target = name,
                                               .cause = AuditCause::Operator,
                                               .result = AuditResult::OverrideCleared,
                                               .holder = operatorIdentity(QStringLiteral("scaledeckctl"))});
            if (!audited)
                return command.fail(auditNotWritten(QStringLiteral("cleared"), audited.error()));
        }
        const DesiredState desired = withoutOverride.effectiveAt(now);
        if (*cleared) {
            command.out << name
                        << ": override cleared; back to the schedule: " << replicasText(desired.replicas, target)
                        << " now (" << desired.reason << ") (the controller applies it within one tick)" << Qt::endl;
        } else {
            // Not an error: the override may well have expired already, which is what --clear asks for.
            command.out << name << " has no override; the schedule holds " << replicasText(desired.replicas, target)
                        << " now (" << desired.reason << ")" << Qt::endl;
        }
        return ExitDone;
    }

    const QDateTime untilUtc = arguments->until->toUtc(zone);
    if (untilUtc <= now) {
        return command.usage(QStringLiteral("--until %1 is not in the future (it is %2 now)")
                                 .arg(arguments->untilText, shownLocal(now, zone)));
    }
    const ScheduleOverride override_{
        target, replicas, untilUtc, now, operatorIdentity(QStringLiteral("scaledeckctl")), QString()};
    if (auto saved = command.store->setOverride(command.clusterKey, override_); !saved)
        return command.fail(saved.error());
    // The operator's decision is in the audit log too; the controller's action on it follows as "override".
    auto audited = command.store->appendAudit(
        command.clusterKey,
        AuditEntry{.atUtc = now,
                   .target = name,
                   .cause = AuditCause::Operator,
                   .after = replicasText(replicas, target),
                   .result = AuditResult::OverrideSet,
                   .detail = QStringLiteral("until %1 (%2)").arg(shownLocal(untilUtc, zone), shownUtc(untilUtc)),
                   .holder = operatorIdentity(QStringLiteral("scaledeckctl"))});
    if (!audited)
        return command.fail(auditNotWritten(QStringLiteral("set"), audited.error()));
    for (const ScheduleOverride &replaced : schedule->overrides)
        command.out << name << ": replaces the override " << describeOverride(replaced, zone) << "\n";
    const DesiredState after = withoutOverride.effectiveAt(untilUtc);
    command.out << name << ": " << replicasText(replicas, target) << " until " << shownLocal(untilUtc, zone) << " "
                << zone.id() << " (" << shownUtc(untilUtc) << "), then the schedule's "
                << replicasText(after.replicas, target) << " (" << after.reason
                << ") (the controller applies it within one tick)" << Qt::endl;
    return ExitDone;
}

} // namespace scaledeck
