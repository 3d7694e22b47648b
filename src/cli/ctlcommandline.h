// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What every scaledeckctl command is handed (the dispatcher in ctlcommands.cpp makes it from the command table
// in ctlcommandtable.cpp): one run of a command, its options, the clock, and the checks every command makes.
// Internal to scaledeck_cli.

#include "clock.h"
#include "ctloptions.h"
#include "result.h"
#include "writeguard.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

#include <functional>
#include <optional>
#include <vector>

namespace scaledeck {

struct CtlContext;

// One run of one command.
struct CtlCommand {
    QTextStream &out;
    QTextStream &err;
    const Clock &clock;
    const QProcessEnvironment &environment;
    const QCommandLineParser &parser;
    QString name;       // "schedule preview", "cost", ...
    QStringList args;   // the positional arguments after the name (a Words command: every word after the program)
    QString clusterKey; // set by resolveCluster()

    // Prints "scaledeckctl: message" and a hint at `scaledeckctl NAME --help`; returns ExitUsage.
    int usage(const QString &message) const;
    // Prints "scaledeckctl: <cause>"; returns ExitError (ExitConflict for a conflict).
    int fail(const RayError &error) const;
    int fail(const QString &message) const;
    // A usage error when positional arguments were given.
    std::optional<int> expectNoArgs() const;
    // A usage error unless there are exactly `count` positional arguments, described by `what`.
    std::optional<int> expectArgs(qsizetype count, const QString &what) const;
    // This cluster's key from --address (or its defaults): an exit code when the address is unusable.
    std::optional<int> resolveCluster();
    QString storePath() const;
    // Read-only with --read-only: every store the command opens gets this guard, so a command that would write
    // is refused (exit 2) whatever path it takes.
    WriteGuard writeGuard() const;
    // Connects `context` to the cluster (address, token, TLS trust, --read-only, --production, client) and opens
    // its parked store; sets clusterKey.
    // An exit code when that fails (a bad address is a usage error).
    std::optional<int> connect(CtlContext &context);
};

// Rows padded to the widest cell of each column, two spaces apart. `alignment` has one letter a column,
// 'L' or 'R' (missing: 'L'); the last column is not padded when it is left-aligned, and no line ends in spaces.
QStringList tableRows(const std::vector<QStringList> &rows, const QString &alignment);

// Runs `run` on the system clock, or (tests only) on the fixed instant in SCALEDECK_NOW; a SCALEDECK_NOW that is
// no instant is a usage error.
int runOnCommandClock(const QProcessEnvironment &environment, QTextStream &err,
                      const std::function<int(const Clock &)> &run);

} // namespace scaledeck
