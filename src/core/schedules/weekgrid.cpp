// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "weekgrid.h"

#include "scheduleevaluator_p.h"

#include <limits>

namespace scaledeck {

using detail::MinuteRange;

namespace {
constexpr int kQuarterMinutes = 15;
constexpr int kQuartersPerDay = 96;
} // namespace

// A cell (one quarter hour of the wall-clock week) takes the largest count among the weekly windows and weekly
// batches that cover any part of it, or the default when none does: a 10-minute batch at 02:05 still shows in
// the 02:00 cell. Wall-clock only: a DST change does not stretch or shrink a day here.
WeekGrid weekGridOf(const Schedule &schedule)
{
    constexpr int kUnset = std::numeric_limits<int>::min();
    WeekGrid grid;
    grid.fill(kUnset);
    const auto paint = [&grid](const std::vector<MinuteRange> &ranges, int replicas) {
        for (const MinuteRange &range : ranges) {
            const qint64 firstCell = range.start / kQuarterMinutes;
            const qint64 endCell = (range.end + kQuarterMinutes - 1) / kQuarterMinutes;
            for (qint64 cell = firstCell; cell < endCell && cell < qint64(grid.size()); ++cell)
                grid[cell] = std::max(grid[cell], replicas);
        }
    };
    for (const WeeklyWindow &window : schedule.weekly)
        paint(detail::weekRanges(window), window.replicas);
    for (const BatchWindow &batch : schedule.batches)
        paint(detail::weekRanges(batch), batch.replicas);
    for (int &cell : grid) {
        if (cell == kUnset)
            cell = schedule.defaultReplicas;
    }
    return grid;
}

// Runs of one non-default count within a day become windows (a run up to midnight ends at 24:00, written as end
// 00:00; it is not joined with the next day's run); runs with the same times and count on several days become
// one window for those days. In the order of their first day, then their start.
std::vector<WeeklyWindow> weeklyWindowsFromGrid(const WeekGrid &grid, int defaultReplicas)
{
    struct Run {
        int firstQuarter;
        int endQuarter;
        int replicas;
        DayMask days;
    };
    std::vector<Run> runs;
    for (int day = 0; day < 7; ++day) {
        const int base = day * kQuartersPerDay;
        for (int quarter = 0; quarter < kQuartersPerDay;) {
            const int replicas = grid[base + quarter];
            if (replicas == defaultReplicas) {
                ++quarter;
                continue;
            }
            int end = quarter + 1;
            while (end < kQuartersPerDay && grid[base + end] == replicas)
                ++end;
            const auto same = std::find_if(runs.begin(), runs.end(), [&](const Run &run) {
                return run.firstQuarter == quarter && run.endQuarter == end && run.replicas == replicas;
            });
            if (same != runs.end())
                same->days |= DayMask(1u << day);
            else
                runs.push_back({quarter, end, replicas, DayMask(1u << day)});
            quarter = end;
        }
    }
    const auto quarterTime = [](int quarter) {
        return QTime::fromMSecsSinceStartOfDay((quarter % kQuartersPerDay) * kQuarterMinutes * 60 * 1000);
    };
    std::vector<WeeklyWindow> windows;
    windows.reserve(runs.size());
    for (const Run &run : runs) {
        WeeklyWindow window;
        window.days = run.days;
        window.start = quarterTime(run.firstQuarter);
        window.end = quarterTime(run.endQuarter); // 96 quarters: 00:00, i.e. 24:00
        window.replicas = run.replicas;
        windows.push_back(window);
    }
    return windows;
}

} // namespace scaledeck
