// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlschedulecommands.h"

#include "ctlcommands.h"
#include "ctlcommandtable.h"
#include "ctloptions.h"

namespace scaledeck {

namespace {

bool isScheduleCommand(const QStringList &arguments)
{
    const CtlCommandSpec *spec = firstCtlCommandOf(commandWord(arguments));
    return spec && spec->family == CtlFamily::Schedule;
}

} // namespace

std::optional<int> runScheduleCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                       QTextStream &out, QTextStream &err)
{
    if (!isScheduleCommand(arguments))
        return std::nullopt;
    return runScaledeckCtl(arguments, environment, out, err);
}

std::optional<int> runScheduleCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                       QTextStream &out, QTextStream &err, const Clock &clock)
{
    if (!isScheduleCommand(arguments))
        return std::nullopt;
    return runScaledeckCtl(arguments, environment, out, err, clock);
}

} // namespace scaledeck
