// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "scheduleevaluator.h"
#include "scheduleoverlaps.h"
#include "weekgrid.h"

#include <QRandomGenerator>
#include <QTest>

using namespace scaledeck;

namespace {

constexpr DayMask kMon = 1u << 0;
constexpr DayMask kTue = 1u << 1;
constexpr DayMask kWed = 1u << 2;
constexpr DayMask kFri = 1u << 4;
constexpr DayMask kSat = 1u << 5;
constexpr DayMask kSun = 1u << 6;
constexpr DayMask kMonFri = 0x1f;

const QByteArray kLjubljana = "Europe/Ljubljana"; // CET +1, CEST +2; 2026-03-29 02:00->03:00, 2026-10-25 03:00->02:00
const QByteArray kNewYork = "America/New_York";   // EST -5, EDT -4; 2026-03-08 02:00->03:00, 2026-11-01 02:00->01:00

QDateTime utc(int y, int mo, int d, int h, int mi, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}
QTime hm(int h, int m = 0)
{
    return QTime(h, m);
}

WeeklyWindow weekly(DayMask days, QTime start, QTime end, int replicas, int line = 0, int endDayOffset = 0)
{
    WeeklyWindow w;
    w.days = days;
    w.start = start;
    w.end = end;
    w.replicas = replicas;
    w.line = line;
    w.endDayOffset = endDayOffset;
    return w;
}

BatchWindow batch(DayMask days, QTime start, int minutes, int replicas, int line = 0)
{
    BatchWindow b;
    b.days = days;
    b.start = start;
    b.durationMinutes = minutes;
    b.replicas = replicas;
    b.line = line;
    return b;
}

BatchWindow datedBatch(QDate date, QTime start, int minutes, int replicas, int line = 0)
{
    BatchWindow b = batch(0, start, minutes, replicas, line);
    b.date = date;
    return b;
}

OneOffWindow oneOff(QDate date, QTime start, QTime end, int replicas, int line = 0)
{
    OneOffWindow o;
    o.date = date;
    o.start = start;
    o.end = end;
    o.replicas = replicas;
    o.line = line;
    return o;
}

DateException holiday(QDate first, QDate last, std::optional<int> replicas, int line = 0)
{
    DateException e;
    e.first = first;
    e.last = last;
    e.replicas = replicas;
    e.line = line;
    return e;
}

ScheduleOverride override_(int replicas, QDateTime created, QDateTime until,
                           QString by = QStringLiteral("scaledeckctl"))
{
    ScheduleOverride o;
    o.target = ScheduleTarget{QStringLiteral("app"), QStringLiteral("dep")};
    o.replicas = replicas;
    o.createdUtc = std::move(created);
    o.untilUtc = std::move(until);
    o.createdBy = std::move(by);
    return o;
}

// Schedule s = Build(kLjubljana).add(weekly(...)).add(holiday(...));
struct Build {
    Schedule s;
    explicit Build(const QByteArray &zone, int defaultReplicas = 0)
    {
        s.timeZone = zone;
        s.defaultReplicas = defaultReplicas;
    }
    explicit Build(Schedule schedule) : s(std::move(schedule)) {}
    Build &add(const WeeklyWindow &w) { return s.weekly.push_back(w), *this; }
    Build &add(const BatchWindow &b) { return s.batches.push_back(b), *this; }
    Build &add(const OneOffWindow &o) { return s.oneOffs.push_back(o), *this; }
    Build &add(const DateException &e) { return s.exceptions.push_back(e), *this; }
    Build &prewarm(int minutes) { return s.prewarmMinutes = minutes, *this; }
    operator Schedule() const { return s; }
};

// Business hours: the example.
Schedule businessHours(const QByteArray &zone, int prewarm = 0)
{
    return Build(zone).add(weekly(kMonFri, hm(7), hm(17), 2)).prewarm(prewarm);
}

QDateTime localDateTime(const QDate &date, const QTime &time, const QByteArray &zone)
{
    // Only for instants that exist exactly once, where Qt's own conversion is right.
    return QDateTime(date, time, QTimeZone(zone)).toUTC();
}

WeekGrid filledGrid(int value)
{
    WeekGrid grid;
    grid.fill(value);
    return grid;
}

void paint(WeekGrid &grid, int day, int firstQuarter, int endQuarter, int value)
{
    for (int q = firstQuarter; q < endQuarter; ++q)
        grid[day * 96 + q] = value;
}

// Runs of random length and count, like a painted grid, or noise when maxRun is 1.
WeekGrid randomGrid(quint32 seed, int maxRun, int maxCount)
{
    QRandomGenerator random(seed);
    WeekGrid grid;
    for (size_t i = 0; i < grid.size();) {
        const int value = random.bounded(maxCount + 1);
        const int run = 1 + random.bounded(maxRun);
        for (int k = 0; k < run && i < grid.size(); ++k)
            grid[i++] = value;
    }
    return grid;
}

QString transitionsText(const std::vector<ScheduleTransition> &transitions)
{
    QStringList lines;
    for (const ScheduleTransition &t : transitions)
        lines << QStringLiteral("%1 %2->%3").arg(t.atUtc.toString(Qt::ISODate)).arg(t.from).arg(t.to);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

using Overrides = std::vector<ScheduleOverride>;
Q_DECLARE_METATYPE(Schedule)
Q_DECLARE_METATYPE(Overrides)
Q_DECLARE_METATYPE(WeekGrid)
Q_DECLARE_METATYPE(ScheduleTier)

class TestScheduleEvaluator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tierNames();
    void localToUtcConversion_data();
    void localToUtcConversion();
    void boundaries_data();
    void boundaries();
    void windowBelongsToItsStartDay();
    void repeatedHourAppliedOnce_data();
    void repeatedHourAppliedOnce();
    void windowInsideGapNeverOpens();
    void precedence_data();
    void precedence();
    void reasons_data();
    void reasons();
    void overrideExpiry();
    void prewarm_data();
    void prewarm();
    void transitionsOverWeek_data();
    void transitionsOverWeek();
    void transitionsRange();
    void transitionsMatchSampling_data();
    void transitionsMatchSampling();
    void nextTransitions();
    void nextTransitionsHorizon();
    void overlaps_data();
    void overlaps();
    void weekGrid_data();
    void weekGrid();
    void gridRoundTrip_data();
    void gridRoundTrip();
    void gridToWindowsMerges();
    void projection_data();
    void projection();
    void invalidZoneEvaluatesAsUtc();
};

void TestScheduleEvaluator::tierNames()
{
    QCOMPARE(tierName(ScheduleTier::Default), QStringLiteral("default"));
    QCOMPARE(tierName(ScheduleTier::Weekly), QStringLiteral("weekly"));
    QCOMPARE(tierName(ScheduleTier::OneOff), QStringLiteral("one-off"));
    QCOMPARE(tierName(ScheduleTier::Override), QStringLiteral("override"));
    QCOMPARE(tierName(ScheduleTier::Exception), QStringLiteral("exception"));
}

void TestScheduleEvaluator::localToUtcConversion_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QTime>("time");
    QTest::addColumn<QDateTime>("expected");

    QTest::newRow("Ljubljana winter") << kLjubljana << QDate(2026, 1, 12) << hm(7) << utc(2026, 1, 12, 6, 0);
    QTest::newRow("Ljubljana summer") << kLjubljana << QDate(2026, 7, 13) << hm(7) << utc(2026, 7, 13, 5, 0);
    QTest::newRow("before the gap") << kLjubljana << QDate(2026, 3, 29) << QTime(1, 59, 59)
                                    << utc(2026, 3, 29, 0, 59, 59);
    QTest::newRow("gap start -> gap end") << kLjubljana << QDate(2026, 3, 29) << hm(2) << utc(2026, 3, 29, 1, 0);
    QTest::newRow("in the gap -> gap end") << kLjubljana << QDate(2026, 3, 29) << hm(2, 30) << utc(2026, 3, 29, 1, 0);
    QTest::newRow("gap end") << kLjubljana << QDate(2026, 3, 29) << hm(3) << utc(2026, 3, 29, 1, 0);
    QTest::newRow("after the gap") << kLjubljana << QDate(2026, 3, 29) << hm(3, 1) << utc(2026, 3, 29, 1, 1);
    QTest::newRow("before the fold") << kLjubljana << QDate(2026, 10, 25) << QTime(1, 59, 59)
                                     << utc(2026, 10, 24, 23, 59, 59);
    QTest::newRow("fold start: first") << kLjubljana << QDate(2026, 10, 25) << hm(2) << utc(2026, 10, 25, 0, 0);
    QTest::newRow("in the fold: first") << kLjubljana << QDate(2026, 10, 25) << hm(2, 30) << utc(2026, 10, 25, 0, 30);
    QTest::newRow("after the fold") << kLjubljana << QDate(2026, 10, 25) << hm(3) << utc(2026, 10, 25, 2, 0);
    QTest::newRow("New York gap") << kNewYork << QDate(2026, 3, 8) << hm(2, 30) << utc(2026, 3, 8, 7, 0);
    QTest::newRow("New York after gap") << kNewYork << QDate(2026, 3, 8) << hm(3) << utc(2026, 3, 8, 7, 0);
    QTest::newRow("New York fold: first") << kNewYork << QDate(2026, 11, 1) << hm(1, 30) << utc(2026, 11, 1, 5, 30);
    QTest::newRow("New York after fold") << kNewYork << QDate(2026, 11, 1) << hm(2) << utc(2026, 11, 1, 7, 0);
    QTest::newRow("UTC") << QByteArray("UTC") << QDate(2026, 3, 29) << hm(2, 30) << utc(2026, 3, 29, 2, 30);
    QTest::newRow("invalid zone as UTC") << QByteArray("Not/AZone") << QDate(2026, 3, 29) << hm(2, 30)
                                         << utc(2026, 3, 29, 2, 30);
}

void TestScheduleEvaluator::localToUtcConversion()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDate, date);
    QFETCH(QTime, time);
    QFETCH(QDateTime, expected);
    const QDateTime actual = localToUtc(date, time, QTimeZone(zone));
    QCOMPARE(actual, expected);
    QCOMPARE(actual.timeSpec(), Qt::UTC);
}

// Each row is one window (or holiday, override) and the counts inside and outside it: evaluated at start - 1s,
// start, end - 1s and end, and transitions() around it report exactly the two changes at start and end.
void TestScheduleEvaluator::boundaries_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<QDateTime>("start");
    QTest::addColumn<QDateTime>("end");
    QTest::addColumn<int>("inside");
    QTest::addColumn<int>("outside");

    const Schedule lj = businessHours(kLjubljana);
    QTest::newRow("weekly, winter") << lj << Overrides{} << utc(2026, 11, 16, 6, 0) << utc(2026, 11, 16, 16, 0) << 2
                                    << 0;
    QTest::newRow("weekly, summer") << lj << Overrides{} << utc(2026, 7, 13, 5, 0) << utc(2026, 7, 13, 15, 0) << 2 << 0;
    QTest::newRow("weekly, Friday before spring forward")
        << lj << Overrides{} << utc(2026, 3, 27, 6, 0) << utc(2026, 3, 27, 16, 0) << 2 << 0;
    QTest::newRow("weekly, 07:00 still 07:00 the Monday after")
        << lj << Overrides{} << utc(2026, 3, 30, 5, 0) << utc(2026, 3, 30, 15, 0) << 2 << 0;
    QTest::newRow("weekly, Friday before fall back")
        << lj << Overrides{} << utc(2026, 10, 23, 5, 0) << utc(2026, 10, 23, 15, 0) << 2 << 0;
    QTest::newRow("weekly, Monday after fall back")
        << lj << Overrides{} << utc(2026, 10, 26, 6, 0) << utc(2026, 10, 26, 16, 0) << 2 << 0;
    const Schedule ny = businessHours(kNewYork);
    QTest::newRow("New York, Friday before spring forward")
        << ny << Overrides{} << utc(2026, 3, 6, 12, 0) << utc(2026, 3, 6, 22, 0) << 2 << 0;
    QTest::newRow("New York, Monday after spring forward")
        << ny << Overrides{} << utc(2026, 3, 9, 11, 0) << utc(2026, 3, 9, 21, 0) << 2 << 0;
    QTest::newRow("New York, Monday after fall back")
        << ny << Overrides{} << utc(2026, 11, 2, 12, 0) << utc(2026, 11, 2, 22, 0) << 2 << 0;

    QTest::newRow("overnight Fri 22:00-06:00")
        << Schedule(Build(kLjubljana).add(weekly(kFri, hm(22), hm(6), 3))) << Overrides{} << utc(2026, 11, 20, 21, 0)
        << utc(2026, 11, 21, 5, 0) << 3 << 0;
    QTest::newRow("Mon-Fri 22:00-06:00 on Friday night")
        << Schedule(Build(kLjubljana).add(weekly(kMonFri, hm(22), hm(6), 3))) << Overrides{} << utc(2026, 11, 20, 21, 0)
        << utc(2026, 11, 21, 5, 0) << 3 << 0;
    QTest::newRow("across the week's end Sun 22:00-Mon 06:00")
        << Schedule(Build(kLjubljana).add(weekly(kSun, hm(22), hm(6), 1, 0, 1))) << Overrides{}
        << utc(2026, 11, 22, 21, 0) << utc(2026, 11, 23, 5, 0) << 1 << 0;
    QTest::newRow("ends at 24:00") << Schedule(Build(kLjubljana).add(weekly(kMon, hm(18), hm(0), 2))) << Overrides{}
                                   << utc(2026, 11, 16, 17, 0) << utc(2026, 11, 16, 23, 0) << 2 << 0;
    QTest::newRow("overnight across spring forward (7 real hours)")
        << Schedule(Build(kLjubljana).add(weekly(kSat, hm(22), hm(6), 3))) << Overrides{} << utc(2026, 3, 28, 21, 0)
        << utc(2026, 3, 29, 4, 0) << 3 << 0;
    QTest::newRow("overnight across fall back (9 real hours)")
        << Schedule(Build(kLjubljana).add(weekly(kSat, hm(22), hm(6), 3))) << Overrides{} << utc(2026, 10, 24, 20, 0)
        << utc(2026, 10, 25, 5, 0) << 3 << 0;
    QTest::newRow("New York overnight across fall back")
        << Schedule(Build(kNewYork).add(weekly(kSat, hm(22), hm(6), 3))) << Overrides{} << utc(2026, 11, 1, 2, 0)
        << utc(2026, 11, 1, 11, 0) << 3 << 0;
    QTest::newRow("starts in the gap: at the gap's end")
        << Schedule(Build(kLjubljana).add(weekly(kSun, hm(2, 30), hm(5), 2))) << Overrides{} << utc(2026, 3, 29, 1, 0)
        << utc(2026, 3, 29, 3, 0) << 2 << 0;
    QTest::newRow("ends in the gap: at the gap's end")
        << Schedule(Build(kLjubljana).add(weekly(kSun, hm(0, 30), hm(2, 30), 2))) << Overrides{}
        << utc(2026, 3, 28, 23, 30) << utc(2026, 3, 29, 1, 0) << 2 << 0;
    QTest::newRow("New York, starts in the gap")
        << Schedule(Build(kNewYork).add(weekly(kSun, hm(2, 30), hm(4), 2))) << Overrides{} << utc(2026, 3, 8, 7, 0)
        << utc(2026, 3, 8, 8, 0) << 2 << 0;
    QTest::newRow("in the repeated hour: the first one")
        << Schedule(Build(kLjubljana).add(weekly(kSun, hm(2, 15), hm(2, 45), 2))) << Overrides{}
        << utc(2026, 10, 25, 0, 15) << utc(2026, 10, 25, 0, 45) << 2 << 0;

    QTest::newRow("weekly batch Sun 02:00+30m")
        << Schedule(Build(kLjubljana).add(batch(kSun, hm(2), 30, 8))) << Overrides{} << utc(2026, 11, 22, 1, 0)
        << utc(2026, 11, 22, 1, 30) << 8 << 0;
    QTest::newRow("batch across spring forward keeps its minutes")
        << Schedule(Build(kLjubljana).add(batch(kSun, hm(1, 30), 60, 8))) << Overrides{} << utc(2026, 3, 29, 0, 30)
        << utc(2026, 3, 29, 1, 30) << 8 << 0;
    QTest::newRow("batch Sun 02:00+30m on the fall-back night")
        << Schedule(Build(kLjubljana).add(batch(kSun, hm(2), 30, 8))) << Overrides{} << utc(2026, 10, 25, 0, 0)
        << utc(2026, 10, 25, 0, 30) << 8 << 0;
    QTest::newRow("batch of 6 days") << Schedule(Build(kLjubljana).add(batch(kMon, hm(12), 6 * 24 * 60, 3)))
                                     << Overrides{} << utc(2026, 11, 16, 11, 0) << utc(2026, 11, 22, 11, 0) << 3 << 0;
    QTest::newRow("dated batch of 7 days (the longest)")
        << Schedule(Build(kLjubljana).add(datedBatch(QDate(2026, 11, 16), hm(23, 30), 7 * 24 * 60, 3))) << Overrides{}
        << utc(2026, 11, 16, 22, 30) << utc(2026, 11, 23, 22, 30) << 3 << 0;
    QTest::newRow("end day 6 days on: Mon 09:00-Sun 23:00")
        << Schedule(Build(kLjubljana).add(weekly(kMon, hm(9), hm(23), 2, 0, 6))) << Overrides{}
        << utc(2026, 11, 16, 8, 0) << utc(2026, 11, 22, 22, 0) << 2 << 0;
    QTest::newRow("dated batch") << Schedule(Build(kLjubljana).add(datedBatch(QDate(2026, 11, 29), hm(2), 90, 8)))
                                 << Overrides{} << utc(2026, 11, 29, 1, 0) << utc(2026, 11, 29, 2, 30) << 8 << 0;
    QTest::newRow("one-off") << Schedule(Build(kLjubljana).add(oneOff(QDate(2026, 11, 30), hm(18), hm(22), 4)))
                             << Overrides{} << utc(2026, 11, 30, 17, 0) << utc(2026, 11, 30, 21, 0) << 4 << 0;
    QTest::newRow("one-off overnight") << Schedule(Build(kLjubljana).add(oneOff(QDate(2026, 11, 30), hm(22), hm(2), 4)))
                                       << Overrides{} << utc(2026, 11, 30, 21, 0) << utc(2026, 12, 1, 1, 0) << 4 << 0;

    const Build allDay = Build(kLjubljana, 1).add(weekly(kAllDays, hm(0), hm(0), 4));
    QTest::newRow("holiday at a count beats a window")
        << Schedule(Build(allDay).add(holiday(QDate(2026, 12, 25), QDate(2026, 12, 25), 0))) << Overrides{}
        << utc(2026, 12, 24, 23, 0) << utc(2026, 12, 25, 23, 0) << 0 << 4;
    QTest::newRow("holiday at the default beats a window")
        << Schedule(Build(allDay).add(holiday(QDate(2026, 12, 25), QDate(2026, 12, 25), std::nullopt))) << Overrides{}
        << utc(2026, 12, 24, 23, 0) << utc(2026, 12, 25, 23, 0) << 1 << 4;
    QTest::newRow("holiday range") << Schedule(Build(allDay).add(holiday(QDate(2026, 12, 24), QDate(2026, 12, 26), 0)))
                                   << Overrides{} << utc(2026, 12, 23, 23, 0) << utc(2026, 12, 26, 23, 0) << 0 << 4;
    QTest::newRow("holiday beats an override")
        << Schedule(Build(kLjubljana).add(holiday(QDate(2026, 12, 25), QDate(2026, 12, 25), 0)))
        << Overrides{override_(5, utc(2026, 12, 20, 0, 0), utc(2027, 1, 5, 0, 0))} << utc(2026, 12, 24, 23, 0)
        << utc(2026, 12, 25, 23, 0) << 0 << 5;
    QTest::newRow("holiday on the spring-forward day: 23 hours")
        << Schedule(Build(allDay).add(holiday(QDate(2026, 3, 29), QDate(2026, 3, 29), 0))) << Overrides{}
        << utc(2026, 3, 28, 23, 0) << utc(2026, 3, 29, 22, 0) << 0 << 4;
    QTest::newRow("holiday on the fall-back day: 25 hours")
        << Schedule(Build(allDay).add(holiday(QDate(2026, 10, 25), QDate(2026, 10, 25), 0))) << Overrides{}
        << utc(2026, 10, 24, 22, 0) << utc(2026, 10, 25, 23, 0) << 0 << 4;
    QTest::newRow("override over a window")
        << lj << Overrides{override_(3, utc(2026, 11, 16, 8, 0), utc(2026, 11, 16, 12, 0))} << utc(2026, 11, 16, 8, 0)
        << utc(2026, 11, 16, 12, 0) << 3 << 2;
    QTest::newRow("override to 0 (parked)")
        << lj << Overrides{override_(0, utc(2026, 11, 16, 8, 0), utc(2026, 11, 16, 12, 0))} << utc(2026, 11, 16, 8, 0)
        << utc(2026, 11, 16, 12, 0) << 0 << 2;
}

void TestScheduleEvaluator::boundaries()
{
    QFETCH(Schedule, schedule);
    QFETCH(Overrides, overrides);
    QFETCH(QDateTime, start);
    QFETCH(QDateTime, end);
    QFETCH(int, inside);
    QFETCH(int, outside);

    const ScheduleEvaluator evaluator(schedule, overrides);
    QVERIFY(evaluator.zoneIsValid());
    QCOMPARE(evaluator.desiredAt(start.addSecs(-1)).replicas, outside);
    QCOMPARE(evaluator.desiredAt(start).replicas, inside);
    QCOMPARE(evaluator.desiredAt(end.addSecs(-1)).replicas, inside);
    QCOMPARE(evaluator.desiredAt(end).replicas, outside);

    const auto transitions = evaluator.transitions(start.addSecs(-3600), end.addSecs(3600));
    QVERIFY2(transitions.size() == 2, qPrintable(transitionsText(transitions)));
    QCOMPARE(transitions[0].atUtc, start);
    QCOMPARE(transitions[0].from, outside);
    QCOMPARE(transitions[0].to, inside);
    QCOMPARE(transitions[1].atUtc, end);
    QCOMPARE(transitions[1].from, inside);
    QCOMPARE(transitions[1].to, outside);
    QCOMPARE(transitions[0].atLocal, start);                                   // the same instant ...
    QCOMPARE(transitions[0].atLocal.timeZone(), QTimeZone(schedule.timeZone)); // ... shown in the zone
}

// Mon-Fri 22:00-06:00 covers Friday night into Saturday, and not Sunday night into Monday.
void TestScheduleEvaluator::windowBelongsToItsStartDay()
{
    const ScheduleEvaluator evaluator(Build(kLjubljana).add(weekly(kMonFri, hm(22), hm(6), 3)));
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 21, 1, 0)).replicas, 3);   // Sat 02:00, Friday's night
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 21, 22, 0)).replicas, 0);  // Sat 23:00
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 22, 22, 0)).replicas, 0);  // Sun 23:00
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 23, 1, 0)).replicas, 0);   // Mon 02:00, Sunday's night
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 23, 21, 30)).replicas, 3); // Mon 22:30
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 24, 1, 0)).replicas, 3);   // Tue 02:00, Monday's night
}

// Rules in the hour a fall-back repeats run once: exactly one scale-up and one scale-down over the whole night.
void TestScheduleEvaluator::repeatedHourAppliedOnce_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<QDateTime>("up");
    QTest::addColumn<QDateTime>("down");
    QTest::addColumn<int>("secondPass"); // the count at the same wall-clock time an hour later

    QTest::newRow("batch Sun 02:00+30m") << Schedule(Build(kLjubljana).add(batch(kSun, hm(2), 30, 8)))
                                         << utc(2026, 10, 25, 0, 0) << utc(2026, 10, 25, 0, 30) << 0;
    QTest::newRow("window Sun 02:00-03:00 (2 real hours)")
        << Schedule(Build(kLjubljana).add(weekly(kSun, hm(2), hm(3), 8))) << utc(2026, 10, 25, 0, 0)
        << utc(2026, 10, 25, 2, 0) << 8;
    QTest::newRow("one-off 02:10-02:50")
        << Schedule(Build(kLjubljana).add(oneOff(QDate(2026, 10, 25), hm(2, 10), hm(2, 50), 8)))
        << utc(2026, 10, 25, 0, 10) << utc(2026, 10, 25, 0, 50) << 0;
    QTest::newRow("dated batch 02:00+45m")
        << Schedule(Build(kLjubljana).add(datedBatch(QDate(2026, 10, 25), hm(2), 45, 8))) << utc(2026, 10, 25, 0, 0)
        << utc(2026, 10, 25, 0, 45) << 0;
    QTest::newRow("New York batch Sun 01:00+30m") << Schedule(Build(kNewYork).add(batch(kSun, hm(1), 30, 8)))
                                                  << utc(2026, 11, 1, 5, 0) << utc(2026, 11, 1, 5, 30) << 0;
    QTest::newRow("New York window Sun 01:00-02:00") << Schedule(Build(kNewYork).add(weekly(kSun, hm(1), hm(2), 8)))
                                                     << utc(2026, 11, 1, 5, 0) << utc(2026, 11, 1, 7, 0) << 8;
}

void TestScheduleEvaluator::repeatedHourAppliedOnce()
{
    QFETCH(Schedule, schedule);
    QFETCH(QDateTime, up);
    QFETCH(QDateTime, down);
    QFETCH(int, secondPass);
    const ScheduleEvaluator evaluator(schedule);
    const auto transitions = evaluator.transitions(up.addDays(-1), up.addDays(1));
    QVERIFY2(transitions.size() == 2, qPrintable(transitionsText(transitions)));
    QCOMPARE(transitions[0].atUtc, up);
    QCOMPARE(transitions[0].to, 8);
    QCOMPARE(transitions[1].atUtc, down);
    QCOMPARE(transitions[1].to, 0);
    // The second pass through the same wall-clock time, an hour later.
    QCOMPARE(evaluator.desiredAt(up.addSecs(3600)).replicas, secondPass);
}

// 02:30-02:45 on the spring-forward day does not exist: both ends become 03:00, and nothing happens.
void TestScheduleEvaluator::windowInsideGapNeverOpens()
{
    const ScheduleEvaluator evaluator(Build(kLjubljana).add(weekly(kSun, hm(2, 30), hm(2, 45), 5)));
    QVERIFY(evaluator.transitions(utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)).empty());
    QCOMPARE(evaluator.desiredAt(utc(2026, 3, 29, 1, 0)).replicas, 0);
    // The week after, it runs as written (02:30 CEST = 00:30 UTC).
    QCOMPARE(evaluator.desiredAt(utc(2026, 4, 5, 0, 30)).replicas, 5);
}

void TestScheduleEvaluator::precedence_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<int>("replicas");
    QTest::addColumn<ScheduleTier>("tier");
    QTest::addColumn<QString>("reason");

    // All at Mon 2026-11-30 19:00 in Ljubljana (18:00 UTC).
    const QDate day(2026, 11, 30);
    const WeeklyWindow w2 = weekly(kMon, hm(18), hm(20), 2);
    const OneOffWindow o4 = oneOff(day, hm(18), hm(22), 4);
    const ScheduleOverride v5 = override_(5, utc(2026, 11, 30, 17, 0), utc(2026, 11, 30, 20, 0));
    const DateException e0 = holiday(day, day, 0);
    const DateException eDefault = holiday(day, day, std::nullopt);

    QTest::newRow("default") << Schedule(Build(kLjubljana, 1)) << Overrides{} << 1 << ScheduleTier::Default
                             << QStringLiteral("default 1");
    QTest::newRow("weekly beats default") << Schedule(Build(kLjubljana, 1).add(w2)) << Overrides{} << 2
                                          << ScheduleTier::Weekly << QStringLiteral("Mon 18:00-20:00 = 2");
    QTest::newRow("weekly beats default, also when lower")
        << Schedule(Build(kLjubljana, 3).add(weekly(kMon, hm(18), hm(20), 0))) << Overrides{} << 0
        << ScheduleTier::Weekly << QStringLiteral("Mon 18:00-20:00 = 0");
    QTest::newRow("one-off beats weekly") << Schedule(Build(kLjubljana).add(w2).add(o4)) << Overrides{} << 4
                                          << ScheduleTier::OneOff << QStringLiteral("2026-11-30 18:00-22:00 = 4");
    QTest::newRow("one-off beats weekly, also when lower")
        << Schedule(Build(kLjubljana).add(weekly(kMon, hm(18), hm(20), 5)).add(oneOff(day, hm(18), hm(22), 1)))
        << Overrides{} << 1 << ScheduleTier::OneOff << QStringLiteral("2026-11-30 18:00-22:00 = 1");
    QTest::newRow("override beats one-off")
        << Schedule(Build(kLjubljana).add(w2).add(o4)) << Overrides{v5} << 5 << ScheduleTier::Override
        << QStringLiteral("override until 2026-11-30 21:00 (scaledeckctl)");
    QTest::newRow("override to 0 beats one-off")
        << Schedule(Build(kLjubljana).add(o4))
        << Overrides{override_(0, utc(2026, 11, 30, 17, 0), utc(2026, 11, 30, 20, 0),
                               QStringLiteral("ScaleDeck (GUI)"))}
        << 0 << ScheduleTier::Override << QStringLiteral("override until 2026-11-30 21:00 (ScaleDeck (GUI))");
    QTest::newRow("exception beats everything") << Schedule(Build(kLjubljana).add(w2).add(o4).add(e0)) << Overrides{v5}
                                                << 0 << ScheduleTier::Exception << QStringLiteral("2026-11-30 = 0");
    QTest::newRow("exception at the default beats everything")
        << Schedule(Build(kLjubljana, 1).add(w2).add(o4).add(eDefault)) << Overrides{v5} << 1 << ScheduleTier::Exception
        << QStringLiteral("2026-11-30 = default");
    QTest::newRow("expired override is ignored")
        << Schedule(Build(kLjubljana).add(w2))
        << Overrides{override_(5, utc(2026, 11, 30, 17, 0), utc(2026, 11, 30, 18, 0))} << 2 << ScheduleTier::Weekly
        << QStringLiteral("Mon 18:00-20:00 = 2");
    QTest::newRow("override not yet created is ignored")
        << Schedule(Build(kLjubljana).add(w2))
        << Overrides{override_(5, utc(2026, 11, 30, 18, 1), utc(2026, 11, 30, 20, 0))} << 2 << ScheduleTier::Weekly
        << QStringLiteral("Mon 18:00-20:00 = 2");

    // Within a tier the largest count wins, whatever the order.
    const WeeklyWindow w3 = weekly(kMon, hm(18, 30), hm(19, 30), 3);
    QTest::newRow("two weekly: 2 and 3") << Schedule(Build(kLjubljana).add(w2).add(w3)) << Overrides{} << 3
                                         << ScheduleTier::Weekly << QStringLiteral("Mon 18:30-19:30 = 3");
    QTest::newRow("two weekly: 3 and 2") << Schedule(Build(kLjubljana).add(w3).add(w2)) << Overrides{} << 3
                                         << ScheduleTier::Weekly << QStringLiteral("Mon 18:30-19:30 = 3");
    QTest::newRow("weekly and a larger batch")
        << Schedule(Build(kLjubljana).add(w2).add(batch(kMon, hm(18, 30), 60, 3))) << Overrides{} << 3
        << ScheduleTier::Weekly << QStringLiteral("Mon 18:30+1h = 3");
    QTest::newRow("weekly and a smaller batch")
        << Schedule(Build(kLjubljana).add(weekly(kMon, hm(18), hm(20), 5)).add(batch(kMon, hm(18, 30), 60, 3)))
        << Overrides{} << 5 << ScheduleTier::Weekly << QStringLiteral("Mon 18:00-20:00 = 5");
    QTest::newRow("two one-offs") << Schedule(Build(kLjubljana).add(o4).add(oneOff(day, hm(19), hm(20), 6)).add(o4))
                                  << Overrides{} << 6 << ScheduleTier::OneOff
                                  << QStringLiteral("2026-11-30 19:00-20:00 = 6");
    QTest::newRow("two overrides") << Schedule(Build(kLjubljana).add(w2))
                                   << Overrides{override_(1, utc(2026, 11, 30, 17, 0), utc(2026, 11, 30, 22, 0)), v5}
                                   << 5 << ScheduleTier::Override
                                   << QStringLiteral("override until 2026-11-30 21:00 (scaledeckctl)");
    QTest::newRow("two exceptions")
        << Schedule(Build(kLjubljana).add(e0).add(holiday(QDate(2026, 11, 29), QDate(2026, 12, 1), 2))) << Overrides{}
        << 2 << ScheduleTier::Exception << QStringLiteral("2026-11-29..2026-12-01 = 2");
}

void TestScheduleEvaluator::precedence()
{
    QFETCH(Schedule, schedule);
    QFETCH(Overrides, overrides);
    QFETCH(int, replicas);
    QFETCH(ScheduleTier, tier);
    QFETCH(QString, reason);

    const ScheduleEvaluator evaluator(schedule, overrides);
    const DesiredState state = evaluator.desiredAt(utc(2026, 11, 30, 18, 0));
    QCOMPARE(state.replicas, replicas);
    QCOMPARE(tierName(state.tier), tierName(tier));
    QCOMPARE(state.reason, reason);
    QVERIFY(!state.prewarm);
    QCOMPARE(evaluator.effectiveAt(utc(2026, 11, 30, 18, 0)), state); // no pre-warm: the same
}

void TestScheduleEvaluator::reasons_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<QString>("reason");

    const QByteArray z = "UTC";
    const QDateTime monday = utc(2026, 11, 23, 10, 15);
    QTest::newRow("weekdays") << Schedule(Build(z).add(weekly(kMonFri, hm(7), hm(17), 2))) << monday
                              << QStringLiteral("Mon-Fri 07:00-17:00 = 2");
    QTest::newRow("weekend") << Schedule(Build(z).add(weekly(kSat | kSun, hm(10), hm(12), 1)))
                             << utc(2026, 11, 29, 10, 30) << QStringLiteral("Sat,Sun 10:00-12:00 = 1");
    QTest::newRow("daily") << Schedule(Build(z).add(weekly(kAllDays, hm(10), hm(12), 1))) << monday
                           << QStringLiteral("daily 10:00-12:00 = 1");
    QTest::newRow("separate days") << Schedule(Build(z).add(weekly(kMon | kWed | kFri, hm(10), hm(12), 1))) << monday
                                   << QStringLiteral("Mon,Wed,Fri 10:00-12:00 = 1");
    QTest::newRow("a range and a day") << Schedule(Build(z).add(weekly(kMon | kTue | kWed | kSat, hm(10), hm(12), 1)))
                                       << monday << QStringLiteral("Mon-Wed,Sat 10:00-12:00 = 1");
    QTest::newRow("to 24:00") << Schedule(Build(z).add(weekly(kMon, hm(6), hm(0), 2))) << monday
                              << QStringLiteral("Mon 06:00-24:00 = 2");
    QTest::newRow("overnight") << Schedule(Build(z).add(weekly(kSun, hm(22), hm(11), 2))) << monday
                               << QStringLiteral("Sun 22:00-11:00 = 2");
    QTest::newRow("end day") << Schedule(Build(z).add(weekly(kSun, hm(22), hm(11), 1, 0, 1))) << monday
                             << QStringLiteral("Sun 22:00-Mon 11:00 = 1");
    QTest::newRow("batch minutes") << Schedule(Build(z).add(batch(kMon, hm(10), 30, 8))) << monday
                                   << QStringLiteral("Mon 10:00+30m = 8");
    QTest::newRow("batch hours") << Schedule(Build(z).add(batch(kMon, hm(10), 120, 8))) << monday
                                 << QStringLiteral("Mon 10:00+2h = 8");
    QTest::newRow("batch hours and minutes")
        << Schedule(Build(z).add(batch(kMon, hm(10), 90, 8))) << monday << QStringLiteral("Mon 10:00+1h30m = 8");
    QTest::newRow("dated batch") << Schedule(Build(z).add(datedBatch(QDate(2026, 11, 23), hm(10), 90, 8))) << monday
                                 << QStringLiteral("2026-11-23 10:00+1h30m = 8");
    QTest::newRow("one-off") << Schedule(Build(z).add(oneOff(QDate(2026, 11, 23), hm(10), hm(22), 4))) << monday
                             << QStringLiteral("2026-11-23 10:00-22:00 = 4");
    QTest::newRow("holidays") << Schedule(Build(z).add(holiday(QDate(2026, 11, 22), QDate(2026, 11, 24), 0))) << monday
                              << QStringLiteral("2026-11-22..2026-11-24 = 0");
    QTest::newRow("holiday at default") << Schedule(Build(z).add(
                                               holiday(QDate(2026, 11, 23), QDate(2026, 11, 23), std::nullopt)))
                                        << monday << QStringLiteral("2026-11-23 = default");
    QTest::newRow("default") << Schedule(Build(z, 2)) << monday << QStringLiteral("default 2");
}

void TestScheduleEvaluator::reasons()
{
    QFETCH(Schedule, schedule);
    QFETCH(QDateTime, at);
    QFETCH(QString, reason);
    QCOMPARE(ScheduleEvaluator(schedule).desiredAt(at).reason, reason);
}

// An override holds from its creation to the instant it expires (exclusive), then the schedule is back.
void TestScheduleEvaluator::overrideExpiry()
{
    const QDateTime created = utc(2026, 11, 16, 9, 0);
    const QDateTime until = utc(2026, 11, 16, 18, 0); // 19:00 in Ljubljana, after the window's 17:00
    const ScheduleEvaluator evaluator(businessHours(kLjubljana), {override_(4, created, until, QString())});
    QCOMPARE(evaluator.desiredAt(created.addMSecs(-1)).replicas, 2);
    QCOMPARE(evaluator.desiredAt(created).replicas, 4);
    QCOMPARE(evaluator.desiredAt(until.addMSecs(-1)).replicas, 4);
    QCOMPARE(evaluator.desiredAt(until.addMSecs(-1)).reason, QStringLiteral("override until 2026-11-16 19:00"));
    QCOMPARE(evaluator.desiredAt(until).replicas, 0); // the window ended at 16:00 UTC meanwhile

    const auto transitions = evaluator.transitions(utc(2026, 11, 16, 0, 0), utc(2026, 11, 17, 0, 0));
    QVERIFY2(transitions.size() == 3, qPrintable(transitionsText(transitions)));
    QCOMPARE(transitions[0].atUtc, utc(2026, 11, 16, 6, 0));
    QCOMPARE(transitions[1].atUtc, created);
    QCOMPARE(transitions[1].from, 2);
    QCOMPARE(transitions[1].to, 4);
    QCOMPARE(transitions[2].atUtc, until); // not at 16:00: the override holds the count past the window
    QCOMPARE(transitions[2].from, 4);
    QCOMPARE(transitions[2].to, 0);
    QCOMPARE(transitions[2].reason, QStringLiteral("default 0"));
}

void TestScheduleEvaluator::prewarm_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<QDateTime>("at");
    QTest::addColumn<int>("effective");
    QTest::addColumn<int>("desired");
    QTest::addColumn<bool>("prewarm");
    QTest::addColumn<QString>("reason");

    const Schedule hours = businessHours(kLjubljana, 10); // 07:00 CET = 06:00 UTC
    const QString window = QStringLiteral("Mon-Fri 07:00-17:00 = 2");
    QTest::newRow("before the lead") << hours << utc(2026, 11, 16, 5, 49, 59) << 0 << 0 << false
                                     << QStringLiteral("default 0");
    QTest::newRow("up early by the lead")
        << hours << utc(2026, 11, 16, 5, 50) << 2 << 0 << true << QStringLiteral("pre-warm: ") + window;
    QTest::newRow("at the start") << hours << utc(2026, 11, 16, 6, 0) << 2 << 2 << false << window;
    QTest::newRow("before the end") << hours << utc(2026, 11, 16, 15, 59, 59) << 2 << 2 << false << window;
    QTest::newRow("down on time") << hours << utc(2026, 11, 16, 16, 0) << 0 << 0 << false
                                  << QStringLiteral("default 0");

    const Schedule pastMidnight = Build(kLjubljana).add(weekly(kTue, hm(0, 5), hm(2), 3)).prewarm(10);
    QTest::newRow("across midnight: not yet")
        << pastMidnight << utc(2026, 11, 16, 22, 54, 59) << 0 << 0 << false << QStringLiteral("default 0");
    QTest::newRow("across midnight: Mon 23:55") << pastMidnight << utc(2026, 11, 16, 22, 55) << 3 << 0 << true
                                                << QStringLiteral("pre-warm: Tue 00:05-02:00 = 3");

    const Schedule withOneOff =
        Build(businessHours(kLjubljana, 10)).add(oneOff(QDate(2026, 11, 16), hm(12), hm(13), 4));
    QTest::newRow("into a one-off: not yet")
        << withOneOff << utc(2026, 11, 16, 10, 49, 59) << 2 << 2 << false << window;
    QTest::newRow("into a one-off") << withOneOff << utc(2026, 11, 16, 10, 50) << 4 << 2 << true
                                    << QStringLiteral("pre-warm: 2026-11-16 12:00-13:00 = 4");
    QTest::newRow("after the one-off, not early") << withOneOff << utc(2026, 11, 16, 11, 59, 59) << 4 << 4 << false
                                                  << QStringLiteral("2026-11-16 12:00-13:00 = 4");
    QTest::newRow("after the one-off") << withOneOff << utc(2026, 11, 16, 12, 0) << 2 << 2 << false << window;

    const Schedule holidayTomorrow = Build(kLjubljana)
                                         .add(weekly(kAllDays, hm(0), hm(0), 2))
                                         .add(holiday(QDate(2026, 11, 17), QDate(2026, 11, 17), 0))
                                         .prewarm(10);
    QTest::newRow("no early scale-down") << holidayTomorrow << utc(2026, 11, 16, 22, 55) << 2 << 2 << false
                                         << QStringLiteral("daily 00:00-24:00 = 2");
    QTest::newRow("holiday starts on time")
        << holidayTomorrow << utc(2026, 11, 16, 23, 0) << 0 << 0 << false << QStringLiteral("2026-11-17 = 0");

    // Sun 03:05 CEST = 01:05 UTC on the spring-forward day; the lead starts at 02:55 local time that never
    // happens (00:55 UTC = 01:55 CET).
    const Schedule springDay = Build(kLjubljana).add(weekly(kSun, hm(3, 5), hm(5), 3)).prewarm(10);
    QTest::newRow("lead across the gap: not yet")
        << springDay << utc(2026, 3, 29, 0, 54, 59) << 0 << 0 << false << QStringLiteral("default 0");
    QTest::newRow("lead across the gap") << springDay << utc(2026, 3, 29, 0, 55) << 3 << 0 << true
                                         << QStringLiteral("pre-warm: Sun 03:05-05:00 = 3");
}

void TestScheduleEvaluator::prewarm()
{
    QFETCH(Schedule, schedule);
    QFETCH(QDateTime, at);
    QFETCH(int, effective);
    QFETCH(int, desired);
    QFETCH(bool, prewarm);
    QFETCH(QString, reason);

    const ScheduleEvaluator evaluator(schedule);
    const DesiredState state = evaluator.effectiveAt(at);
    QCOMPARE(state.replicas, effective);
    QCOMPARE(state.prewarm, prewarm);
    QCOMPARE(state.reason, reason);
    QCOMPARE(evaluator.desiredAt(at).replicas, desired);
    QVERIFY(!evaluator.desiredAt(at).prewarm);
}

// The example over whole weeks: 10 transitions, at 07:00 (minus the lead) and 17:00 local time,
// DST weeks included.
void TestScheduleEvaluator::transitionsOverWeek_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDate>("monday");
    QTest::addColumn<int>("prewarm");

    QTest::newRow("Ljubljana") << kLjubljana << QDate(2026, 11, 16) << 0;
    QTest::newRow("Ljubljana, pre-warm 10m") << kLjubljana << QDate(2026, 11, 16) << 10;
    QTest::newRow("Ljubljana, fall-back week") << kLjubljana << QDate(2026, 10, 19) << 0;
    QTest::newRow("Ljubljana, week after fall back") << kLjubljana << QDate(2026, 10, 26) << 10;
    QTest::newRow("Ljubljana, spring-forward week") << kLjubljana << QDate(2026, 3, 23) << 10;
    QTest::newRow("Ljubljana, week after spring forward") << kLjubljana << QDate(2026, 3, 30) << 0;
    QTest::newRow("New York, fall-back week") << kNewYork << QDate(2026, 10, 26) << 10;
    QTest::newRow("New York, week after spring forward") << kNewYork << QDate(2026, 3, 9) << 0;
    QTest::newRow("UTC") << QByteArray("UTC") << QDate(2026, 11, 16) << 30;
}

void TestScheduleEvaluator::transitionsOverWeek()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDate, monday);
    QFETCH(int, prewarm);

    const ScheduleEvaluator evaluator(businessHours(zone, prewarm));
    const auto transitions =
        evaluator.transitions(localDateTime(monday, hm(0), zone), localDateTime(monday.addDays(7), hm(0), zone));
    QVERIFY2(transitions.size() == 10, qPrintable(transitionsText(transitions)));
    const QString window = QStringLiteral("Mon-Fri 07:00-17:00 = 2");
    for (int day = 0; day < 5; ++day) {
        const ScheduleTransition &up = transitions[2 * day];
        const ScheduleTransition &down = transitions[2 * day + 1];
        const QDate date = monday.addDays(day);
        QCOMPARE(up.atUtc, localDateTime(date, hm(7).addSecs(-60 * prewarm), zone));
        QCOMPARE(up.atLocal.date(), date);
        QCOMPARE(up.atLocal.time(), hm(7).addSecs(-60 * prewarm));
        QCOMPARE(up.atLocal.timeZone().id(), zone);
        QCOMPARE(up.from, 0);
        QCOMPARE(up.to, 2);
        QCOMPARE(up.reason, prewarm > 0 ? QStringLiteral("pre-warm: ") + window : window);
        QCOMPARE(down.atUtc, localDateTime(date, hm(17), zone));
        QCOMPARE(down.atLocal.time(), hm(17));
        QCOMPARE(down.from, 2);
        QCOMPARE(down.to, 0);
        QCOMPARE(down.reason, QStringLiteral("default 0"));
    }
}

// (from, to]: a change at `from` is not reported, one at `to` is; the first `from` is the state at fromUtc.
void TestScheduleEvaluator::transitionsRange()
{
    const ScheduleEvaluator evaluator(businessHours(kLjubljana));
    const QDateTime up = utc(2026, 11, 16, 6, 0);
    const QDateTime down = utc(2026, 11, 16, 16, 0);

    auto transitions = evaluator.transitions(up, down);
    QCOMPARE(int(transitions.size()), 1);
    QCOMPARE(transitions[0].atUtc, down);
    QCOMPARE(transitions[0].from, 2);

    transitions = evaluator.transitions(up.addSecs(-1), up);
    QCOMPARE(int(transitions.size()), 1);
    QCOMPARE(transitions[0].atUtc, up);

    transitions = evaluator.transitions(utc(2026, 11, 16, 12, 0), utc(2026, 11, 17, 12, 0));
    QCOMPARE(int(transitions.size()), 2);
    QCOMPARE(transitions[0].from, 2);
    QCOMPARE(transitions[0].to, 0);

    QVERIFY(evaluator.transitions(up, up).empty());
    QVERIFY(evaluator.transitions(down, up).empty());
    QVERIFY(evaluator.transitions(QDateTime(), down).empty());
}

// transitions() computes candidates only; sampling effectiveAt every minute must find exactly the same changes,
// for a schedule with every kind of rule over DST weeks.
void TestScheduleEvaluator::transitionsMatchSampling_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDate>("monday");

    QTest::newRow("Ljubljana, fall back") << kLjubljana << QDate(2026, 10, 19);
    QTest::newRow("Ljubljana, spring forward") << kLjubljana << QDate(2026, 3, 23);
    QTest::newRow("New York, fall back") << kNewYork << QDate(2026, 10, 26);
    QTest::newRow("New York, spring forward") << kNewYork << QDate(2026, 3, 2);
}

void TestScheduleEvaluator::transitionsMatchSampling()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDate, monday);

    const Schedule schedule = Build(zone, 1)
                                  .add(weekly(kMonFri, hm(7), hm(17), 2))
                                  .add(weekly(kFri, hm(22), hm(6), 3))
                                  .add(weekly(kSun, hm(22), hm(6), 1, 0, 1))
                                  .add(weekly(kSun, hm(2, 30), hm(3, 30), 4))
                                  .add(weekly(kSun, hm(1, 15), hm(1, 45), 4))
                                  .add(weekly(kSat, hm(1), hm(4), 5))
                                  .add(batch(kSun, hm(2), 30, 8))
                                  .add(batch(kWed, hm(23, 50), 20, 6))
                                  .add(datedBatch(monday.addDays(6), hm(1, 45), 45, 7))
                                  .add(oneOff(monday.addDays(5), hm(18), hm(22), 6))
                                  .add(oneOff(monday.addDays(1), hm(16, 55), hm(17, 5), 1))
                                  .add(holiday(monday.addDays(3), monday.addDays(3), 0))
                                  .add(holiday(monday.addDays(4), monday.addDays(4), std::nullopt))
                                  .prewarm(10);
    const QDateTime overrideStart = localDateTime(monday.addDays(2), hm(10), zone);
    const ScheduleEvaluator evaluator(schedule, {override_(9, overrideStart, overrideStart.addSecs(7200))});

    const QDateTime from = localDateTime(monday, hm(0), zone);
    const QDateTime to = from.addDays(7);
    std::vector<ScheduleTransition> sampled;
    int previous = evaluator.effectiveAt(from).replicas;
    for (QDateTime at = from.addSecs(60); at <= to; at = at.addSecs(60)) {
        const int now = evaluator.effectiveAt(at).replicas;
        if (now != previous)
            sampled.push_back({at, {}, previous, now, {}});
        previous = now;
    }
    const auto computed = evaluator.transitions(from, to);
    QCOMPARE(transitionsText(computed), transitionsText(sampled));
    QVERIFY2(computed.size() >= 15, qPrintable(QString::number(computed.size()))); // busy enough to mean something
    for (const ScheduleTransition &t : computed)
        QCOMPARE(t.reason, evaluator.effectiveAt(t.atUtc).reason);
}

void TestScheduleEvaluator::nextTransitions()
{
    const ScheduleEvaluator evaluator(businessHours(kLjubljana));
    const QDateTime friday = utc(2026, 11, 20, 11, 0); // Fri 12:00 local

    auto next = evaluator.nextTransitions(friday, 3);
    QCOMPARE(int(next.size()), 3);
    QCOMPARE(next[0].atUtc, utc(2026, 11, 20, 16, 0));
    QCOMPARE(next[0].from, 2);
    QCOMPARE(next[1].atUtc, utc(2026, 11, 23, 6, 0));
    QCOMPARE(next[1].to, 2);
    QCOMPARE(next[2].atUtc, utc(2026, 11, 23, 16, 0));

    // Across several chunks: in order, each `from` the previous `to`.
    next = evaluator.nextTransitions(friday, 25);
    QCOMPARE(int(next.size()), 25);
    for (size_t i = 1; i < next.size(); ++i) {
        QVERIFY(next[i - 1].atUtc < next[i].atUtc);
        QCOMPARE(next[i].from, next[i - 1].to);
    }
    QCOMPARE(next.back().atUtc, utc(2026, 12, 8, 16, 0)); // 1 + 10 + 10 + 4: Tue 2026-12-08, 17:00

    QVERIFY(evaluator.nextTransitions(friday, 0).empty());
    QVERIFY(evaluator.nextTransitions(friday, -1).empty());
}

void TestScheduleEvaluator::nextTransitionsHorizon()
{
    const QDateTime from = utc(2026, 11, 16, 0, 0);
    const ScheduleEvaluator in50Days(Build(kLjubljana).add(oneOff(QDate(2027, 1, 5), hm(10), hm(12), 3)));
    const auto found = in50Days.nextTransitions(from, 5);
    QCOMPARE(int(found.size()), 2);
    QCOMPARE(found[0].atUtc, utc(2027, 1, 5, 9, 0));
    QCOMPARE(found[1].atUtc, utc(2027, 1, 5, 11, 0));

    const ScheduleEvaluator in65Days(Build(kLjubljana).add(oneOff(QDate(2027, 1, 20), hm(10), hm(12), 3)));
    QVERIFY(in65Days.nextTransitions(from, 5).empty());
    QVERIFY(ScheduleEvaluator(Build(kLjubljana, 2)).nextTransitions(from, 5).empty());
}

void TestScheduleEvaluator::overlaps_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<QStringList>("expected"); // "line|otherLine|message"

    const QByteArray z = kLjubljana;
    QTest::newRow("none")
        << Schedule(Build(z).add(weekly(kMonFri, hm(7), hm(12), 2, 1)).add(weekly(kMonFri, hm(12), hm(17), 3, 2)))
        << QStringList();
    QTest::newRow("weekly in weekly")
        << Schedule(Build(z).add(weekly(kMonFri, hm(7), hm(17), 2, 3)).add(weekly(kMon, hm(9), hm(10), 3, 5)))
        << QStringList{QStringLiteral("3|5|line 3 overlaps line 5 on Mon 09:00-10:00")};
    QTest::newRow("on several days")
        << Schedule(Build(z).add(weekly(kMonFri, hm(7), hm(17), 2, 1)).add(weekly(kAllDays, hm(16), hm(18), 3, 2)))
        << QStringList{QStringLiteral("1|2|line 1 overlaps line 2 on Mon-Fri 16:00-17:00")};
    QTest::newRow("every day")
        << Schedule(Build(z).add(weekly(kAllDays, hm(7), hm(17), 2, 1)).add(weekly(kAllDays, hm(16), hm(18), 3, 2)))
        << QStringList{QStringLiteral("1|2|line 1 overlaps line 2 on every day 16:00-17:00")};
    QTest::newRow("overnight into the morning")
        << Schedule(Build(z).add(weekly(kSat, hm(5), hm(7), 2, 4)).add(weekly(kFri, hm(22), hm(6), 3, 2)))
        << QStringList{QStringLiteral("2|4|line 2 overlaps line 4 on Sat 05:00-06:00")};
    QTest::newRow("across the week's end")
        << Schedule(Build(z).add(weekly(kSun, hm(20), hm(6), 1, 1, 1)).add(weekly(kSun, hm(23), hm(2), 2, 2)))
        << QStringList{QStringLiteral("1|2|line 1 overlaps line 2 on Sun 23:00-02:00")};
    QTest::newRow("longer than a day")
        << Schedule(Build(z).add(weekly(kSat, hm(0), hm(6), 1, 1, 2)).add(batch(kSat, hm(12), 24 * 60, 2, 2)))
        << QStringList{QStringLiteral("1|2|line 1 overlaps line 2 on Sat 12:00-Sun 12:00")};
    QTest::newRow("weekly and batch")
        << Schedule(Build(z).add(weekly(kSun, hm(0), hm(3), 1, 2)).add(batch(kSun, hm(2), 30, 8, 4)))
        << QStringList{QStringLiteral("2|4|line 2 overlaps line 4 on Sun 02:00-02:30")};
    QTest::newRow("batch and batch")
        << Schedule(Build(z).add(batch(kSun, hm(2), 30, 8, 1)).add(batch(kSat | kSun, hm(2, 15), 60, 4, 2)))
        << QStringList{QStringLiteral("1|2|line 1 overlaps line 2 on Sun 02:15-02:30")};
    QTest::newRow("dated batch and weekly")
        << Schedule(
               Build(z).add(weekly(kSun, hm(3), hm(5), 1, 2)).add(datedBatch(QDate(2026, 11, 29), hm(2), 90, 8, 6)))
        << QStringList{QStringLiteral("2|6|line 2 overlaps line 6 on 2026-11-29 03:00-03:30")};
    QTest::newRow("dated batch and weekly on another day")
        << Schedule(
               Build(z).add(weekly(kMon, hm(3), hm(5), 1, 2)).add(datedBatch(QDate(2026, 11, 29), hm(2), 90, 8, 6)))
        << QStringList();
    QTest::newRow("one-offs") << Schedule(Build(z)
                                              .add(oneOff(QDate(2026, 11, 30), hm(18), hm(22), 4, 7))
                                              .add(oneOff(QDate(2026, 11, 30), hm(21), hm(23), 2, 8)))
                              << QStringList{QStringLiteral("7|8|line 7 overlaps line 8 on 2026-11-30 21:00-22:00")};
    QTest::newRow("one-off and weekly: different tiers")
        << Schedule(
               Build(z).add(weekly(kMon, hm(18), hm(20), 2, 1)).add(oneOff(QDate(2026, 11, 30), hm(18), hm(22), 4, 2)))
        << QStringList();
    QTest::newRow("holidays") << Schedule(Build(z)
                                              .add(holiday(QDate(2026, 12, 24), QDate(2026, 12, 26), 0, 9))
                                              .add(holiday(QDate(2026, 12, 25), QDate(2026, 12, 25), std::nullopt, 10)))
                              << QStringList{QStringLiteral("9|10|line 9 overlaps line 10 on 2026-12-25")};
    QTest::newRow("holiday ranges") << Schedule(Build(z)
                                                    .add(holiday(QDate(2026, 12, 27), QDate(2026, 12, 31), 1, 12))
                                                    .add(holiday(QDate(2026, 12, 24), QDate(2026, 12, 28), 0, 11)))
                                    << QStringList{
                                           QStringLiteral("11|12|line 11 overlaps line 12 on 2026-12-27..2026-12-28")};
    QTest::newRow("three rules, sorted by line")
        << Schedule(Build(z)
                        .add(weekly(kMon, hm(9), hm(12), 1, 5))
                        .add(weekly(kMon, hm(8), hm(10), 2, 1))
                        .add(weekly(kMon, hm(11), hm(13), 3, 3)))
        << QStringList{QStringLiteral("1|5|line 1 overlaps line 5 on Mon 09:00-10:00"),
                       QStringLiteral("3|5|line 3 overlaps line 5 on Mon 11:00-12:00")};
}

void TestScheduleEvaluator::overlaps()
{
    QFETCH(Schedule, schedule);
    QFETCH(QStringList, expected);
    QStringList actual;
    for (const ScheduleWarning &w : findOverlaps(schedule))
        actual << QStringLiteral("%1|%2|%3").arg(w.line).arg(w.otherLine).arg(w.message);
    QCOMPARE(actual, expected);
}

void TestScheduleEvaluator::weekGrid_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<WeekGrid>("expected");

    WeekGrid grid = filledGrid(0);
    for (int day = 0; day < 5; ++day)
        paint(grid, day, 28, 68, 2);
    QTest::newRow("business hours") << businessHours(kLjubljana) << grid;
    QTest::newRow("wall clock: same in New York") << businessHours(kNewYork) << grid;

    grid = filledGrid(1);
    for (int day = 0; day < 7; ++day)
        paint(grid, day, 0, 24, 0);
    QTest::newRow("nights at 0, default 1")
        << Schedule(Build(kLjubljana, 1).add(weekly(kAllDays, hm(0), hm(6), 0))) << grid;

    grid = filledGrid(0);
    paint(grid, 6, 8, 9, 8);
    QTest::newRow("a short batch shows in its cell")
        << Schedule(Build(kLjubljana).add(batch(kSun, hm(2, 5), 10, 8))) << grid;
    grid = filledGrid(0);
    paint(grid, 6, 8, 10, 8);
    QTest::newRow("any part of a cell counts")
        << Schedule(Build(kLjubljana).add(batch(kSun, hm(2, 10), 10, 8))) << grid;

    grid = filledGrid(0);
    paint(grid, 0, 36, 38, 2);
    paint(grid, 0, 38, 44, 3);
    QTest::newRow("the largest count wins")
        << Schedule(Build(kLjubljana).add(weekly(kMon, hm(9), hm(10), 2)).add(weekly(kMon, hm(9, 30), hm(11), 3)))
        << grid;

    grid = filledGrid(0);
    paint(grid, 6, 88, 96, 1);
    paint(grid, 0, 0, 24, 1);
    QTest::newRow("across the week's end")
        << Schedule(Build(kLjubljana).add(weekly(kSun, hm(22), hm(6), 1, 0, 1))) << grid;

    grid = filledGrid(0);
    paint(grid, 4, 88, 96, 3);
    paint(grid, 5, 0, 24, 3);
    QTest::newRow("Friday night") << Schedule(Build(kLjubljana).add(weekly(kFri, hm(22), hm(6), 3))) << grid;

    grid = filledGrid(0);
    paint(grid, 0, 72, 96, 2);
    paint(grid, 5, 0, 96, 4);
    QTest::newRow("to 24:00 and all day")
        << Schedule(Build(kLjubljana).add(weekly(kMon, hm(18), hm(0), 2)).add(weekly(kSat, hm(0), hm(0), 4))) << grid;

    QTest::newRow("a week-long batch") << Schedule(Build(kLjubljana).add(batch(kWed, hm(13), 7 * 24 * 60, 1)))
                                       << filledGrid(1);

    QTest::newRow("dated rules are not on the grid")
        << Schedule(Build(kLjubljana, 2)
                        .add(datedBatch(QDate(2026, 11, 29), hm(2), 90, 8))
                        .add(oneOff(QDate(2026, 11, 30), hm(18), hm(22), 4))
                        .add(holiday(QDate(2026, 12, 24), QDate(2026, 12, 26), 0)))
        << filledGrid(2);
}

void TestScheduleEvaluator::weekGrid()
{
    QFETCH(Schedule, schedule);
    QFETCH(WeekGrid, expected);
    const WeekGrid actual = weekGridOf(schedule);
    for (size_t i = 0; i < actual.size(); ++i) {
        if (actual[i] != expected[i]) {
            QFAIL(qPrintable(QStringLiteral("day %1 quarter %2: %3, expected %4")
                                 .arg(i / 96)
                                 .arg(i % 96)
                                 .arg(actual[i])
                                 .arg(expected[i])));
        }
    }
}

// weekGridOf(the windows weeklyWindowsFromGrid paints, and the default) is the grid painted.
void TestScheduleEvaluator::gridRoundTrip_data()
{
    QTest::addColumn<WeekGrid>("grid");
    QTest::addColumn<int>("defaultReplicas");

    QTest::newRow("all default") << filledGrid(0) << 0;
    QTest::newRow("all one count, default 0") << filledGrid(2) << 0;
    QTest::newRow("business hours") << weekGridOf(businessHours(kLjubljana)) << 0;
    WeekGrid grid = filledGrid(1);
    paint(grid, 4, 88, 96, 3);
    paint(grid, 5, 0, 24, 3);
    paint(grid, 6, 0, 96, 0);
    QTest::newRow("overnight and a day at 0") << grid << 1;
    grid = filledGrid(0);
    paint(grid, 2, 4, 8, 1);
    paint(grid, 2, 8, 12, 2);
    paint(grid, 2, 12, 13, 5);
    paint(grid, 2, 95, 96, 1);
    QTest::newRow("several counts in a day") << grid << 0;
    for (quint32 seed : {1u, 2u, 3u, 7u}) {
        QTest::addRow("random runs, seed %u", seed) << randomGrid(seed, 24, 3) << int(seed % 2);
    }
    QTest::newRow("random noise, seed 42") << randomGrid(42, 1, 6) << 0;
}

void TestScheduleEvaluator::gridRoundTrip()
{
    QFETCH(WeekGrid, grid);
    QFETCH(int, defaultReplicas);

    Schedule schedule;
    schedule.defaultReplicas = defaultReplicas;
    schedule.weekly = weeklyWindowsFromGrid(grid, defaultReplicas);
    for (const WeeklyWindow &w : schedule.weekly) {
        QVERIFY(w.replicas != defaultReplicas);
        QVERIFY(w.days != 0);
        QCOMPARE(w.endDayOffset, 0);
        QCOMPARE(w.start.msecsSinceStartOfDay() % (15 * 60 * 1000), 0);
        QCOMPARE(w.end.msecsSinceStartOfDay() % (15 * 60 * 1000), 0);
    }
    QVERIFY(weekGridOf(schedule) == grid);
    QVERIFY(findOverlaps(schedule).empty());
}

void TestScheduleEvaluator::gridToWindowsMerges()
{
    // Equal runs on several days are one window.
    auto windows = weeklyWindowsFromGrid(weekGridOf(businessHours(kLjubljana)), 0);
    QCOMPARE(int(windows.size()), 1);
    QVERIFY(windows[0] == weekly(kMonFri, hm(7), hm(17), 2));

    // A run up to midnight ends at 24:00 (end 00:00) and stays apart from the next day's run.
    WeekGrid grid = filledGrid(0);
    paint(grid, 4, 88, 96, 3);
    paint(grid, 5, 0, 24, 3);
    windows = weeklyWindowsFromGrid(grid, 0);
    QCOMPARE(int(windows.size()), 2);
    QVERIFY(windows[0] == weekly(kFri, hm(22), hm(0), 3));
    QVERIFY(windows[1] == weekly(kSat, hm(0), hm(6), 3));

    // A whole day is 00:00-24:00.
    grid = filledGrid(1);
    paint(grid, 6, 0, 96, 0);
    windows = weeklyWindowsFromGrid(grid, 1);
    QCOMPARE(int(windows.size()), 1);
    QVERIFY(windows[0] == weekly(kSun, hm(0), hm(0), 0));

    QVERIFY(weeklyWindowsFromGrid(filledGrid(3), 3).empty());
}

void TestScheduleEvaluator::projection_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::addColumn<Overrides>("overrides");
    QTest::addColumn<QDateTime>("weekStart");
    QTest::addColumn<double>("gpusPerReplica");
    QTest::addColumn<double>("gpuHours");
    QTest::addColumn<double>("alwaysOn");
    QTest::addColumn<int>("peak");

    const QDateTime week = utc(2026, 11, 15, 23, 0); // Mon 2026-11-16 00:00 in Ljubljana
    QTest::newRow("business hours: 100 of 336, 0.30")
        << businessHours(kLjubljana) << Overrides{} << week << 1.0 << 100.0 << 336.0 << 2;
    QTest::newRow("two GPUs a replica") << businessHours(kLjubljana) << Overrides{} << week << 2.0 << 200.0 << 672.0
                                        << 2;
    QTest::newRow("week not starting on Monday")
        << businessHours(kLjubljana) << Overrides{} << week.addDays(3) << 1.0 << 100.0 << 336.0 << 2;
    QTest::newRow("fall-back week: still 10 wall hours a day")
        << businessHours(kLjubljana) << Overrides{} << utc(2026, 10, 18, 22, 0) << 1.0 << 100.0 << 336.0 << 2;
    QTest::newRow("pre-warm 10m adds 10 minutes a day")
        << businessHours(kLjubljana, 10) << Overrides{} << week << 1.0 << 2.0 * 5 * (10.0 + 1.0 / 6) << 336.0 << 2;
    QTest::newRow("batch Sun 02:00+30m = 8: 4 of 1344") << Schedule(Build(kLjubljana).add(batch(kSun, hm(2), 30, 8)))
                                                        << Overrides{} << week << 1.0 << 4.0 << 1344.0 << 8;
    QTest::newRow("overnight across fall back: 9 real hours")
        << Schedule(Build(kLjubljana).add(weekly(kSat, hm(22), hm(6), 1))) << Overrides{} << utc(2026, 10, 18, 22, 0)
        << 1.0 << 9.0 << 168.0 << 1;
    QTest::newRow("overnight across spring forward: 7 real hours")
        << Schedule(Build(kLjubljana).add(weekly(kSat, hm(22), hm(6), 1))) << Overrides{} << utc(2026, 3, 22, 23, 0)
        << 1.0 << 7.0 << 168.0 << 1;
    QTest::newRow("override all week") << Schedule(Build(kLjubljana))
                                       << Overrides{override_(3, week.addDays(-1), week.addDays(8))} << week << 1.0
                                       << 504.0 << 504.0 << 3;
    QTest::newRow("a holiday takes a day off")
        << Schedule(Build(businessHours(kLjubljana)).add(holiday(QDate(2026, 11, 18), QDate(2026, 11, 18), 0)))
        << Overrides{} << week << 1.0 << 80.0 << 336.0 << 2;
    QTest::newRow("always at default") << Schedule(Build(kLjubljana, 2)) << Overrides{} << week << 0.5 << 168.0 << 168.0
                                       << 2;
    QTest::newRow("nothing") << Schedule(Build(kLjubljana)) << Overrides{} << week << 1.0 << 0.0 << 0.0 << 0;
}

void TestScheduleEvaluator::projection()
{
    QFETCH(Schedule, schedule);
    QFETCH(Overrides, overrides);
    QFETCH(QDateTime, weekStart);
    QFETCH(double, gpusPerReplica);
    QFETCH(double, gpuHours);
    QFETCH(double, alwaysOn);
    QFETCH(int, peak);

    const WeekProjection projection = projectWeek(ScheduleEvaluator(schedule, overrides), weekStart, gpusPerReplica);
    QVERIFY2(qAbs(projection.gpuHours - gpuHours) < 1e-9, qPrintable(QString::number(projection.gpuHours)));
    QVERIFY2(qAbs(projection.alwaysOnGpuHours - alwaysOn) < 1e-9,
             qPrintable(QString::number(projection.alwaysOnGpuHours)));
    QCOMPARE(projection.peakReplicas, peak);
    QCOMPARE(projection.fractionOfAlwaysOn(), alwaysOn > 0 ? gpuHours / alwaysOn : 0.0);
}

void TestScheduleEvaluator::invalidZoneEvaluatesAsUtc()
{
    const ScheduleEvaluator evaluator(businessHours("Not/AZone"));
    QVERIFY(!evaluator.zoneIsValid());
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 16, 6, 59, 59)).replicas, 0);
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 16, 7, 0)).replicas, 2);
    QCOMPARE(evaluator.desiredAt(utc(2026, 11, 16, 17, 0)).replicas, 0);
    const auto transitions = evaluator.transitions(utc(2026, 11, 16, 0, 0), utc(2026, 11, 17, 0, 0));
    QCOMPARE(int(transitions.size()), 2);
    QCOMPARE(transitions[0].atUtc, utc(2026, 11, 16, 7, 0));
    QVERIFY(transitions[0].atLocal.isValid());
    QCOMPARE(transitions[0].atLocal.time(), hm(7));

    // An instant given in another time spec is the same instant.
    const ScheduleEvaluator lj(businessHours(kLjubljana));
    const QDateTime inZone(QDate(2026, 11, 16), hm(7), QTimeZone(kLjubljana));
    QCOMPARE(lj.desiredAt(inZone).replicas, 2);
    QCOMPARE(lj.desiredAt(inZone.addSecs(-1)).replicas, 0);
}

QTEST_GUILESS_MAIN(TestScheduleEvaluator)
#include "test_scheduleevaluator.moc"
