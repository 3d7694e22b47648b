// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// scaledeckctl's schedule, override and audit commands, run in-process against a temporary store: exact
// transitions of the issue's example (an ordinary week and both DST weeks), usage errors, parse errors with
// FILE:LINE:COLUMN, and every command that needs no cluster. `schedule set` needs a cluster; here only its
// refusals before (or without) one are tested.
#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "ctlschedulecommands.h"
#include "operatoridentity.h"
#include "schedulejson.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scaledeck;

namespace {
// Nothing listens on port 1: commands that need no cluster must not try, and `schedule set` must fail.
const QString kAddress = QStringLiteral("http://127.0.0.1:1");
// Wednesday 2026-11-25 11:00 in Ljubljana, inside the Mon-Fri window.
const QString kNow = QStringLiteral("2026-11-25T10:00:00Z");
const QDateTime kNowUtc = QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC);

// The issue's example, as pinned (tests/unit/test_scheduletext.cpp).
const char kExampleText[] = "tz Europe/Ljubljana\n"
                            "default 0\n"
                            "Mon-Fri 07:00-17:00 = 2\n"
                            "Sun 02:00+30m = 8            # batch window: start and duration\n"
                            "2026-12-24..2026-12-26 = 0   # holiday range\n"
                            "2026-11-30 18:00-22:00 = 4   # one-off window\n"
                            "prewarm 10m\n";

const char kExampleJson[] = R"({
  "target": "llm/LLM",
  "tz": "Europe/Ljubljana",
  "default": 0,
  "prewarm_minutes": 10,
  "weekly": [{"days": ["Mon", "Tue", "Wed", "Thu", "Fri"], "start": "07:00", "end": "17:00", "replicas": 2}],
  "batches": [{"days": ["Sun"], "start": "02:00", "duration_minutes": 30, "replicas": 8}],
  "one_offs": [{"date": "2026-11-30", "start": "18:00", "end": "22:00", "replicas": 4}],
  "exceptions": [{"from": "2026-12-24", "to": "2026-12-26", "replicas": 0}]
})";

const QString kWindow = QStringLiteral("Mon-Fri 07:00-17:00 = 2");
const QString kPrewarmWindow = QStringLiteral("pre-warm: Mon-Fri 07:00-17:00 = 2");
const QString kDefault = QStringLiteral("default 0");

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};

nlohmann::json transition(const char *atUtc, const char *atLocal, const QString &target, int from, int to,
                          const QString &reason)
{
    return {{"at_utc", atUtc}, {"at_local", atLocal},           {"target", target.toStdString()}, {"from", from},
            {"to", to},        {"reason", reason.toStdString()}};
}

// The example's working week in Ljubljana, Monday to Friday, at `offset` ("+01:00" or "+02:00"): up at 06:50
// (10 minutes of pre-warm) and down at 17:00.
void addWorkingWeek(nlohmann::json &list, QDate monday, int offsetHours, const QString &target, int skipDays = 0)
{
    for (int day = skipDays; day < 5; ++day) {
        const QDate date = monday.addDays(day);
        const QDateTime up(date, QTime(6, 50), Qt::UTC);
        const QDateTime down(date, QTime(17, 0), Qt::UTC);
        const QString offset = QStringLiteral("+%1:00").arg(offsetHours, 2, 10, QLatin1Char('0'));
        const auto at = [&](const QDateTime &local, const char *format) {
            return local.toString(QString::fromLatin1(format)).toStdString();
        };
        list.push_back({{"at_utc", at(up.addSecs(-3600 * offsetHours), "yyyy-MM-dd'T'HH:mm:ss'Z'")},
                        {"at_local", at(up, "yyyy-MM-dd'T'HH:mm:ss") + offset.toStdString()},
                        {"target", target.toStdString()},
                        {"from", 0},
                        {"to", 2},
                        {"reason", kPrewarmWindow.toStdString()}});
        list.push_back({{"at_utc", at(down.addSecs(-3600 * offsetHours), "yyyy-MM-dd'T'HH:mm:ss'Z'")},
                        {"at_local", at(down, "yyyy-MM-dd'T'HH:mm:ss") + offset.toStdString()},
                        {"target", target.toStdString()},
                        {"from", 2},
                        {"to", 0},
                        {"reason", kDefault.toStdString()}});
    }
}
} // namespace

class TestCtlSchedule : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void previewFile_data();
    void previewFile();
    void previewText();
    void previewParkWhenIdle();
    void previewStoredTargetUsesOverride();
    void usageErrors_data();
    void usageErrors();
    void parseErrors_data();
    void parseErrors();
    void setRefusesWithoutCluster_data();
    void setRefusesWithoutCluster();
    void showListExportRemove();
    void storeIsPerCluster();
    void overrideSetShowClear();
    void overrideNeedsSchedule();
    void auditTextAndJson();
    void helpAndOtherCommands();
    void explicitClock();

private:
    CtlRun ctl(const QStringList &arguments, const QString &address = kAddress);
    CtlRun ctl(const char *commandLine, const QString &address = kAddress) // words split at spaces
    {
        return ctl(QString::fromUtf8(commandLine).split(QLatin1Char(' ')), address);
    }
    QString writeFile(const QString &name, const QByteArray &content);
    void storeExample(const QString &target = QStringLiteral("llm/LLM"));
    QString storePath() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
    QString clusterKey() const;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCtlSchedule::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

CtlRun TestCtlSchedule::ctl(const QStringList &arguments, const QString &address)
{
    QProcessEnvironment environment; // empty: nothing from the machine running the test
    environment.insert(QStringLiteral("SCALEDECK_NOW"), kNow);
    CtlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--store"), storePath(),
                                               QStringLiteral("--address"), address} +
                                       arguments,
                                   environment, out, err);
    out.flush();
    err.flush();
    return run;
}

QString TestCtlSchedule::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QString TestCtlSchedule::clusterKey() const
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(kAddress);
    return endpoint.clusterKey();
}

void TestCtlSchedule::storeExample(const QString &target)
{
    // What `schedule set` stores: the canonical text.
    const ScheduleParse parsed = parseScheduleText(QString::fromUtf8(kExampleText));
    QVERIFY(parsed.ok());
    ScheduleStore store(storePath());
    QVERIFY(store
                .saveSchedule(clusterKey(),
                              StoredSchedule{*ScheduleTarget::parse(target), scheduleToText(*parsed.schedule), kNowUtc})
                .ok());
}

void TestCtlSchedule::previewFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QByteArray>("expected"); // JSON

    const QString text; // a text file names no target
    const QString llm = QStringLiteral("llm/LLM");

    // The week of the one-off window: the weekdays, the one-off on Monday evening (pre-warmed), Sunday's batch.
    auto ordinaryWeek = [](const QString &target) {
        nlohmann::json week = nlohmann::json::array();
        week.push_back(transition("2026-11-30T05:50:00Z", "2026-11-30T06:50:00+01:00", target, 0, 2, kPrewarmWindow));
        week.push_back(transition("2026-11-30T16:00:00Z", "2026-11-30T17:00:00+01:00", target, 2, 0, kDefault));
        week.push_back(transition("2026-11-30T16:50:00Z", "2026-11-30T17:50:00+01:00", target, 0, 4,
                                  QStringLiteral("pre-warm: 2026-11-30 18:00-22:00 = 4")));
        week.push_back(transition("2026-11-30T21:00:00Z", "2026-11-30T22:00:00+01:00", target, 4, 0, kDefault));
        addWorkingWeek(week, QDate(2026, 11, 30), 1, target, 1);
        week.push_back(transition("2026-12-06T00:50:00Z", "2026-12-06T01:50:00+01:00", target, 0, 8,
                                  QStringLiteral("pre-warm: Sun 02:00+30m = 8")));
        week.push_back(transition("2026-12-06T01:30:00Z", "2026-12-06T02:30:00+01:00", target, 8, 0, kDefault));
        return QByteArray::fromStdString(week.dump());
    };
    QTest::newRow("text file, week of the one-off")
        << QByteArray(kExampleText) << QStringLiteral("2026-11-30T00:00:00+01:00")
        << QStringLiteral("2026-12-07T00:00:00+01:00") << ordinaryWeek(text);
    QTest::newRow("JSON file names its target")
        << QByteArray(kExampleJson) << QStringLiteral("2026-11-30T00:00:00+01:00")
        << QStringLiteral("2026-12-07T00:00:00+01:00") << ordinaryWeek(llm);
    QTest::newRow("times in UTC") << QByteArray(kExampleText) << QStringLiteral("2026-11-29T23:00:00Z")
                                  << QStringLiteral("2026-12-06T23:00:00Z") << ordinaryWeek(text);
    QTest::newRow("times without offset are in the schedule's zone")
        << QByteArray(kExampleText) << QStringLiteral("2026-11-30T00:00") << QStringLiteral("2026-12-07")
        << ordinaryWeek(text);

    // Fall back on Sunday 2026-10-25 (03:00 CEST → 02:00 CET): the weekdays at +02:00; the batch at the first
    // 02:00, so it runs once.
    nlohmann::json fallBack = nlohmann::json::array();
    addWorkingWeek(fallBack, QDate(2026, 10, 19), 2, text);
    fallBack.push_back(transition("2026-10-24T23:50:00Z", "2026-10-25T01:50:00+02:00", text, 0, 8,
                                  QStringLiteral("pre-warm: Sun 02:00+30m = 8")));
    fallBack.push_back(transition("2026-10-25T00:30:00Z", "2026-10-25T02:30:00+02:00", text, 8, 0, kDefault));
    QTest::newRow("fall-back week") << QByteArray(kExampleText) << QStringLiteral("2026-10-19T00:00:00+02:00")
                                    << QStringLiteral("2026-10-26T00:00:00+01:00")
                                    << QByteArray::fromStdString(fallBack.dump());

    // Spring forward on Sunday 2027-03-28 (02:00 CET → 03:00 CEST): 02:00 does not exist, so the batch starts at
    // the end of the gap and still runs its 30 minutes.
    nlohmann::json springForward = nlohmann::json::array();
    addWorkingWeek(springForward, QDate(2027, 3, 22), 1, text);
    springForward.push_back(transition("2027-03-28T00:50:00Z", "2027-03-28T01:50:00+01:00", text, 0, 8,
                                       QStringLiteral("pre-warm: Sun 02:00+30m = 8")));
    springForward.push_back(transition("2027-03-28T01:30:00Z", "2027-03-28T03:30:00+02:00", text, 8, 0, kDefault));
    QTest::newRow("spring-forward week") << QByteArray(kExampleText) << QStringLiteral("2027-03-22T00:00:00+01:00")
                                         << QStringLiteral("2027-03-29T00:00:00+02:00")
                                         << QByteArray::fromStdString(springForward.dump());

    // The holidays: Thursday to Saturday at 0, so no window on Thursday and Friday; Sunday's batch is after them.
    nlohmann::json holidays = nlohmann::json::array();
    addWorkingWeek(holidays, QDate(2026, 12, 21), 1, text);
    holidays.erase(holidays.begin() + 6, holidays.end());
    holidays.push_back(transition("2026-12-27T00:50:00Z", "2026-12-27T01:50:00+01:00", text, 0, 8,
                                  QStringLiteral("pre-warm: Sun 02:00+30m = 8")));
    holidays.push_back(transition("2026-12-27T01:30:00Z", "2026-12-27T02:30:00+01:00", text, 8, 0, kDefault));
    QTest::newRow("holiday week") << QByteArray(kExampleText) << QStringLiteral("2026-12-21T00:00:00+01:00")
                                  << QStringLiteral("2026-12-28T00:00:00+01:00")
                                  << QByteArray::fromStdString(holidays.dump());

    // A range that starts inside a window: its first transition's `from` is the state at --from.
    nlohmann::json inside = nlohmann::json::array();
    inside.push_back(transition("2026-11-25T16:00:00Z", "2026-11-25T17:00:00+01:00", text, 2, 0, kDefault));
    QTest::newRow("from inside a window")
        << QByteArray(kExampleText) << QStringLiteral("2026-11-25T12:00:00+01:00")
        << QStringLiteral("2026-11-25T23:00:00+01:00") << QByteArray::fromStdString(inside.dump());
    QTest::newRow("nothing happens") << QByteArray(kExampleText) << QStringLiteral("2026-11-28T00:00:00+01:00")
                                     << QStringLiteral("2026-11-29T00:00:00+01:00") << QByteArray("[]");
}

void TestCtlSchedule::previewFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QByteArray, expected);
    const QString file = writeFile(QStringLiteral("schedule.txt"), content);
    const CtlRun run = ctl({QStringLiteral("schedule"), QStringLiteral("preview"), file, QStringLiteral("--from"), from,
                            QStringLiteral("--to"), to, QStringLiteral("--json")});
    QVERIFY2(run.exitCode == ExitDone, qPrintable(run.err));
    QCOMPARE(run.err, QString());
    const nlohmann::json actual = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(actual.is_array(), qPrintable(run.out));
    const nlohmann::json wanted = nlohmann::json::parse(expected.toStdString());
    QVERIFY2(actual == wanted,
             qPrintable(QStringLiteral("got\n%1\nexpected\n%2")
                            .arg(QString::fromStdString(actual.dump(1)), QString::fromStdString(wanted.dump(1)))));
    // Keys in the pinned order.
    if (!actual.empty()) {
        const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(run.out.toStdString());
        std::vector<std::string> keys;
        for (const auto &item : ordered.front().items())
            keys.push_back(item.key());
        QCOMPARE(keys, (std::vector<std::string>{"at_utc", "at_local", "target", "from", "to", "reason"}));
    }
}

void TestCtlSchedule::previewText()
{
    const QString file = writeFile(QStringLiteral("schedule.txt"), kExampleText);
    const CtlRun run = ctl({QStringLiteral("schedule"), QStringLiteral("preview"), file, QStringLiteral("--from"),
                            QStringLiteral("2026-11-30T00:00:00+01:00"), QStringLiteral("--to"),
                            QStringLiteral("2026-12-01T00:00:00+01:00")});
    QVERIFY2(run.exitCode == ExitDone, qPrintable(run.err));
    QCOMPARE(run.out.split(QLatin1Char('\n')),
             (QStringList{
                 QStringLiteral(
                     "Mon 2026-11-30 06:50 +01:00  2026-11-30 05:50 UTC  0 → 2  pre-warm: Mon-Fri 07:00-17:00 = 2"),
                 QStringLiteral("Mon 2026-11-30 17:00 +01:00  2026-11-30 16:00 UTC  2 → 0  default 0"),
                 QStringLiteral(
                     "Mon 2026-11-30 17:50 +01:00  2026-11-30 16:50 UTC  0 → 4  pre-warm: 2026-11-30 18:00-22:00 = 4"),
                 QStringLiteral("Mon 2026-11-30 22:00 +01:00  2026-11-30 21:00 UTC  4 → 0  default 0"),
                 QString(),
             }));

    const CtlRun quiet = ctl({QStringLiteral("schedule"), QStringLiteral("preview"), file, QStringLiteral("--from"),
                              QStringLiteral("2026-11-28T00:00:00+01:00"), QStringLiteral("--to"),
                              QStringLiteral("2026-11-28T12:00:00+01:00")});
    QCOMPARE(quiet.exitCode, int(ExitDone));
    QCOMPARE(quiet.out,
             QStringLiteral("no transitions from Sat 2026-11-28 00:00 +01:00 to Sat 2026-11-28 12:00 +01:00: "
                            "0 throughout (default 0)\n"));
}

// A schedule whose parks wait for idleness says so above its transitions: a park shown at 17:00 may come later.
void TestCtlSchedule::previewParkWhenIdle()
{
    const QString file =
        writeFile(QStringLiteral("schedule.txt"), "tz UTC\npark-when-idle 15m max 2h\nMon 07:00-17:00 = 2\n");
    const CtlRun run =
        ctl({QStringLiteral("schedule"), QStringLiteral("preview"), file, QStringLiteral("--from"),
             QStringLiteral("2026-11-30T00:00:00Z"), QStringLiteral("--to"), QStringLiteral("2026-12-01T00:00:00Z")});
    QVERIFY2(run.exitCode == ExitDone, qPrintable(run.err));
    const QStringList lines = run.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.value(0),
             QStringLiteral("park-when-idle 15m max 2h: parks only after 15 m without requests (at most 2 h late)"));
    QVERIFY2(lines.value(2).contains(QStringLiteral("2 → 0  default 0")), qPrintable(run.out));
}

void TestCtlSchedule::previewStoredTargetUsesOverride()
{
    storeExample();
    QCOMPARE(ctl("override llm/LLM 5 --until 2026-11-25T19:00:00+01:00").exitCode, int(ExitDone));
    const CtlRun run =
        ctl("schedule preview llm/LLM --from 2026-11-25T12:00:00+01:00 --to 2026-11-26T12:00:00+01:00 --json");
    QVERIFY2(run.exitCode == ExitDone, qPrintable(run.err));
    const nlohmann::json actual = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(actual.is_array() && actual.size() == 2, qPrintable(run.out));
    // The override holds 5 past the window's end at 17:00, until 19:00; then the next morning as usual.
    const QString target = QStringLiteral("llm/LLM");
    QCOMPARE(actual[0], transition("2026-11-25T18:00:00Z", "2026-11-25T19:00:00+01:00", target, 5, 0, kDefault));
    QCOMPARE(actual[1], transition("2026-11-26T05:50:00Z", "2026-11-26T06:50:00+01:00", target, 0, 2, kPrewarmWindow));

    // A target without a schedule (and no file of that name) is an error, not a usage error.
    const CtlRun none = ctl("schedule preview embedder --from 2026-11-25T00:00:00Z --to 2026-11-26T00:00:00Z");
    QCOMPARE(none.exitCode, int(ExitError));
    QVERIFY2(none.err.contains(QStringLiteral("there is no file 'embedder' and no schedule for embedder")),
             qPrintable(none.err));
}

void TestCtlSchedule::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const auto words = [](const char *text) { return QString::fromUtf8(text).split(QLatin1Char(' ')); };
    const auto preview = [&](const char *rest) { return words("schedule preview FILE") + words(rest); };

    QTest::newRow("bad --from") << preview("--from 2026-13-01T00:00:00Z --to 2026-12-01T00:00:00Z")
                                << QStringLiteral("--from '2026-13-01T00:00:00Z' is not an ISO 8601 time");
    QTest::newRow("words for --to") << preview("--from 2026-11-30T00:00:00Z --to tomorrow")
                                    << QStringLiteral("--to 'tomorrow' is not an ISO 8601 time");
    QTest::newRow("offset out of range") << preview("--from 2026-11-30T00:00:00+15:00 --to 2026-12-01T00:00:00Z")
                                         << QStringLiteral("--from '2026-11-30T00:00:00+15:00' is not");
    QTest::newRow("--to before --from") << preview("--from 2026-12-01T00:00:00Z --to 2026-11-30T00:00:00Z")
                                        << QStringLiteral(
                                               "--to 2026-11-30T00:00:00Z must be after --from 2026-12-01T00:00:00Z");
    QTest::newRow("--to equals --from in another offset")
        << preview("--from 2026-12-01T01:00:00+01:00 --to 2026-12-01T00:00:00Z")
        << QStringLiteral("must be after --from");
    QTest::newRow("missing --to") << preview("--from 2026-11-30T00:00:00Z")
                                  << QStringLiteral("'schedule preview' needs --from and --to");
    QTest::newRow("too long") << preview("--from 2026-01-01T00:00:00Z --to 2027-03-01T00:00:00Z")
                              << QStringLiteral("more than 400 days apart");
    QTest::newRow("preview without argument")
        << words("schedule preview --from 2026-11-30T00:00:00Z --to 2026-12-01T00:00:00Z")
        << QStringLiteral("'schedule preview' takes a TARGET or a FILE");
    QTest::newRow("no subcommand") << words("schedule") << QStringLiteral("'schedule' needs a subcommand");
    QTest::newRow("unknown subcommand") << words("schedule frobnicate")
                                        << QStringLiteral("unknown command 'schedule frobnicate'");
    QTest::newRow("show without target") << words("schedule show") << QStringLiteral("'schedule show' takes TARGET");
    QTest::newRow("set with one argument")
        << words("schedule set llm/LLM") << QStringLiteral("'schedule set' takes TARGET FILE");
    QTest::newRow("bad target") << words("schedule show llm/LLM/x") << QStringLiteral("more than one '/'");
    QTest::newRow("option of another command")
        << words("schedule show llm/LLM --json") << QStringLiteral("'schedule show' takes no --json");
    QTest::newRow("unknown option") << words("schedule list --frm x") << QStringLiteral("Unknown option 'frm'");
    QTest::newRow("override without --until")
        << words("override llm/LLM 3") << QStringLiteral("'override' needs --until ISO8601 (or --clear)");
    QTest::newRow("override -1") << words("override llm/LLM -1 --until 2026-11-25T19:00:00Z")
                                 << QStringLiteral("'-1' is not a replica count");
    QTest::newRow("override 1001") << words("override llm/LLM 1001 --until 2026-11-25T19:00:00Z")
                                   << QStringLiteral("'1001' is not a replica count (a whole number from 0 to 1000)");
    QTest::newRow("override three") << words("override llm/LLM three --until 2026-11-25T19:00:00Z")
                                    << QStringLiteral("'three' is not a replica count");
    QTest::newRow("override bad --until")
        << words("override llm/LLM 3 --until 19:00") << QStringLiteral("--until '19:00' is not an ISO 8601 time");
    QTest::newRow("override in the past") << words("override llm/LLM 3 --until 2026-11-25T09:59:59Z")
                                          << QStringLiteral("--until 2026-11-25T09:59:59Z is not in the future");
    QTest::newRow("override until now") << words("override llm/LLM 3 --until 2026-11-25T11:00")
                                        << QStringLiteral(
                                               "is not in the future (it is Wed 2026-11-25 11:00 +01:00 now)");
    QTest::newRow("override --clear and --until") << words("override llm/LLM --clear --until 2026-11-25T19:00:00Z")
                                                  << QStringLiteral("takes --until or --clear, not both");
    QTest::newRow("override --clear with N")
        << words("override llm/LLM 3 --clear") << QStringLiteral("'override' takes TARGET --clear");
    QTest::newRow("audit bad --since") << words("audit --since last-week")
                                       << QStringLiteral("--since 'last-week' is not an ISO 8601 time");
    QTest::newRow("audit with argument") << words("audit llm/LLM") << QStringLiteral("'audit' takes no arguments");
}

void TestCtlSchedule::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    storeExample(); // so that errors after the store lookup are reached
    const QString file = writeFile(QStringLiteral("schedule.txt"), kExampleText);
    arguments.replaceInStrings(QStringLiteral("FILE"), file);
    const CtlRun run = ctl(arguments);
    QCOMPARE(run.exitCode, int(ExitUsage));
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: ")), qPrintable(run.err));
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    // The message and a hint at the command's own --help, not the usage of every command.
    QVERIFY2(!run.err.contains(QStringLiteral("Usage:")), qPrintable(run.err));
    QVERIFY2(run.err.contains(QRegularExpression(QStringLiteral("\nTry 'scaledeckctl [a-z ]+ --help'\\.\n$"))),
             qPrintable(run.err));
    QCOMPARE(run.err.count(QLatin1Char('\n')), 2);
    QCOMPARE(run.out, QString());
    // Nothing was stored on the way.
    ScheduleStore store(storePath());
    QVERIFY(store.activeOverrides(clusterKey(), kNowUtc)->empty());
}

void TestCtlSchedule::parseErrors_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("where"); // after the file name
    QTest::addColumn<QString>("message");

    const QByteArray badText = "tz Europe/Ljubljana\n# office hours\nMon-Fri 07:00-7pm = 2\n";
    const QByteArray badJson = "{\n  \"tz\": \"UTC\",\n  \"default\": 1,\n}";
    const QByteArray badShape = "{\"target\": \"llm/LLM\", \"default\": \"2\"}";
    for (const char *command : {"preview", "set"}) {
        const QString c = QString::fromLatin1(command);
        QTest::addRow("%s, text", command) << c << badText << QStringLiteral(":3:15: ")
                                           << QStringLiteral("expected a time HH:MM after '-', found '7pm'");
        QTest::addRow("%s, JSON syntax", command)
            << c << badJson << QStringLiteral(":4:1: ") << QStringLiteral("invalid JSON: syntax error");
        QTest::addRow("%s, JSON shape", command)
            << c << badShape << QStringLiteral(": ") << QStringLiteral("/default: expected an integer, found \"2\"");
    }
}

void TestCtlSchedule::parseErrors()
{
    QFETCH(QString, command);
    QFETCH(QByteArray, content);
    QFETCH(QString, where);
    QFETCH(QString, message);
    const QString file = writeFile(QStringLiteral("bad schedule.txt"), content);
    const QStringList arguments =
        command == QLatin1String("set")
            ? QStringList{QStringLiteral("schedule"), QStringLiteral("set"), QStringLiteral("llm/LLM"), file}
            : QStringList{QStringLiteral("schedule"),
                          QStringLiteral("preview"),
                          file,
                          QStringLiteral("--from"),
                          QStringLiteral("2026-11-30T00:00:00Z"),
                          QStringLiteral("--to"),
                          QStringLiteral("2026-12-01T00:00:00Z")};
    const CtlRun run = ctl(arguments);
    QCOMPARE(run.exitCode, int(ExitError));
    QVERIFY2(run.err.startsWith(file + where + message), qPrintable(run.err));
    QCOMPARE(run.err.count(QLatin1Char('\n')), 1);
    QCOMPARE(run.out, QString());
    ScheduleStore store(storePath());
    QVERIFY(store.schedules(clusterKey())->empty());
}

void TestCtlSchedule::setRefusesWithoutCluster_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    QTest::newRow("cluster unreachable") << QStringLiteral("llm/LLM") << QByteArray(kExampleText)
                                         << QStringLiteral("scaledeckctl: unreachable");
    QTest::newRow("JSON file for another target")
        << QStringLiteral("embedder") << QByteArray(kExampleJson)
        << QStringLiteral("scaledeckctl: %1 is the schedule of llm/LLM, not of embedder");
    QTest::newRow("missing file") << QStringLiteral("llm/LLM") << QByteArray()
                                  << QStringLiteral("scaledeckctl: cannot read %1");
}

void TestCtlSchedule::setRefusesWithoutCluster()
{
    QFETCH(QString, target);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString file = content.isEmpty() ? m_dir->filePath(QStringLiteral("nowhere.txt"))
                                           : writeFile(QStringLiteral("schedule.json"), content);
    const CtlRun run = ctl({QStringLiteral("schedule"), QStringLiteral("set"), target, file});
    QCOMPARE(run.exitCode, int(ExitError));
    if (message.contains(QLatin1String("%1")))
        message = message.arg(file);
    QVERIFY2(run.err.startsWith(message), qPrintable(run.err));
    ScheduleStore store(storePath());
    QVERIFY(store.schedules(clusterKey())->empty()); // nothing stored blindly
}

void TestCtlSchedule::showListExportRemove()
{
    storeExample();
    const QString canonical = scheduleToText(*parseScheduleText(QString::fromUtf8(kExampleText)).schedule);

    const CtlRun show = ctl("schedule show llm/LLM");
    QVERIFY2(show.exitCode == ExitDone, qPrintable(show.err));
    QVERIFY2(show.out.startsWith(canonical + QLatin1Char('\n')), qPrintable(show.out));
    const QStringList lines = show.out.mid(canonical.size() + 1).split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 13); // now, heading, 10 transitions, the final newline
    QCOMPARE(lines[0], QStringLiteral("now: 2 (Mon-Fri 07:00-17:00 = 2) at Wed 2026-11-25 11:00 +01:00"));
    QCOMPARE(lines[1], QStringLiteral("next transitions:"));
    QCOMPARE(lines[2], QStringLiteral("  Wed 2026-11-25 17:00 +01:00  2026-11-25 16:00 UTC  2 → 0  default 0"));
    QCOMPARE(lines[3], QStringLiteral("  Thu 2026-11-26 06:50 +01:00  2026-11-26 05:50 UTC  0 → 2  "
                                      "pre-warm: Mon-Fri 07:00-17:00 = 2"));
    QCOMPARE(lines[7], QStringLiteral("  Sun 2026-11-29 01:50 +01:00  2026-11-29 00:50 UTC  0 → 8  "
                                      "pre-warm: Sun 02:00+30m = 8"));
    QCOMPARE(lines[11], QStringLiteral("  Mon 2026-11-30 17:50 +01:00  2026-11-30 16:50 UTC  0 → 4  "
                                       "pre-warm: 2026-11-30 18:00-22:00 = 4"));
    QCOMPARE(lines[12], QString());

    storeExample(QStringLiteral("embedder"));
    const CtlRun list = ctl("schedule list");
    QVERIFY2(list.exitCode == ExitDone, qPrintable(list.err));
    QCOMPARE(list.out.split(QLatin1Char('\n')),
             (QStringList{QStringLiteral("TARGET    NOW  BECAUSE                  NEXT"),
                          QStringLiteral("embedder  2    Mon-Fri 07:00-17:00 = 2  0 at Wed 2026-11-25 17:00 +01:00 "
                                         "(2026-11-25 16:00 UTC): default 0"),
                          QStringLiteral("llm/LLM   2    Mon-Fri 07:00-17:00 = 2  0 at Wed 2026-11-25 17:00 +01:00 "
                                         "(2026-11-25 16:00 UTC): default 0"),
                          QString()}));
    const CtlRun listJson = ctl("schedule list --json");
    const nlohmann::json listed = nlohmann::json::parse(listJson.out.toStdString(), nullptr, false);
    QVERIFY2(listed.is_array() && listed.size() == 2, qPrintable(listJson.out));
    QCOMPARE(listed[1]["target"], nlohmann::json("llm/LLM"));
    QCOMPARE(listed[1]["time_zone"], nlohmann::json("Europe/Ljubljana"));
    QCOMPARE(listed[1]["desired"], nlohmann::json(2));
    QCOMPARE(listed[1]["next"]["at_utc"], nlohmann::json("2026-11-25T16:00:00Z"));
    QCOMPARE(listed[1]["next"]["to"], nlohmann::json(0));

    const CtlRun exported = ctl("schedule export llm/LLM");
    QCOMPARE(exported.exitCode, int(ExitDone));
    QCOMPARE(exported.out, canonical);
    const CtlRun exportedJson = ctl("schedule export llm/LLM --json");
    QCOMPARE(exportedJson.exitCode, int(ExitDone));
    const ScheduleParse reparsed = parseScheduleJson(exportedJson.out.toUtf8());
    QVERIFY(reparsed.ok());
    QCOMPARE(reparsed.target->toString(), QStringLiteral("llm/LLM"));
    QCOMPARE(scheduleToText(*reparsed.schedule), canonical);

    const CtlRun removed = ctl("schedule remove llm/LLM");
    QVERIFY2(removed.exitCode == ExitDone, qPrintable(removed.err));
    QVERIFY(removed.out.startsWith(QStringLiteral("removed the schedule of llm/LLM on ") + clusterKey()));
    {
        // The removal is in the audit log, with the text it removed and who did it.
        ScheduleStore store(storePath());
        auto rows = store.audit(clusterKey(), QDateTime::fromMSecsSinceEpoch(0, Qt::UTC));
        QVERIFY(rows);
        const auto row = std::find_if(rows->begin(), rows->end(), [](const AuditEntry &entry) {
            return entry.result == AuditResult::ScheduleRemoved;
        });
        QVERIFY(row != rows->end());
        QCOMPARE(row->target, QStringLiteral("llm/LLM"));
        QVERIFY2(row->before.contains(QStringLiteral("Mon-Fri 07:00-17:00 = 2")), qPrintable(row->before));
        QVERIFY2(row->holder.contains(QStringLiteral("scaledeckctl")), qPrintable(row->holder));
    }
    const CtlRun again = ctl("schedule remove llm/LLM");
    QCOMPARE(again.exitCode, int(ExitError));
    QVERIFY2(again.err.contains(QStringLiteral("no schedule for llm/LLM")), qPrintable(again.err));
    const CtlRun gone = ctl("schedule show llm/LLM");
    QCOMPARE(gone.exitCode, int(ExitError));
    QCOMPARE(gone.err, QStringLiteral("scaledeckctl: no schedule for llm/LLM; use scaledeckctl scale for unscheduled "
                                      "deployments\n"));
    QCOMPARE(ctl("schedule export llm/LLM").exitCode, int(ExitError));
    QCOMPARE(ctl("schedule list").out.count(QLatin1Char('\n')), 2);
}

void TestCtlSchedule::storeIsPerCluster()
{
    storeExample();
    const QString other = QStringLiteral("http://127.0.0.2:1");
    QCOMPARE(ctl("schedule show llm/LLM", other).exitCode, int(ExitError));
    QCOMPARE(ctl("schedule list", other).out, QStringLiteral("No schedules on http://127.0.0.2:1.\n"));
    QCOMPARE(ctl("override llm/LLM 3 --until 2026-11-25T19:00:00Z", other).exitCode, int(ExitError));
}

void TestCtlSchedule::overrideSetShowClear()
{
    storeExample();
    const CtlRun set = ctl("override llm/LLM 3 --until 2026-11-25T19:00"); // the schedule's zone
    QVERIFY2(set.exitCode == ExitDone, qPrintable(set.err));
    QCOMPARE(set.out, QStringLiteral("llm/LLM: 3 until Wed 2026-11-25 19:00 +01:00 Europe/Ljubljana (2026-11-25 18:00 "
                                     "UTC), then the schedule's 0 (default 0) (the controller applies it within one "
                                     "tick)\n"));
    ScheduleStore store(storePath());
    auto overrides = store.activeOverrides(clusterKey(), kNowUtc);
    QCOMPARE(overrides->size(), size_t(1));
    const ScheduleOverride stored = overrides->front();
    QCOMPARE(stored.target.toString(), QStringLiteral("llm/LLM"));
    QCOMPARE(stored.replicas, 3);
    QCOMPARE(stored.untilUtc, QDateTime(QDate(2026, 11, 25), QTime(18, 0), Qt::UTC));
    QCOMPARE(stored.createdUtc, kNowUtc);
    QCOMPARE(stored.createdBy, operatorIdentity(QStringLiteral("scaledeckctl"))); // user@host (scaledeckctl)

    const CtlRun show = ctl("schedule show llm/LLM");
    QVERIFY2(show.out.contains(QStringLiteral("\noverride: 3 until Wed 2026-11-25 19:00 +01:00 Europe/Ljubljana "
                                              "(2026-11-25 18:00 UTC), set by %1 on 2026-11-25 10:00 UTC\n")
                                   .arg(operatorIdentity(QStringLiteral("scaledeckctl")))),
             qPrintable(show.out));
    QVERIFY2(show.out.contains(QStringLiteral("\nnow: 3 (override")), qPrintable(show.out));

    // A new one replaces it, and says so.
    const CtlRun replace = ctl("override llm/LLM 0 --until 2026-11-30T07:00:00+01:00");
    QVERIFY2(replace.exitCode == ExitDone, qPrintable(replace.err));
    QVERIFY2(replace.out.startsWith(QStringLiteral("llm/LLM: replaces the override 3 until Wed 2026-11-25 19:00")),
             qPrintable(replace.out));
    QVERIFY2(
        replace.out.contains(QStringLiteral("llm/LLM: 0 until Mon 2026-11-30 07:00 +01:00 Europe/Ljubljana "
                                            "(2026-11-30 06:00 UTC), then the schedule's 2 (Mon-Fri 07:00-17:00 = 2)")),
        qPrintable(replace.out));
    QCOMPARE(store.activeOverrides(clusterKey(), kNowUtc)->front().replicas, 0);

    const CtlRun clear = ctl("override llm/LLM --clear");
    QVERIFY2(clear.exitCode == ExitDone, qPrintable(clear.err));
    QCOMPARE(clear.out,
             QStringLiteral("llm/LLM: override cleared; back to the schedule: 2 now (Mon-Fri 07:00-17:00 = 2) "
                            "(the controller applies it within one tick)\n"));
    QVERIFY(store.activeOverrides(clusterKey(), kNowUtc)->empty());
    // Each operator decision is in the audit log: set, replaced, cleared.
    const auto audit = store.audit(clusterKey(), kNowUtc.addDays(-1));
    QVERIFY(audit.ok());
    QCOMPARE(audit->size(), size_t(3));
    QCOMPARE(audit->at(0).cause, AuditCause::Operator);
    QCOMPARE(audit->at(0).after, QStringLiteral("3"));
    QCOMPARE(audit->at(0).result, AuditResult::OverrideSet);
    QCOMPARE(audit->at(1).after, QStringLiteral("0"));
    QCOMPARE(audit->at(2).result, AuditResult::OverrideCleared);
    // Each row names the OS user and host who made the change, not just the program.
    for (const AuditEntry &row : *audit)
        QCOMPARE(row.holder, operatorIdentity(QStringLiteral("scaledeckctl")));
    QVERIFY(audit->at(0).holder.contains(QLatin1Char('@') + QSysInfo::machineHostName()));
    // Clearing what is not there (it may have expired) is not an error.
    const CtlRun clearAgain = ctl("override llm/LLM --clear");
    QCOMPARE(clearAgain.exitCode, int(ExitDone));
    QCOMPARE(clearAgain.out,
             QStringLiteral("llm/LLM has no override; the schedule holds 2 now (Mon-Fri 07:00-17:00 = 2)\n"));

    // An application target at 0 is parked.
    storeExample(QStringLiteral("embedder"));
    const CtlRun park = ctl("override embedder 0 --until 2026-11-25T12:00:00Z");
    QVERIFY2(park.out.startsWith(QStringLiteral("embedder: 0 (parked) until Wed 2026-11-25 13:00 +01:00")),
             qPrintable(park.out));
}

void TestCtlSchedule::overrideNeedsSchedule()
{
    const CtlRun run = ctl("override llm/LLM 3 --until 2026-11-25T19:00:00Z");
    QCOMPARE(run.exitCode, int(ExitError));
    QCOMPARE(run.err, QStringLiteral("scaledeckctl: no schedule for llm/LLM; use scaledeckctl scale for unscheduled "
                                     "deployments\n"));
    ScheduleStore store(storePath());
    QVERIFY(store.activeOverrides(clusterKey(), kNowUtc)->empty());
}

void TestCtlSchedule::auditTextAndJson()
{
    const CtlRun empty = ctl("audit");
    QCOMPARE(empty.exitCode, int(ExitDone));
    QVERIFY2(empty.out.startsWith(QStringLiteral("No audit entries on ") + clusterKey() + QStringLiteral(" since ")),
             qPrintable(empty.out));
    QCOMPARE(ctl("audit --json").out, QStringLiteral("[]\n"));

    ScheduleStore store(storePath());
    const auto append = [&](const QDateTime &at, AuditCause cause, const char *before, const char *after,
                            AuditResult result, const char *detail) {
        AuditEntry entry;
        entry.atUtc = at;
        entry.target = QStringLiteral("llm/LLM");
        entry.cause = cause;
        entry.before = QString::fromUtf8(before);
        entry.after = QString::fromUtf8(after);
        entry.result = result;
        entry.detail = QString::fromUtf8(detail);
        entry.holder = QStringLiteral("scaledeckctl run on host (pid 7)");
        return *store.appendAudit(clusterKey(), entry);
    };
    append(kNowUtc.addDays(-2), AuditCause::Schedule, "2", "0", AuditResult::Sent, "default 0"); // older than a day
    const qint64 up = append(kNowUtc.addSecs(-3 * 3600 - 600), AuditCause::Schedule, "0", "2", AuditResult::Sent,
                             "pre-warm: Mon-Fri 07:00-17:00 = 2");
    const qint64 kept = append(kNowUtc.addSecs(-600), AuditCause::DriftKept, "2", "4", AuditResult::Kept, "");

    const CtlRun text = ctl("audit");
    QVERIFY2(text.exitCode == ExitDone, qPrintable(text.err));
    const QTimeZone local = QTimeZone::systemTimeZone();
    const auto localTime = [&](const QDateTime &utc) {
        return utc.toTimeZone(local).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    QCOMPARE(text.out.split(QLatin1Char('\n')),
             (QStringList{localTime(kNowUtc.addSecs(-3 * 3600 - 600)) +
                              QStringLiteral("  llm/LLM  schedule    0 → 2  sent  pre-warm: Mon-Fri 07:00-17:00 = 2"),
                          localTime(kNowUtc.addSecs(-600)) + QStringLiteral("  llm/LLM  drift kept  2 → 4  kept"),
                          QString()}));

    const CtlRun json = ctl("audit --since 2026-11-23T00:00:00Z --json");
    QVERIFY2(json.exitCode == ExitDone, qPrintable(json.err));
    const nlohmann::ordered_json entries = nlohmann::ordered_json::parse(json.out.toStdString(), nullptr, false);
    QVERIFY2(entries.is_array() && entries.size() == 3, qPrintable(json.out));
    const nlohmann::ordered_json expected = {{"id", kept},
                                             {"at_utc", "2026-11-25T09:50:00Z"},
                                             {"target", "llm/LLM"},
                                             {"cause", "drift kept"},
                                             {"before", "2"},
                                             {"after", "4"},
                                             {"result", "kept"},
                                             {"detail", ""},
                                             {"holder", "scaledeckctl run on host (pid 7)"}};
    QCOMPARE(QString::fromStdString(entries[2].dump()), QString::fromStdString(expected.dump()));
    QCOMPARE(entries[1]["id"].get<qint64>(), up);
    QCOMPARE(entries[0]["at_utc"], nlohmann::ordered_json("2026-11-23T10:00:00Z"));

    // --since is inclusive.
    const CtlRun since = ctl("audit --since 2026-11-25T09:50:00Z --json");
    QCOMPARE(nlohmann::json::parse(since.out.toStdString()).size(), size_t(1));
}

void TestCtlSchedule::helpAndOtherCommands()
{
    const CtlRun help = ctl("schedule --help");
    QCOMPARE(help.exitCode, int(ExitDone));
    QVERIFY2(help.out.startsWith(QStringLiteral("Usage: scaledeckctl schedule list [--json]\n")), qPrintable(help.out));
    QVERIFY(help.out.contains(
        QStringLiteral("       scaledeckctl schedule preview TARGET|FILE --from ISO8601 --to ISO8601 [--json]\n")));
    const CtlRun overrideHelp = ctl("override --help");
    QVERIFY2(overrideHelp.out.startsWith(QStringLiteral("Usage: scaledeckctl override TARGET N --until ISO8601\n"
                                                        "       scaledeckctl override TARGET --clear\n")),
             qPrintable(overrideHelp.out));
    // The whole usage names the new commands.
    const CtlRun all = ctl("--help");
    QVERIFY(all.out.contains(QStringLiteral("  schedule preview TARGET|FILE --from ISO8601 --to ISO8601 [--json]\n")));
    QVERIFY(all.out.contains(QStringLiteral("  audit [--since ISO8601] [--json]")));

    // Other commands are not theirs, even when an option's value looks like one.
    QString out;
    QString err;
    QTextStream o(&out);
    QTextStream e(&err);
    const QProcessEnvironment environment;
    for (const QStringList &arguments :
         {QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("status")},
          QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--store"), QStringLiteral("schedule"),
                      QStringLiteral("parked")},
          QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--help")}, QStringList{QStringLiteral("x")}}) {
        QVERIFY2(!runScheduleCommands(arguments, environment, o, e).has_value(), qPrintable(arguments.join(u' ')));
    }
    QCOMPARE(out, QString());
    QCOMPARE(err, QString());
}

void TestCtlSchedule::explicitClock()
{
    // The clock overload, as the GUI-free controller host or another front end would call it.
    storeExample();
    const ManualClock clock(QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC)); // Saturday
    QString out;
    QString err;
    QTextStream o(&out);
    QTextStream e(&err);
    const std::optional<int> exitCode = runScheduleCommands(
        {QStringLiteral("scaledeckctl"), QStringLiteral("schedule"), QStringLiteral("show"), QStringLiteral("llm/LLM"),
         QStringLiteral("--store"), storePath(), QStringLiteral("--address"), kAddress},
        QProcessEnvironment(), o, e, clock);
    QCOMPARE(exitCode, std::optional<int>(ExitDone));
    o.flush();
    QVERIFY2(out.contains(QStringLiteral("\nnow: 0 (default 0) at Sat 2026-11-28 13:00 +01:00\n")), qPrintable(out));
}

QTEST_GUILESS_MAIN(TestCtlSchedule)
#include "test_ctl_schedule.moc"
