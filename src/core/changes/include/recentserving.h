// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "deploymenttraffic.h"
#include "servingreduction.h"

#include <QString>

#include <vector>

namespace scaledeck {

// What a target a change reduces served lately, in the words a confirmation shows: "llm/LLM served 900 requests
// in the last 5 min (3.0 req/s); scaling it to 0 leaves nothing to answer them".
struct RecentServing {
    QString target;
    QString text;
    bool served = false; // a request (or more) arrived in the window: the change is not taken from an idle target
    bool known = false;  // false: nobody could say (no series, no reading), which is never taken for idle
};

// What the change means for the requests that keep coming to `target`.
QString describeServingChange(const ReducedServing &target);

// "5 min", "30 s": a reading's window as the confirmation names it.
QString describeWindow(int windowS);

// Each reduced target's figures from `reading` (one reading of every deployment over its window). An application
// that is parked is described by each of its deployments: a request passes through several of them (a gateway and
// its router each count it), so their figures are shown side by side, never summed.
std::vector<RecentServing> describeRecentServing(const std::vector<ReducedServing> &reduced,
                                                 const TrafficReading &reading);

} // namespace scaledeck
