// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What scaledeckctl says when asked for help, made from the command table and the options' descriptions so
// neither can fall behind the commands. Internal to scaledeck_cli.

#include <QString>

namespace scaledeck {

// What `scaledeckctl --help` prints: every form with its description, then what all commands share.
QString ctlHelpText();

// What `scaledeckctl WORD --help` prints for the command(s) whose name starts with the word(s) `word`
// ("schedule" explains the schedule family, "parked discard" that one): the usage forms, what each does, the
// options they take with what each does, and the global options in short.
QString ctlCommandHelp(const QString &word);

// The hint under a usage error: "Try 'scaledeckctl WORD --help'."; for an empty word, at the whole help.
QString ctlUsageHint(const QString &word);

} // namespace scaledeck
