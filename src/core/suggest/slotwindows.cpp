// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "slotwindows_p.h"

#include <QTime>

#include <algorithm>
#include <map>
#include <tuple>

namespace scaledeck::suggest {

namespace {

constexpr int kDayMinutes = 24 * 60;
constexpr int kMaxEndDayOffset = 6; // what WeeklyWindow::endDayOffset allows

QTime timeOfDay(int minuteOfDay)
{
    return QTime(minuteOfDay / 60, minuteOfDay % 60);
}

WeeklyWindow dailyWindow(DayMask days, int startMinute, int durationMinutes, int replicas)
{
    WeeklyWindow window;
    window.days = days;
    window.start = timeOfDay(startMinute);
    window.end = timeOfDay((startMinute + durationMinutes) % kDayMinutes); // <= start: ends the next day
    window.replicas = replicas;
    return window;
}

// Longer than a day: one start day, the end day written out (end 00:00 on day N is 24:00 on day N-1).
void addLongWindow(Schedule &schedule, int day, int startMinute, int durationMinutes, int replicas)
{
    const int endMinutes = startMinute + durationMinutes;
    const int endDayOffset = endMinutes / kDayMinutes;
    if (endDayOffset <= kMaxEndDayOffset) {
        WeeklyWindow window = dailyWindow(dayBit(day + 1), startMinute, durationMinutes, replicas);
        window.endDayOffset = endDayOffset;
        schedule.weekly.push_back(window);
        return;
    }
    BatchWindow batch;
    batch.days = dayBit(day + 1);
    batch.start = timeOfDay(startMinute);
    batch.durationMinutes = durationMinutes;
    batch.replicas = replicas;
    schedule.batches.push_back(batch);
}

int firstDay(DayMask days)
{
    for (int day = 0; day < 7; ++day) {
        if (days & (1u << day))
            return day;
    }
    return 7;
}

} // namespace

std::vector<SlotRun> setRuns(const std::vector<bool> &slots)
{
    const int n = int(slots.size());
    const auto firstUnset = std::find(slots.begin(), slots.end(), false);
    if (firstUnset == slots.end())
        return n > 0 ? std::vector<SlotRun>{{0, n}} : std::vector<SlotRun>{};
    // Walk the circle once, starting just after an unset slot, so no run is cut at the end of the week.
    const int begin = int(firstUnset - slots.begin()) + 1;
    std::vector<SlotRun> runs;
    for (int i = 0; i < n; ++i) {
        const int slot = (begin + i) % n;
        if (!slots[size_t(slot)])
            continue;
        if (!runs.empty() && (runs.back().firstSlot + runs.back().length) % n == slot)
            ++runs.back().length;
        else
            runs.push_back({slot, 1});
    }
    std::sort(runs.begin(), runs.end(), [](const SlotRun &a, const SlotRun &b) { return a.firstSlot < b.firstSlot; });
    return runs;
}

std::vector<bool> closeGaps(std::vector<bool> slots, int maxGapSlots)
{
    const int n = int(slots.size());
    std::vector<bool> unset(slots.size());
    std::transform(slots.begin(), slots.end(), unset.begin(), [](bool set) { return !set; });
    for (const SlotRun &gap : setRuns(unset)) {
        if (gap.length >= maxGapSlots || gap.length == n) // a week with nothing set has no gap to close
            continue;
        for (int i = 0; i < gap.length; ++i)
            slots[size_t((gap.firstSlot + i) % n)] = true;
    }
    return slots;
}

void addWindows(Schedule &schedule, const std::vector<SlotRun> &runs, const std::vector<int> &replicas, int slotMinutes)
{
    // (start minute of day, duration, count) -> days; a std::map, so the order never depends on hashing.
    std::map<std::tuple<int, int, int>, DayMask> daily;
    for (size_t i = 0; i < runs.size(); ++i) {
        const int startOfWeek = runs[i].firstSlot * slotMinutes;
        const int day = startOfWeek / kDayMinutes;
        const int startMinute = startOfWeek % kDayMinutes;
        const int duration = runs[i].length * slotMinutes;
        if (duration <= kDayMinutes)
            daily[{startMinute, duration, replicas[i]}] |= dayBit(day + 1);
        else
            addLongWindow(schedule, day, startMinute, duration, replicas[i]);
    }
    for (const auto &[key, days] : daily) {
        const auto &[startMinute, duration, count] = key;
        schedule.weekly.push_back(dailyWindow(days, startMinute, duration, count));
    }
    // In the order of the week: by first day, then start time.
    std::stable_sort(schedule.weekly.begin(), schedule.weekly.end(), [](const WeeklyWindow &a, const WeeklyWindow &b) {
        return std::pair(firstDay(a.days), a.start) < std::pair(firstDay(b.days), b.start);
    });
}

} // namespace scaledeck::suggest
