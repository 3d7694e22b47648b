#pragma once

// What scaledeckctl's cost, leases and prices commands share. Internal to scaledeck_cli: the interface is
// runCostCommands() in ctlcostcommands.h.

#include "clock.h"
#include "costreport.h"
#include "result.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

#include <optional>
#include <vector>

namespace scaledeck {

// One run of one command.
struct CostCommand {
    QTextStream &out;
    QTextStream &err;
    const Clock &clock;
    const QProcessEnvironment &environment;
    const QCommandLineParser &parser;
    QString name;       // "cost", "leases", "prices"
    QString forms;      // its usage line, without "scaledeckctl "
    QStringList args;   // positional arguments after the name (none is valid)
    QString clusterKey; // set by resolveCluster()

    // Prints "scaledeckctl: message" and the command's usage; returns ExitUsage.
    int usage(const QString &message) const;
    // Prints "scaledeckctl: <cause>"; returns ExitError (ExitConflict for a conflict).
    int fail(const RayError &error) const;
    // A usage error when positional arguments were given.
    std::optional<int> expectNoArgs() const;
    // This cluster's key from --address (or its defaults): an exit code when the address is unusable.
    std::optional<int> resolveCluster();
    QString storePath() const;
};

// "EUR 12.50"
QString moneyText(const QString &currency, double amount);
// "12.50"
QString hoursText(double hours);
// Rows padded to the widest cell of each column, two spaces apart. `alignment` has one letter a column,
// 'L' or 'R'; the last column is not padded when it is left-aligned.
QStringList tableRows(const std::vector<QStringList> &rows, const QString &alignment);

int costCommand(CostCommand &command);   // ctlcostreport.cpp
int leasesCommand(CostCommand &command); // ctlleasescommand.cpp
int pricesCommand(CostCommand &command);   // ctlpricescommand.cpp
int alwaysOnCommand(CostCommand &command); // ctlpricescommand.cpp

} // namespace scaledeck
