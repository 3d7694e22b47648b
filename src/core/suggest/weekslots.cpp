// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "weekslots_p.h"

#include <algorithm>

namespace scaledeck::suggest {

WeekSlots::WeekSlots(const RateSeries &series, const LocalClock &clock, int slotMinutes)
    : m_slotMinutes(slotMinutes), m_slotsPerWeek(int(kWeekMs / (qint64(slotMinutes) * kMinuteMs)))
{
    if (series.points.empty())
        return;
    const qint64 stepMs = qint64(series.stepS) * 1000;
    const qint64 firstWall = clock.wallMs(series.points.front().atUtc.toMSecsSinceEpoch() - stepMs);
    const qint64 lastWall = clock.wallMs(series.points.back().atUtc.toMSecsSinceEpoch() - stepMs) + stepMs;
    m_originWallMs = LocalClock::mondayOf(firstWall);
    // Wall time can step back an hour at a fall-back: the last row must hold the latest wall time of any step.
    m_weeks = int(floorDiv(lastWall - m_originWallMs, kWeekMs)) + 2;
    m_cells.resize(size_t(m_weeks) * size_t(m_slotsPerWeek));
    for (const RatePoint &point : series.points) {
        // A step is laid by the wall clock at its start: the repeated hour of a fall-back folds onto the same
        // slots (one slot-week then averages both), the skipped hour of a spring-forward has no data.
        const qint64 wallStart = clock.wallMs(point.atUtc.toMSecsSinceEpoch() - stepMs);
        addStep(wallStart, stepMs, point.perSecond);
    }
}

void WeekSlots::addStep(qint64 wallStartMs, qint64 stepMs, double perSecond)
{
    const qint64 slotMs = qint64(m_slotMinutes) * kMinuteMs;
    qint64 at = wallStartMs - m_originWallMs;
    const qint64 end = at + stepMs;
    while (at < end) {
        const qint64 slotIndex = floorDiv(at, slotMs);
        const qint64 next = std::min((slotIndex + 1) * slotMs, end);
        const int week = int(slotIndex / m_slotsPerWeek);
        if (week >= 0 && week < m_weeks) {
            Cell &c = cell(week, int(slotIndex % m_slotsPerWeek));
            const double seconds = double(next - at) / 1000.0;
            c.requests += perSecond * seconds;
            c.seconds += seconds;
        }
        at = next;
    }
}

std::optional<double> WeekSlots::rate(int week, int slot) const
{
    const Cell &c = cell(week, slot);
    if (c.seconds <= 0)
        return std::nullopt;
    return c.requests / c.seconds;
}

bool WeekSlots::isBusy(int slot, double thresholdPerS) const
{
    int withData = 0;
    int above = 0;
    for (int week = 0; week < m_weeks; ++week) {
        const std::optional<double> r = rate(week, slot);
        if (!r)
            continue;
        ++withData;
        if (*r > thresholdPerS)
            ++above;
    }
    return above > 0 && 2 * above >= withData;
}

std::vector<bool> WeekSlots::busySlots(double thresholdPerS) const
{
    std::vector<bool> busy(size_t(m_slotsPerWeek), false);
    for (int slot = 0; slot < m_slotsPerWeek; ++slot)
        busy[size_t(slot)] = isBusy(slot, thresholdPerS);
    return busy;
}

std::vector<double> WeekSlots::ratesAbove(int slot, double thresholdPerS) const
{
    std::vector<double> rates;
    for (int week = 0; week < m_weeks; ++week) {
        const std::optional<double> r = rate(week, slot);
        if (r && *r > thresholdPerS)
            rates.push_back(*r);
    }
    return rates;
}

} // namespace scaledeck::suggest
