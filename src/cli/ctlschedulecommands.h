// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace scaledeck {

// scaledeckctl's schedule commands: `schedule list|show|set|preview|export|remove`, `override` and `audit`,
// as runScaledeckCtl() runs them (their rows of the command table), for a front end that offers only these.
// They take the whole command line (global options such as --address and --store included). std::nullopt:
// the command is none of these.
//
// "Now" comes from `clock`. The overload without one uses the system clock, unless `environment` holds
// SCALEDECK_NOW (an ISO 8601 instant with Z or an offset). SCALEDECK_NOW is for tests only: it lets them run
// `override`, `show` and `audit` at a fixed date through runScaledeckCtl.
std::optional<int> runScheduleCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                       QTextStream &out, QTextStream &err);
std::optional<int> runScheduleCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                       QTextStream &out, QTextStream &err, const Clock &clock);

} // namespace scaledeck
