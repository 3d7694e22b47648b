// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `schedule preview TARGET|FILE --from ISO8601 --to ISO8601 [--json]`: the transitions of a schedule file, or
// of a target's stored schedule with its overrides, between two instants.
#include "ctlcommands.h"
#include "ctlschedulecommon.h"

#include <QFileInfo>

namespace scaledeck {

namespace {
constexpr qint64 kLongestPreviewDays = 400;
}

int schedulePreviewCommand(ScheduleCommand &command)
{
    if (auto bad = command.expectArgs(1, QStringLiteral("a TARGET or a FILE")))
        return *bad;
    const QString fromText = command.parser.value(QStringLiteral("from"));
    const QString toText = command.parser.value(QStringLiteral("to"));
    if (fromText.isEmpty() || toText.isEmpty())
        return command.usage(QStringLiteral("'schedule preview' needs --from and --to"));
    const std::optional<TypedInstant> from = parseTypedInstant(fromText);
    if (!from)
        return command.usage(badInstantMessage(QStringLiteral("--from"), fromText));
    const std::optional<TypedInstant> to = parseTypedInstant(toText);
    if (!to)
        return command.usage(badInstantMessage(QStringLiteral("--to"), toText));

    const QString argument = command.args[0];
    Schedule schedule;
    std::vector<ScheduleOverride> overrides;
    QString target; // as the JSON form names it: the TARGET argument, the JSON file's target, or ""
    if (QFileInfo(argument).isFile()) {
        int exitCode = ExitDone;
        const std::optional<ScheduleParse> parsed = readScheduleFile(command, argument, &exitCode);
        if (!parsed)
            return exitCode;
        schedule = *parsed->schedule;
        if (parsed->target)
            target = parsed->target->toString();
    } else {
        QString why;
        const std::optional<ScheduleTarget> parsedTarget = ScheduleTarget::parse(argument, &why);
        if (!parsedTarget)
            return command.usage(QStringLiteral("'%1' is neither a file nor a target: %2").arg(argument, why));
        if (auto bad = command.openStore())
            return *bad;
        auto loaded = loadSchedule(command, *parsedTarget);
        if (!loaded)
            return command.fail(loaded.error());
        if (!loaded->has_value())
            return command.fail(
                QStringLiteral("there is no file '%1' and no schedule for %1 on %2").arg(argument, command.clusterKey));
        schedule = (*loaded)->schedule;
        overrides = (*loaded)->overrides;
        target = parsedTarget->toString();
    }

    const ScheduleEvaluator evaluator(std::move(schedule), std::move(overrides));
    const QDateTime fromUtc = from->toUtc(evaluator.zone());
    const QDateTime toUtc = to->toUtc(evaluator.zone());
    if (toUtc <= fromUtc)
        return command.usage(QStringLiteral("--to %1 must be after --from %2").arg(toText, fromText));
    if (fromUtc.msecsTo(toUtc) > kLongestPreviewDays * 24 * 3600 * 1000)
        return command.usage(QStringLiteral("--from and --to are more than %1 days apart").arg(kLongestPreviewDays));

    const std::vector<ScheduleTransition> transitions = evaluator.transitions(fromUtc, toUtc);
    if (command.parser.isSet(QStringLiteral("json"))) {
        OrderedJson list = OrderedJson::array();
        for (const ScheduleTransition &transition : transitions)
            list.push_back(transitionJson(transition, evaluator.zone(), target));
        command.out << QString::fromStdString(list.dump(2)) << Qt::endl;
        return ExitDone;
    }
    printParkWhenIdle(command.out, evaluator.schedule());
    if (transitions.empty()) {
        const DesiredState state = evaluator.effectiveAt(fromUtc);
        command.out << "no transitions from " << shownLocal(fromUtc, evaluator.zone()) << " to "
                    << shownLocal(toUtc, evaluator.zone()) << ": " << state.replicas << " throughout (" << state.reason
                    << ")" << Qt::endl;
        return ExitDone;
    }
    printTransitions(command.out, transitions, evaluator.zone(), QString());
    command.out.flush();
    return ExitDone;
}

} // namespace scaledeck
