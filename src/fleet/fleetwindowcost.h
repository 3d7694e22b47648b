// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the Fleet page's cost chart and its deployment-cost export show of a cluster: its cost over one of the Cost
// tab's rolling windows, [now - window, now), from the same history as the table's spend (FleetCost): a dashboard
// member's from this machine's store, a controller member's from the controller's API (GET cost?from=&to=).

#include "costreport.h"
#include "costwindow.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <memory>

namespace scaledeck {

class HistoryStore;
class PriceStore;

struct FleetWindowCost {
    CostWindow window = CostWindow::Day;
    QDateTime fromUtc; // the window asked: readAtUtc - costWindowSecs(window)
    QDateTime readAtUtc;
    // Why there are no figures (no history on this machine, the controller's error); empty when known.
    QString unavailable;
    bool priced = false; // without GPU prices the money is unknown (the GPU-hours are not)
    CostReport report;   // of [fromUtc, readAtUtc); starts later when the history does (startsAfterAsked)

    bool known() const { return unavailable.isEmpty(); }
};
// Immutable once read and shared: the chart and the export hold the same one.
using FleetWindowCostPtr = std::shared_ptr<const FleetWindowCost>;

// The window that ends at `nowUtc`, without figures yet.
FleetWindowCost fleetWindowOf(CostWindow window, const QDateTime &nowUtc);

// A cluster's cost over `window` ending at `nowUtc`, from this machine's store (readStoredCost, as the Cost tab
// reads it). No history for `clusterKey` is an unavailable cost, in the words of localFleetCost.
FleetWindowCost localFleetWindowCost(HistoryStore &history, PriceStore &prices, const QString &clusterKey,
                                     CostWindow window, const QDateTime &nowUtc);

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::FleetWindowCostPtr)
