// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `schedule list`, `show`, `export` and `remove`: the store only, no cluster needed.
#include "ctlcommands.h"
#include "ctlschedulearguments.h"
#include "ctlschedulecommon.h"
#include "operatoridentity.h"
#include "schedulejson.h"

namespace scaledeck {

namespace {
QString nextText(const std::vector<ScheduleTransition> &next, const QTimeZone &zone)
{
    if (next.empty())
        return QStringLiteral("none within 60 days");
    return QStringLiteral("%1 at %2 (%3): %4")
        .arg(QString::number(next.front().to), shownLocal(next.front().atUtc, zone), shownUtc(next.front().atUtc),
             next.front().reason);
}
} // namespace

int scheduleListCommand(ScheduleCommand &command)
{
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments")))
        return *bad;
    if (auto bad = command.openStore())
        return *bad;
    const QDateTime now = command.clock.nowUtc();
    auto stored = readStoredSchedules(*command.store, command.clusterKey, now);
    if (!stored)
        return command.fail(stored.error());
    return printScheduleList(command, *stored, now, command.clusterKey);
}

int printScheduleList(const CtlCommand &command, const StoredSchedules &stored, const QDateTime &now,
                      const QString &where)
{
    const bool json = command.parser.isSet(QStringLiteral("json"));
    int exitCode = ExitDone;
    OrderedJson list = OrderedJson::array();
    std::vector<QStringList> rows{
        {QStringLiteral("TARGET"), QStringLiteral("NOW"), QStringLiteral("BECAUSE"), QStringLiteral("NEXT")}};
    for (const StoredSchedule &schedule : stored.schedules) {
        const QString target = schedule.target.toString();
        const ScheduleLoad load = effectiveSchedule(schedule, stored.overrides);
        if (!load) {
            const QString why = QStringLiteral("the stored schedule cannot be read: %1").arg(load.error().describe());
            rows.push_back({target, QStringLiteral("?"), why, QString()});
            list.push_back(OrderedJson{{"target", target.toStdString()}, {"error", why.toStdString()}});
            exitCode = ExitError;
            continue;
        }
        const ScheduleEvaluator evaluator = load->evaluator();
        const DesiredState desired = evaluator.effectiveAt(now);
        const std::vector<ScheduleTransition> next = evaluator.nextTransitions(now, 1);
        rows.push_back({target, QString::number(desired.replicas), desired.reason, nextText(next, evaluator.zone())});
        list.push_back(OrderedJson{
            {"target", target.toStdString()},
            {"time_zone", load->schedule.timeZone.toStdString()},
            {"desired", desired.replicas},
            {"reason", desired.reason.toStdString()},
            {"next", next.empty() ? OrderedJson() : transitionJson(next.front(), evaluator.zone(), target)}});
    }
    if (json) {
        command.out << QString::fromStdString(list.dump(2)) << Qt::endl;
    } else if (stored.schedules.empty()) {
        command.out << "No schedules on " << where << "." << Qt::endl;
    } else {
        for (const QString &line : tableRows(rows, QString()))
            command.out << line << "\n";
        command.out.flush();
    }
    return exitCode;
}

int scheduleShowCommand(ScheduleCommand &command)
{
    int exitCode = ExitDone;
    const std::optional<EffectiveSchedule> schedule = requireScheduleArgument(command, &exitCode);
    if (!schedule)
        return exitCode;
    printScheduleShow(command.out, *schedule, command.clock.nowUtc());
    return ExitDone;
}

void printScheduleShow(QTextStream &out, const EffectiveSchedule &schedule, const QDateTime &now)
{
    const ScheduleEvaluator evaluator = schedule.evaluator();
    printText(out, schedule.text);
    out << "\n";
    for (const ScheduleOverride &o : schedule.overrides)
        out << "override: " << describeOverride(o, evaluator.zone()) << "\n";
    const DesiredState desired = evaluator.effectiveAt(now);
    out << "now: " << desired.replicas << " (" << desired.reason << ") at " << shownLocal(now, evaluator.zone())
        << "\n";
    printParkWhenIdle(out, schedule.schedule);
    printNextTransitions(out, evaluator, now, 10);
    out.flush();
}

int scheduleExportCommand(ScheduleCommand &command)
{
    int exitCode = ExitDone;
    const std::optional<EffectiveSchedule> schedule = requireScheduleArgument(command, &exitCode);
    if (!schedule)
        return exitCode;
    // The file form: what `schedule set` reads back. The text form is stored canonical already.
    printText(command.out, command.parser.isSet(QStringLiteral("json"))
                               ? QString::fromUtf8(scheduleToJson(schedule->schedule, schedule->target))
                               : schedule->text);
    command.out.flush();
    return ExitDone;
}

int scheduleRemoveCommand(ScheduleCommand &command)
{
    const std::optional<ScheduleTarget> target = parseTargetArguments(command);
    if (!target)
        return ExitUsage;
    if (auto bad = command.openStore())
        return *bad;
    auto removed = command.store->removeSchedule(
        command.clusterKey, *target,
        ScheduleAuthor{.holder = operatorIdentity(QStringLiteral("scaledeckctl")),
                       .detail = QStringLiteral("removed with scaledeckctl schedule remove"),
                       .atUtc = command.clock.nowUtc()});
    if (!removed)
        return command.fail(removed.error());
    if (!*removed)
        return command.fail(QStringLiteral("no schedule for %1 on %2").arg(target->toString(), command.clusterKey));
    // An override only makes sense against a schedule; a later `schedule set` must not revive it.
    auto cleared = command.store->clearOverride(command.clusterKey, *target);
    if (!cleared)
        return command.fail(cleared.error());
    command.out << "removed the schedule of " << target->toString() << (*cleared ? " and its override" : "") << " on "
                << command.clusterKey
                << "; the controller stops scaling it within one tick and leaves its current count" << Qt::endl;
    return ExitDone;
}

} // namespace scaledeck
