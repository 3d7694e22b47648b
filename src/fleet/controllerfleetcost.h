// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A controller member's spend from the controller's own history (its store is the authoritative one: it records
// every tick, whoever looks): GET cost for today, this week and this month, as the Cost tab's controller mode asks
// them.

#include "fleetcost.h"

#include <functional>

namespace scaledeck {

class ControllerClient;

// Three calls at once; `done` gets the cost once all have answered (on the client's thread), unavailable with the
// controller's error when any failed. Not called once `receiver` is gone.
void fetchControllerFleetCost(ControllerClient &client, const QDateTime &nowUtc, const QObject *receiver,
                              std::function<void(FleetCost)> done);

} // namespace scaledeck
