// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// `scaledeckctl __complete ...`: what the bash completion (packaging/completion/scaledeckctl.bash) asks the
// binary, so that the completion lists the commands and options of the scaledeckctl it completes and never
// falls behind them. Hidden: not in --help, since only the completion calls it. Internal to scaledeck_cli.
//
//   __complete commands                 the command words: status, scale, ..., schedule, token
//   __complete subcommands WORD         the second words of WORD's commands: list, show, ... for schedule
//   __complete options [WORD [SUB]]     the options the command takes, the global ones and --help, one a
//                                       line; without a command, the global ones, --help and --version
//   __complete valued                   every option that takes a value, as "--name VALUE" (VALUE: FILE, URL, ...)
//   __complete arguments WORD [SUB]     the placeholders of the command's arguments in order: APP/DEPLOYMENT N

#include <QStringList>
#include <QTextStream>

namespace scaledeck {

// `arguments` are the words after "__complete". Exit 0, or 2 (nothing printed) for a query it does not know.
int runCompletionQuery(const QStringList &arguments, QTextStream &out);

} // namespace scaledeck
