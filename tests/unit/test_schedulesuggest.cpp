// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A weekly schedule suggested from traffic (issue 12): four synthetic weeks at a 5-minute step, each shaped like
// a deployment ScaleDeck is asked about (office hours, a weekly batch, a holiday, stray requests at night, a DST
// change), and the bad inputs a caller can hand in.
#include "schedulesuggestion.h"
#include "scheduletext.h"

#include <QtTest>

#include <cmath>
#include <functional>
#include <limits>

using namespace scaledeck;

namespace {

const QByteArray kLjubljana = "Europe/Ljubljana";
constexpr int kStepS = 300;

// The rate of the step that starts at this local wall time (weekday 1..7, time), in the week `week` (0-based).
using RateAt = std::function<double(int week, int weekday, const QTime &time)>;

// `weeks` weeks of points at a step of `stepS` from local midnight of `firstDay` in `zone`: each point stands
// for the step that ends at it, at the rate `rateAt` gives for the wall time the step starts at.
RateSeries generate(const QDate &firstDay, int weeks, const QByteArray &zoneId, const RateAt &rateAt,
                    int stepS = kStepS)
{
    const QTimeZone zone(zoneId);
    const QDateTime startUtc = QDateTime(firstDay, QTime(0, 0), zone).toUTC();
    RateSeries series;
    series.stepS = stepS;
    const int count = weeks * 7 * 24 * 3600 / stepS;
    for (int i = 1; i <= count; ++i) {
        const QDateTime stepStart = startUtc.addSecs(qint64(i - 1) * stepS).toTimeZone(zone);
        const int week = int(firstDay.daysTo(stepStart.date()) / 7);
        const double rate = rateAt(week, stepStart.date().dayOfWeek(), stepStart.time());
        series.points.push_back({startUtc.addSecs(qint64(i) * stepS), rate});
    }
    return series;
}

bool within(const QTime &time, int fromHour, int toHour)
{
    return time >= QTime(fromHour, 0) && time < QTime(toHour, 0);
}

// Mon-Fri 07:00-17:00 at 10 req/s.
double officeHours(int weekday, const QTime &time)
{
    return weekday <= 5 && within(time, 7, 17) ? 10.0 : 0.0;
}

// Monday 2026-01-05, four weeks without a DST change.
const QDate kWinterMonday(2026, 1, 5);

RateSeries officeWeeks()
{
    return generate(kWinterMonday, 4, kLjubljana,
                    [](int, int weekday, const QTime &time) { return officeHours(weekday, time); });
}

SuggestOptions ljubljana()
{
    SuggestOptions options;
    options.timeZone = kLjubljana;
    return options;
}

ScheduleSuggestion suggest(const RateSeries &series, const SuggestOptions &options)
{
    Result<ScheduleSuggestion, SuggestError> result = suggestSchedule(series, options);
    if (!result)
        qFatal("suggestSchedule failed: %s", qPrintable(result.error().message));
    return std::move(result).value();
}

QString lines(std::initializer_list<const char *> rules)
{
    QString text;
    for (const char *rule : rules)
        text += QString::fromLatin1(rule) + QLatin1Char('\n');
    return text;
}

bool near(double actual, double expected)
{
    return std::abs(actual - expected) < 1e-9 * std::max(1.0, std::abs(expected));
}

} // namespace

Q_DECLARE_METATYPE(scaledeck::RateSeries)

class TestScheduleSuggest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void officeHoursBecomeOneWindow();
    void hourlyStepCoversItsSlots();
    void coldStartBecomesPrewarm();
    void prewarmLeadIsServed();
    void weeklyBatchBecomesShortSundayWindow();
    void nightWindowCrossesMidnight();
    void longWindowsNameTheirEnd();
    void holidayKeepsTheWindow();
    void strayNightRequestsAddNoWindow();
    void shortGapsAreClosed();
    void dstChangeKeepsLocalWindows_data();
    void dstChangeKeepsLocalWindows();
    void thresholdIgnoresLowBackground();
    void targetPerReplicaSizesWindows_data();
    void targetPerReplicaSizesWindows();
    void busyAllWeekIsDefault();
    void badInputIsRefused_data();
    void badInputIsRefused();
    void sameInputSameSuggestion();
};

void TestScheduleSuggest::officeHoursBecomeOneWindow()
{
    SuggestOptions options = ljubljana();
    options.observedReplicas = 2;
    options.current = parseScheduleText(QStringLiteral("tz Europe/Ljubljana\ndefault 1\n")).schedule;
    const ScheduleSuggestion s = suggest(officeWeeks(), options);

    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-17:00 = 2"}));
    QVERIFY(parseScheduleText(s.text).schedule == s.schedule); // the text is the schedule
    QCOMPARE(s.weeks, 4);
    QCOMPARE(s.coveredFraction, 1.0);
    QCOMPARE(s.missedRequests, 0.0);
    QVERIFY(s.missedHours.empty());
    // 50 of the week's 168 hours at 2 replicas, against 2 replicas all the time; today's 1 replica all the time.
    QVERIFY2(near(s.gpuHours, 4 * 50 * 2), qPrintable(QString::number(s.gpuHours)));
    QVERIFY2(near(s.alwaysOnGpuHours, 4 * 168 * 2), qPrintable(QString::number(s.alwaysOnGpuHours)));
    QVERIFY(near(s.gpuHours / s.alwaysOnGpuHours, 50.0 / 168.0));
    QVERIFY(s.currentGpuHours);
    QVERIFY(near(*s.currentGpuHours, 4 * 168));
}

void TestScheduleSuggest::hourlyStepCoversItsSlots()
{
    // A coarse range query (one point an hour): each point's rate holds for the four 15-minute slots of its hour.
    const RateSeries series = generate(
        kWinterMonday, 4, kLjubljana, [](int, int weekday, const QTime &time) { return officeHours(weekday, time); },
        3600);
    const ScheduleSuggestion s = suggest(series, ljubljana());
    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-17:00 = 1"}));
    QCOMPARE(s.coveredFraction, 1.0);
}

void TestScheduleSuggest::coldStartBecomesPrewarm()
{
    SuggestOptions options = ljubljana();
    options.coldStartSeconds = 95; // rounded up: 2 minutes
    options.gpusPerReplica = 0.5;
    const ScheduleSuggestion s = suggest(officeWeeks(), options);

    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "prewarm 2m", "Mon-Fri 07:00-17:00 = 1"}));
    // The controller holds the replica 2 minutes early on each of the 20 days: the figure includes that.
    QVERIFY2(near(s.gpuHours, (4 * 50 + 20 * 2.0 / 60.0) * 0.5), qPrintable(QString::number(s.gpuHours)));
    QVERIFY(near(s.alwaysOnGpuHours, 4 * 168 * 0.5));
    QVERIFY(!s.currentGpuHours); // no schedule in force given
}

void TestScheduleSuggest::prewarmLeadIsServed()
{
    // One request in the step 06:55-07:00 of the third Monday: no window of its own, but a 10-minute prewarm
    // has the replica up by 06:50, so it is served; without one it is missed.
    const RateSeries series = generate(kWinterMonday, 4, kLjubljana, [](int week, int weekday, const QTime &time) {
        return week == 2 && weekday == 1 && time == QTime(6, 55) ? 1.0 / kStepS : officeHours(weekday, time);
    });
    SuggestOptions options = ljubljana();
    QVERIFY(near(suggest(series, options).missedRequests, 1.0));
    options.coldStartSeconds = 600;
    const ScheduleSuggestion s = suggest(series, options);
    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "prewarm 10m", "Mon-Fri 07:00-17:00 = 1"}));
    QCOMPARE(s.missedRequests, 0.0);
}

void TestScheduleSuggest::weeklyBatchBecomesShortSundayWindow()
{
    const RateSeries series = generate(kWinterMonday, 4, kLjubljana, [](int, int weekday, const QTime &time) {
        return weekday == 7 && time >= QTime(2, 0) && time < QTime(2, 30) ? 50.0 : 0.0;
    });
    const ScheduleSuggestion s = suggest(series, ljubljana());

    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "Sun 02:00-02:30 = 1"}));
    QVERIFY(near(s.gpuHours, 4 * 0.5));
    QCOMPARE(s.missedRequests, 0.0);
}

void TestScheduleSuggest::nightWindowCrossesMidnight()
{
    // Mon-Fri evenings 22:00 into the next morning's 06:00.
    const RateSeries series = generate(kWinterMonday, 4, kLjubljana, [](int, int weekday, const QTime &time) {
        const bool evening = weekday <= 5 && time >= QTime(22, 0);
        const bool morning = weekday >= 2 && weekday <= 6 && time < QTime(6, 0);
        return evening || morning ? 3.0 : 0.0;
    });
    const ScheduleSuggestion s = suggest(series, ljubljana());

    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 22:00-06:00 = 1"}));
    QCOMPARE(s.missedRequests, 0.0);
}

void TestScheduleSuggest::longWindowsNameTheirEnd()
{
    // A weekend service, Fri 18:00 to Mon 06:00: one window with its end day.
    const RateSeries weekend = generate(kWinterMonday, 4, kLjubljana, [](int, int weekday, const QTime &time) {
        const bool on = (weekday == 5 && time >= QTime(18, 0)) || weekday == 6 || weekday == 7 ||
                        (weekday == 1 && time < QTime(6, 0));
        return on ? 2.0 : 0.0;
    });
    const ScheduleSuggestion s = suggest(weekend, ljubljana());
    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "Fri 18:00-Mon 06:00 = 1"}));
    QVERIFY(parseScheduleText(s.text).schedule == s.schedule);
    QVERIFY(near(s.gpuHours, 4 * 60));

    // Up all week but a maintenance hour on Monday: longer than an end day can say, so a batch of its length.
    const RateSeries allButOneHour = generate(kWinterMonday, 4, kLjubljana, [](int, int weekday, const QTime &time) {
        return weekday == 1 && within(time, 3, 4) ? 0.0 : 2.0;
    });
    const ScheduleSuggestion batch = suggest(allButOneHour, ljubljana());
    QCOMPARE(batch.text, lines({"tz Europe/Ljubljana", "default 0", "Mon 04:00+167h = 1"}));
    QVERIFY(parseScheduleText(batch.text).schedule == batch.schedule);
    QVERIFY(near(batch.gpuHours, 4 * 167));
}

void TestScheduleSuggest::holidayKeepsTheWindow()
{
    // Wednesday of the second week is a holiday: no requests all day.
    const RateSeries series = generate(kWinterMonday, 4, kLjubljana, [](int week, int weekday, const QTime &time) {
        return week == 1 && weekday == 3 ? 0.0 : officeHours(weekday, time);
    });
    const ScheduleSuggestion s = suggest(series, ljubljana());

    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-17:00 = 1"}));
    QCOMPARE(s.missedRequests, 0.0);
}

void TestScheduleSuggest::strayNightRequestsAddNoWindow()
{
    // In the third week only: one request at Tue 03:00, one at Tue 03:20, one at Thu 23:40 (one request in a
    // 5-minute step is 1/300 req/s).
    const RateSeries series = generate(kWinterMonday, 4, kLjubljana, [](int week, int weekday, const QTime &time) {
        const bool stray = week == 2 && ((weekday == 2 && (time == QTime(3, 0) || time == QTime(3, 20))) ||
                                         (weekday == 4 && time == QTime(23, 40)));
        return stray ? 1.0 / kStepS : officeHours(weekday, time);
    });
    const ScheduleSuggestion s = suggest(series, ljubljana());

    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-17:00 = 1"}));
    QVERIFY2(near(s.missedRequests, 3.0), qPrintable(QString::number(s.missedRequests, 'g', 17)));
    QCOMPARE(int(s.missedHours.size()), 2);
    QCOMPARE(s.missedHours[0].weekday, 2); // Tuesday 03:00-04:00: two requests, first
    QCOMPARE(s.missedHours[0].hour, 3);
    QVERIFY(near(s.missedHours[0].requests, 2.0));
    QCOMPARE(s.missedHours[1].weekday, 4);
    QCOMPARE(s.missedHours[1].hour, 23);
    QVERIFY(near(s.missedHours[1].requests, 1.0));
}

void TestScheduleSuggest::shortGapsAreClosed()
{
    // A 15-minute lunch lull is bridged; an hour-long one splits the day.
    const auto withLull = [](int lullMinutes) {
        return generate(kWinterMonday, 4, kLjubljana, [lullMinutes](int, int weekday, const QTime &time) {
            const bool lull = time >= QTime(12, 0) && time < QTime(12, 0).addSecs(lullMinutes * 60);
            return lull ? 0.0 : officeHours(weekday, time);
        });
    };
    QCOMPARE(suggest(withLull(15), ljubljana()).text,
             lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-17:00 = 1"}));
    QCOMPARE(suggest(withLull(60), ljubljana()).text,
             lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-12:00 = 1", "Mon-Fri 13:00-17:00 = 1"}));
}

void TestScheduleSuggest::dstChangeKeepsLocalWindows_data()
{
    QTest::addColumn<QDate>("firstDay");
    // Summer time starts Sunday 2026-03-29 (a 23-hour day) and ends Sunday 2026-10-25 (25 hours), in the third
    // of the four weeks: the offset of 07:00 local to UTC differs before and after by an hour.
    QTest::newRow("spring forward") << QDate(2026, 3, 16);
    QTest::newRow("fall back") << QDate(2026, 10, 12);
}

void TestScheduleSuggest::dstChangeKeepsLocalWindows()
{
    QFETCH(QDate, firstDay);
    const RateSeries series = generate(firstDay, 4, kLjubljana,
                                       [](int, int weekday, const QTime &time) { return officeHours(weekday, time); });
    const ScheduleSuggestion s = suggest(series, ljubljana());

    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-17:00 = 1"}));
    QCOMPARE(s.missedRequests, 0.0);
    QVERIFY2(near(s.gpuHours, 4 * 50), qPrintable(QString::number(s.gpuHours)));
    QVERIFY2(near(s.alwaysOnGpuHours, 4 * 168), qPrintable(QString::number(s.alwaysOnGpuHours))); // 8,064 steps
}

void TestScheduleSuggest::thresholdIgnoresLowBackground()
{
    // Office hours, then a trickle of 0.5 req/s until 22:00.
    const RateSeries series = generate(kWinterMonday, 4, kLjubljana, [](int, int weekday, const QTime &time) {
        return weekday <= 5 && within(time, 17, 22) ? 0.5 : officeHours(weekday, time);
    });
    SuggestOptions options = ljubljana();
    const ScheduleSuggestion any = suggest(series, options);
    QCOMPARE(any.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-22:00 = 1"}));
    QCOMPARE(any.missedRequests, 0.0);

    options.thresholdPerS = 1;
    const ScheduleSuggestion above = suggest(series, options);
    QCOMPARE(above.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-17:00 = 1"}));
    // The trickle is what the proposal parks: 20 evenings of 5 hours at 0.5 req/s.
    QVERIFY2(near(above.missedRequests, 20 * 5 * 3600 * 0.5), qPrintable(QString::number(above.missedRequests)));
    QCOMPARE(int(above.missedHours.size()), 5 * 5); // Mon-Fri, 17:00 .. 21:00
}

void TestScheduleSuggest::targetPerReplicaSizesWindows_data()
{
    QTest::addColumn<double>("target");
    QTest::addColumn<QString>("window");
    QTest::newRow("10 per replica") << 10.0 << QStringLiteral("Mon-Fri 07:00-17:00 = 1");
    QTest::newRow("4 per replica") << 4.0 << QStringLiteral("Mon-Fri 07:00-17:00 = 3");
    QTest::newRow("2.5 per replica") << 2.5 << QStringLiteral("Mon-Fri 07:00-17:00 = 4");
    QTest::newRow("100 per replica: at least 1") << 100.0 << QStringLiteral("Mon-Fri 07:00-17:00 = 1");
}

void TestScheduleSuggest::targetPerReplicaSizesWindows()
{
    QFETCH(double, target);
    QFETCH(QString, window);
    // One 15-minute spike of 200 req/s on the second Monday: the p95 of Monday's 160 slot rates ignores it.
    const RateSeries series = generate(kWinterMonday, 4, kLjubljana, [](int week, int weekday, const QTime &time) {
        const bool spike = week == 1 && weekday == 1 && time >= QTime(10, 0) && time < QTime(10, 15);
        return spike ? 200.0 : officeHours(weekday, time);
    });
    SuggestOptions options = ljubljana();
    options.targetPerReplica = target;
    options.observedReplicas = 7; // ignored with a target
    const ScheduleSuggestion s = suggest(series, options);
    QCOMPARE(s.text, QStringLiteral("tz Europe/Ljubljana\ndefault 0\n") + window + QLatin1Char('\n'));
    const int replicas = s.schedule.weekly.front().replicas;
    QVERIFY(near(s.alwaysOnGpuHours, 4 * 168.0 * replicas));
}

void TestScheduleSuggest::busyAllWeekIsDefault()
{
    const RateSeries series = generate(kWinterMonday, 4, kLjubljana, [](int, int, const QTime &) { return 1.0; });
    const ScheduleSuggestion s = suggest(series, ljubljana());
    QCOMPARE(s.text, lines({"tz Europe/Ljubljana", "default 1"}));
    QVERIFY(near(s.gpuHours, s.alwaysOnGpuHours));
}

void TestScheduleSuggest::badInputIsRefused_data()
{
    QTest::addColumn<RateSeries>("series");
    QTest::addColumn<QByteArray>("timeZone");
    QTest::addColumn<int>("slotMinutes");
    QTest::addColumn<double>("target"); // < 0: none
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("mentions");

    const RateSeries good = officeWeeks();
    const auto changed = [&good](const std::function<void(RateSeries &)> &change) {
        RateSeries series = good;
        change(series);
        return series;
    };
    const auto row = [](const char *name, const RateSeries &series, SuggestErrorKind kind, const char *mentions,
                        const QByteArray &zone = kLjubljana, int slot = 15, double target = -1) {
        QTest::newRow(name) << series << zone << slot << target << int(kind) << QString::fromLatin1(mentions);
    };
    row("empty", RateSeries{}, SuggestErrorKind::EmptySeries, "no points");
    row("step 0", changed([](RateSeries &s) { s.stepS = 0; }), SuggestErrorKind::BadStep, "not 0");
    row("step -60", changed([](RateSeries &s) { s.stepS = -60; }), SuggestErrorKind::BadStep, "not -60");
    row("negative rate", changed([](RateSeries &s) { s.points[100].perSecond = -1; }), SuggestErrorKind::BadRate,
        "rate -1 at 2026-01-05T07:25:00Z");
    row("NaN rate", changed([](RateSeries &s) { s.points[5].perSecond = std::nan(""); }), SuggestErrorKind::BadRate,
        "nan");
    row("infinite rate",
        changed([](RateSeries &s) { s.points[5].perSecond = std::numeric_limits<double>::infinity(); }),
        SuggestErrorKind::BadRate, "inf");
    row("out of order", changed([](RateSeries &s) { std::swap(s.points[10], s.points[11]); }),
        SuggestErrorKind::PointsOutOfOrder, "does not follow");
    row("six days", changed([](RateSeries &s) { s.points.resize(6 * 288); }), SuggestErrorKind::TooShort,
        "spans 6.0 days");
    row("unknown zone", good, SuggestErrorKind::UnknownTimeZone, "Europe/Atlantis", "Europe/Atlantis");
    row("slot of 7 minutes", good, SuggestErrorKind::BadOption, "7 minutes", kLjubljana, 7);
    row("target 0", good, SuggestErrorKind::BadOption, "per replica must be > 0, not 0", kLjubljana, 15, 0);
}

void TestScheduleSuggest::badInputIsRefused()
{
    QFETCH(RateSeries, series);
    QFETCH(QByteArray, timeZone);
    QFETCH(int, slotMinutes);
    QFETCH(double, target);
    QFETCH(int, kind);
    QFETCH(QString, mentions);
    SuggestOptions options;
    options.timeZone = timeZone;
    options.slotMinutes = slotMinutes;
    if (target >= 0)
        options.targetPerReplica = target;
    const Result<ScheduleSuggestion, SuggestError> result = suggestSchedule(series, options);
    QVERIFY(!result);
    QCOMPARE(int(result.error().kind), kind);
    QVERIFY2(result.error().message.contains(mentions, Qt::CaseInsensitive), qPrintable(result.error().message));
}

void TestScheduleSuggest::sameInputSameSuggestion()
{
    // A week with a bit of everything: office hours, a batch, a night window, stray requests.
    const RateAt mixed = [](int week, int weekday, const QTime &time) {
        if (weekday == 7 && time >= QTime(2, 0) && time < QTime(2, 30))
            return 40.0;
        if (weekday == 6 && within(time, 20, 23))
            return 2.0;
        if (week == 3 && weekday == 3 && time == QTime(1, 5))
            return 0.1;
        return officeHours(weekday, time) * (1 + 0.1 * ((week + weekday) % 3));
    };
    SuggestOptions options = ljubljana();
    options.targetPerReplica = 3;
    const ScheduleSuggestion first = suggest(generate(kWinterMonday, 4, kLjubljana, mixed), options);
    const ScheduleSuggestion second = suggest(generate(kWinterMonday, 4, kLjubljana, mixed), options);
    QCOMPARE(second.text, first.text);
    QCOMPARE(second.gpuHours, first.gpuHours);
    QCOMPARE(second.missedRequests, first.missedRequests);
    QCOMPARE(int(second.missedHours.size()), int(first.missedHours.size()));
    QCOMPARE(first.text, lines({"tz Europe/Ljubljana", "default 0", "Mon-Fri 07:00-17:00 = 4", "Sat 20:00-23:00 = 1",
                                "Sun 02:00-02:30 = 14"}));
}

QTEST_GUILESS_MAIN(TestScheduleSuggest)
#include "test_schedulesuggest.moc"
