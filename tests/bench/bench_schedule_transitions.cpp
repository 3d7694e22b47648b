// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A week of transitions for 1,000 schedules, and what one controller tick (1,000 x effectiveAt) costs.
// Prints figures; no pass/fail. Run from scripts/bench.sh or by hand.

#include "scheduleevaluator.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTextStream>

#include <algorithm>
#include <vector>

using namespace scaledeck;

namespace {

constexpr int kSchedules = 1000;
constexpr int kRuns = 5;

QTime quarterTime(QRandomGenerator &random, int fromHour, int toHour)
{
    return QTime(fromHour + int(random.bounded(toHour - fromHour)), 15 * int(random.bounded(4)));
}

// Varied like real schedules: business hours, nights, week-crossing windows, batches, one-offs, holidays,
// pre-warm, in zones with and without DST. Fixed seed: the same 1,000 schedules every run.
std::vector<Schedule> makeSchedules(int count)
{
    static const QByteArray zones[] = {"Europe/Ljubljana",    "America/New_York", "UTC", "Asia/Tokyo", "Europe/London",
                                       "America/Los_Angeles", "Australia/Sydney"};
    QRandomGenerator random(20261019);
    std::vector<Schedule> schedules;
    schedules.reserve(count);
    for (int i = 0; i < count; ++i) {
        Schedule s;
        s.timeZone = zones[i % int(std::size(zones))];
        s.defaultReplicas = int(random.bounded(2));
        s.prewarmMinutes = i % 3 == 0 ? 10 : 0;

        WeeklyWindow business;
        business.days = 0x1f;
        business.start = quarterTime(random, 6, 9);
        business.end = quarterTime(random, 16, 19);
        business.replicas = 2 + int(random.bounded(3));
        s.weekly.push_back(business);

        if (i % 2 == 0) { // a night shift
            WeeklyWindow night;
            night.days = DayMask(1u << random.bounded(7));
            night.start = quarterTime(random, 20, 23);
            night.end = quarterTime(random, 2, 6);
            night.replicas = 1 + int(random.bounded(2));
            s.weekly.push_back(night);
        }
        if (i % 5 == 0) { // across the week's end
            WeeklyWindow weekend;
            weekend.days = DayMask(1u << 6);
            weekend.start = QTime(22, 0);
            weekend.end = QTime(6, 0);
            weekend.endDayOffset = 1;
            weekend.replicas = 1;
            s.weekly.push_back(weekend);
        }
        if (i % 3 == 0) { // a weekly batch, sometimes in the DST night
            BatchWindow b;
            b.days = DayMask(1u << (i % 2 == 0 ? 6 : random.bounded(7)));
            b.start = quarterTime(random, 0, 4);
            b.durationMinutes = 30 + 15 * int(random.bounded(8));
            b.replicas = 4 + int(random.bounded(5));
            s.batches.push_back(b);
        }
        if (i % 7 == 0) { // a dated batch in the DST week
            BatchWindow b;
            b.date = QDate(2026, 10, 19).addDays(random.bounded(7));
            b.start = quarterTime(random, 0, 23);
            b.durationMinutes = 90;
            b.replicas = 8;
            s.batches.push_back(b);
        }
        if (i % 4 == 0) { // one-offs in both benchmark weeks
            for (const QDate &week : {QDate(2026, 11, 16), QDate(2026, 10, 19)}) {
                OneOffWindow o;
                o.date = week.addDays(random.bounded(7));
                o.start = quarterTime(random, 12, 20);
                o.end = quarterTime(random, 20, 23);
                o.replicas = 3 + int(random.bounded(3));
                s.oneOffs.push_back(o);
            }
        }
        if (i % 6 == 0) { // holidays, one of them in a benchmark week
            DateException e;
            e.first = QDate(2026, 11, 18);
            e.last = e.first;
            e.replicas = 0;
            s.exceptions.push_back(e);
            DateException christmas;
            christmas.first = QDate(2026, 12, 24);
            christmas.last = QDate(2026, 12, 26);
            s.exceptions.push_back(christmas);
        }
        schedules.push_back(std::move(s));
    }
    return schedules;
}

struct Figures {
    std::vector<double> ms;
    qint64 transitions = 0;
};

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void print(QTextStream &out, const QString &what, const Figures &figures, int perRun)
{
    const double best = *std::min_element(figures.ms.begin(), figures.ms.end());
    const double med = median(figures.ms);
    out << what << Qt::endl
        << QStringLiteral("  total: min %1 ms, median %2 ms over %3 runs")
               .arg(best, 0, 'f', 2)
               .arg(med, 0, 'f', 2)
               .arg(figures.ms.size())
        << Qt::endl
        << QStringLiteral("  per schedule: min %1 us, median %2 us")
               .arg(best * 1000 / perRun, 0, 'f', 2)
               .arg(med * 1000 / perRun, 0, 'f', 2)
        << Qt::endl;
    if (figures.transitions > 0)
        out << QStringLiteral("  transitions per run: %1").arg(figures.transitions) << Qt::endl;
}

Figures timeTransitions(const std::vector<ScheduleEvaluator> &evaluators, const QDateTime &from, const QDateTime &to)
{
    Figures figures;
    for (int run = 0; run < kRuns; ++run) {
        qint64 transitions = 0;
        QElapsedTimer timer;
        timer.start();
        for (const ScheduleEvaluator &evaluator : evaluators)
            transitions += qint64(evaluator.transitions(from, to).size());
        figures.ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        figures.transitions = transitions;
    }
    return figures;
}

Figures timeTick(const std::vector<ScheduleEvaluator> &evaluators, const QDateTime &at)
{
    Figures figures;
    qint64 sum = 0;
    for (int run = 0; run < kRuns; ++run) {
        QElapsedTimer timer;
        timer.start();
        for (const ScheduleEvaluator &evaluator : evaluators)
            sum += evaluator.effectiveAt(at).replicas;
        figures.ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    if (sum < 0) // keeps the loop from being optimised away
        figures.transitions = sum;
    return figures;
}

} // namespace

int main()
{
    QTextStream out(stdout);
    std::vector<ScheduleEvaluator> evaluators;
    for (Schedule &schedule : makeSchedules(kSchedules))
        evaluators.emplace_back(std::move(schedule));
    out << QStringLiteral("%1 schedules").arg(evaluators.size()) << Qt::endl;

    const QDateTime plainWeek(QDate(2026, 11, 16), QTime(0, 0), Qt::UTC);
    print(out, QStringLiteral("transitions over one week (2026-11-16 .. 2026-11-23 UTC)"),
          timeTransitions(evaluators, plainWeek, plainWeek.addDays(7)), kSchedules);

    const QDateTime dstWeek(QDate(2026, 10, 19), QTime(0, 0), Qt::UTC);
    print(out, QStringLiteral("transitions over the DST week (2026-10-19 .. 2026-10-26 UTC)"),
          timeTransitions(evaluators, dstWeek, dstWeek.addDays(7)), kSchedules);

    print(out, QStringLiteral("one controller tick: 1,000 x effectiveAt (2026-11-18 06:55 UTC)"),
          timeTick(evaluators, QDateTime(QDate(2026, 11, 18), QTime(6, 55), Qt::UTC)), kSchedules);
    return 0;
}
