// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTime>

#include <optional>
#include <vector>

namespace scaledeck {

// What a schedule scales: one deployment ("app/deployment"), or a whole application ("app"), which is
// parked at 0 and unparked (as it was configured) at any count >= 1.
struct ScheduleTarget {
    QString app;
    QString deployment; // empty: the application

    bool isApplication() const { return deployment.isEmpty(); }
    QString toString() const; // "app" or "app/deployment"
    // "app" or "app/deployment"; an empty part, more than one '/' or surrounding spaces is an error
    // (message in *error).
    static std::optional<ScheduleTarget> parse(const QString &text, QString *error = nullptr);
    bool operator==(const ScheduleTarget &) const = default;
};

// Days of the week as bits: bit 0 is Monday ... bit 6 is Sunday (Qt::DayOfWeek - 1).
using DayMask = quint8;
constexpr DayMask kAllDays = 0x7f;
inline DayMask dayBit(int qtDayOfWeek)
{
    return DayMask(1u << (qtDayOfWeek - 1));
}

// "Mon-Fri 07:00-17:00 = 2". `end` <= `start` means the window ends on the next day (22:00-06:00);
// `endDayOffset` > 0 is a window written with an end day ("Sun 22:00-Mon 06:00": offset 1), which needs a
// single start day. End 24:00 is written as end 00:00 with the window ending on the next day.
struct WeeklyWindow {
    DayMask days = 0;
    QTime start;
    QTime end;
    int endDayOffset = 0; // 0: derive from start/end as above; 1..6: explicit
    int replicas = 0;
    int line = 0; // where it came from in the text form (0 when built in code)
    bool operator==(const WeeklyWindow &o) const
    {
        return days == o.days && start == o.start && end == o.end && endDayOffset == o.endDayOffset &&
               replicas == o.replicas;
    }
};

// "Sun 02:00+30m = 8" (every such weekday) or "2026-11-29 02:00+30m = 8" (once): start and duration.
// The duration is absolute time: a batch across a DST change still runs for its minutes.
struct BatchWindow {
    DayMask days = 0;          // weekly when non-zero
    std::optional<QDate> date; // once, when set (days is then 0)
    QTime start;
    int durationMinutes = 0; // 1 .. 7 days
    int replicas = 0;
    int line = 0;
    bool operator==(const BatchWindow &o) const
    {
        return days == o.days && date == o.date && start == o.start && durationMinutes == o.durationMinutes &&
               replicas == o.replicas;
    }
};

// "2026-11-30 18:00-22:00 = 4": a window on one date (end <= start: ends the next day).
struct OneOffWindow {
    QDate date;
    QTime start;
    QTime end;
    int replicas = 0;
    int line = 0;
    bool operator==(const OneOffWindow &o) const
    {
        return date == o.date && start == o.start && end == o.end && replicas == o.replicas;
    }
};

// "2026-12-24..2026-12-26 = 0" or "2026-12-25 = default": whole local days at a count (or the default).
struct DateException {
    QDate first;
    QDate last;                  // == first for one day
    std::optional<int> replicas; // empty: the schedule's default
    int line = 0;
    bool operator==(const DateException &o) const
    {
        return first == o.first && last == o.last && replicas == o.replicas;
    }
};

// What the controller does when someone outside ScaleDeck changes a scheduled count.
enum class DriftPolicy {
    Keep,    // leave it until the next transition (default)
    Correct, // put the scheduled count back at the next tick
};

// "park-when-idle 15m max 2h": when the schedule's count drops to 0, the controller parks only once no request
// came for idleMinutes, so a deployment still serving is not cut off by the clock; with maxMinutes, it parks
// anyway once the park is that late. Raising counts and lowering them to a count above 0 are never held back.
struct ParkWhenIdle {
    int idleMinutes = 15;          // 1m .. 24h
    std::optional<int> maxMinutes; // longer than idleMinutes, at most 7 days; unset: no limit
    bool operator==(const ParkWhenIdle &) const = default;
};

// A weekly schedule in one IANA time zone. Windows are local wall-clock time.
struct Schedule {
    QByteArray timeZone = "UTC"; // IANA id, e.g. "Europe/Ljubljana"
    int defaultReplicas = 0;
    std::vector<WeeklyWindow> weekly;
    std::vector<BatchWindow> batches;
    std::vector<OneOffWindow> oneOffs;
    std::vector<DateException> exceptions;
    int prewarmMinutes = 0;
    DriftPolicy drift = DriftPolicy::Keep;
    std::optional<ParkWhenIdle> parkWhenIdle; // unset: parks on time, busy or not

    bool operator==(const Schedule &) const = default;
};

// A time-boxed exception set by an operator ("3 until 19:00 today", "parked until Monday 07:00"): it
// expires by itself. Kept in the store, not in the schedule's text.
struct ScheduleOverride {
    ScheduleTarget target;
    int replicas = 0;
    QDateTime untilUtc;
    QDateTime createdUtc;
    QString createdBy; // "scaledeckctl", "ScaleDeck (GUI)", ...
    QString note;

    bool activeAt(const QDateTime &utc) const { return utc < untilUtc && createdUtc <= utc; }
};

} // namespace scaledeck
