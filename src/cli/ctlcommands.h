// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

namespace scaledeck {

// Exit codes of scaledeckctl (pinned).
enum CtlExitCode { ExitDone = 0, ExitError = 1, ExitUsage = 2, ExitConflict = 3 };

// scaledeckctl's whole behaviour, separate from main() so tests can run it in-process.
// `arguments` includes the program name first, as QCoreApplication::arguments() does.
int runScaledeckCtl(const QStringList &arguments, const QProcessEnvironment &environment, QTextStream &out,
                    QTextStream &err);

} // namespace scaledeck
