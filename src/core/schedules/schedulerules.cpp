// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulerules.h"

#include "scheduletext.h"

#include <QStringList>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <bit>
#include <vector>

namespace scaledeck::schedulerules {

namespace {

constexpr std::array<const char *, 7> kDayNames{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

bool isAsciiDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool allDigits(QStringView text)
{
    for (QChar c : text) {
        if (!isAsciiDigit(c))
            return false;
    }
    return !text.isEmpty();
}

// Digits to a number; long runs saturate instead of overflowing (they are out of every range anyway).
qint64 digitsValue(QStringView digits)
{
    qint64 value = 0;
    for (QChar c : digits) {
        value = value * 10 + (c.unicode() - '0');
        if (value > 1'000'000'000)
            return 1'000'000'000;
    }
    return value;
}

template <typename T> std::optional<T> fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return std::nullopt;
}

bool failed(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

QString replicasText(int replicas)
{
    return QStringLiteral(" = %1").arg(replicas);
}

} // namespace

std::optional<ClockTime> parseTime(QStringView text, TimeUse use, const QString &shown, QString *error,
                                   QStringView after)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    const bool wellFormed = (colon == 1 || colon == 2) && text.size() == colon + 3 && allDigits(text.left(colon)) &&
                            allDigits(text.mid(colon + 1));
    if (!wellFormed) {
        const QString context = after.isEmpty() ? QString() : QLatin1String(" after ") + after.toString();
        return fail<ClockTime>(error, QStringLiteral("expected a time HH:MM%1, found %2").arg(context, shown));
    }
    const int hour = int(digitsValue(text.left(colon)));
    const int minute = int(digitsValue(text.mid(colon + 1)));
    if (minute > 59)
        return fail<ClockTime>(error, QStringLiteral("minutes must be 00..59, found %1").arg(shown));
    if (hour == 24 && minute == 0) {
        if (use == TimeUse::End)
            return ClockTime{QTime(0, 0), true};
        return fail<ClockTime>(error, QStringLiteral("24:00 can only end a window, found %1").arg(shown));
    }
    if (hour > 23) {
        return fail<ClockTime>(error, QStringLiteral("hours must be 00..23%1, found %2")
                                          .arg(use == TimeUse::End ? QStringLiteral(" (or 24:00)") : QString(), shown));
    }
    return ClockTime{QTime(hour, minute), false};
}

std::optional<QDate> parseDate(QStringView text, const QString &shown, QString *error)
{
    const bool wellFormed = text.size() == 10 && text[4] == QLatin1Char('-') && text[7] == QLatin1Char('-') &&
                            allDigits(text.left(4)) && allDigits(text.mid(5, 2)) && allDigits(text.mid(8, 2));
    if (!wellFormed)
        return fail<QDate>(error, QStringLiteral("expected a date YYYY-MM-DD, found %1").arg(shown));
    const QDate date(int(digitsValue(text.left(4))), int(digitsValue(text.mid(5, 2))),
                     int(digitsValue(text.mid(8, 2))));
    if (!date.isValid())
        return fail<QDate>(error, QStringLiteral("no such date in the calendar: %1").arg(shown));
    return date;
}

std::optional<int> parseDay(QStringView text, const QString &shown, QString *error)
{
    for (int i = 0; i < int(kDayNames.size()); ++i) {
        if (text.compare(QLatin1String(kDayNames[i]), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return fail<int>(error, QStringLiteral("unknown day %1 (expected Mon, Tue, Wed, Thu, Fri, Sat, Sun)").arg(shown));
}

std::optional<qint64> parseDuration(QStringView text, const QString &shown, QString *error)
{
    const QString expected = QStringLiteral("expected a duration such as 30m, 2h or 1h30m, found %1").arg(shown);
    if (text == QLatin1String("0"))
        return 0;
    qint64 hours = -1;
    qint64 minutes = -1;
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype start = i;
        while (i < text.size() && isAsciiDigit(text[i]))
            ++i;
        if (i == start || i == text.size())
            return fail<qint64>(error, expected);
        const qint64 value = digitsValue(text.mid(start, i - start));
        const QChar unit = text[i++].toLower();
        if (unit == QLatin1Char('h') && hours < 0 && minutes < 0)
            hours = value;
        else if (unit == QLatin1Char('m') && minutes < 0)
            minutes = value;
        else
            return fail<qint64>(error, expected);
    }
    if (hours < 0 && minutes < 0)
        return fail<qint64>(error, expected);
    if (hours >= 0 && minutes >= 60)
        return fail<qint64>(error, QStringLiteral("minutes after hours must be under 60, found %1").arg(shown));
    return std::max<qint64>(hours, 0) * 60 + std::max<qint64>(minutes, 0);
}

std::optional<int> parseReplicas(QStringView text, const QString &shown, QString *error)
{
    const bool negative = text.startsWith(QLatin1Char('-'));
    const QStringView digits = negative ? text.mid(1) : text;
    if (!allDigits(digits))
        return fail<int>(error,
                         QStringLiteral("expected a replica count 0..%1, found %2").arg(kMaxReplicas).arg(shown));
    const qint64 value = negative ? -digitsValue(digits) : digitsValue(digits);
    if (!checkReplicas(value, shown, error))
        return std::nullopt;
    return int(value);
}

std::optional<DriftPolicy> parseDrift(QStringView text, const QString &shown, QString *error)
{
    if (text.compare(QLatin1String("keep"), Qt::CaseInsensitive) == 0)
        return DriftPolicy::Keep;
    if (text.compare(QLatin1String("correct"), Qt::CaseInsensitive) == 0)
        return DriftPolicy::Correct;
    return fail<DriftPolicy>(error, QStringLiteral("expected 'keep' or 'correct', found %1").arg(shown));
}

bool checkReplicas(qint64 count, const QString &shown, QString *error)
{
    if (count >= 0 && count <= kMaxReplicas)
        return true;
    return failed(error, QStringLiteral("replica count must be 0..%1, found %2").arg(kMaxReplicas).arg(shown));
}

bool checkPrewarm(qint64 minutes, const QString &shown, QString *error)
{
    if (minutes >= 0 && minutes <= kMaxPrewarmMinutes)
        return true;
    return failed(error, QStringLiteral("prewarm must be 0..24h, found %1").arg(shown));
}

bool checkParkIdle(qint64 minutes, const QString &shown, QString *error)
{
    if (minutes >= 1 && minutes <= kMaxParkIdleMinutes)
        return true;
    return failed(error, QStringLiteral("park-when-idle: the idle time must be 1m..24h, found %1").arg(shown));
}

bool checkParkLimit(qint64 minutes, int idleMinutes, const QString &shown, QString *error)
{
    // A limit no longer than the idle time would park before the idle time could ever have passed.
    if (minutes <= idleMinutes)
        return failed(error, QStringLiteral("park-when-idle: max must be longer than the idle time (%1), found %2")
                                 .arg(scaledeck::formatDuration(idleMinutes), shown));
    if (minutes > kMaxParkLimitMinutes)
        return failed(error, QStringLiteral("park-when-idle: max must be at most 168h (7 days), found %1").arg(shown));
    return true;
}

bool checkBatchDuration(qint64 minutes, const QString &shown, QString *error)
{
    if (minutes >= 1 && minutes <= kMaxBatchMinutes)
        return true;
    return failed(error, QStringLiteral("a batch lasts 1m..168h (7 days), found %1").arg(shown));
}

bool checkZone(const QByteArray &id, const QString &shown, QString *error)
{
    if (!id.isEmpty() && QTimeZone(id).isValid())
        return true;
    return failed(error, QStringLiteral("unknown time zone %1").arg(shown));
}

bool checkWindowEnd(const ClockTime &start, const ClockTime &end, bool hasEndDay, QString *error)
{
    if (hasEndDay && end.endOfDay)
        return failed(error, QStringLiteral("24:00 cannot follow an end day; write 00:00 of the day after"));
    if (!hasEndDay && !end.endOfDay && end.time == start.time)
        return failed(error, QStringLiteral("end time equals start time"));
    return true;
}

std::optional<int> endDayOffset(DayMask days, int endDay, const QString &shownEndDay, QString *error)
{
    if (std::popcount(unsigned(days)) != 1) {
        return fail<int>(error, QStringLiteral("an end day (%1) needs a single start day, found %2")
                                    .arg(shownEndDay, formatDays(days, DayRuns::AcrossWeekEnd)));
    }
    const int offset = (endDay - firstDay(days) + 7) % 7;
    if (offset == 0) {
        return fail<int>(error, QStringLiteral("end day %1 is the start day; leave it out for a window that ends "
                                               "the same day or overnight")
                                    .arg(shownEndDay));
    }
    return offset;
}

bool checkDateRange(const QDate &first, const QDate &last, QString *error)
{
    if (last < first) {
        return failed(error, QStringLiteral("the range ends before it starts (%1 is before %2)")
                                 .arg(formatDate(last), formatDate(first)));
    }
    const qint64 days = first.daysTo(last) + 1;
    if (days > kMaxRangeDays) {
        return failed(error,
                      QStringLiteral("a date range covers at most %1 days, found %2").arg(kMaxRangeDays).arg(days));
    }
    return true;
}

QString dayName(int qtDayOfWeek)
{
    if (qtDayOfWeek < 1 || qtDayOfWeek > 7)
        return QString();
    return QLatin1String(kDayNames[qtDayOfWeek - 1]);
}

int firstDay(DayMask days)
{
    days &= kAllDays;
    return days == 0 ? 0 : std::countr_zero(unsigned(days)) + 1;
}

int addDays(int qtDayOfWeek, int days)
{
    return (qtDayOfWeek - 1 + days % 7 + 7) % 7 + 1;
}

QString formatTime(const QTime &time)
{
    return time.toString(QStringLiteral("HH:mm"));
}

QString formatEndTime(const QTime &end, int endDayOffset)
{
    if (endDayOffset == 0 && end == QTime(0, 0))
        return QStringLiteral("24:00");
    return formatTime(end);
}

QString formatDate(const QDate &date)
{
    return date.toString(Qt::ISODate);
}

QString quoted(QStringView text)
{
    constexpr qsizetype kLongest = 40;
    const QString shown =
        text.size() > kLongest ? text.left(kLongest).toString() + QLatin1String("...") : text.toString();
    return QLatin1Char('\'') + shown + QLatin1Char('\'');
}

QString formatDays(DayMask days, DayRuns runs)
{
    days &= kAllDays;
    if (days == kAllDays)
        return QStringLiteral("daily");
    const bool acrossWeekEnd = runs == DayRuns::AcrossWeekEnd;
    const auto has = [days, acrossWeekEnd](int index) {
        if (!acrossWeekEnd && (index < 0 || index > 6))
            return false;
        return (days & (1u << ((index % 7 + 7) % 7))) != 0;
    };
    // Runs of consecutive days; runs of 3+ as a range, shorter ones listed.
    std::vector<std::pair<int, QString>> items; // Monday-based index of the first day, text
    for (int i = 0; i < 7; ++i) {
        if (!has(i) || has(i - 1))
            continue;
        int length = 1;
        while (length < 7 && has(i + length))
            ++length;
        if (length >= 3) {
            items.emplace_back(i, dayName(i + 1) + QLatin1Char('-') + dayName((i + length - 1) % 7 + 1));
        } else {
            for (int k = 0; k < length; ++k)
                items.emplace_back((i + k) % 7, dayName((i + k) % 7 + 1));
        }
    }
    std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList parts;
    for (const auto &item : items)
        parts << item.second;
    return parts.join(QLatin1Char(','));
}

QString endDayName(const WeeklyWindow &window)
{
    return dayName(addDays(firstDay(window.days), window.endDayOffset));
}

QString ruleText(const WeeklyWindow &window, DayRuns runs)
{
    const QString endDay = window.endDayOffset > 0 ? endDayName(window) + QLatin1Char(' ') : QString();
    return formatDays(window.days, runs) + QLatin1Char(' ') + formatTime(window.start) + QLatin1Char('-') + endDay +
           formatEndTime(window.end, window.endDayOffset) + replicasText(window.replicas);
}

QString ruleText(const BatchWindow &batch, DayRuns runs)
{
    const QString when = batch.date ? formatDate(*batch.date) : formatDays(batch.days, runs);
    return when + QLatin1Char(' ') + formatTime(batch.start) + QLatin1Char('+') +
           formatDuration(batch.durationMinutes) + replicasText(batch.replicas);
}

QString ruleText(const OneOffWindow &window)
{
    return formatDate(window.date) + QLatin1Char(' ') + formatTime(window.start) + QLatin1Char('-') +
           formatEndTime(window.end, 0) + replicasText(window.replicas);
}

QString ruleText(const DateException &exception)
{
    QString dates = formatDate(exception.first);
    if (exception.last != exception.first)
        dates += QLatin1String("..") + formatDate(exception.last);
    return dates + (exception.replicas ? replicasText(*exception.replicas) : QStringLiteral(" = default"));
}

QString ruleText(const ParkWhenIdle &park)
{
    QString text = QStringLiteral("park-when-idle ") + scaledeck::formatDuration(park.idleMinutes);
    if (park.maxMinutes)
        text += QStringLiteral(" max ") + scaledeck::formatDuration(*park.maxMinutes);
    return text;
}

QString describeRule(const ParkWhenIdle &park)
{
    QString text = QStringLiteral("%1: parks only after %2 without requests")
                       .arg(ruleText(park), spacedDuration(park.idleMinutes));
    if (park.maxMinutes)
        text += QStringLiteral(" (at most %1 late)").arg(spacedDuration(*park.maxMinutes));
    return text;
}

QString spacedDuration(int minutes)
{
    const int hours = minutes / 60;
    const int rest = minutes % 60;
    if (hours == 0)
        return QStringLiteral("%1 m").arg(rest);
    if (rest == 0)
        return QStringLiteral("%1 h").arg(hours);
    return QStringLiteral("%1 h %2 m").arg(hours).arg(rest);
}

} // namespace scaledeck::schedulerules
