// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustermodel.h"
#include "schedulecontroller.h"

#include <QDateTime>

namespace scaledeck {

// The tree's Schedule cell of one scheduled target as the controller summed it up at `nowUtc`: "2 now · 0 Thu
// 17:00 CET" (the next change, in the schedule's zone) and a tooltip with the reasons; "schedule unreadable" and
// the parse error for a schedule that does not read. Its own function (not the coordinator's) so the text can be
// checked without a controller.
ClusterModel::ScheduleCell scheduleCell(const ScheduleSummary &summary, const QDateTime &nowUtc);

} // namespace scaledeck
