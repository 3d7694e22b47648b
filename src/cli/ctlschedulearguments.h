// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The arguments of the schedule commands that run both locally and through a controller (schedule show, set and
// remove, override), checked once here so both paths refuse the same command lines with the same words.
// Internal to scaledeck_cli. Every parse returns std::nullopt after printing the usage error: the command then
// exits with ExitUsage.

#include "ctlcommandline.h"
#include "ctlschedulecommon.h"
#include "schedule.h"

#include <QString>

#include <optional>

namespace scaledeck {

// The first positional argument as a target.
std::optional<ScheduleTarget> targetArgument(const CtlCommand &command);

// TARGET, the only argument (schedule show, schedule remove, schedule export).
std::optional<ScheduleTarget> parseTargetArguments(const CtlCommand &command);

// schedule set TARGET FILE.
struct ScheduleSetArguments {
    ScheduleTarget target;
    QString path;
};
std::optional<ScheduleSetArguments> parseScheduleSetArguments(const CtlCommand &command);

// override TARGET N --until ISO8601, or override TARGET --clear.
struct OverrideArguments {
    ScheduleTarget target;
    bool clear = false;
    int replicas = 0;                  // without --clear
    std::optional<TypedInstant> until; // without --clear; its zone is the command's to choose
    QString untilText;                 // as typed, for the messages about it
};
std::optional<OverrideArguments> parseOverrideArguments(const CtlCommand &command);

} // namespace scaledeck
