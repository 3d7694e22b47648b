// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h" // OrderedJson
#include "costreport.h"
#include "result.h"

#include <nlohmann/json.hpp>

namespace scaledeck {

// A cost report as `scaledeckctl cost --json` prints it (before its traffic fields) and the controller's API
// serves it: snake_case, instants in UTC ISO 8601, deployments and applications by GPU-hours.
OrderedJson costReportJson(const CostReport &report);

// The report back from that JSON (the CLI reads a controller's answer into it, to print it as the local command
// does). Fields it does not carry (askedFromUtc, accelerators) stay empty. An error when the instants or lists are
// missing or of another type: an answer of another shape is not a report.
Result<CostReport, QString> costReportFromJson(const nlohmann::json &json);

} // namespace scaledeck
