// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "localclock_p.h"

#include <QDateTime>

#include <limits>

namespace scaledeck::suggest {

namespace {
constexpr qint64 kUnixEpochJulianDay = 2440588;
}

LocalClock::LocalClock(const QTimeZone &zone, qint64 fromUtcMs, qint64 toUtcMs)
{
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(fromUtcMs, Qt::UTC);
    m_segments.push_back({std::numeric_limits<qint64>::min(), qint64(zone.offsetFromUtc(from)) * 1000});
    if (!zone.hasTransitions())
        return;
    const auto transitions = zone.transitions(from, QDateTime::fromMSecsSinceEpoch(toUtcMs, Qt::UTC));
    for (const QTimeZone::OffsetData &transition : transitions) {
        const qint64 at = transition.atUtc.toMSecsSinceEpoch();
        const qint64 offset = qint64(transition.offsetFromUtc) * 1000;
        if (at > fromUtcMs && offset != m_segments.back().offsetMs)
            m_segments.push_back({at, offset});
    }
}

qint64 LocalClock::wallMs(qint64 utcMs) const
{
    qint64 offset = m_segments.front().offsetMs;
    for (const Segment &segment : m_segments) {
        if (segment.startUtcMs > utcMs)
            break;
        offset = segment.offsetMs;
    }
    return utcMs + offset;
}

int LocalClock::weekdayOf(qint64 wall)
{
    return QDate::fromJulianDay(floorDiv(wall, kDayMs) + kUnixEpochJulianDay).dayOfWeek();
}

qint64 LocalClock::mondayOf(qint64 wall)
{
    const qint64 day = floorDiv(wall, kDayMs);
    return (day - (weekdayOf(wall) - 1)) * kDayMs;
}

} // namespace scaledeck::suggest
