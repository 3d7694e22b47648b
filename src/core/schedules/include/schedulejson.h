// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule.h"
#include "scheduletext.h"

#include <QByteArray>

namespace scaledeck {

// The JSON form: the same plus the target. Export writes every field; import accepts what export writes.
ScheduleParse parseScheduleJson(const QByteArray &json);
QByteArray scheduleToJson(const Schedule &schedule, const ScheduleTarget &target);

} // namespace scaledeck
