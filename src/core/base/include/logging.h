// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// ScaleDeck's logging categories. A failure that is not shown to the operator is at least logged under one
// of these; turn them on with QT_LOGGING_RULES, e.g. QT_LOGGING_RULES="scaledeck.*.debug=true".
// Messages never carry a token: log what was refused or failed, never the Authorization header.
#include <QLoggingCategory>

namespace scaledeck {
Q_DECLARE_LOGGING_CATEGORY(lcRay)        // scaledeck.ray: HTTP calls to the dashboard and what they answered
Q_DECLARE_LOGGING_CATEGORY(lcChanges)    // scaledeck.changes: planning and applying changes, parking
Q_DECLARE_LOGGING_CATEGORY(lcController) // scaledeck.controller: schedule ticks, the lock, decisions
Q_DECLARE_LOGGING_CATEGORY(lcStore)      // scaledeck.store: SQLite stores (parked configs, schedules, audit)
Q_DECLARE_LOGGING_CATEGORY(lcHistory)    // scaledeck.history: lease and usage recording, compaction
Q_DECLARE_LOGGING_CATEGORY(lcTraffic)    // scaledeck.traffic: queries to Prometheus and the nodes' metrics endpoints
} // namespace scaledeck
