// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "localclock_p.h"
#include "rateseries.h"
#include "schedulesuggestion.h"

#include <vector>

namespace scaledeck {
class ScheduleEvaluator;
}

namespace scaledeck::suggest {

struct MissedRequests {
    double total = 0;
    std::vector<MissedHour> byHour; // largest first
};

// The requests of the series that arrived while `proposal` (as the controller runs it, prewarm included) holds
// 0 replicas: each point's rate times the part of its step that was parked, put in the local hour that part
// starts in.
MissedRequests missedRequests(const RateSeries &series, const ScheduleEvaluator &proposal, const LocalClock &clock,
                              const QDateTime &fromUtc, const QDateTime &toUtc);

} // namespace scaledeck::suggest
