// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "scheduleoverlaps.h"

#include "scheduleevaluator_p.h"

#include <QStringList>

#include <optional>

namespace scaledeck {

using detail::clockText;
using detail::kDayMinutes;
using detail::kWeekMinutes;
using detail::MinuteRange;

namespace {

constexpr qint64 kUnixEpochJulianDay = 2440588;

// Wall-clock minutes since 1970-01-01 00:00, for dated rules (overlaps are about the text, not about DST).
qint64 wallMinutes(const QDate &date, const QTime &time)
{
    return (date.toJulianDay() - kUnixEpochJulianDay) * kDayMinutes + detail::minuteOfDay(time);
}

QDate wallDate(qint64 minutes)
{
    return QDate::fromJulianDay(minutes / kDayMinutes + kUnixEpochJulianDay);
}

// Both sorted and merged.
std::vector<MinuteRange> intersection(const std::vector<MinuteRange> &a, const std::vector<MinuteRange> &b)
{
    std::vector<MinuteRange> out;
    size_t i = 0;
    size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const qint64 start = std::max(a[i].start, b[j].start);
        const qint64 end = std::min(a[i].end, b[j].end);
        if (start < end)
            out.push_back({start, end});
        if (a[i].end < b[j].end)
            ++i;
        else
            ++j;
    }
    return out;
}

// Week-circle ranges as text: "Mon-Fri 09:00-10:00", "Fri 22:00-02:00", "Sun 22:00-Tue 06:00"; a range that
// runs over the week's end (Sunday 24:00) is one range.
QString describeWeek(std::vector<MinuteRange> ranges)
{
    if (ranges.size() >= 2 && ranges.front().start == 0 && ranges.back().end == kWeekMinutes) {
        ranges.back().end += ranges.front().end;
        ranges.erase(ranges.begin());
    }
    struct Group {
        qint64 time;
        qint64 length;
        DayMask days;
    };
    std::vector<Group> groups;
    for (const MinuteRange &range : ranges) {
        const qint64 length = range.end - range.start;
        if (length >= kWeekMinutes)
            return QStringLiteral("the whole week");
        const qint64 time = range.start % kDayMinutes;
        const DayMask bit = DayMask(1u << (range.start / kDayMinutes));
        const auto same = std::find_if(groups.begin(), groups.end(),
                                       [&](const Group &g) { return g.time == time && g.length == length; });
        if (same != groups.end())
            same->days |= bit;
        else
            groups.push_back({time, length, bit});
    }
    QStringList parts;
    for (const Group &g : groups) {
        const qint64 end = g.time + g.length;
        if (g.length < kDayMinutes || end == kDayMinutes) {
            const QString days = g.days == kAllDays
                                     ? QStringLiteral("every day")
                                     : schedulerules::formatDays(g.days, schedulerules::DayRuns::WithinWeek);
            parts << QStringLiteral("%1 %2-%3")
                         .arg(days, clockText(g.time), clockText(end <= kDayMinutes ? end : end - kDayMinutes));
            continue;
        }
        for (int day = 0; day < 7; ++day) {
            if (g.days & (1u << day)) {
                parts << QStringLiteral("%1 %2-%3 %4")
                             .arg(detail::dayName(day), clockText(g.time),
                                  detail::dayName(day + int(end / kDayMinutes)), clockText(end % kDayMinutes));
            }
        }
    }
    return parts.join(QStringLiteral(", "));
}

// Dated ranges as text: "2026-11-30 19:00-20:00", "2026-11-29 23:00-01:00", "2026-11-29 02:00-2026-11-30 04:00".
QString describeDated(const std::vector<MinuteRange> &ranges)
{
    QStringList parts;
    for (const MinuteRange &range : ranges) {
        const qint64 length = range.end - range.start;
        const qint64 time = range.start % kDayMinutes;
        const QString start = wallDate(range.start).toString(Qt::ISODate) + QLatin1Char(' ') + clockText(time);
        if (length < kDayMinutes || time + length == kDayMinutes) {
            const qint64 end = time + length;
            parts << start + QLatin1Char('-') + clockText(end <= kDayMinutes ? end : end - kDayMinutes);
        } else {
            parts << start + QLatin1Char('-') + wallDate(range.end).toString(Qt::ISODate) + QLatin1Char(' ') +
                         clockText(range.end % kDayMinutes);
        }
    }
    return parts.join(QStringLiteral(", "));
}

// A rule of the weekly tier: a weekly window or weekly batch (on the week circle), or a dated batch.
struct WeeklyTierRule {
    int line = 0;
    std::vector<MinuteRange> week;
    std::optional<MinuteRange> dated;
};

// A weekly rule's ranges in wall-clock minutes, over the weeks around a dated range.
std::vector<MinuteRange> weekRangesAround(const std::vector<MinuteRange> &week, const MinuteRange &dated)
{
    const QDate date = wallDate(dated.start);
    const QDate monday = date.addDays(-(date.dayOfWeek() - 1));
    std::vector<MinuteRange> out;
    for (int weekOffset = -1; weekOffset <= 2; ++weekOffset) {
        const qint64 base = wallMinutes(monday.addDays(7 * weekOffset), QTime(0, 0));
        for (const MinuteRange &range : week)
            out.push_back({base + range.start, base + range.end});
    }
    return detail::merged(std::move(out));
}

QString weeklyTierOverlap(const WeeklyTierRule &a, const WeeklyTierRule &b)
{
    if (!a.dated && !b.dated)
        return describeWeek(intersection(a.week, b.week));
    if (a.dated && b.dated)
        return describeDated(intersection({*a.dated}, {*b.dated}));
    const WeeklyTierRule &dated = a.dated ? a : b;
    const WeeklyTierRule &weekly = a.dated ? b : a;
    return describeDated(intersection({*dated.dated}, weekRangesAround(weekly.week, *dated.dated)));
}

void addWarning(std::vector<ScheduleWarning> &warnings, int line, int otherLine, const QString &where)
{
    if (where.isEmpty())
        return;
    if (otherLine < line)
        std::swap(line, otherLine);
    warnings.push_back(
        {line, otherLine, QStringLiteral("line %1 overlaps line %2 on %3").arg(line).arg(otherLine).arg(where)});
}

} // namespace

// Overlapping rules within a tier (the larger count wins there, which may not be what was meant). Weekly
// windows and batches are compared over a wall-clock week, dated rules on their dates; a rule is not compared
// with itself.
std::vector<ScheduleWarning> findOverlaps(const Schedule &schedule)
{
    std::vector<ScheduleWarning> warnings;

    std::vector<WeeklyTierRule> weeklyTier;
    for (const WeeklyWindow &w : schedule.weekly)
        weeklyTier.push_back({w.line, detail::weekRanges(w), std::nullopt});
    for (const BatchWindow &b : schedule.batches) {
        if (b.date) {
            const qint64 start = wallMinutes(*b.date, b.start);
            weeklyTier.push_back({b.line, {}, MinuteRange{start, start + b.durationMinutes}});
        } else {
            weeklyTier.push_back({b.line, detail::weekRanges(b), std::nullopt});
        }
    }
    for (size_t i = 0; i < weeklyTier.size(); ++i) {
        for (size_t j = i + 1; j < weeklyTier.size(); ++j)
            addWarning(warnings, weeklyTier[i].line, weeklyTier[j].line,
                       weeklyTierOverlap(weeklyTier[i], weeklyTier[j]));
    }

    const auto oneOffRange = [](const OneOffWindow &o) {
        return MinuteRange{wallMinutes(o.date, o.start), wallMinutes(o.date.addDays(o.end <= o.start ? 1 : 0), o.end)};
    };
    for (size_t i = 0; i < schedule.oneOffs.size(); ++i) {
        for (size_t j = i + 1; j < schedule.oneOffs.size(); ++j) {
            const auto where = intersection({oneOffRange(schedule.oneOffs[i])}, {oneOffRange(schedule.oneOffs[j])});
            addWarning(warnings, schedule.oneOffs[i].line, schedule.oneOffs[j].line, describeDated(where));
        }
    }

    for (size_t i = 0; i < schedule.exceptions.size(); ++i) {
        for (size_t j = i + 1; j < schedule.exceptions.size(); ++j) {
            const DateException &a = schedule.exceptions[i];
            const DateException &b = schedule.exceptions[j];
            const QDate first = std::max(a.first, b.first);
            const QDate last = std::min(a.last, b.last);
            if (first > last)
                continue;
            const QString where = first == last
                                      ? first.toString(Qt::ISODate)
                                      : first.toString(Qt::ISODate) + QStringLiteral("..") + last.toString(Qt::ISODate);
            addWarning(warnings, a.line, b.line, where);
        }
    }

    std::stable_sort(warnings.begin(), warnings.end(), [](const ScheduleWarning &a, const ScheduleWarning &b) {
        return a.line != b.line ? a.line < b.line : a.otherLine < b.otherLine;
    });
    return warnings;
}

} // namespace scaledeck
