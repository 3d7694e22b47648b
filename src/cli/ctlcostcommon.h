// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What scaledeckctl's cost commands share: `cost` (GPU-hours, cost and reduction from the recorded history),
// `leases` (replicas holding GPUs now, from the live cluster), `prices` (this cluster's prices, shown or set) and
// `always-on`. Internal to scaledeck_cli: they run from the command table (ctlcommandtable.cpp).

#include "clock.h"
#include "costreport.h"
#include "ctlcommandline.h"
#include "pricelist.h"
#include "result.h"
#include "servingcost.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>
#include <QTimeZone>
#include <QUrl>

#include <map>
#include <optional>
#include <vector>

namespace scaledeck {

// The cost commands need nothing beyond what every command has.
using CostCommand = CtlCommand;

// What a cost report's traffic figures came from (ctlcosttraffic.cpp): servingCost when Prometheus answered, else
// why there are none.
struct CostTraffic {
    QString source; // "Prometheus at http://…"; empty when none was given
    QString error;  // why there are no figures; empty when there are
    std::optional<int> stepS;
    std::optional<ServingCost> serving;
    // The note printed when there is no source, saying why (empty: none was given, and the note names
    // --prometheus): through a controller there is none to give.
    QString unknownNote;
};

// `cost`'s --since and --until, in UTC (typed without an offset: in `local`).
struct CostOptions {
    std::optional<QDateTime> since;
    std::optional<QDateTime> until;
};
// Reads them into *options: an exit code after a usage error (not an instant, --since not before --until).
std::optional<int> readCostOptions(CostCommand &command, const QTimeZone &local, CostOptions *options);
// Prints `report` as `cost` does, as text or (--json) JSON: `where` names the cluster (its key, or the
// controller's URL), `firstRecord` is the history's first record (std::nullopt: none yet, which the text says
// instead of a report). ExitDone. (ctlcostreport.cpp)
int printCost(CostCommand &command, const QString &where, const CostReport &report, const CostTraffic &traffic,
              const std::optional<QDateTime> &firstRecord);

// Reads the request rates of [fromUtc, toUtc) from `prometheus` (empty: none given, nothing read) and sets them
// against `leases`. A failure is a warning on stderr and CostTraffic::error: the report prints without the figures.
CostTraffic readCostTraffic(CostCommand &command, const QUrl &prometheus, const std::vector<GpuLease> &leases,
                            const QDateTime &fromUtc, const QDateTime &toUtc);

// "EUR 12.50" (ctlcostreport.cpp)
QString moneyText(const QString &currency, double amount);
// "12.50" (ctlcostreport.cpp)
QString hoursText(double hours);

// "Prices on CLUSTER: $2.50 per GPU-hour (A100 $4.00; other types at the default), no CPU-hour price."
QString pricesText(const QString &clusterKey, const PriceList &prices);
// What `always-on` lists: the counts savings are measured against, or that every deployment uses its peak.
void printAlwaysOn(QTextStream &out, const QString &clusterKey, const std::map<QString, int> &counts);

int costCommand(CostCommand &command);     // ctlcostreport.cpp
int leasesCommand(CostCommand &command);   // ctlleasescommand.cpp
int pricesCommand(CostCommand &command);   // ctlpricescommand.cpp
int alwaysOnCommand(CostCommand &command); // ctlpricescommand.cpp
int trafficCommand(CostCommand &command);  // ctltrafficcommand.cpp

} // namespace scaledeck
