// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace scaledeck {

// scaledeckctl's cost commands: `cost` (GPU-hours, cost and reduction from the recorded history), `leases`
// (replicas holding GPUs now, from the live cluster) and `prices` (this cluster's prices, shown or set).
// Like runScheduleCommands() they take the whole command line and parse it themselves; std::nullopt: the
// command is none of these.
//
// "Now" comes from `clock`; the overload without one uses the system clock unless `environment` holds
// SCALEDECK_NOW (tests only, as for the schedule commands).
std::optional<int> runCostCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                   QTextStream &out, QTextStream &err);
std::optional<int> runCostCommands(const QStringList &arguments, const QProcessEnvironment &environment,
                                   QTextStream &out, QTextStream &err, const Clock &clock);

} // namespace scaledeck
