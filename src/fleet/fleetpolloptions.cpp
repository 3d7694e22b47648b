// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetpolloptions.h"

#include <algorithm>

namespace scaledeck {

std::chrono::milliseconds nextPollDelay(int failuresInARow, const FleetPollOptions &options)
{
    std::chrono::milliseconds delay = options.interval;
    for (int failure = 0; failure < failuresInARow && delay < options.maxBackoff; ++failure)
        delay *= 2;
    return std::min(delay, std::max(options.maxBackoff, options.interval));
}

} // namespace scaledeck
