// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>

namespace scaledeck {

// How often the fleet asks each member, and how long one read may take.
struct FleetPollOptions {
    std::chrono::milliseconds interval{5000};    // between the answer of a poll and the next poll
    std::chrono::milliseconds maxBackoff{60000}; // the longest wait after failures in a row
    std::chrono::milliseconds timeout{10000};    // one request (inactivity); a read is a few requests at once
};

// The wait before a member's next poll: the interval after an answer, doubled for each failure in a row (a
// cluster that is down is asked less and less often), never longer than maxBackoff.
std::chrono::milliseconds nextPollDelay(int failuresInARow, const FleetPollOptions &options);

} // namespace scaledeck
