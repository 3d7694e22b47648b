// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule.h"

#include <QString>

#include <vector>

namespace scaledeck {

// Overlaps within one tier, for the editor: "line 3 overlaps line 5 on Mon 09:00-10:00".
struct ScheduleWarning {
    int line = 0;
    int otherLine = 0;
    QString message;
};

std::vector<ScheduleWarning> findOverlaps(const Schedule &schedule);

} // namespace scaledeck
