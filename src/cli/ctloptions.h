// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Every option scaledeckctl knows, declared once: what the parsers register, what commandWord() skips, and the
// usage error for an option a command does not take all come from here. Internal to scaledeck_cli.

#include <QCommandLineParser>
#include <QStringList>

#include <optional>
#include <vector>

namespace scaledeck {

struct CtlOption {
    const char *name;                   // without the dashes: "dry-run"
    const char *valueName = nullptr;    // "SECONDS"; nullptr: a flag
    const char *defaultValue = nullptr; // what value() gives when the option is not set
    // The usage error when a command that does not take it is given it; %1 (if present) is the command.
    // nullptr: "'%1' takes no --name".
    const char *notTaken = nullptr;
    bool global = false; // every command takes it (--address, --store, ...)
    // What `COMMAND --help` says the option does (lines separated by '\n'); the man page says it at more length.
    const char *description = "";
};

// All of them, the global ones first.
const std::vector<CtlOption> &ctlOptions();
// The option called `name` (without the dashes), or nullptr.
const CtlOption *findCtlOption(const QString &name);

// Registers --help, the global options and `own`, options after positional arguments read as options.
void addCommandOptions(QCommandLineParser &parser, const std::vector<const CtlOption *> &own);

// The command word: the first argument that is neither an option nor an option's value.
QString commandWord(const QStringList &arguments);

// Before parsing: "-1" would read as an unknown option "1"; this names the real mistake (a negative count).
std::optional<QString> negativeNumberArgument(const QStringList &arguments);

// After parsing: the usage error for the first of `known` that is set although `taken` (names, space separated)
// lacks it, e.g. "'cost' takes no --gpu-hour".
std::optional<QString> optionNotTaken(const QCommandLineParser &parser, const std::vector<const CtlOption *> &known,
                                      const char *taken, const QString &commandName);

} // namespace scaledeck
