// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "schedule.h"

#include <QString>

#include <optional>

namespace scaledeck {

// Where and why a schedule could not be read. line and column are 1-based (0 when unknown, e.g. a JSON
// value named by its pointer instead).
struct ScheduleParseError {
    int line = 0;
    int column = 0;
    QString message;          // what was expected and what was found: "expected HH:MM after '-', found '7pm'"
    QString describe() const; // "line 3, column 15: expected ..."
};

// A whole schedule or the first error; nothing is half-loaded.
struct ScheduleParse {
    std::optional<Schedule> schedule;
    std::optional<ScheduleTarget> target; // the JSON form names its target; the text form does not
    std::optional<ScheduleParseError> error;
    bool ok() const { return schedule.has_value(); }
};

// The text form (pinned), one rule a line, '#' starts a comment:
//   tz Europe/Ljubljana
//   default 0
//   Mon-Fri 07:00-17:00 = 2
//   Sun 22:00-Mon 06:00 = 1
//   Sun 02:00+30m = 8
//   2026-12-24..2026-12-26 = 0
//   2026-12-25 = default
//   2026-11-30 18:00-22:00 = 4
//   2026-11-29 02:00+1h30m = 8
//   prewarm 10m
//   drift keep|correct
//   park-when-idle 15m max 2h      (or without "max 2h": no limit)
ScheduleParse parseScheduleText(const QString &text);
QString scheduleToText(const Schedule &schedule); // canonical; parses back to an equal Schedule

// Either form, by content: a document whose first non-space character is '{' is JSON.
ScheduleParse parseScheduleFile(const QByteArray &content);

// "Mon-Fri", "Sat,Sun", "daily", for display and the canonical text.
QString formatDays(DayMask days);
// "30m", "2h", "1h30m"
QString formatDuration(int minutes);

} // namespace scaledeck
