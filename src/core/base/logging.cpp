// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "logging.h"

namespace scaledeck {
// Info and above are on by default: what is logged here is what an operator needs to see in a journal.
Q_LOGGING_CATEGORY(lcRay, "scaledeck.ray", QtInfoMsg)
Q_LOGGING_CATEGORY(lcChanges, "scaledeck.changes", QtInfoMsg)
Q_LOGGING_CATEGORY(lcController, "scaledeck.controller", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "scaledeck.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHistory, "scaledeck.history", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTraffic, "scaledeck.traffic", QtInfoMsg)
} // namespace scaledeck
