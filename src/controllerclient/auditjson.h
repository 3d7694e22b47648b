// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// GET audit's answer (auditroutes.cpp's shape) as the store's AuditEntry rows, for the window's Audit tab and
// `scaledeckctl audit --controller`.

#include "auditentry.h"
#include "result.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace scaledeck {

// The rows in the answer's order (oldest first); an error when there is no "entries" list. A result this ScaleDeck
// does not know is kept as written (AuditResult::Unrecognized).
Result<std::vector<AuditEntry>, QString> auditEntriesFromApi(const nlohmann::json &body);

} // namespace scaledeck
