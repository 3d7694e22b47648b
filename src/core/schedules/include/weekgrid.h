// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule.h"

#include <array>
#include <vector>

namespace scaledeck {

// The weekly pattern (weekly windows, weekly batches and the default; no dates, no overrides) as replica
// counts per quarter hour: index = day * 96 + quarter, day 0 = Monday. For the editor's grid.
using WeekGrid = std::array<int, 7 * 96>;
WeekGrid weekGridOf(const Schedule &schedule);
// The inverse for painting: weekly windows (whole quarter hours) that reproduce the grid's cells that differ
// from the default, merged per day and across days with the same times.
std::vector<WeeklyWindow> weeklyWindowsFromGrid(const WeekGrid &grid, int defaultReplicas);

} // namespace scaledeck
