// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The schedule commands run through a controller: schedule list, show, set and remove, override, resume and audit. The
// same arguments and, where the API gives the same facts, the same output as the local commands (their printing
// functions are shared), the controller's URL where a local command names its cluster.
#include "auditjson.h"
#include "ctlcommands.h"
#include "ctlcontrollercommon.h"
#include "ctlschedulearguments.h"
#include "ctlschedulecommon.h"

#include <QFile>

namespace scaledeck {

using namespace ctlcontroller;

namespace {

std::vector<ScheduleOverride> overridesOf(const Json &list)
{
    std::vector<ScheduleOverride> overrides;
    for (const Json &entry : list) {
        const std::optional<ScheduleTarget> target = ScheduleTarget::parse(textAt(entry, "target"));
        if (!target)
            continue;
        overrides.push_back(ScheduleOverride{*target, int(integerAt(entry, "replicas").value_or(0)),
                                             instantAt(entry, "until"), instantAt(entry, "createdAt"),
                                             textAt(entry, "by"), QString()});
    }
    return overrides;
}

// The active overrides (GET overrides); std::nullopt after printing why not.
std::optional<std::vector<ScheduleOverride>> readOverrides(ControllerCommand &controller)
{
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("overrides"));
    if (!answer) {
        controller.fail(answer.error());
        return std::nullopt;
    }
    const Json *list = listOf(controller, *answer, "overrides");
    if (!list)
        return std::nullopt;
    return overridesOf(*list);
}

// Follows a request of the manual queue (requests/ID) until the controller has sent or failed it, or --timeout.

} // namespace

int controllerScheduleList(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments")))
        return *bad;
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("schedules"));
    if (!answer)
        return controller.fail(answer.error());
    const Json *list = listOf(controller, *answer, "schedules");
    if (!list)
        return ExitError;
    const std::optional<std::vector<ScheduleOverride>> overrides = readOverrides(controller);
    if (!overrides)
        return ExitError;
    StoredSchedules stored;
    stored.overrides = *overrides;
    for (const Json &entry : *list) {
        if (const std::optional<ScheduleTarget> target = ScheduleTarget::parse(textAt(entry, "target")))
            stored.schedules.push_back(StoredSchedule{*target, textAt(entry, "text"), instantAt(entry, "updatedAt")});
    }
    return printScheduleList(command, stored, command.clock.nowUtc(), controller.where);
}

int controllerScheduleShow(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    const std::optional<ScheduleTarget> target = parseTargetArguments(command);
    if (!target)
        return ExitUsage;
    const ControllerCommand::Answer answer = controller.get(targetPath("schedules", *target));
    if (!answer && answer.error().kind == ControllerError::Kind::NotFound)
        return command.fail(noScheduleMessage(*target));
    if (!answer)
        return controller.fail(answer.error());
    const std::optional<std::vector<ScheduleOverride>> overrides = readOverrides(controller);
    if (!overrides)
        return ExitError;
    const StoredSchedule stored{*target, textAt(answer->body, "text"), instantAt(answer->body, "updatedAt")};
    const ScheduleLoad load = effectiveSchedule(stored, *overrides);
    if (!load)
        return command.fail(QStringLiteral("the stored schedule of %1 cannot be read: %2")
                                .arg(target->toString(), load.error().describe()));
    printScheduleShow(command.out, *load, command.clock.nowUtc());
    return ExitDone;
}

int controllerScheduleSet(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    const std::optional<ScheduleSetArguments> arguments = parseScheduleSetArguments(command);
    if (!arguments)
        return ExitUsage;
    const ScheduleTarget &target = arguments->target;
    if (auto refused = refuseIfReadOnly(command, QStringLiteral("schedule set")))
        return *refused;
    const QString &path = arguments->path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return command.fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    // The controller parses and checks it as `schedule set` does locally.
    const ControllerCommand::Answer answer =
        controller.call("PUT", targetPath("schedules", target), {}, file.readAll());
    if (!answer && answer.error().kind == ControllerError::Kind::Rejected && answer.error().httpStatus == 400)
        return command.fail(path + QStringLiteral(": ") + answer.error().message);
    if (!answer)
        return controller.fail(answer.error());
    if (const auto warnings = answer->body.find("warnings"); warnings != answer->body.end() && warnings->is_array()) {
        for (const Json &warning : *warnings)
            if (warning.is_string())
                command.err << "warning: " << QString::fromStdString(warning.get<std::string>()) << "\n";
    }
    command.err.flush();
    const ScheduleParse stored = parseScheduleText(textAt(answer->body, "text"));
    command.out << "stored the schedule of " << target.toString() << " on " << controller.where;
    if (stored.ok())
        command.out << " (" << stored.schedule->timeZone << ")";
    command.out << "; the controller follows it within one tick\n";
    if (stored.ok())
        printNextTransitions(command.out, ScheduleEvaluator(*stored.schedule), command.clock.nowUtc(), 3);
    command.out.flush();
    return ExitDone;
}

int controllerScheduleRemove(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    const std::optional<ScheduleTarget> target = parseTargetArguments(command);
    if (!target)
        return ExitUsage;
    if (auto refused = refuseIfReadOnly(command, QStringLiteral("schedule remove")))
        return *refused;
    const ControllerCommand::Answer answer = controller.call("DELETE", targetPath("schedules", *target));
    if (!answer && answer.error().kind == ControllerError::Kind::NotFound)
        return command.fail(QStringLiteral("no schedule for %1 on %2").arg(target->toString(), controller.where));
    if (!answer)
        return controller.fail(answer.error());
    // As the local command: an override only makes sense against a schedule.
    const ControllerCommand::Answer cleared = controller.call("DELETE", targetPath("overrides", *target));
    const bool hadOverride = cleared && flagAt(cleared->body, "cleared");
    command.out << "removed the schedule of " << target->toString() << (hadOverride ? " and its override" : "")
                << " on " << controller.where
                << "; the controller stops scaling it within one tick and leaves its current count" << Qt::endl;
    return ExitDone;
}

int controllerOverride(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    const std::optional<OverrideArguments> arguments = parseOverrideArguments(command);
    if (!arguments)
        return ExitUsage;
    const ScheduleTarget &target = arguments->target;
    const QString name = target.toString();
    if (arguments->clear) {
        if (auto refused = refuseIfReadOnly(command, QStringLiteral("override --clear")))
            return *refused;
        const ControllerCommand::Answer answer = controller.call("DELETE", targetPath("overrides", target));
        if (!answer)
            return controller.fail(answer.error());
        if (flagAt(answer->body, "cleared"))
            command.out << name << ": override cleared; back to the schedule now" << Qt::endl;
        else
            command.out << name << " has no override; nothing to clear" << Qt::endl;
        return ExitDone;
    }
    if (auto refused = refuseIfReadOnly(command, QStringLiteral("override")))
        return *refused;
    // Without an offset the time is this machine's (the local command reads it in the schedule's zone).
    const QTimeZone local = QTimeZone::systemTimeZone();
    const QDateTime untilUtc = arguments->until->toUtc(local);
    const Json body{{"replicas", arguments->replicas}, {"until", isoUtc(untilUtc).toStdString()}};
    const ControllerCommand::Answer answer =
        controller.call("PUT", targetPath("overrides", target), {}, QByteArray::fromStdString(body.dump()));
    if (!answer)
        return controller.fail(answer.error());
    const std::vector<ScheduleOverride> set = overridesOf(Json::array({answer->body}));
    if (set.empty())
        return command.fail(
            QStringLiteral("the controller at %1 answered the override without its target").arg(controller.where));
    command.out << name << ": " << describeOverride(set.front(), local) << Qt::endl;
    return ExitDone;
}

namespace {

// `resume` without TARGET: what is contested (GET contests), worded as the local command words it.
int listContested(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("contests"));
    if (!answer)
        return controller.fail(answer.error());
    const Json *list = listOf(controller, *answer, "contests");
    if (!list)
        return ExitError;
    if (list->empty()) {
        command.out << "nothing is contested on " << controller.where
                    << ": the controller corrects every target its schedule says to" << Qt::endl;
        return ExitDone;
    }
    for (const Json &contest : *list)
        command.out << textAt(contest, "target") << ": contested since " << shownUtc(instantAt(contest, "contestedAt"))
                    << " (" << textAt(contest, "description") << "); the cluster holds "
                    << textAt(contest, "outsideValue") << Qt::endl;
    command.out << "scaledeckctl resume TARGET lets the controller correct it again" << Qt::endl;
    return ExitDone;
}

} // namespace

// `resume [TARGET]`: DELETE contests/TARGET; the controller's next tick corrects it again.
int controllerResume(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (command.args.size() > 1)
        return command.usage(QStringLiteral("'resume' takes one TARGET at most (none: list the contested ones)"));
    if (command.args.isEmpty())
        return listContested(controller);
    const std::optional<ScheduleTarget> target = targetArgument(command);
    if (!target)
        return ExitUsage;
    if (auto refused = refuseIfReadOnly(command, QStringLiteral("resume")))
        return *refused;
    const QString name = target->toString();
    const ControllerCommand::Answer answer = controller.call("DELETE", targetPath("contests", *target));
    if (!answer)
        return controller.fail(answer.error());
    if (!flagAt(answer->body, "resumed")) {
        command.out << name << " is not contested: the controller corrects it as its schedule says" << Qt::endl;
        return ExitDone;
    }
    command.out << name << ": the controller corrects it again from its next tick; if another controller or tool "
                << "still changes it, it stops again after two put-backs" << Qt::endl;
    return ExitDone;
}

int controllerAudit(ControllerCommand &controller)
{
    CtlCommand &command = controller.command;
    if (auto bad = command.expectArgs(0, QStringLiteral("no arguments")))
        return *bad;
    const std::optional<QDateTime> since = auditSince(command);
    if (!since)
        return ExitUsage;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("since"), isoUtc(*since));
    const ControllerCommand::Answer answer = controller.get(QStringLiteral("audit"), query);
    if (!answer)
        return controller.fail(answer.error());
    const Json *list = listOf(controller, *answer, "entries");
    if (!list)
        return ExitError;
    auto entries = auditEntriesFromApi(answer->body);
    if (!entries)
        return command.fail(QStringLiteral("the controller at %1: %2").arg(controller.where, entries.error()));
    printAudit(command, *entries, *since, controller.where, true);
    return ExitDone;
}

} // namespace scaledeck
