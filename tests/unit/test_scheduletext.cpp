// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The schedule's text and JSON forms: every rule kind, the canonical writers (round trips), every parse error
// with its line and column, the target syntax, and a robustness pass over truncated and corrupted input
// (run under ASan/UBSan by scripts/test.sh).
#include "schedule.h"
#include "schedulejson.h"
#include "scheduletext.h"

#include <QRandomGenerator>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scaledeck;

Q_DECLARE_METATYPE(scaledeck::Schedule)

namespace scaledeck {
// QCOMPARE shows a Schedule by its text form.
char *toString(const Schedule &schedule)
{
    return qstrdup(scheduleToText(schedule).toUtf8().constData());
}
} // namespace scaledeck

namespace {

constexpr DayMask kMon = 1 << 0, kTue = 1 << 1, kWed = 1 << 2, kThu = 1 << 3, kFri = 1 << 4, kSat = 1 << 5,
                  kSun = 1 << 6;
constexpr DayMask kWeekdays = kMon | kTue | kWed | kThu | kFri;

// The issue's example, as pinned.
const char kExampleText[] = "tz Europe/Ljubljana\n"
                            "default 0\n"
                            "Mon-Fri 07:00-17:00 = 2\n"
                            "Sun 02:00+30m = 8            # batch window: start and duration\n"
                            "2026-12-24..2026-12-26 = 0   # holiday range\n"
                            "2026-11-30 18:00-22:00 = 4   # one-off window\n"
                            "prewarm 10m\n";

const char kExampleCanonical[] = "tz Europe/Ljubljana\n"
                                 "default 0\n"
                                 "prewarm 10m\n"
                                 "Mon-Fri 07:00-17:00 = 2\n"
                                 "Sun 02:00+30m = 8\n"
                                 "2026-11-30 18:00-22:00 = 4\n"
                                 "2026-12-24..2026-12-26 = 0\n";

const char kExampleJson[] = R"({
  "target": "llm/LLM",
  "tz": "Europe/Ljubljana",
  "default": 0,
  "prewarm_minutes": 10,
  "drift": "keep",
  "weekly": [
    {
      "days": [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri"
      ],
      "start": "07:00",
      "end": "17:00",
      "replicas": 2
    }
  ],
  "batches": [
    {
      "days": [
        "Sun"
      ],
      "start": "02:00",
      "duration_minutes": 30,
      "replicas": 8
    }
  ],
  "one_offs": [
    {
      "date": "2026-11-30",
      "start": "18:00",
      "end": "22:00",
      "replicas": 4
    }
  ],
  "exceptions": [
    {
      "from": "2026-12-24",
      "to": "2026-12-26",
      "replicas": 0
    }
  ]
}
)";

QTime t(int hour, int minute = 0)
{
    return QTime(hour, minute);
}

QDate d(int year, int month, int day)
{
    return QDate(year, month, day);
}

WeeklyWindow weekly(DayMask days, QTime start, QTime end, int replicas, int endDayOffset = 0)
{
    WeeklyWindow window;
    window.days = days;
    window.start = start;
    window.end = end;
    window.endDayOffset = endDayOffset;
    window.replicas = replicas;
    return window;
}

BatchWindow batch(DayMask days, QTime start, int minutes, int replicas)
{
    BatchWindow window;
    window.days = days;
    window.start = start;
    window.durationMinutes = minutes;
    window.replicas = replicas;
    return window;
}

BatchWindow datedBatch(QDate date, QTime start, int minutes, int replicas)
{
    BatchWindow window;
    window.date = date;
    window.start = start;
    window.durationMinutes = minutes;
    window.replicas = replicas;
    return window;
}

OneOffWindow oneOff(QDate date, QTime start, QTime end, int replicas)
{
    OneOffWindow window;
    window.date = date;
    window.start = start;
    window.end = end;
    window.replicas = replicas;
    return window;
}

DateException exception(QDate first, QDate last, std::optional<int> replicas)
{
    DateException result;
    result.first = first;
    result.last = last;
    result.replicas = replicas;
    return result;
}

Schedule exampleSchedule()
{
    Schedule schedule;
    schedule.timeZone = "Europe/Ljubljana";
    schedule.defaultReplicas = 0;
    schedule.prewarmMinutes = 10;
    schedule.weekly = {weekly(kWeekdays, t(7), t(17), 2)};
    schedule.batches = {batch(kSun, t(2), 30, 8)};
    schedule.oneOffs = {oneOff(d(2026, 11, 30), t(18), t(22), 4)};
    schedule.exceptions = {exception(d(2026, 12, 24), d(2026, 12, 26), 0)};
    return schedule;
}

// Every kind of rule and setting, with the edge values.
Schedule fullSchedule()
{
    Schedule schedule;
    schedule.timeZone = "America/New_York";
    schedule.defaultReplicas = 1;
    schedule.prewarmMinutes = 24 * 60;
    schedule.drift = DriftPolicy::Correct;
    schedule.parkWhenIdle = ParkWhenIdle{24 * 60, 7 * 24 * 60};
    schedule.weekly = {
        weekly(kWeekdays, t(7), t(17), 2),
        weekly(kMon | kWed | kFri, t(9, 7), t(10, 53), 3),
        weekly(kFri | kSat | kSun | kMon, t(22), t(6), 1), // overnight, wrapping days
        weekly(kSun, t(22), t(6), 4, 1),                   // Sun 22:00-Mon 06:00
        weekly(kMon, t(12), t(12), 5, 6),                  // Mon 12:00-Sun 12:00
        weekly(kAllDays, t(0), t(0), 6),                   // daily 00:00-24:00
        weekly(kSat | kSun, t(20), t(0), 1000),            // to 24:00
    };
    schedule.batches = {batch(kSun, t(2), 30, 8), batch(kSat | kSun, t(23, 59), 7 * 24 * 60, 0),
                        datedBatch(d(2026, 11, 29), t(2), 90, 8), datedBatch(d(2028, 2, 29), t(0), 1, 1)};
    schedule.oneOffs = {oneOff(d(2026, 11, 30), t(18), t(22), 4), oneOff(d(2026, 12, 31), t(22), t(2), 5),
                        oneOff(d(2027, 1, 1), t(0), t(0), 0)};
    schedule.exceptions = {exception(d(2026, 12, 24), d(2026, 12, 26), 0),
                           exception(d(2026, 12, 25), d(2026, 12, 25), {}),
                           exception(d(2028, 1, 1), d(2028, 12, 31), 7)};
    return schedule;
}

// The example followed by every other kind of rule: a document for the robustness passes.
QString robustnessText()
{
    QString rules = scheduleToText(fullSchedule());
    rules.remove(0, rules.indexOf(QStringLiteral("Mon-Fri"))); // its settings would repeat the example's
    return QString::fromUtf8(kExampleText) + rules;
}

Schedule parsedOrFail(const ScheduleParse &parse)
{
    if (!parse.ok())
        qWarning("parse failed: %s", qPrintable(parse.error ? parse.error->describe() : QStringLiteral("?")));
    return parse.schedule.value_or(Schedule{});
}

// A failed parse must say where and why; an accepted one must survive the writers.
// QVERIFY2 builds its message before it checks the condition: a parse that succeeded has no error to describe.
QString errorText(const ScheduleParse &parse)
{
    return parse.error ? parse.error->describe() : QString();
}

void checkOutcome(const ScheduleParse &parse, int lineCount)
{
    if (parse.ok()) {
        QVERIFY(!parse.error);
        const Schedule &schedule = *parse.schedule;
        const ScheduleParse again = parseScheduleText(scheduleToText(schedule));
        QVERIFY2(again.ok(), qPrintable(errorText(again)));
        QCOMPARE(*again.schedule, schedule);
        const ScheduleParse json = parseScheduleJson(scheduleToJson(schedule, parse.target.value_or(ScheduleTarget{})));
        QVERIFY2(json.ok(), qPrintable(errorText(json)));
        QCOMPARE(*json.schedule, schedule);
        return;
    }
    QVERIFY(parse.error);
    QVERIFY(!parse.error->message.isEmpty());
    QVERIFY(parse.error->line >= 0 && parse.error->line <= lineCount);
    QVERIFY(parse.error->column >= 0);
    QVERIFY((parse.error->line == 0) == (parse.error->column == 0));
}

} // namespace

class TestScheduleText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exampleFile();
    void lineNumbers();
    void ruleKinds_data();
    void ruleKinds();
    void formatDays_data();
    void formatDays();
    void formatDuration_data();
    void formatDuration();
    void canonicalText();
    void roundTrips_data();
    void roundTrips();
    void jsonExport();
    void jsonExportFields();
    void jsonImport();
    void textErrors_data();
    void textErrors();
    void jsonErrors_data();
    void jsonErrors();
    void describe();
    void targets_data();
    void targets();
    void fileDetection();
    void truncations();
    void byteFlips_data();
    void byteFlips();
};

void TestScheduleText::exampleFile()
{
    const ScheduleParse parse = parseScheduleText(QString::fromUtf8(kExampleText));
    QVERIFY2(parse.ok(), parse.error ? qPrintable(parse.error->describe()) : "");
    QVERIFY(!parse.error);
    QVERIFY(!parse.target); // the text form does not name one
    const Schedule &schedule = *parse.schedule;
    QCOMPARE(schedule, exampleSchedule());
    // Spelled out too, so a wrong operator== could not hide a wrong parse.
    QCOMPARE(schedule.timeZone, QByteArray("Europe/Ljubljana"));
    QCOMPARE(schedule.prewarmMinutes, 10);
    QCOMPARE(schedule.drift, DriftPolicy::Keep);
    QCOMPARE(schedule.weekly.size(), std::size_t(1));
    QCOMPARE(schedule.weekly[0].days, kWeekdays);
    QCOMPARE(schedule.weekly[0].start, t(7));
    QCOMPARE(schedule.weekly[0].end, t(17));
    QCOMPARE(schedule.weekly[0].endDayOffset, 0);
    QCOMPARE(schedule.weekly[0].replicas, 2);
    QCOMPARE(schedule.batches.size(), std::size_t(1));
    QCOMPARE(schedule.batches[0].days, kSun);
    QVERIFY(!schedule.batches[0].date);
    QCOMPARE(schedule.batches[0].durationMinutes, 30);
    QCOMPARE(schedule.batches[0].replicas, 8);
    QCOMPARE(schedule.exceptions.size(), std::size_t(1));
    QCOMPARE(schedule.exceptions[0].first, d(2026, 12, 24));
    QCOMPARE(schedule.exceptions[0].last, d(2026, 12, 26));
    QCOMPARE(schedule.exceptions[0].replicas, std::optional<int>(0));
    QCOMPARE(schedule.oneOffs.size(), std::size_t(1));
    QCOMPARE(schedule.oneOffs[0].date, d(2026, 11, 30));
    QCOMPARE(schedule.weekly[0].line, 3);
    QCOMPARE(schedule.batches[0].line, 4);
    QCOMPARE(schedule.exceptions[0].line, 5);
    QCOMPARE(schedule.oneOffs[0].line, 6);
}

void TestScheduleText::lineNumbers()
{
    const QString text = QStringLiteral("# header comment\n"
                                        "\n"
                                        "   \t\n"
                                        "tz UTC\r\n"
                                        "Mon 07:00-08:00 = 1\r\n"
                                        "    # indented comment\n"
                                        "2026-12-25 = default\n"
                                        "Tue 01:00+1h = 2\n"
                                        "2026-11-30 18:00-22:00 = 4\n"
                                        "Wed 07:00-08:00 = 3"); // no final newline
    const Schedule schedule = parsedOrFail(parseScheduleText(text));
    QCOMPARE(schedule.weekly.size(), std::size_t(2));
    QCOMPARE(schedule.weekly[0].line, 5);
    QCOMPARE(schedule.weekly[1].line, 10);
    QCOMPARE(schedule.exceptions.at(0).line, 7);
    QCOMPARE(schedule.batches.at(0).line, 8);
    QCOMPARE(schedule.oneOffs.at(0).line, 9);
}

void TestScheduleText::ruleKinds_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Schedule>("expected");

    const auto with = [](auto fill) {
        Schedule schedule;
        fill(schedule);
        return schedule;
    };
    const auto weeklyOnly = [&](WeeklyWindow window) { return with([&](Schedule &s) { s.weekly = {window}; }); };
    const auto batchOnly = [&](BatchWindow window) { return with([&](Schedule &s) { s.batches = {window}; }); };
    const auto oneOffOnly = [&](OneOffWindow window) { return with([&](Schedule &s) { s.oneOffs = {window}; }); };
    const auto exceptionOnly = [&](DateException e) { return with([&](Schedule &s) { s.exceptions = {e}; }); };

    QTest::newRow("weekly range") << QStringLiteral("Mon-Fri 07:00-17:00 = 2")
                                  << weeklyOnly(weekly(kWeekdays, t(7), t(17), 2));
    QTest::newRow("weekly list") << QStringLiteral("Mon,Wed,Fri 09:30-10:45 = 1")
                                 << weeklyOnly(weekly(kMon | kWed | kFri, t(9, 30), t(10, 45), 1));
    QTest::newRow("range and list") << QStringLiteral("Mon-Wed,Fri 09:00-10:00 = 1")
                                    << weeklyOnly(weekly(kMon | kTue | kWed | kFri, t(9), t(10), 1));
    QTest::newRow("wrapping range") << QStringLiteral("Fri-Mon 08:00-09:00 = 1")
                                    << weeklyOnly(weekly(kFri | kSat | kSun | kMon, t(8), t(9), 1));
    QTest::newRow("daily") << QStringLiteral("daily 00:00-24:00 = 3") << weeklyOnly(weekly(kAllDays, t(0), t(0), 3));
    QTest::newRow("days any case") << QStringLiteral("mON-FRI 07:00-17:00 = 2")
                                   << weeklyOnly(weekly(kWeekdays, t(7), t(17), 2));
    QTest::newRow("overnight") << QStringLiteral("Mon-Fri 22:00-06:00 = 1")
                               << weeklyOnly(weekly(kWeekdays, t(22), t(6), 1));
    QTest::newRow("end day") << QStringLiteral("Sun 22:00-Mon 06:00 = 1")
                             << weeklyOnly(weekly(kSun, t(22), t(6), 1, 1));
    QTest::newRow("end day six later") << QStringLiteral("Mon 22:00-Sun 06:00 = 1")
                                       << weeklyOnly(weekly(kMon, t(22), t(6), 1, 6));
    QTest::newRow("end day, same time") << QStringLiteral("Sat 12:00-Sun 12:00 = 1")
                                        << weeklyOnly(weekly(kSat, t(12), t(12), 1, 1));
    QTest::newRow("end 24:00") << QStringLiteral("Sat 20:00-24:00 = 1") << weeklyOnly(weekly(kSat, t(20), t(0), 1));
    QTest::newRow("any minutes") << QStringLiteral("Tue 07:07-08:59 = 1")
                                 << weeklyOnly(weekly(kTue, t(7, 7), t(8, 59), 1));
    QTest::newRow("one-digit hour") << QStringLiteral("Tue 7:00-8:00 = 1") << weeklyOnly(weekly(kTue, t(7), t(8), 1));
    QTest::newRow("spaces around punctuation") << QStringLiteral("  Mon - Fri , Sun   07:00 - 17:00=2  ")
                                               << weeklyOnly(weekly(kWeekdays | kSun, t(7), t(17), 2));
    QTest::newRow("tabs, CRLF, comment") << QStringLiteral("Mon\t07:00-08:00\t=\t1#x\r\n")
                                         << weeklyOnly(weekly(kMon, t(7), t(8), 1));
    QTest::newRow("weekly batch") << QStringLiteral("Sun 02:00+30m = 8") << batchOnly(batch(kSun, t(2), 30, 8));
    QTest::newRow("batch 1h30m") << QStringLiteral("Sat,Sun 23:00+1h30m = 8")
                                 << batchOnly(batch(kSat | kSun, t(23), 90, 8));
    QTest::newRow("batch 90m") << QStringLiteral("Mon 01:00+90m = 2") << batchOnly(batch(kMon, t(1), 90, 2));
    QTest::newRow("batch 2h") << QStringLiteral("Mon 01:00+2h = 2") << batchOnly(batch(kMon, t(1), 120, 2));
    QTest::newRow("batch 1 minute") << QStringLiteral("Mon 01:00+1m = 2") << batchOnly(batch(kMon, t(1), 1, 2));
    QTest::newRow("batch 7 days") << QStringLiteral("daily 00:00+168h = 1")
                                  << batchOnly(batch(kAllDays, t(0), 10080, 1));
    QTest::newRow("dated batch") << QStringLiteral("2026-11-29 02:00+1h30m = 8")
                                 << batchOnly(datedBatch(d(2026, 11, 29), t(2), 90, 8));
    QTest::newRow("one-off") << QStringLiteral("2026-11-30 18:00-22:00 = 4")
                             << oneOffOnly(oneOff(d(2026, 11, 30), t(18), t(22), 4));
    QTest::newRow("one-off overnight") << QStringLiteral("2026-12-31 22:00-02:00 = 5")
                                       << oneOffOnly(oneOff(d(2026, 12, 31), t(22), t(2), 5));
    QTest::newRow("one-off to 24:00") << QStringLiteral("2026-12-31 20:00-24:00 = 5")
                                      << oneOffOnly(oneOff(d(2026, 12, 31), t(20), t(0), 5));
    QTest::newRow("leap day") << QStringLiteral("2028-02-29 20:00-21:00 = 5")
                              << oneOffOnly(oneOff(d(2028, 2, 29), t(20), t(21), 5));
    QTest::newRow("exception range") << QStringLiteral("2026-12-24..2026-12-26 = 0")
                                     << exceptionOnly(exception(d(2026, 12, 24), d(2026, 12, 26), 0));
    QTest::newRow("exception one day") << QStringLiteral("2026-12-25 = 3")
                                       << exceptionOnly(exception(d(2026, 12, 25), d(2026, 12, 25), 3));
    QTest::newRow("exception default") << QStringLiteral("2026-12-25 = default")
                                       << exceptionOnly(exception(d(2026, 12, 25), d(2026, 12, 25), {}));
    QTest::newRow("exception 366 days") << QStringLiteral("2028-01-01 .. 2028-12-31 = 0")
                                        << exceptionOnly(exception(d(2028, 1, 1), d(2028, 12, 31), 0));
    QTest::newRow("settings") << QStringLiteral("tz America/New_York\ndefault 3\nprewarm 0\ndrift correct")
                              << with([](Schedule &s) {
                                     s.timeZone = "America/New_York";
                                     s.defaultReplicas = 3;
                                     s.drift = DriftPolicy::Correct;
                                 });
    QTest::newRow("limits") << QStringLiteral("default 1000\nprewarm 24h\ndrift keep") << with([](Schedule &s) {
        s.defaultReplicas = 1000;
        s.prewarmMinutes = 1440;
    });
    QTest::newRow("keywords any case") << QStringLiteral("TZ UTC\nDrift Correct\nPrewarm 1h30m")
                                       << with([](Schedule &s) {
                                              s.drift = DriftPolicy::Correct;
                                              s.prewarmMinutes = 90;
                                          });
    QTest::newRow("park-when-idle") << QStringLiteral("park-when-idle 15m") << with([](Schedule &s) {
        s.parkWhenIdle = ParkWhenIdle{15, {}};
    });
    QTest::newRow("park-when-idle max") << QStringLiteral("park-when-idle 15m max 2h") << with([](Schedule &s) {
        s.parkWhenIdle = ParkWhenIdle{15, 120};
    });
    QTest::newRow("park-when-idle any case, spaces")
        << QStringLiteral("  Park-When-Idle\t1h30m   MAX  3h # x") << with([](Schedule &s) {
               s.parkWhenIdle = ParkWhenIdle{90, 180};
           });
    QTest::newRow("park-when-idle limits")
        << QStringLiteral("park-when-idle 1m max 2m\ndefault 1") << with([](Schedule &s) {
               s.parkWhenIdle = ParkWhenIdle{1, 2};
               s.defaultReplicas = 1;
           });
    QTest::newRow("park-when-idle longest") << QStringLiteral("park-when-idle 24h max 168h") << with([](Schedule &s) {
        s.parkWhenIdle = ParkWhenIdle{1440, 10080};
    });
    QTest::newRow("no tz: UTC") << QStringLiteral("default 2") << with([](Schedule &s) { s.defaultReplicas = 2; });
    QTest::newRow("empty") << QString() << Schedule{};
    QTest::newRow("comments only") << QStringLiteral("# nothing\n\n   # at all\n") << Schedule{};
    QTest::newRow("byte order mark") << QStringLiteral("\uFEFFdefault 2")
                                     << with([](Schedule &s) { s.defaultReplicas = 2; });
}

void TestScheduleText::ruleKinds()
{
    QFETCH(QString, text);
    QFETCH(Schedule, expected);
    const ScheduleParse parse = parseScheduleText(text);
    QVERIFY2(parse.ok(), parse.error ? qPrintable(parse.error->describe()) : "");
    QCOMPARE(*parse.schedule, expected);
    // Every rule remembers its line (all on line 1 or later here).
    for (const WeeklyWindow &window : parse.schedule->weekly)
        QVERIFY(window.line >= 1);
    for (const BatchWindow &window : parse.schedule->batches)
        QVERIFY(window.line >= 1);
}

void TestScheduleText::formatDays_data()
{
    QTest::addColumn<DayMask>("days");
    QTest::addColumn<QString>("text");
    QTest::newRow("Mon,Tue") << DayMask(kMon | kTue) << QStringLiteral("Mon,Tue");
    QTest::newRow("Mon-Wed,Fri") << DayMask(kMon | kTue | kWed | kFri) << QStringLiteral("Mon-Wed,Fri");
    QTest::newRow("Sat,Sun") << DayMask(kSat | kSun) << QStringLiteral("Sat,Sun");
    QTest::newRow("Mon-Fri") << kWeekdays << QStringLiteral("Mon-Fri");
    QTest::newRow("daily") << kAllDays << QStringLiteral("daily");
    QTest::newRow("one day") << kThu << QStringLiteral("Thu");
    QTest::newRow("spread") << DayMask(kMon | kWed | kFri) << QStringLiteral("Mon,Wed,Fri");
    QTest::newRow("wrapping run") << DayMask(kFri | kSat | kSun | kMon) << QStringLiteral("Fri-Mon");
    QTest::newRow("short wrapping run") << DayMask(kSun | kMon) << QStringLiteral("Mon,Sun");
    QTest::newRow("all but Thu") << DayMask(kAllDays & ~kThu) << QStringLiteral("Fri-Wed");
    QTest::newRow("two runs") << DayMask(kMon | kTue | kWed | kFri | kSat | kSun) << QStringLiteral("Fri-Wed");
    QTest::newRow("run and wrap") << DayMask(kTue | kWed | kThu | kSat) << QStringLiteral("Tue-Thu,Sat");
}

void TestScheduleText::formatDays()
{
    QFETCH(DayMask, days);
    QFETCH(QString, text);
    QCOMPARE(scaledeck::formatDays(days), text);
    // What formatDays writes, the parser reads back as the same days.
    const Schedule parsed = parsedOrFail(parseScheduleText(text + QStringLiteral(" 07:00-08:00 = 1")));
    QCOMPARE(parsed.weekly.size(), std::size_t(1));
    QCOMPARE(parsed.weekly[0].days, days);
}

void TestScheduleText::formatDuration_data()
{
    QTest::addColumn<int>("minutes");
    QTest::addColumn<QString>("text");
    QTest::newRow("0") << 0 << QStringLiteral("0m");
    QTest::newRow("1") << 1 << QStringLiteral("1m");
    QTest::newRow("30") << 30 << QStringLiteral("30m");
    QTest::newRow("60") << 60 << QStringLiteral("1h");
    QTest::newRow("90") << 90 << QStringLiteral("1h30m");
    QTest::newRow("120") << 120 << QStringLiteral("2h");
    QTest::newRow("7 days") << 10080 << QStringLiteral("168h");
    QTest::newRow("7 days less a minute") << 10079 << QStringLiteral("167h59m");
}

void TestScheduleText::formatDuration()
{
    QFETCH(int, minutes);
    QFETCH(QString, text);
    QCOMPARE(scaledeck::formatDuration(minutes), text);
    if (minutes >= 1) {
        const Schedule parsed = parsedOrFail(parseScheduleText(QStringLiteral("Mon 00:00+%1 = 1").arg(text)));
        QCOMPARE(parsed.batches.at(0).durationMinutes, minutes);
    }
}

void TestScheduleText::canonicalText()
{
    QCOMPARE(scheduleToText(exampleSchedule()), QString::fromUtf8(kExampleCanonical));
    QCOMPARE(scheduleToText(Schedule{}), QStringLiteral("tz UTC\ndefault 0\n"));
    Schedule schedule;
    schedule.drift = DriftPolicy::Correct;
    schedule.parkWhenIdle = ParkWhenIdle{15, 120};
    schedule.weekly = {weekly(kSun, t(22), t(6), 1, 1), weekly(kSat | kSun, t(0), t(0), 2),
                       weekly(kMon, t(22), t(0), 3, 1)};
    schedule.batches = {datedBatch(d(2026, 11, 29), t(2), 90, 8)};
    schedule.exceptions = {exception(d(2026, 12, 25), d(2026, 12, 25), {})};
    QCOMPARE(scheduleToText(schedule), QStringLiteral("tz UTC\n"
                                                      "default 0\n"
                                                      "drift correct\n"
                                                      "park-when-idle 15m max 2h\n"
                                                      "Sun 22:00-Mon 06:00 = 1\n"
                                                      "Sat,Sun 00:00-24:00 = 2\n"
                                                      "Mon 22:00-Tue 00:00 = 3\n"
                                                      "2026-11-29 02:00+1h30m = 8\n"
                                                      "2026-12-25 = default\n"));
}

void TestScheduleText::roundTrips_data()
{
    QTest::addColumn<Schedule>("schedule");
    QTest::newRow("example") << exampleSchedule();
    QTest::newRow("every kind") << fullSchedule();
    QTest::newRow("default") << Schedule{};
    Schedule parkWithoutLimit = exampleSchedule();
    parkWithoutLimit.parkWhenIdle = ParkWhenIdle{15, {}};
    QTest::newRow("park-when-idle without max") << parkWithoutLimit;
    Schedule parkWithLimit = exampleSchedule();
    parkWithLimit.parkWhenIdle = ParkWhenIdle{90, 121};
    QTest::newRow("park-when-idle with max") << parkWithLimit;
}

void TestScheduleText::roundTrips()
{
    QFETCH(Schedule, schedule);

    // text -> schedule -> text -> schedule
    const QString text = scheduleToText(schedule);
    const ScheduleParse fromText = parseScheduleText(text);
    QVERIFY2(fromText.ok(), qPrintable(errorText(fromText) + QLatin1Char('\n') + text));
    QCOMPARE(*fromText.schedule, schedule);
    QCOMPARE(scheduleToText(*fromText.schedule), text); // canonical: a fixed point

    // JSON, with the target
    const ScheduleTarget target{QStringLiteral("llm"), QStringLiteral("LLM")};
    const QByteArray json = scheduleToJson(schedule, target);
    const ScheduleParse fromJson = parseScheduleJson(json);
    QVERIFY2(fromJson.ok(), qPrintable(errorText(fromJson) + QLatin1Char('\n') + QString::fromUtf8(json)));
    QCOMPARE(*fromJson.schedule, schedule);
    QCOMPARE(fromJson.target, std::optional<ScheduleTarget>(target));
    QCOMPARE(scheduleToJson(*fromJson.schedule, *fromJson.target), json);

    // An application target, and none at all (which export leaves out).
    const ScheduleTarget app{QStringLiteral("batch-app"), {}};
    QCOMPARE(parseScheduleJson(scheduleToJson(schedule, app)).target, std::optional<ScheduleTarget>(app));
    const ScheduleParse untargeted = parseScheduleJson(scheduleToJson(schedule, ScheduleTarget{}));
    QVERIFY(untargeted.ok());
    QVERIFY(!untargeted.target);
    QCOMPARE(*untargeted.schedule, schedule);
}

void TestScheduleText::jsonExport()
{
    const QByteArray json =
        scheduleToJson(exampleSchedule(), ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")});
    QCOMPARE(QString::fromUtf8(json), QString::fromUtf8(kExampleJson));
}

void TestScheduleText::jsonExportFields()
{
    const nlohmann::ordered_json document =
        nlohmann::ordered_json::parse(scheduleToJson(fullSchedule(), {}).toStdString());
    std::vector<std::string> keys;
    for (const auto &item : document.items())
        keys.push_back(item.key());
    QCOMPARE(keys, (std::vector<std::string>{"tz", "default", "prewarm_minutes", "drift", "park_when_idle", "weekly",
                                             "batches", "one_offs", "exceptions"}));
    QVERIFY(document.at("drift") == "correct");
    QVERIFY(document.at("park_when_idle") ==
            nlohmann::ordered_json::parse(R"({"idle_minutes": 1440, "max_minutes": 10080})"));
    // Without max, only the idle time; without the rule, no key (a ScaleDeck without it still imports the file).
    Schedule idleOnly = exampleSchedule();
    idleOnly.parkWhenIdle = ParkWhenIdle{15, {}};
    QVERIFY(nlohmann::ordered_json::parse(scheduleToJson(idleOnly, {}).toStdString()).at("park_when_idle") ==
            nlohmann::ordered_json::parse(R"({"idle_minutes": 15})"));
    QVERIFY(
        !nlohmann::ordered_json::parse(scheduleToJson(exampleSchedule(), {}).toStdString()).contains("park_when_idle"));
    // end_day only for a window written with one; 24:00 for a day's end.
    const auto &weeklyItems = document.at("weekly");
    QVERIFY(!weeklyItems.at(0).contains("end_day"));
    QVERIFY(weeklyItems.at(3).at("end_day") == "Mon");
    QVERIFY(weeklyItems.at(3).at("end") == "06:00");
    QVERIFY(weeklyItems.at(4).at("end_day") == "Sun");
    QVERIFY(weeklyItems.at(5).at("days").size() == 7);
    QVERIFY(weeklyItems.at(5).at("end") == "24:00");
    // A dated batch has "date" and no "days".
    const auto &batchItems = document.at("batches");
    QVERIFY(batchItems.at(2).at("date") == "2026-11-29");
    QVERIFY(!batchItems.at(2).contains("days"));
    QVERIFY(batchItems.at(2).at("duration_minutes") == 90);
    // An exception at the default is null.
    const auto &exceptionItems = document.at("exceptions");
    QVERIFY(exceptionItems.at(1).at("replicas").is_null());
    QVERIFY(exceptionItems.at(1).at("to") == "2026-12-25");
}

void TestScheduleText::jsonImport()
{
    // Hand-written, compact, keys in another order.
    const QByteArray json =
        R"({"weekly":[{"replicas":2,"end":"17:00","start":"07:00","days":["mon","Tue","Wed","Thu","Fri"]}],
        "tz":"Europe/Ljubljana","target":"llm/LLM","prewarm_minutes":10,
        "batches":[{"days":["Sun"],"start":"02:00","duration_minutes":30,"replicas":8}],
        "one_offs":[{"date":"2026-11-30","start":"18:00","end":"22:00","replicas":4}],
        "exceptions":[{"from":"2026-12-24","to":"2026-12-26","replicas":0}]})";
    const ScheduleParse parse = parseScheduleJson(json);
    QVERIFY2(parse.ok(), parse.error ? qPrintable(parse.error->describe()) : "");
    QCOMPARE(*parse.schedule, exampleSchedule());
    QCOMPARE(parse.target,
             (std::optional<ScheduleTarget>(ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")})));

    // Everything is optional at the top level.
    const ScheduleParse empty = parseScheduleJson("{}");
    QVERIFY(empty.ok());
    QCOMPARE(*empty.schedule, Schedule{});
    QCOMPARE(empty.schedule->timeZone, QByteArray("UTC"));
    QVERIFY(!empty.target);

    const ScheduleParse special = parseScheduleJson(R"({"weekly":[{"days":["Sun"],"start":"22:00","end":"06:00",
        "end_day":"Mon","replicas":1}],"exceptions":[{"from":"2026-12-25","to":"2026-12-25","replicas":null}],
        "batches":[{"date":"2026-11-29","start":"02:00","duration_minutes":90,"replicas":8}],"drift":"correct"})");
    QVERIFY2(special.ok(), special.error ? qPrintable(special.error->describe()) : "");
    QCOMPARE(special.schedule->weekly.at(0), weekly(kSun, t(22), t(6), 1, 1));
    QCOMPARE(special.schedule->exceptions.at(0), exception(d(2026, 12, 25), d(2026, 12, 25), {}));
    QCOMPARE(special.schedule->batches.at(0), datedBatch(d(2026, 11, 29), t(2), 90, 8));
    QCOMPARE(special.schedule->drift, DriftPolicy::Correct);

    const ScheduleParse park = parseScheduleJson(R"({"park_when_idle": {"max_minutes": 120, "idle_minutes": 15}})");
    QVERIFY2(park.ok(), park.error ? qPrintable(park.error->describe()) : "");
    QCOMPARE(park.schedule->parkWhenIdle, (std::optional<ParkWhenIdle>(ParkWhenIdle{15, 120})));
}

void TestScheduleText::textErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const auto row = [](const char *name, const char *text, int line, int column, const char *message) {
        QTest::newRow(name) << QString::fromUtf8(text) << line << column << QString::fromUtf8(message);
    };
    // Days
    row("bad day", "Mnday 07:00-17:00 = 2", 1, 1, "unknown day 'Mnday' (expected Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    row("bad day in list", "Mon,Wdn 07:00-08:00 = 1", 1, 5, "unknown day 'Wdn'");
    row("bad range end", "Mon-Fro 07:00-08:00 = 1", 1, 5, "unknown day 'Fro'");
    row("full day name", "Monday 07:00-08:00 = 1", 1, 1, "unknown day 'Monday'");
    row("range of one day", "Mon-Mon 07:00-08:00 = 1", 1, 1, "a day range needs two different days, found 'Mon-Mon'");
    row("daily with days", "daily,Mon 07:00-08:00 = 1", 1, 1, "'daily' already means every day");
    row("days without time", "Mon-Fri = 2", 1, 9, "expected a time HH:MM, found '='");
    row("days glued to time", "Mon07:00-08:00 = 1", 1, 1, "unknown day 'Mon07:00'");
    // Times
    row("hour 25", "Mon 25:00-26:00 = 1", 1, 5, "hours must be 00..23, found '25:00'");
    row("minute 60", "Mon 07:60-08:00 = 1", 1, 5, "minutes must be 00..59, found '07:60'");
    row("end 7pm", "Mon-Fri 07:00-7pm = 2", 1, 15, "expected a time HH:MM after '-', found '7pm'");
    row("end without colon", "# header\n\ntz UTC\nMon 07:00-0800 = 1", 4, 11,
        "expected a time HH:MM after '-', found '0800'");
    row("start 24:00", "Mon 24:00-08:00 = 1", 1, 5, "24:00 can only end a window, found '24:00'");
    row("end 24:30", "Mon 22:00-24:30 = 1", 1, 11, "hours must be 00..23 (or 24:00), found '24:30'");
    row("missing end", "Mon 07:00 = 1", 1, 11,
        "expected '-' and an end time, or '+' and a duration, after the start time, found '='");
    row("end missing after dash", "Mon 07:00- = 1", 1, 12, "expected a time HH:MM after '-', found '='");
    row("zero-length weekly", "Mon 07:00-07:00 = 1", 1, 11, "end time equals start time");
    row("zero-length at midnight", "Mon 00:00-00:00 = 1", 1, 11, "end time equals start time");
    // End days
    row("end day after several days", "Mon-Fri 22:00-Sat 06:00 = 1", 1, 15,
        "an end day ('Sat') needs a single start day, found Mon-Fri");
    row("end day after daily", "daily 22:00-Sat 06:00 = 1", 1, 13, "needs a single start day, found daily");
    row("end day is start day", "Mon 22:00-Mon 06:00 = 1", 1, 11, "end day 'Mon' is the start day");
    row("24:00 after end day", "Sun 22:00-Mon 24:00 = 1", 1, 15, "24:00 cannot follow an end day");
    row("bad time after end day", "Sun 22:00-Mon 6am = 1", 1, 15, "expected a time HH:MM after 'Mon', found '6am'");
    row("bad end day", "Sun 22:00-Mox 06:00 = 1", 1, 11, "unknown day 'Mox'");
    row("end day glued", "Sun 22:00-Mon06:00 = 1", 1, 11, "unknown day 'Mon06:00'");
    // Counts and the '='
    row("missing '='", "Mon-Fri 07:00-17:00 2", 1, 21, "expected '=' and a replica count, found '2'");
    row("missing count", "Mon-Fri 07:00-17:00 =", 1, 22, "expected a replica count 0..1000, found end of line");
    row("count -1", "Mon-Fri 07:00-17:00 = -1", 1, 23, "replica count must be 0..1000, found '-1'");
    row("count 1001", "Mon 07:00-08:00 = 1001", 1, 19, "replica count must be 0..1000, found '1001'");
    row("huge count", "Mon 07:00-08:00 = 99999999999999999999", 1, 19, "replica count must be 0..1000");
    row("count not a number", "Mon 07:00-08:00 = two", 1, 19, "expected a replica count 0..1000, found 'two'");
    row("count with fraction", "Mon 07:00-08:00 = 1.5", 1, 19, "found '1.5'");
    row("default in a window", "Mon 07:00-08:00 = default", 1, 19, "found 'default'");
    row("trailing junk", "Mon-Fri 07:00-17:00 = 2 extra", 1, 25, "expected end of line, found 'extra'");
    row("two counts", "Mon-Fri 07:00-17:00 = 2 = 3", 1, 25, "expected end of line, found '='");
    // Batches and durations
    row("bad duration", "Sun 02:00+30x = 8", 1, 11, "expected a duration such as 30m, 2h or 1h30m, found '30x'");
    row("duration without unit", "Sun 02:00+30 = 8", 1, 11, "expected a duration such as 30m, 2h or 1h30m, found '30'");
    row("minutes before hours", "Sun 02:00+30m1h = 8", 1, 11, "found '30m1h'");
    row("1h90m", "Sun 02:00+1h90m = 8", 1, 11, "minutes after hours must be under 60, found '1h90m'");
    row("zero batch", "Sun 02:00+0m = 8", 1, 11, "a batch lasts 1m..168h (7 days), found '0m'");
    row("batch over a week", "Sun 02:00+169h = 8", 1, 11, "a batch lasts 1m..168h (7 days), found '169h'");
    row("dated batch zero", "2026-11-29 02:00+0 = 8", 1, 18, "a batch lasts 1m..168h (7 days), found '0'");
    // Dates
    row("bad date", "2026-02-30 = 0", 1, 1, "no such date in the calendar: '2026-02-30'");
    row("not a leap year", "2027-02-29 10:00-11:00 = 1", 1, 1, "no such date in the calendar: '2027-02-29'");
    row("short date", "2026-2-3 = 0", 1, 1, "expected a date YYYY-MM-DD, found '2026-2-3'");
    row("range reversed", "2026-12-26..2026-12-24 = 0", 1, 13,
        "the range ends before it starts (2026-12-24 is before 2026-12-26)");
    row("range of 367 days", "2026-01-01..2027-01-02 = 0", 1, 13, "a date range covers at most 366 days, found 367");
    row("bad range end", "2026-12-24..x = 0", 1, 13, "expected a date YYYY-MM-DD, found 'x'");
    row("single dot", "2026-12-24.2026-12-26 = 0", 1, 11,
        "expected '..' and an end date, '=' and a replica count, or a time HH:MM after the date, found '.2026-12-26'");
    row("date alone", "2026-12-24", 1, 11, "found end of line");
    row("range with a time", "2026-12-24..2026-12-26 18:00-20:00 = 1", 1, 24,
        "expected '=' and a replica count, found '18:00-20:00'");
    row("zero-length one-off", "2026-11-30 18:00-18:00 = 4", 1, 18, "end time equals start time");
    row("one-off with end day", "2026-11-30 22:00-Tue 06:00 = 4", 1, 18,
        "expected a time HH:MM after '-', found 'Tue'");
    row("exception count", "2026-12-25 = lots", 1, 14, "expected a replica count 0..1000, found 'lots'");
    // Settings
    row("unknown keyword", "prewarn 10m", 1, 1, "unknown keyword 'prewarn'");
    row("unknown line start", "= 2", 1, 1, "found '='");
    row("tz twice", "tz UTC\ntz Europe/Ljubljana", 2, 1, "'tz' given twice (first on line 1)");
    row("default twice", "default 1\n# comment\n\ndefault 2", 4, 1, "'default' given twice (first on line 1)");
    row("prewarm twice", "tz UTC\nprewarm 5m\n  prewarm 10m", 3, 3, "'prewarm' given twice (first on line 2)");
    row("drift twice", "drift keep\ndrift correct", 2, 1, "'drift' given twice (first on line 1)");
    row("bad zone", "tz Europe/Ljublana", 1, 4, "unknown time zone 'Europe/Ljublana'");
    row("tz without zone", "tz", 1, 3, "expected a time zone after 'tz', found end of line");
    row("tz with junk", "tz UTC UTC", 1, 8, "expected end of line, found 'UTC'");
    row("default glued", "default=2", 1, 8, "expected a replica count after 'default', found '=2'");
    row("default not a number", "default x", 1, 9, "expected a replica count 0..1000, found 'x'");
    row("default -1", "default -1", 1, 9, "replica count must be 0..1000, found '-1'");
    row("prewarm too long", "prewarm 25h", 1, 9, "prewarm must be 0..24h, found '25h'");
    row("prewarm bad", "prewarm soon", 1, 9, "expected a duration such as 30m, 2h or 1h30m, found 'soon'");
    row("drift bad", "drift fix", 1, 7, "expected 'keep' or 'correct', found 'fix'");
    row("park-when-idle bad", "park-when-idle x", 1, 16, "park-when-idle: expected a duration like 15m, found 'x'");
    row("park-when-idle without duration", "park-when-idle", 1, 15,
        "park-when-idle: expected a duration like 15m after 'park-when-idle', found end of line");
    row("park-when-idle glued", "park-when-idle15m", 1, 15,
        "park-when-idle: expected a duration like 15m after 'park-when-idle', found '15m'");
    row("park-when-idle 0", "park-when-idle 0", 1, 16, "park-when-idle: the idle time must be 1m..24h, found '0'");
    row("park-when-idle too long", "park-when-idle 25h", 1, 16,
        "park-when-idle: the idle time must be 1m..24h, found '25h'");
    row("park-when-idle junk", "park-when-idle 15m later", 1, 20,
        "park-when-idle: expected 'max' and a duration, or end of line, found 'later'");
    row("park-when-idle max without duration", "park-when-idle 15m max", 1, 23,
        "park-when-idle: expected a duration like 15m after 'max', found end of line");
    row("park-when-idle max bad", "park-when-idle 15m max soon", 1, 24,
        "park-when-idle: expected a duration like 15m, found 'soon'");
    row("park-when-idle max not longer", "park-when-idle 2h max 2h", 1, 23,
        "park-when-idle: max must be longer than the idle time (2h), found '2h'");
    row("park-when-idle max too long", "park-when-idle 15m max 169h", 1, 24,
        "park-when-idle: max must be at most 168h (7 days), found '169h'");
    row("park-when-idle max junk", "park-when-idle 15m max 2h now", 1, 27, "expected end of line, found 'now'");
    row("park-when-idle twice", "park-when-idle 15m\npark-when-idle 20m", 2, 1,
        "'park-when-idle' given twice (first on line 1)");
    row("unknown keyword lists park-when-idle", "parkwhenidle 15m", 1, 1,
        "unknown keyword 'parkwhenidle' (expected tz, default, prewarm, drift, park-when-idle, or a rule");
    // Where
    row("first error wins", "Mon 25:00-26:00 = 1\nTue 99:00-98:00 = 1", 1, 5, "found '25:00'");
    row("after good lines", "tz UTC\nMon 07:00-08:00 = 1\r\nTue 07:00-08:00 = x\r\n", 3, 19, "found 'x'");
    row("column in characters", "\u3000\u3000Mnday 07:00-08:00 = 1", 1, 3, "unknown day 'Mnday'");
    row("long token shortened", "Mon 07:00-08:00 = 1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1, 21,
        "found 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'");
}

void TestScheduleText::textErrors()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ScheduleParse parse = parseScheduleText(text);
    QVERIFY(!parse.ok());
    QVERIFY(!parse.schedule); // nothing half-loaded
    QVERIFY(parse.error);
    const ScheduleParseError &error = *parse.error;
    QVERIFY2(error.message.contains(message), qPrintable(error.describe()));
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
    QVERIFY(error.describe().startsWith(QStringLiteral("line %1, column %2: ").arg(line).arg(column)));
}

void TestScheduleText::jsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    const auto row = [](const char *name, const char *json, int line, int column, const char *message) {
        QTest::newRow(name) << QByteArray(json) << line << column << QString::fromUtf8(message);
    };
    // Syntax: line and column from nlohmann's byte position, the column in characters.
    row("trailing comma", "{\n  \"tz\": \"UTC\",\n  \"default\": 1,\n}", 4, 1, "invalid JSON: syntax error");
    row("bare word", "{\"tz\": UTC}", 1, 8, "invalid JSON: syntax error while parsing value");
    row("column after emoji", "{\"tz\": \"\xF0\x9F\x98\x80\", x}", 1, 13, "invalid JSON");
    row("unterminated", "{\n  \"tz\": \"UTC\"", 2, 14, "unexpected end of input");
    row("bad UTF-8", "{\"tz\": \"\xFF\"}", 1, 9, "invalid JSON");
    row("number overflow", "{\"default\": 1e400}", 0, 0, "invalid JSON: number overflow");
    row("duplicate key", "{\"tz\": \"UTC\", \"tz\": \"UTC\"}", 0, 0, "/tz: key given twice");
    row("nested duplicate key",
        "{\"weekly\": [{\"days\": [\"Mon\"], \"start\": \"07:00\", \"end\": \"08:00\", \"replicas\": 1},"
        " {\"days\": [\"Mon\"], \"start\": \"07:00\", \"start\": \"07:00\"}]}",
        0, 0, "/weekly/1/start: key given twice");
    // Shape
    row("top-level array", "[1]", 0, 0, "expected a JSON object at the top level, found [1]");
    row("unknown key", "{\"taget\": \"llm\"}", 0, 0, "/taget: unknown key (expected one of target, tz, default");
    row("unknown nested key",
        "{\"weekly\": [{\"days\": [\"Mon\"], \"strat\": \"07:00\", \"end\": \"08:00\", \"replicas\": 1}]}", 0, 0,
        "/weekly/0/strat: unknown key (expected one of days, start, end, end_day, replicas)");
    row("key with slash", "{\"a/b~\": 1}", 0, 0, "/a~1b~0: unknown key");
    row("string count", "{\"default\": \"2\"}", 0, 0, "/default: expected an integer, found \"2\"");
    row("fraction", "{\"default\": 2.5}", 0, 0, "/default: expected an integer, found 2.5");
    row("huge integer", "{\"default\": 18446744073709551615}", 0, 0,
        "/default: replica count must be 0..1000, found 18446744073709551615");
    row("negative count", "{\"default\": -1}", 0, 0, "/default: replica count must be 0..1000, found -1");
    row("weekly not an array", "{\"weekly\": {}}", 0, 0, "/weekly: expected an array, found {}");
    row("item not an object", "{\"weekly\": [1]}", 0, 0, "/weekly/0: expected an object, found 1");
    row("missing key", "{\"weekly\": [{\"days\": [\"Mon\"], \"start\": \"07:00\", \"end\": \"08:00\"}]}", 0, 0,
        "/weekly/0: missing \"replicas\"");
    row("null tz", "{\"tz\": null}", 0, 0, "/tz: expected a string, found null");
    // Values, checked by the same rules as the text
    row("bad time", "{\"weekly\": [{\"days\": [\"Mon\"], \"start\": \"7pm\", \"end\": \"08:00\", \"replicas\": 1}]}", 0,
        0, "/weekly/0/start: expected a time HH:MM, found \"7pm\"");
    row("start 24:00",
        "{\"weekly\": [{\"days\": [\"Mon\"], \"start\": \"24:00\", \"end\": \"08:00\", \"replicas\": 1}]}", 0, 0,
        "/weekly/0/start: 24:00 can only end a window");
    row("bad day",
        "{\"weekly\": [{\"days\": [\"Mon\", \"Fryday\"], \"start\": \"07:00\", \"end\": \"08:00\", \"replicas\": 1}]}",
        0, 0, "/weekly/0/days/1: unknown day \"Fryday\"");
    row("days as text",
        "{\"weekly\": [{\"days\": \"Mon-Fri\", \"start\": \"07:00\", \"end\": \"08:00\", \"replicas\": 1}]}", 0, 0,
        "/weekly/0/days: expected an array, found \"Mon-Fri\"");
    row("no days", "{\"weekly\": [{\"days\": [], \"start\": \"07:00\", \"end\": \"08:00\", \"replicas\": 1}]}", 0, 0,
        "/weekly/0/days: expected at least one day");
    row("zero-length weekly",
        "{\"weekly\": [{\"days\": [\"Mon\"], \"start\": \"07:00\", \"end\": \"07:00\", \"replicas\": 1}]}", 0, 0,
        "/weekly/0/end: end time equals start time");
    row("end day after several days",
        "{\"weekly\": [{\"days\": [\"Mon\", \"Tue\"], \"start\": \"22:00\", \"end\": \"06:00\", \"end_day\": \"Wed\", "
        "\"replicas\": 1}]}",
        0, 0, "/weekly/0/end_day: an end day (\"Wed\") needs a single start day, found Mon,Tue");
    row("bad zone", "{\"tz\": \"Europe/Ljublana\"}", 0, 0, "/tz: unknown time zone \"Europe/Ljublana\"");
    row("bad target", "{\"target\": \"a/b/c\"}", 0, 0,
        "/target: expected a target 'app' or 'app/deployment', found "
        "more than one '/'");
    row("target not a string", "{\"target\": [\"a\"]}", 0, 0, "/target: expected a string, found [\"a\"]");
    row("prewarm too long", "{\"prewarm_minutes\": 1441}", 0, 0,
        "/prewarm_minutes: prewarm must be 0..24h, found 1441");
    row("bad drift", "{\"drift\": \"fix\"}", 0, 0, "/drift: expected 'keep' or 'correct', found \"fix\"");
    row("park_when_idle not an object", "{\"park_when_idle\": 15}", 0, 0,
        "/park_when_idle: expected an object, found 15");
    row("park_when_idle unknown key", "{\"park_when_idle\": {\"idle_minutes\": 15, \"max\": 120}}", 0, 0,
        "/park_when_idle/max: unknown key (expected one of idle_minutes, max_minutes)");
    row("park_when_idle without idle", "{\"park_when_idle\": {\"max_minutes\": 120}}", 0, 0,
        "/park_when_idle: missing \"idle_minutes\"");
    row("park_when_idle idle as text", "{\"park_when_idle\": {\"idle_minutes\": \"15m\"}}", 0, 0,
        "/park_when_idle/idle_minutes: expected an integer, found \"15m\"");
    row("park_when_idle idle 0", "{\"park_when_idle\": {\"idle_minutes\": 0}}", 0, 0,
        "/park_when_idle/idle_minutes: park-when-idle: the idle time must be 1m..24h, found 0");
    row("park_when_idle max not longer", "{\"park_when_idle\": {\"idle_minutes\": 15, \"max_minutes\": 15}}", 0, 0,
        "/park_when_idle/max_minutes: park-when-idle: max must be longer than the idle time (15m), found 15");
    row("park_when_idle max too long", "{\"park_when_idle\": {\"idle_minutes\": 15, \"max_minutes\": 10081}}", 0, 0,
        "/park_when_idle/max_minutes: park-when-idle: max must be at most 168h (7 days), found 10081");
    row("batch with days and date",
        "{\"batches\": [{\"days\": [\"Sun\"], \"date\": \"2026-11-29\", \"start\": \"02:00\", \"duration_minutes\": "
        "30, "
        "\"replicas\": 8}]}",
        0, 0, "/batches/0: expected either \"days\" (weekly) or \"date\" (once)");
    row("batch with neither", "{\"batches\": [{\"start\": \"02:00\", \"duration_minutes\": 30, \"replicas\": 8}]}", 0,
        0, "/batches/0: expected either");
    row("zero batch",
        "{\"batches\": [{\"days\": [\"Sun\"], \"start\": \"02:00\", \"duration_minutes\": 0, \"replicas\": 8}]}", 0, 0,
        "/batches/0/duration_minutes: a batch lasts 1m..168h (7 days), found 0");
    row("bad date",
        "{\"one_offs\": [{\"date\": \"2026-02-30\", \"start\": \"02:00\", \"end\": \"03:00\", \"replicas\": 8}]}", 0, 0,
        "/one_offs/0/date: no such date in the calendar: \"2026-02-30\"");
    row("zero-length one-off",
        "{\"one_offs\": [{\"date\": \"2026-11-30\", \"start\": \"18:00\", \"end\": \"18:00\", \"replicas\": 4}]}", 0, 0,
        "/one_offs/0/end: end time equals start time");
    row("range reversed", "{\"exceptions\": [{\"from\": \"2026-12-26\", \"to\": \"2026-12-24\", \"replicas\": 0}]}", 0,
        0, "/exceptions/0/to: the range ends before it starts");
    row("exception count", "{\"exceptions\": [{\"from\": \"2026-12-24\", \"to\": \"2026-12-24\", \"replicas\": -1}]}",
        0, 0, "/exceptions/0/replicas: replica count must be 0..1000, found -1");
    row("exception without count", "{\"exceptions\": [{\"from\": \"2026-12-24\", \"to\": \"2026-12-24\"}]}", 0, 0,
        "/exceptions/0: missing \"replicas\"");
}

void TestScheduleText::jsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ScheduleParse parse = parseScheduleJson(json);
    QVERIFY(!parse.ok());
    QVERIFY(!parse.schedule);
    QVERIFY(!parse.target);
    QVERIFY(parse.error);
    QVERIFY2(parse.error->message.contains(message), qPrintable(parse.error->describe()));
    QCOMPARE(parse.error->line, line);
    QCOMPARE(parse.error->column, column);
    // The same through the by-content entry point.
    const ScheduleParse viaFile = parseScheduleFile(json);
    QVERIFY(!viaFile.ok());
    if (json.startsWith('{'))
        QCOMPARE(viaFile.error->message, parse.error->message);
}

void TestScheduleText::describe()
{
    QCOMPARE((ScheduleParseError{3, 15, QStringLiteral("end time equals start time")}).describe(),
             QStringLiteral("line 3, column 15: end time equals start time"));
    QCOMPARE((ScheduleParseError{0, 0, QStringLiteral("/tz: unknown time zone \"X\"")}).describe(),
             QStringLiteral("/tz: unknown time zone \"X\""));
}

void TestScheduleText::targets_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("app");
    QTest::addColumn<QString>("deployment");
    QTest::newRow("application") << QStringLiteral("llm") << true << QStringLiteral("llm") << QString();
    QTest::newRow("deployment") << QStringLiteral("llm/LLM") << true << QStringLiteral("llm") << QStringLiteral("LLM");
    QTest::newRow("inner spaces") << QStringLiteral("my app/my dep") << true << QStringLiteral("my app")
                                  << QStringLiteral("my dep");
    QTest::newRow("empty") << QString() << false << QString() << QString();
    QTest::newRow("leading space") << QStringLiteral(" llm") << false << QString() << QString();
    QTest::newRow("trailing space") << QStringLiteral("llm/LLM ") << false << QString() << QString();
    QTest::newRow("trailing newline") << QStringLiteral("llm\n") << false << QString() << QString();
    QTest::newRow("spaces around slash") << QStringLiteral("llm / LLM") << false << QString() << QString();
    QTest::newRow("two slashes") << QStringLiteral("a/b/c") << false << QString() << QString();
    QTest::newRow("empty app") << QStringLiteral("/LLM") << false << QString() << QString();
    QTest::newRow("empty deployment") << QStringLiteral("llm/") << false << QString() << QString();
    QTest::newRow("slash only") << QStringLiteral("/") << false << QString() << QString();
}

void TestScheduleText::targets()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, app);
    QFETCH(QString, deployment);
    QString error;
    const std::optional<ScheduleTarget> target = ScheduleTarget::parse(text, &error);
    QCOMPARE(target.has_value(), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        QVERIFY(!ScheduleTarget::parse(text)); // no error pointer: still fine
        return;
    }
    QVERIFY(error.isEmpty());
    QCOMPARE(target->app, app);
    QCOMPARE(target->deployment, deployment);
    QCOMPARE(target->isApplication(), deployment.isEmpty());
    QCOMPARE(target->toString(), text);
    QCOMPARE(ScheduleTarget::parse(target->toString()), target);
}

void TestScheduleText::fileDetection()
{
    const QByteArray json = scheduleToJson(exampleSchedule(), ScheduleTarget{QStringLiteral("llm"), {}});
    for (const QByteArray &prefix : {QByteArray(), QByteArray(" \r\n\t"), QByteArray("\xEF\xBB\xBF  ")}) {
        const ScheduleParse parse = parseScheduleFile(prefix + json);
        QVERIFY2(parse.ok(), parse.error ? qPrintable(parse.error->describe()) : "");
        QCOMPARE(*parse.schedule, exampleSchedule());
        QVERIFY(parse.target); // only JSON names one
        QCOMPARE(parse.target->app, QStringLiteral("llm"));
    }
    for (const QByteArray &prefix : {QByteArray(), QByteArray("\n\n"), QByteArray("\xEF\xBB\xBF")}) {
        const ScheduleParse parse = parseScheduleFile(prefix + kExampleText);
        QVERIFY2(parse.ok(), parse.error ? qPrintable(parse.error->describe()) : "");
        QCOMPARE(*parse.schedule, exampleSchedule());
        QVERIFY(!parse.target);
    }
    // UTF-8 text: a zone name is ASCII, but a comment need not be; an error column counts characters.
    const ScheduleParse text =
        parseScheduleFile("# Zeitplan f\xC3\xBCr die Nacht\n\xE3\x80\x80Mnday 07:00-08:00 = 1\n");
    QVERIFY(!text.ok());
    QCOMPARE(text.error->line, 2);
    QCOMPARE(text.error->column, 2);
    QVERIFY(text.error->message.contains(QStringLiteral("unknown day 'Mnday'")));
    // A '{' that is not first is text, and fails as text.
    const ScheduleParse notJson = parseScheduleFile("tz UTC\n{}");
    QVERIFY(!notJson.ok());
    QCOMPARE(notJson.error->line, 2);
}

void TestScheduleText::truncations()
{
    const QString text = robustnessText();
    QVERIFY(parseScheduleText(text).ok());
    const int lines = int(text.count(QLatin1Char('\n'))) + 1;
    int accepted = 0;
    for (qsizetype length = 0; length <= text.size(); ++length) {
        const ScheduleParse parse = parseScheduleText(text.left(length));
        checkOutcome(parse, lines);
        if (QTest::currentTestFailed())
            QFAIL(qPrintable(text.left(length)));
        accepted += parse.ok() ? 1 : 0;
    }
    QVERIFY(accepted > 20); // a cut at any line end parses, and some cuts within lines do too

    const QByteArray json =
        scheduleToJson(fullSchedule(), ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")});
    const int jsonLines = int(json.count('\n')) + 1;
    for (qsizetype length = 0; length < json.size(); ++length) {
        const QByteArray cut = json.left(length);
        const ScheduleParse parse = parseScheduleJson(cut);
        checkOutcome(parse, jsonLines);
        if (QTest::currentTestFailed())
            QFAIL(cut.constData());
        // A cut JSON document is never whole.
        if (!cut.trimmed().endsWith('}'))
            QVERIFY(!parse.ok());
    }
}

void TestScheduleText::byteFlips_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 6; ++seed)
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
}

void TestScheduleText::byteFlips()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const QByteArray text = robustnessText().toUtf8();
    const QByteArray json =
        scheduleToJson(fullSchedule(), ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")});
    // Bytes that mean something to one of the parsers, and some that mean nothing.
    static const char kInteresting[] = "0123456789:-+.,=#{}[]\"\\ \t\r\n/~hmMSdefault\x00\xFF\xC3\xA4\xF0\x9F";
    const QByteArray interesting(kInteresting, sizeof(kInteresting) - 1);
    for (const QByteArray &original : {text, json}) {
        for (int round = 0; round < 400; ++round) {
            QByteArray mutated = original;
            const int flips = 1 + int(random.bounded(4));
            for (int i = 0; i < flips; ++i) {
                const auto at = qsizetype(random.bounded(quint32(mutated.size())));
                mutated[at] = random.bounded(2) ? interesting[random.bounded(int(interesting.size()))]
                                                : char(random.bounded(256));
            }
            const int lines = int(mutated.count('\n')) + 1;
            checkOutcome(parseScheduleFile(mutated), lines);
            checkOutcome(parseScheduleJson(mutated), lines);
            checkOutcome(parseScheduleText(QString::fromUtf8(mutated)), lines);
            if (QTest::currentTestFailed())
                QFAIL(mutated.constData());
        }
    }
}

QTEST_GUILESS_MAIN(TestScheduleText)
#include "test_scheduletext.moc"
