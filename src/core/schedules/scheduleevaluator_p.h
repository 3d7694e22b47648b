// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to scheduleevaluator.cpp, scheduleoverlaps.cpp and weekgrid.cpp: the weekly pattern as minute
// ranges on the wall-clock week (no DST: a week is 7 * 1440 minutes). Rule wording is in schedulerules.h.

#include "schedule.h"
#include "schedulerules.h"

#include <QString>

#include <algorithm>
#include <vector>

namespace scaledeck::detail {

constexpr int kDayMinutes = 24 * 60;
constexpr int kWeekMinutes = 7 * kDayMinutes;

// [start, end) in minutes: from Monday 00:00 on the week circle, or from 1970-01-01 00:00 wall-clock time.
struct MinuteRange {
    qint64 start = 0;
    qint64 end = 0;
    bool operator==(const MinuteRange &) const = default;
};

inline QString dayName(int index) // 0 = Monday; wraps
{
    return schedulerules::dayName(schedulerules::addDays(Qt::Monday, index));
}

// "HH:mm" for a minute of the day; 1440 is "24:00".
inline QString clockText(qint64 minuteOfDay)
{
    return QStringLiteral("%1:%2")
        .arg(minuteOfDay / 60, 2, 10, QLatin1Char('0'))
        .arg(minuteOfDay % 60, 2, 10, QLatin1Char('0'));
}

inline int minuteOfDay(const QTime &time)
{
    return time.isValid() ? time.msecsSinceStartOfDay() / 60000 : 0;
}

// Days from a weekly window's start day to its end day.
inline int endDays(const WeeklyWindow &w)
{
    return w.endDayOffset > 0 ? w.endDayOffset : (w.end <= w.start ? 1 : 0);
}

// Sorts and joins overlapping or touching ranges.
inline std::vector<MinuteRange> merged(std::vector<MinuteRange> ranges)
{
    std::sort(ranges.begin(), ranges.end(),
              [](const MinuteRange &a, const MinuteRange &b) { return a.start < b.start; });
    std::vector<MinuteRange> out;
    for (const MinuteRange &r : ranges) {
        if (r.end <= r.start)
            continue;
        if (!out.empty() && r.start <= out.back().end)
            out.back().end = std::max(out.back().end, r.end);
        else
            out.push_back(r);
    }
    return out;
}

// A range of `length` minutes from `start` (in [0, kWeekMinutes)) on the week circle, cut at the week's end.
inline void addWeekRange(std::vector<MinuteRange> &out, qint64 start, qint64 length)
{
    length = std::min<qint64>(length, kWeekMinutes);
    if (length <= 0)
        return;
    const qint64 end = start + length;
    if (end <= kWeekMinutes) {
        out.push_back({start, end});
    } else {
        out.push_back({start, kWeekMinutes});
        out.push_back({0, end - kWeekMinutes});
    }
}

// Where a weekly window or weekly batch applies in a wall-clock week, merged (a dated batch has none).
inline std::vector<MinuteRange> weekRanges(const WeeklyWindow &w)
{
    std::vector<MinuteRange> out;
    const qint64 length = qint64(endDays(w)) * kDayMinutes + minuteOfDay(w.end) - minuteOfDay(w.start);
    for (int day = 0; day < 7; ++day) {
        if (w.days & (1u << day))
            addWeekRange(out, qint64(day) * kDayMinutes + minuteOfDay(w.start), length);
    }
    return merged(std::move(out));
}

inline std::vector<MinuteRange> weekRanges(const BatchWindow &b)
{
    std::vector<MinuteRange> out;
    if (b.date)
        return out;
    for (int day = 0; day < 7; ++day) {
        if (b.days & (1u << day))
            addWeekRange(out, qint64(day) * kDayMinutes + minuteOfDay(b.start), b.durationMinutes);
    }
    return merged(std::move(out));
}

} // namespace scaledeck::detail
