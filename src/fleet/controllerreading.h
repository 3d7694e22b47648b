// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading a controller member's four answers (GET snapshot, health, overrides, prices) into one FleetReading.

#include "controllerclient.h"
#include "fleetrow.h"
#include "result.h"

#include <optional>

namespace scaledeck {

struct ControllerAnswers {
    std::optional<Result<ControllerReply, ControllerError>> snapshot, health, overrides, prices;
    bool complete() const { return snapshot && health && overrides && prices; }
};

// The reading, or why there is none: the snapshot's failure (a refused token, a controller that has not read the
// cluster yet, one that cannot read it now). Health, overrides and prices only add what they can: one that fails
// leaves its figures empty.
[[nodiscard]] Result<FleetReading> controllerReadingOf(const ControllerAnswers &answers);

} // namespace scaledeck
