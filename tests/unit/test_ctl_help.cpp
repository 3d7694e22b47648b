// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// What scaledeckctl says when it is asked for help or used wrongly: a usage error is one message and a hint
// (never the whole help), and `COMMAND --help` explains that command with its own options.
#include "ctlcommands.h"
#include "ctlcommandtable.h"
#include "ctloptions.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};

QStringList words(const QString &commandLine)
{
    return commandLine.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

class TestCtlHelp : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void usageErrorIsOneMessageAndAHint_data();
    void usageErrorIsOneMessageAndAHint();
    void commandHelpExplainsTheCommand();
    void familyHelpListsItsForms();
    void everyCommandHelpNamesItsOptions_data();
    void everyCommandHelpNamesItsOptions();
    void wordsCommandHelp();
    void version();

private:
    CtlRun ctl(const QString &commandLine);
    QTemporaryDir m_dir;
};

CtlRun TestCtlHelp::ctl(const QString &commandLine)
{
    CtlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("HOME"), m_dir.path());
    // Nothing listens there: a command that got as far as the cluster would fail with exit 1, not 2.
    environment.insert(QStringLiteral("RAY_DASHBOARD_ADDRESS"), QStringLiteral("http://127.0.0.1:1"));
    environment.insert(QStringLiteral("SCALEDECK_STORE"), m_dir.filePath(QStringLiteral("store.sqlite")));
    run.exitCode =
        runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl")} + words(commandLine), environment, out, err);
    out.flush();
    err.flush();
    return run;
}

void TestCtlHelp::usageErrorIsOneMessageAndAHint_data()
{
    QTest::addColumn<QString>("commandLine");
    QTest::addColumn<QString>("err");
    const QString general = QStringLiteral("Try 'scaledeckctl --help' for more information.\n");
    QTest::newRow("unknown command") << "bogus" << QStringLiteral("scaledeckctl: unknown command 'bogus'\n") + general;
    QTest::newRow("unknown command, then options")
        << "bogus -1 --json" << QStringLiteral("scaledeckctl: unknown command 'bogus'\n") + general;
    QTest::newRow("no command") << "--read-only" << QStringLiteral("scaledeckctl: no command given\n") + general;
    QTest::newRow("unknown option, no command")
        << "--frobnicate" << QStringLiteral("scaledeckctl: Unknown option 'frobnicate'.\n") + general;
    QTest::newRow("option of a sibling") << "leases --since 2026-11-24"
                                         << "scaledeckctl: 'leases' takes no --since\n"
                                            "Try 'scaledeckctl leases --help'.\n";
    QTest::newRow("argument count") << "schedule show"
                                    << "scaledeckctl: 'schedule show' takes TARGET\n"
                                       "Try 'scaledeckctl schedule show --help'.\n";
    QTest::newRow("no subcommand") << "schedule"
                                   << "scaledeckctl: 'schedule' needs a subcommand\n"
                                      "Try 'scaledeckctl schedule --help'.\n";
    QTest::newRow("unknown subcommand") << "parked frobnicate x"
                                        << "scaledeckctl: 'parked' takes no arguments, or discard APP\n"
                                           "Try 'scaledeckctl parked --help'.\n";
    QTest::newRow("negative count") << "scale llm/LLM -1"
                                    << "scaledeckctl: '-1' is not a replica count (a whole number, 0 or more)\n"
                                       "Try 'scaledeckctl scale --help'.\n";
    QTest::newRow("words command") << "token store"
                                   << "scaledeckctl: 'token' takes: store NAME (and no options; the token comes on "
                                      "stdin)\n"
                                      "Try 'scaledeckctl token --help'.\n";
}

void TestCtlHelp::usageErrorIsOneMessageAndAHint()
{
    QFETCH(QString, commandLine);
    QFETCH(QString, err);
    const CtlRun run = ctl(commandLine);
    QCOMPARE(run.exitCode, int(ExitUsage));
    QCOMPARE(run.err, err);
    QCOMPARE(run.out, QString());
}

void TestCtlHelp::commandHelpExplainsTheCommand()
{
    const CtlRun run = ctl(QStringLiteral("cost --help"));
    QCOMPARE(run.exitCode, int(ExitDone));
    QCOMPARE(run.err, QString());
    QVERIFY2(run.out.startsWith(QStringLiteral("Usage: scaledeckctl cost [--since ISO8601] [--until ISO8601] "
                                               "[--prometheus URL] [--json]\n")),
             qPrintable(run.out));
    // Its description, its own options each with what it does, and the global ones in short.
    QVERIFY2(run.out.contains(QStringLiteral("per deployment GPU-hours, cost")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("\n  --since ISO8601 +\\w"))), qPrintable(run.out));
    QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("\n  --prometheus URL +\\w"))), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("Global options")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("--address URL")), qPrintable(run.out));
    // Not every option: those of other commands stay out.
    for (const char *other : {"--gpu-hour", "--dry-run", "--tick", "--from", "--force"})
        QVERIFY2(!run.out.contains(QLatin1String(other)), other);
    // Nor the whole help.
    QVERIFY2(!run.out.contains(QStringLiteral("scale APP/DEPLOYMENT")), qPrintable(run.out));
}

void TestCtlHelp::familyHelpListsItsForms()
{
    const CtlRun run = ctl(QStringLiteral("schedule --help"));
    QCOMPARE(run.exitCode, int(ExitDone));
    QVERIFY2(run.out.startsWith(QStringLiteral("Usage: scaledeckctl schedule list [--json]\n"
                                               "       scaledeckctl schedule show TARGET\n")),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("       scaledeckctl schedule remove TARGET\n")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("\n  --weeks N +\\w"))), qPrintable(run.out));
    QVERIFY2(!run.out.contains(QStringLiteral("--until")), qPrintable(run.out)); // override's, not schedule's

    const CtlRun discard = ctl(QStringLiteral("parked discard --help"));
    QCOMPARE(discard.exitCode, int(ExitDone));
    QVERIFY2(discard.out.startsWith(QStringLiteral("Usage: scaledeckctl parked discard APP [--force]\n")),
             qPrintable(discard.out));
    QVERIFY2(discard.out.contains(QRegularExpression(QStringLiteral("\n  --force +\\w"))), qPrintable(discard.out));
}

void TestCtlHelp::everyCommandHelpNamesItsOptions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("options");
    for (const CtlCommandSpec &spec : ctlCommands()) {
        QTest::newRow(spec.name) << QString::fromLatin1(spec.name)
                                 << QString::fromLatin1(spec.options).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
}

void TestCtlHelp::everyCommandHelpNamesItsOptions()
{
    QFETCH(QString, name);
    QFETCH(QStringList, options);
    const CtlRun run = ctl(name + QStringLiteral(" --help"));
    QCOMPARE(run.exitCode, int(ExitDone));
    QVERIFY2(run.out.startsWith(QStringLiteral("Usage: scaledeckctl ") + name), qPrintable(run.out));
    for (const QString &option : std::as_const(options)) {
        const CtlOption *known = findCtlOption(option);
        QVERIFY(known);
        const QString shown = QStringLiteral("--") + option +
                              (known->valueName ? QLatin1Char(' ') + QLatin1String(known->valueName) : QString());
        // The option, then (past the column) what it does.
        const QRegularExpression line(QStringLiteral("\n  ") + QRegularExpression::escape(shown) +
                                      QStringLiteral(" +\\S"));
        QVERIFY2(run.out.contains(line), qPrintable(shown + QStringLiteral(" in:\n") + run.out));
    }
}

void TestCtlHelp::wordsCommandHelp()
{
    for (const char *commandLine : {"token --help", "token store --help"}) {
        const CtlRun run = ctl(QString::fromLatin1(commandLine));
        QCOMPARE(run.exitCode, int(ExitDone));
        QVERIFY2(run.out.startsWith(QStringLiteral("Usage: scaledeckctl token store NAME\n")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("OS keychain")), qPrintable(run.out));
    }
}

void TestCtlHelp::version()
{
    const CtlRun run = ctl(QStringLiteral("--version"));
    QCOMPARE(run.exitCode, int(ExitDone));
    QVERIFY2(run.out.startsWith(QStringLiteral("scaledeckctl " SCALEDECK_VERSION " (")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("Qt " QT_VERSION_STR)), qPrintable(run.out));
    QCOMPARE(run.err, QString());
}

QTEST_GUILESS_MAIN(TestCtlHelp)
#include "test_ctl_help.moc"
