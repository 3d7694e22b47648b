// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `schedule set TARGET FILE`: read a schedule (text or JSON form), check the target exists on the cluster and
// store the schedule's canonical text.
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlschedulearguments.h"
#include "ctlschedulecommon.h"
#include "operatoridentity.h"
#include "scheduleoverlaps.h"

#include <QDir>

namespace scaledeck {

namespace {
// Why `target` cannot be scheduled on this cluster, or an empty string. A parked app is in the snapshot
// (from the store), with its deployments, so it counts as existing.
QString missingTarget(const ClusterSnapshot &snapshot, const ScheduleTarget &target, const QString &clusterKey)
{
    const ApplicationSnapshot *app = snapshot.findApplication(target.app);
    if (!app)
        return QStringLiteral("there is no application '%1' on %2").arg(target.app, clusterKey);
    if (!target.isApplication() && !app->findDeployment(target.deployment))
        return QStringLiteral("application '%1' has no deployment '%2'").arg(target.app, target.deployment);
    return QString();
}
} // namespace

int scheduleSetCommand(ScheduleCommand &command)
{
    const std::optional<ScheduleSetArguments> arguments = parseScheduleSetArguments(command);
    if (!arguments)
        return ExitUsage;
    const ScheduleTarget &target = arguments->target;
    const QString &path = arguments->path;

    int exitCode = ExitDone;
    const std::optional<ScheduleParse> parsed = readScheduleFile(command, path, &exitCode);
    if (!parsed)
        return exitCode;
    if (parsed->target && !(*parsed->target == target)) {
        return command.fail(QStringLiteral("%1 is the schedule of %2, not of %3")
                                .arg(path, parsed->target->toString(), target.toString()));
    }

    // A read-only command line is refused before the cluster is asked anything (the store would refuse too).
    if (auto allowed =
            command.writeGuard().check(QStringLiteral("the schedule of %1 was not saved").arg(target.toString()));
        !allowed)
        return command.fail(allowed.error());
    // Check the target against the cluster before storing anything: a schedule for a typo would never act.
    CtlContext context(command.out, command.err);
    if (auto bad = command.connect(context))
        return *bad;
    auto snapshot = fetchNow(context);
    if (!snapshot)
        return command.fail(snapshot.error());
    if (const QString missing = missingTarget(*snapshot.value(), target, context.endpoint.clusterKey());
        !missing.isEmpty())
        return command.fail(missing);

    if (auto bad = command.openStore())
        return *bad;
    const QDateTime now = command.clock.nowUtc();
    const StoredSchedule stored{target, scheduleToText(*parsed->schedule), now};
    const ScheduleAuthor author{.holder = operatorIdentity(QStringLiteral("scaledeckctl")),
                                .detail = QStringLiteral("stored with scaledeckctl schedule set"),
                                .atUtc = now};
    if (auto saved = command.store->saveSchedule(command.clusterKey, stored, author); !saved)
        return command.fail(saved.error());

    for (const ScheduleWarning &warning : findOverlaps(*parsed->schedule))
        command.err << "warning: " << warning.message << "\n";
    command.err.flush();
    auto loaded = loadSchedule(command, target); // what the controller will read, overrides included
    if (!loaded || !loaded->has_value())
        return command.fail(loaded ? makeError(RayErrorKind::Storage, QStringLiteral("the schedule was not stored"))
                                   : loaded.error());
    const ScheduleEvaluator evaluator = (*loaded)->evaluator();
    command.out << "stored the schedule of " << target.toString() << " on " << command.clusterKey << " ("
                << parsed->schedule->timeZone << "); the controller follows it within one tick\n";
    printNextTransitions(command.out, evaluator, now, 3);
    command.out.flush();
    return ExitDone;
}

} // namespace scaledeck
