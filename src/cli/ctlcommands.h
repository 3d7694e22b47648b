// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"

#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

namespace scaledeck {

// Exit codes of scaledeckctl (pinned).
enum CtlExitCode { ExitDone = 0, ExitError = 1, ExitUsage = 2, ExitConflict = 3 };

// scaledeckctl's whole behaviour, separate from main() so tests can run it in-process.
// `arguments` includes the program name first, as QCoreApplication::arguments() does.
// It finds the command in the command table (ctlcommandtable.cpp), parses the options of its family and runs it.
//
// "Now" comes from `clock`. The overload without one uses the system clock, unless `environment` holds
// SCALEDECK_NOW (an ISO 8601 instant with Z or an offset; for tests only: it lets them run `override`,
// `schedule show`, `audit` and `cost` at a fixed date); a SCALEDECK_NOW that is no instant is a usage error.
int runScaledeckCtl(const QStringList &arguments, const QProcessEnvironment &environment, QTextStream &out,
                    QTextStream &err);
int runScaledeckCtl(const QStringList &arguments, const QProcessEnvironment &environment, QTextStream &out,
                    QTextStream &err, const Clock &clock);

} // namespace scaledeck
