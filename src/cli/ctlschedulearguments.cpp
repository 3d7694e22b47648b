// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlschedulearguments.h"

#include "schedulerules.h"

namespace scaledeck {

std::optional<ScheduleTarget> targetArgument(const CtlCommand &command)
{
    QString why;
    std::optional<ScheduleTarget> target = ScheduleTarget::parse(command.args.value(0), &why);
    if (!target)
        command.usage(why);
    return target;
}

std::optional<ScheduleTarget> parseTargetArguments(const CtlCommand &command)
{
    if (command.expectArgs(1, QStringLiteral("TARGET")))
        return std::nullopt;
    return targetArgument(command);
}

std::optional<ScheduleSetArguments> parseScheduleSetArguments(const CtlCommand &command)
{
    if (command.expectArgs(2, QStringLiteral("TARGET FILE")))
        return std::nullopt;
    const std::optional<ScheduleTarget> target = targetArgument(command);
    if (!target)
        return std::nullopt;
    return ScheduleSetArguments{*target, command.args[1]};
}

std::optional<OverrideArguments> parseOverrideArguments(const CtlCommand &command)
{
    OverrideArguments parsed;
    parsed.clear = command.parser.isSet(QStringLiteral("clear"));
    parsed.untilText = command.parser.value(QStringLiteral("until"));
    if (parsed.clear && !parsed.untilText.isEmpty()) {
        command.usage(QStringLiteral("'override' takes --until or --clear, not both"));
        return std::nullopt;
    }
    if (command.expectArgs(parsed.clear ? 1 : 2, parsed.clear ? QStringLiteral("TARGET --clear")
                                                              : QStringLiteral("TARGET N --until ISO8601")))
        return std::nullopt;
    const std::optional<ScheduleTarget> target = targetArgument(command);
    if (!target)
        return std::nullopt;
    parsed.target = *target;
    if (parsed.clear)
        return parsed;
    constexpr int kMostReplicas = schedulerules::kMaxReplicas;
    bool isNumber = false;
    parsed.replicas = command.args[1].toInt(&isNumber);
    if (!isNumber || parsed.replicas < 0 || parsed.replicas > kMostReplicas) {
        command.usage(QStringLiteral("'%1' is not a replica count (a whole number from 0 to %2)")
                          .arg(command.args[1])
                          .arg(kMostReplicas));
        return std::nullopt;
    }
    if (parsed.untilText.isEmpty()) {
        command.usage(QStringLiteral("'override' needs --until ISO8601 (or --clear)"));
        return std::nullopt;
    }
    parsed.until = parseTypedInstant(parsed.untilText);
    if (!parsed.until) {
        command.usage(badInstantMessage(QStringLiteral("--until"), parsed.untilText));
        return std::nullopt;
    }
    return parsed;
}

} // namespace scaledeck
