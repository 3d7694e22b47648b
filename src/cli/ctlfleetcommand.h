// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// `scaledeckctl fleet [--clusters FILE] [--json]`: every cluster of the fleet read once, all at once. Internal to
// scaledeck_cli.

#include "ctlcommandline.h"
#include "fleetrow.h"

#include <QString>

#include <vector>

namespace scaledeck {

int fleetCommand(CtlCommand &command); // ctlfleetcommand.cpp

// The rows as an aligned table with a totals line (ctlfleettable.cpp).
QString fleetTable(const std::vector<FleetRow> &rows);

} // namespace scaledeck
