// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetmember.h"
#include "fleetrow.h"
#include "memberfetch.h"

#include <chrono>
#include <functional>
#include <vector>

class QObject;

namespace scaledeck {

class Clock;

// Every member read once, all at once (`scaledeckctl fleet`): `done` gets one row a member, in the members' order,
// when the last of them has answered or failed, so the whole takes about as long as the slowest member alone. A
// member that cannot be asked (setupError) is Unreachable at once. The reads belong to `owner`: if it goes first,
// `done` never runs. Never answers before it returns.
void fetchFleetOnce(const std::vector<FleetMember> &members, FleetStores stores, const Clock *clock,
                    std::chrono::milliseconds timeout, QObject *owner, std::function<void(std::vector<FleetRow>)> done);

} // namespace scaledeck
