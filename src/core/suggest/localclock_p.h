// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDate>
#include <QTimeZone>

#include <vector>

namespace scaledeck::suggest {

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr qint64 kWeekMs = 7 * kDayMs;

// a / b rounded towards minus infinity (b > 0), for wall times before 1970.
inline qint64 floorDiv(qint64 a, qint64 b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

// What a wall clock in one zone showed at a UTC instant, as milliseconds since 1970-01-01 00:00 "as if it were
// UTC". The zone's offsets over the stretch are read from QTimeZone once: thousands of points are then plain
// arithmetic (QTimeZone per point would be most of the suggestion's time).
class LocalClock {
public:
    LocalClock(const QTimeZone &zone, qint64 fromUtcMs, qint64 toUtcMs);

    qint64 wallMs(qint64 utcMs) const;

    // Local weekday (1 = Monday .. 7) and hour of a wall time.
    static int weekdayOf(qint64 wall);
    static int hourOf(qint64 wall) { return int((wall - floorDiv(wall, kDayMs) * kDayMs) / kHourMs); }
    // Wall time of 00:00 on the Monday of the local week holding `wall`.
    static qint64 mondayOf(qint64 wall);

private:
    struct Segment {
        qint64 startUtcMs;
        qint64 offsetMs;
    };
    std::vector<Segment> m_segments; // by start; the first one holds from the beginning of time
};

} // namespace scaledeck::suggest
