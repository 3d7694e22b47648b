// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Every bad input a user can type, in one table: a dashboard address, a token file, a replica count, a schedule
// line, a date, a time zone and a price, each through scaledeckctl's real command line (run in-process, as
// the other test_ctl_* tests do). Each must be refused with the exit code for it and a message that names the
// input and what was expected (asserted by key words), and must change nothing: the store file's bytes and
// what `prices`, `always-on` and `schedule export` show are the same before and after.
#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QCryptographicHash>
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace scaledeck;

namespace {
// Nothing listens on port 1: a command that gets past its checks fails to connect instead of changing a
// real cluster, and no row may need a cluster to be refused.
const QString kAddress = QStringLiteral("http://127.0.0.1:1");
const QString kNow = QStringLiteral("2026-11-25T10:00:00Z");

const char kSchedule[] = "tz Europe/Ljubljana\ndefault 0\nMon-Fri 07:00-17:00 = 2\n";

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};

// "status --address ftp://x" -> words; '' stands for an empty argument.
QStringList words(const char *commandLine)
{
    QStringList list = QString::fromUtf8(commandLine).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (QString &word : list)
        if (word == QLatin1String("''"))
            word.clear();
    return list;
}
} // namespace

class TestBadInput : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void refused_data();
    void refused();

private:
    CtlRun ctl(const QStringList &arguments, const QStringList &environment = {});
    QString expand(QString text) const;
    QByteArray storeState();
    QString writeFile(const QString &name, const QByteArray &content) const;
    QString storePath() const { return m_dir->filePath(QStringLiteral("store.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestBadInput::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("a directory")));
    writeFile(QStringLiteral("empty.token"), "\n  \n");
    writeFile(QStringLiteral("good.token"), "sekret-token\n");
    writeFile(QStringLiteral("schedule.txt"), kSchedule);
    // A store with something in every table the rows could touch: prices, an always-on count, a schedule (as
    // `schedule set` stores it: that command needs the target on a live cluster) and its override.
    const ScheduleParse parsed = parseScheduleText(QString::fromUtf8(kSchedule));
    QVERIFY(parsed.ok());
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(kAddress);
    {
        ScheduleStore store(storePath());
        QVERIFY(
            store
                .saveSchedule(endpoint.clusterKey(), StoredSchedule{*ScheduleTarget::parse(QStringLiteral("llm/LLM")),
                                                                    scheduleToText(*parsed.schedule),
                                                                    QDateTime::fromString(kNow, Qt::ISODate)})
                .ok());
    }
    for (const char *command :
         {"prices --gpu-hour 2.5 --currency EUR --accelerator L4", "prices --gpu-hour 1.5 --cpu-hour 0.04",
          "always-on llm/LLM 2", "override llm/LLM 1 --until 2026-12-01T00:00:00Z"}) {
        const CtlRun run = ctl(words(command));
        QVERIFY2(run.exitCode == ExitDone, qPrintable(QString::fromLatin1(command) + QStringLiteral(": ") + run.err));
    }
}

CtlRun TestBadInput::ctl(const QStringList &arguments, const QStringList &environment)
{
    QProcessEnvironment env; // nothing from the machine running the test
    env.insert(QStringLiteral("SCALEDECK_NOW"), kNow);
    env.insert(QStringLiteral("RAY_DASHBOARD_ADDRESS"), kAddress);
    for (const QString &assignment : environment) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        env.insert(assignment.left(equals), expand(assignment.mid(equals + 1)));
    }
    QStringList expanded;
    for (const QString &argument : arguments)
        expanded.append(expand(argument));
    CtlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runScaledeckCtl(
        QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--store"), storePath()} + expanded, env, out, err);
    out.flush();
    err.flush();
    return run;
}

// "@DIR" in an argument or a variable is the test's temporary directory.
QString TestBadInput::expand(QString text) const
{
    return text.replace(QStringLiteral("@DIR"), m_dir->path());
}

QString TestBadInput::writeFile(const QString &name, const QByteArray &content) const
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// The store file's bytes and what the commands that read it show.
QByteArray TestBadInput::storeState()
{
    QByteArray state;
    for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
        QFile file(storePath() + suffix);
        if (file.open(QIODevice::ReadOnly))
            state += QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex() + '\n';
    }
    for (const char *command :
         {"prices", "always-on", "schedule list", "schedule export llm/LLM", "audit --since 2026-11-01T00:00:00Z"}) {
        const CtlRun run = ctl(words(command));
        state += run.out.toUtf8() + run.err.toUtf8();
    }
    return state;
}

void TestBadInput::refused_data()
{
    QTest::addColumn<QStringList>("arguments");   // after "scaledeckctl --store STORE"; @DIR is the temp dir
    QTest::addColumn<QStringList>("environment"); // NAME=VALUE, besides RAY_DASHBOARD_ADDRESS=http://127.0.0.1:1
    QTest::addColumn<QByteArray>("file");         // written to @DIR/input.txt when not empty
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("keywords"); // each must be in the message

    using Texts = std::initializer_list<const char *>;
    auto strings = [](Texts texts) {
        QStringList list;
        for (const char *text : texts)
            list.append(QString::fromUtf8(text));
        return list;
    };
    auto row = [&](const char *name, QStringList arguments, int exitCode, Texts keywords, Texts environment = {},
                   QByteArray file = {}) {
        QTest::newRow(name) << arguments << strings(environment) << file << exitCode << strings(keywords);
    };
    using L = QStringList;
    const QString scheduleFile = QStringLiteral("@DIR/input.txt");
    auto setSchedule = [&](const char *name, const char *text, Texts keywords) {
        row(name, {QStringLiteral("schedule"), QStringLiteral("set"), QStringLiteral("llm/LLM"), scheduleFile},
            ExitError, keywords, {}, QByteArray(text));
    };

    // The dashboard address, from --address (every command family) or RAY_DASHBOARD_ADDRESS.
    row("address: ftp scheme", words("status --address ftp://127.0.0.1:8265"), ExitUsage,
        {"ftp://127.0.0.1:8265", "http or https"});
    row("address: port above 65535", words("status --address http://127.0.0.1:99999"), ExitUsage,
        {"http://127.0.0.1:99999", "port", "1 to 65535"});
    row("address: no scheme, bad port", words("prices --address 127.0.0.1:80a"), ExitUsage, {"127.0.0.1:80a", "port"});
    row("address: port 0", words("schedule list --address http://10.0.0.1:0"), ExitUsage, {"port", "1 to 65535"});
    row("address: no host", words("status --address http://:8265"), ExitUsage, {"http://:8265", "host"});
    row("address: empty --address", words("status --address ''"), ExitUsage, {"--address", "empty"});
    row("address: empty --address (cost)", words("prices --address '' --gpu-hour 3"), ExitUsage,
        {"--address", "empty"});
    row("address: empty --address (schedule)", words("schedule list --address ''"), ExitUsage, {"--address", "empty"});
    row("address: RAY_DASHBOARD_ADDRESS", words("status"), ExitUsage,
        {"RAY_DASHBOARD_ADDRESS", "gopher://head", "http"}, {"RAY_DASHBOARD_ADDRESS=gopher://head:8265"});

    // The token file, from --token-file or RAY_AUTH_TOKEN_PATH.
    row("token file: missing", words("status --token-file @DIR/missing.token"), ExitError,
        {"@DIR/missing.token", "--token-file", "No such file"});
    row("token file: empty", words("status --token-file @DIR/empty.token"), ExitError,
        {"@DIR/empty.token", "is empty"});
    row("token file: a directory",
        L{QStringLiteral("status"), QStringLiteral("--token-file"), QStringLiteral("@DIR/a directory")}, ExitError,
        {"@DIR/a directory", "directory"});
    row("token file: unreadable", words("status --token-file @DIR/unreadable.token"), ExitError,
        {"@DIR/unreadable.token", "Permission denied"});
    row("token file: RAY_AUTH_TOKEN_PATH missing", words("status"), ExitError,
        {"@DIR/nowhere.token", "RAY_AUTH_TOKEN_PATH"}, {"RAY_AUTH_TOKEN_PATH=@DIR/nowhere.token"});
    row("token file: missing (scale)", words("scale llm/LLM 2 --token-file @DIR/missing.token"), ExitError,
        {"@DIR/missing.token", "--token-file"});

    // Replica counts: scale, override, always-on, and in a schedule.
    row("replicas: negative", words("scale llm/LLM -1"), ExitUsage, {"'-1'", "replica count"});
    row("replicas: not a number", words("scale llm/LLM two"), ExitUsage, {"'two'", "replica count"});
    row("replicas: fraction", words("scale llm/LLM 1.5"), ExitUsage, {"'1.5'", "replica count"});
    row("replicas: above the max", words("scale llm/LLM 5000"), ExitUsage, {"'5000'", "at most 1000"});
    row("replicas: override above the max", words("override llm/LLM 1001 --until 2026-12-01T00:00:00Z"), ExitUsage,
        {"'1001'", "0 to 1000"});
    row("replicas: override negative", words("override llm/LLM -2 --until 2026-12-01T00:00:00Z"), ExitUsage,
        {"'-2'", "replica count"});
    row("replicas: always-on above the max", words("always-on llm/LLM 100001"), ExitUsage,
        {"'100001'", "at most 1000"});
    row("replicas: always-on text", words("always-on llm/LLM lots"), ExitUsage, {"'lots'", "peak"});
    setSchedule("replicas: schedule above the max", "tz UTC\ndefault 5000\n", {"input.txt:2:", "0..1000", "5000"});

    // Schedule lines.
    setSchedule("schedule line: bad time", "tz UTC\nMon-Fri 07:00-7pm = 2\n", {"input.txt:2:15:", "HH:MM", "7pm"});
    setSchedule("schedule line: bad day", "tz UTC\nMon-Fry 07:00-17:00 = 2\n", {"input.txt:2:", "unknown day", "Fry"});
    setSchedule("schedule line: no count", "tz UTC\nMon-Fri 07:00-17:00\n", {"input.txt:2:", "="});
    setSchedule("schedule line: unknown word", "tz UTC\nweekdays 07:00-17:00 = 2\n", {"input.txt:2:1:", "weekdays"});
    setSchedule("schedule line: bad drift", "tz UTC\ndrift sometimes\n", {"input.txt:2:", "keep", "correct"});
    setSchedule("schedule line: JSON with a typo", "{\"tz\": \"UTC\", \"defualt\": 1}", {"input.txt", "defualt"});

    // Dates, in a schedule and on the command line.
    setSchedule("date: not in the calendar", "tz UTC\n2026-02-30 = 0\n",
                {"input.txt:2:", "no such date", "2026-02-30"});
    setSchedule("date: range backwards", "tz UTC\n2026-12-26..2026-12-24 = 0\n",
                {"input.txt:2:", "ends before it starts"});
    setSchedule("date: not a date", "tz UTC\n2026-1-5 18:00-22:00 = 4\n", {"input.txt:2:", "YYYY-MM-DD"});
    row("date: --until not ISO 8601", words("override llm/LLM 2 --until tomorrow"), ExitUsage,
        {"--until", "'tomorrow'", "ISO 8601"});
    row("date: --until 30 February", words("override llm/LLM 2 --until 2026-02-30T10:00:00Z"), ExitUsage,
        {"--until", "2026-02-30T10:00:00Z", "ISO 8601"});
    row("date: audit --since", words("audit --since yesterday"), ExitUsage, {"--since", "'yesterday'"});
    row("date: cost --since month 13", words("cost --since 2026-13-01"), ExitUsage, {"--since", "2026-13-01"});
    row("date: preview --to before --from",
        L{QStringLiteral("schedule"), QStringLiteral("preview"), QStringLiteral("@DIR/schedule.txt"),
          QStringLiteral("--from"), QStringLiteral("2026-12-01T00:00:00Z"), QStringLiteral("--to"),
          QStringLiteral("2026-11-01T00:00:00Z")},
        ExitUsage, {"--to", "--from"});

    // Time zones.
    setSchedule("time zone: unknown", "tz Mars/Olympus\ndefault 0\n",
                {"input.txt:1:", "unknown time zone", "Mars/Olympus"});
    setSchedule("time zone: missing", "tz\ndefault 0\n", {"input.txt:1:", "time zone"});
    setSchedule("time zone: JSON unknown", "{\"target\": \"llm/LLM\", \"tz\": \"Europe/Atlantis\", \"default\": 0}",
                {"input.txt", "/tz", "unknown time zone", "Europe/Atlantis"});

    // Prices.
    row("price: negative", words("prices --gpu-hour -1"), ExitUsage, {"--gpu-hour", "'-1'", "0 or more"});
    row("price: NaN", words("prices --gpu-hour nan"), ExitUsage, {"--gpu-hour", "'nan'"});
    row("price: infinite", words("prices --gpu-hour inf"), ExitUsage, {"--gpu-hour", "'inf'"});
    row("price: text", words("prices --gpu-hour cheap"), ExitUsage, {"--gpu-hour", "'cheap'"});
    row("price: decimal comma", words("prices --gpu-hour 2,49"), ExitUsage, {"--gpu-hour", "'2,49'", "2.49"});
    row("price: huge", words("prices --gpu-hour 1e308"), ExitUsage, {"--gpu-hour", "'1e308'", "at most 1000000000"});
    row("price: huge per type", words("prices --accelerator L4 --gpu-hour 5e12"), ExitUsage,
        {"--gpu-hour", "'5e12'", "at most 1000000000"});
    row("price: CPU-hour negative", words("prices --cpu-hour -0.04"), ExitUsage, {"--cpu-hour", "'-0.04'"});
    row("price: CPU-hour huge", words("prices --cpu-hour 1e20"), ExitUsage,
        {"--cpu-hour", "'1e20'", "at most 1000000000"});
    row("price: currency too short", words("prices --currency US"), ExitUsage, {"--currency", "'US'", "three-letter"});
    row("price: currency digits", words("prices --currency 123"), ExitUsage, {"--currency", "'123'", "three-letter"});
    row("price: currency symbol", words("prices --currency €"), ExitUsage, {"--currency", "'€'", "three-letter"});
    row("price: accelerator with a space",
        L{QStringLiteral("prices"), QStringLiteral("--accelerator"), QStringLiteral("A 100"),
          QStringLiteral("--gpu-hour"), QStringLiteral("3")},
        ExitUsage, {"--accelerator", "'A 100'"});
}

void TestBadInput::refused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(QByteArray, file);
    QFETCH(int, exitCode);
    QFETCH(QStringList, keywords);
    if (QByteArray(QTest::currentDataTag()).contains("unreadable")) {
        if (::geteuid() == 0)
            QSKIP("root reads a file without read permission");
        const QString path = writeFile(QStringLiteral("unreadable.token"), "sekret\n");
        QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    }
    if (!file.isEmpty())
        writeFile(QStringLiteral("input.txt"), file);

    const QByteArray before = storeState();
    const CtlRun run = ctl(arguments, environment);
    QVERIFY2(run.exitCode == exitCode,
             qPrintable(QStringLiteral("exit %1, expected %2: %3").arg(run.exitCode).arg(exitCode).arg(run.err)));
    const QString message = run.err.section(QLatin1Char('\n'), 0, 0); // the first line; usage forms follow
    for (const QString &keyword : keywords)
        QVERIFY2(message.contains(expand(keyword)),
                 qPrintable(QStringLiteral("'%1' not in: %2").arg(expand(keyword), run.err)));
    QVERIFY2(!run.err.contains(QStringLiteral("sekret")), "a token never appears in a message");
    QCOMPARE(storeState(), before);
}

QTEST_GUILESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
