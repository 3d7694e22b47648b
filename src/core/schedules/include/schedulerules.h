// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a schedule's values look like and which ranges and combinations are allowed, and how each rule is
// worded, in one place for both forms (text and JSON) and for the evaluator's reasons. The CLI checks its own
// values (counts, durations) with it too. The public formatters formatDays() and formatDuration() are
// scheduletext.h's.
//
// Each check returns its value (or true), or fills *error with a message saying what was expected and what
// was found. `shown` is the found value as the caller quotes it: '7pm' in the text form, "7pm" in JSON.

#include "schedule.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace scaledeck::schedulerules {

constexpr int kMaxReplicas = 1000;
constexpr int kMaxBatchMinutes = 7 * 24 * 60;
constexpr int kMaxPrewarmMinutes = 24 * 60;
constexpr int kMaxRangeDays = 366;
constexpr int kMaxParkIdleMinutes = 24 * 60;
constexpr int kMaxParkLimitMinutes = 7 * 24 * 60;

// A time of day as written. 24:00 is stored as 00:00 but kept apart here: a window needs to know which.
struct ClockTime {
    QTime time;
    bool endOfDay = false; // written as 24:00
};

enum class TimeUse { Start, End };

// "07:00" or "7:00"; 24:00 only as an end. `after` names what precedes the time in the text ("'-'").
std::optional<ClockTime> parseTime(QStringView text, TimeUse use, const QString &shown, QString *error,
                                   QStringView after = {});
// "2026-12-24", a real calendar date.
std::optional<QDate> parseDate(QStringView text, const QString &shown, QString *error);
// "Mon" .. "Sun", any case; Qt::DayOfWeek (1 = Monday).
std::optional<int> parseDay(QStringView text, const QString &shown, QString *error);
// "30m", "2h", "1h30m", "90m" or "0", in minutes (no range check).
std::optional<qint64> parseDuration(QStringView text, const QString &shown, QString *error);
// An integer written in the text ("2", "-1"), range-checked as a replica count.
std::optional<int> parseReplicas(QStringView text, const QString &shown, QString *error);
// "keep" or "correct", any case.
std::optional<DriftPolicy> parseDrift(QStringView text, const QString &shown, QString *error);

bool checkReplicas(qint64 count, const QString &shown, QString *error);
bool checkPrewarm(qint64 minutes, const QString &shown, QString *error);
// park-when-idle's idle time (1m..24h) and its limit (longer than the idle time, at most 7 days).
bool checkParkIdle(qint64 minutes, const QString &shown, QString *error);
bool checkParkLimit(qint64 minutes, int idleMinutes, const QString &shown, QString *error);
bool checkBatchDuration(qint64 minutes, const QString &shown, QString *error);
bool checkZone(const QByteArray &id, const QString &shown, QString *error);
// A window's end against its start: no zero length without an end day, no 24:00 with one.
bool checkWindowEnd(const ClockTime &start, const ClockTime &end, bool hasEndDay, QString *error);
// Days from the (single) start day to `endDay`, 1..6, wrapping the week.
std::optional<int> endDayOffset(DayMask days, int endDay, const QString &shownEndDay, QString *error);
bool checkDateRange(const QDate &first, const QDate &last, QString *error);

QString dayName(int qtDayOfWeek); // "Mon"
int firstDay(DayMask days);       // Qt::DayOfWeek of the first day set, 0 when none
int addDays(int qtDayOfWeek, int days);
QString formatTime(const QTime &time);                     // "07:00"
QString formatEndTime(const QTime &end, int endDayOffset); // "24:00" for midnight without an end day
QString formatDate(const QDate &date);                     // "2026-12-24"
QString quoted(QStringView text);                          // 'text', shortened when long

// How runs of days are written. The text form joins a run across the week's end ("Fri-Mon", as it parses);
// the evaluator's reasons and the overlap warnings have always cut runs at Sunday ("Mon,Fri-Sun") and keep
// doing so, since their wording is pinned.
enum class DayRuns { AcrossWeekEnd, WithinWeek };
QString formatDays(DayMask days, DayRuns runs); // "Mon-Fri", "Sat,Sun", "daily"
QString endDayName(const WeeklyWindow &window); // the day a window written with an end day ends on

// One rule as its line in the text form: "Mon-Fri 07:00-17:00 = 2", "Sun 22:00-Mon 06:00 = 1",
// "Sun 02:00+30m = 8", "2026-11-30 18:00-22:00 = 4", "2026-12-24..2026-12-26 = default".
QString ruleText(const WeeklyWindow &window, DayRuns runs);
QString ruleText(const BatchWindow &batch, DayRuns runs);
QString ruleText(const OneOffWindow &window);
QString ruleText(const DateException &exception);
// "park-when-idle 15m" or "park-when-idle 15m max 2h", as the text form writes it.
QString ruleText(const ParkWhenIdle &park);
// What it means, for previews: "park-when-idle 15m max 2h: parks only after 15 m without requests (at most 2 h
// late)".
QString describeRule(const ParkWhenIdle &park);
// A duration in running text, as the audit and previews write it: "15 m", "2 h", "1 h 30 m".
QString spacedDuration(int minutes);

} // namespace scaledeck::schedulerules
