// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule.h"

#include <vector>

namespace scaledeck::suggest {

// A stretch of consecutive slots of the week (slot 0 starts Monday 00:00); it may run past Sunday's end into
// Monday, the week being a circle.
struct SlotRun {
    int firstSlot = 0;
    int length = 0;
};

// The runs of set slots, by first slot. A week with every slot set is one run of the whole week.
std::vector<SlotRun> setRuns(const std::vector<bool> &slots);

// Sets the unset runs shorter than maxGapSlots that lie between set slots; a set slot stays set.
std::vector<bool> closeGaps(std::vector<bool> slots, int maxGapSlots);

// The runs (none the whole week) as the schedule's windows, each at its count (replicas[i] for runs[i]): runs of
// the same start time, length and count on several days become one window with those days. Up to a day long a
// window is "start-end" (crossing midnight when end <= start); longer, it names its end day, and a run too long
// for that (past the same weekday a week on) becomes a batch window of its duration.
void addWindows(Schedule &schedule, const std::vector<SlotRun> &runs, const std::vector<int> &replicas,
                int slotMinutes);

} // namespace scaledeck::suggest
