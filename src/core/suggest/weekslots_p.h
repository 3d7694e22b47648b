// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "localclock_p.h"
#include "rateseries.h"

#include <optional>
#include <vector>

namespace scaledeck::suggest {

// A rate series folded onto the slots of the local week: one row per local week (Monday 00:00 first), one
// column per slot of the week. A cell holds the time-weighted mean rate of the steps that cover it.
class WeekSlots {
public:
    // The series is valid (points in order, rates finite and >= 0, stepS > 0); slotMinutes divides a day.
    WeekSlots(const RateSeries &series, const LocalClock &clock, int slotMinutes);

    int slotsPerWeek() const { return m_slotsPerWeek; }
    int slotMinutes() const { return m_slotMinutes; }

    // The slot's rate in one week; empty when no point covers it that week.
    std::optional<double> rate(int week, int slot) const;
    // Busy: the rate exceeds the threshold in at least half of the weeks with data for the slot.
    bool isBusy(int slot, double thresholdPerS) const;
    std::vector<bool> busySlots(double thresholdPerS) const;
    // The slot's rates above the threshold, one per week that has one.
    std::vector<double> ratesAbove(int slot, double thresholdPerS) const;

private:
    struct Cell {
        double requests = 0; // rate x seconds
        double seconds = 0;
    };
    void addStep(qint64 wallStartMs, qint64 stepMs, double perSecond);
    Cell &cell(int week, int slot) { return m_cells[size_t(week) * size_t(m_slotsPerWeek) + size_t(slot)]; }
    const Cell &cell(int week, int slot) const { return m_cells[size_t(week) * size_t(m_slotsPerWeek) + size_t(slot)]; }

    int m_slotMinutes = 15;
    int m_slotsPerWeek = 0;
    int m_weeks = 0;
    qint64 m_originWallMs = 0; // Monday 00:00 of the first week
    std::vector<Cell> m_cells;
};

} // namespace scaledeck::suggest
