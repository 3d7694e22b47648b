// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A controller member's spend from the controller's own history (its store is the authoritative one: it records
// every tick, whoever looks): GET cost for today and this month (the table), or for one of the Cost tab's windows
// (the chart and the deployment-cost export), as the Cost tab's controller mode asks them.

#include "fleetcost.h"
#include "fleetwindowcost.h"

#include <functional>

namespace scaledeck {

class ControllerClient;

// Two calls at once; `done` gets the cost once all have answered (on the client's thread), unavailable with the
// controller's error when any failed. Not called once `receiver` is gone.
void fetchControllerFleetCost(ControllerClient &client, const QDateTime &nowUtc, const QObject *receiver,
                              std::function<void(FleetCost)> done);

// One call, GET cost?from=now-window&to=now; `done` gets the window's cost, unavailable with the controller's error
// when it failed. Not called once `receiver` is gone.
void fetchControllerWindowCost(ControllerClient &client, CostWindow window, const QDateTime &nowUtc,
                               const QObject *receiver, std::function<void(FleetWindowCost)> done);

} // namespace scaledeck
