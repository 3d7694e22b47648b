// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What scaledeckctl's cost commands share: `cost` (GPU-hours, cost and reduction from the recorded history),
// `leases` (replicas holding GPUs now, from the live cluster), `prices` (this cluster's prices, shown or set) and
// `always-on`. Internal to scaledeck_cli: they run from the command table (ctlcommandtable.cpp).

#include "clock.h"
#include "costreport.h"
#include "ctlcommandline.h"
#include "result.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>

#include <optional>
#include <vector>

namespace scaledeck {

// The cost commands need nothing beyond what every command has.
using CostCommand = CtlCommand;

// "EUR 12.50" (ctlcostreport.cpp)
QString moneyText(const QString &currency, double amount);
// "12.50" (ctlcostreport.cpp)
QString hoursText(double hours);

int costCommand(CostCommand &command);     // ctlcostreport.cpp
int leasesCommand(CostCommand &command);   // ctlleasescommand.cpp
int pricesCommand(CostCommand &command);   // ctlpricescommand.cpp
int alwaysOnCommand(CostCommand &command); // ctlpricescommand.cpp
int trafficCommand(CostCommand &command);  // ctltrafficcommand.cpp

} // namespace scaledeck
