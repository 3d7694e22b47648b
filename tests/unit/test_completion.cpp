// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The bash completion (packaging/completion/scaledeckctl.bash) in a real bash: COMP_WORDS and COMP_CWORD set as
// bash sets them on Tab, the completion function called, COMPREPLY read back. Commands and options come from
// the real scaledeckctl; only the cluster's names come from a fake one (a shell script before it on PATH that
// answers `targets` with two names and hands everything else to the real binary).
#include "ctlcommandtable.h"
#include "ctloptions.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {

const QString kScript = QStringLiteral(SCALEDECK_SOURCE_DIR "/packaging/completion/scaledeckctl.bash");

// A bash word: single-quoted, as the completion sees it after bash split the line.
QString quoted(const QString &word)
{
    QString text = word;
    return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
}

QStringList sorted(QStringList list)
{
    list.sort();
    list.removeDuplicates();
    return list;
}

} // namespace

class TestCompletion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void commands();
    void commandPrefix();
    void subcommands();
    void commandOptions();
    void optionPrefix();
    void fileValues();
    void targetNames_data();
    void targetNames();
    void connectionOptionsReachTargets();
    void argumentWithoutNames();

private:
    // COMPREPLY for the command line `line`, the cursor on its last word (an empty last word: after a space).
    QStringList complete(const QString &line);
    QTemporaryDir m_dir;
};

void TestCompletion::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile fake(m_dir.filePath(QStringLiteral("bin/scaledeckctl")));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("bin"))));
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.write("#!/bin/sh\n"
               "if [ \"$1\" != __complete ]; then\n"
               "  for word in \"$@\"; do\n"
               "    if [ \"$word\" = targets ]; then\n"
               "      printf '%s\\n' \"$*\" >> \"" +
               m_dir.filePath(QStringLiteral("targets-calls")).toUtf8() +
               "\"\n"
               "      printf 'llm\\nllm/LLM\\n'\n"
               "      exit 0\n"
               "    fi\n"
               "  done\n"
               "fi\n"
               "exec '" SCALEDECKCTL_PATH "' \"$@\"\n");
    fake.close();
    QVERIFY(fake.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    QFile file(m_dir.filePath(QStringLiteral("work/schedule.txt")));
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("work"))));
    QVERIFY(file.open(QIODevice::WriteOnly));
}

QStringList TestCompletion::complete(const QString &line)
{
    // As bash splits them: at spaces, and around the ':' of COMP_WORDBREAKS ("http://head:8265" is five words).
    QStringList words;
    for (const QString &word : line.split(QLatin1Char(' '))) {
        const QStringList parts = word.split(QLatin1Char(':'));
        for (qsizetype i = 0; i < parts.size(); ++i) {
            if (i > 0)
                words.append(QStringLiteral(":"));
            if (i == 0 || !parts[i].isEmpty() || i + 1 == parts.size())
                words.append(parts[i]);
        }
    }
    QStringList quotedWords;
    for (const QString &word : std::as_const(words))
        quotedWords.append(quoted(word));
    const QString program = QStringLiteral("source %1\n"
                                           "COMP_WORDS=(%2)\n"
                                           "COMP_CWORD=%3\n"
                                           "COMP_LINE=%4\n"
                                           "COMP_POINT=${#COMP_LINE}\n"
                                           "_scaledeckctl\n"
                                           "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
                                .arg(quoted(kScript), quotedWords.join(QLatin1Char(' ')))
                                .arg(words.size() - 1)
                                .arg(quoted(line));
    QProcess bash;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"), m_dir.filePath(QStringLiteral("bin")) + QLatin1Char(':') +
                                                   environment.value(QStringLiteral("PATH")));
    environment.insert(QStringLiteral("RAY_DASHBOARD_ADDRESS"), QStringLiteral("http://127.0.0.1:1"));
    bash.setProcessEnvironment(environment);
    bash.setWorkingDirectory(m_dir.filePath(QStringLiteral("work")));
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"), program});
    if (!bash.waitForFinished(30000))
        qFatal("bash did not finish");
    const QString err = QString::fromUtf8(bash.readAllStandardError());
    if (bash.exitCode() != 0 || !err.isEmpty())
        qWarning("bash: exit %d: %s", bash.exitCode(), qPrintable(err));
    return QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void TestCompletion::commands()
{
    QStringList expected;
    for (const CtlCommandSpec &spec : ctlCommands())
        expected.append(QString::fromLatin1(spec.name).section(QLatin1Char(' '), 0, 0));
    QCOMPARE(sorted(complete(QStringLiteral("scaledeckctl "))), sorted(expected));
    // Options before the command, and their values, are skipped.
    QCOMPARE(sorted(complete(QStringLiteral("scaledeckctl --read-only --store x.sqlite "))), sorted(expected));
}

void TestCompletion::commandPrefix()
{
    QCOMPARE(complete(QStringLiteral("scaledeckctl sch")), QStringList{QStringLiteral("schedule")});
}

void TestCompletion::subcommands()
{
    QStringList expected;
    for (const CtlCommandSpec &spec : ctlCommands()) {
        if (QString::fromLatin1(spec.name).startsWith(QLatin1String("schedule ")))
            expected.append(QString::fromLatin1(spec.name).section(QLatin1Char(' '), 1));
    }
    QVERIFY(expected.contains(QStringLiteral("show")));
    QCOMPARE(sorted(complete(QStringLiteral("scaledeckctl schedule "))), sorted(expected));
    QCOMPARE(complete(QStringLiteral("scaledeckctl parked d")), QStringList{QStringLiteral("discard")});
}

void TestCompletion::commandOptions()
{
    const CtlCommandSpec *cost = findCtlCommand(QStringLiteral("cost"));
    QVERIFY(cost);
    QStringList expected{QStringLiteral("--help")};
    for (const QString &name : QString::fromLatin1(cost->options).split(QLatin1Char(' '), Qt::SkipEmptyParts))
        expected.append(QStringLiteral("--") + name);
    for (const CtlOption &option : ctlOptions()) {
        if (option.global)
            expected.append(QStringLiteral("--") + QLatin1String(option.name));
    }
    QCOMPARE(sorted(complete(QStringLiteral("scaledeckctl cost --"))), sorted(expected));
    QVERIFY(!expected.contains(QStringLiteral("--gpu-hour"))); // prices' option, not cost's
}

void TestCompletion::optionPrefix()
{
    QCOMPARE(complete(QStringLiteral("scaledeckctl schedule preview llm/LLM --f")),
             QStringList{QStringLiteral("--from")});
    QCOMPARE(complete(QStringLiteral("scaledeckctl parked discard --f")), QStringList{QStringLiteral("--force")});
    QCOMPARE(complete(QStringLiteral("scaledeckctl --vers")), QStringList{QStringLiteral("--version")});
}

void TestCompletion::fileValues()
{
    QCOMPARE(complete(QStringLiteral("scaledeckctl --store sch")), QStringList{QStringLiteral("schedule.txt")});
    QCOMPARE(complete(QStringLiteral("scaledeckctl status --token-file sch")),
             QStringList{QStringLiteral("schedule.txt")});
    // --json takes no value: after it comes the next word of the command line, here nothing.
    QCOMPARE(complete(QStringLiteral("scaledeckctl status --json ")), QStringList());
    // A URL has no list to complete from.
    QCOMPARE(complete(QStringLiteral("scaledeckctl --address ")), QStringList());
}

void TestCompletion::targetNames_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("expected");
    const QString app = QStringLiteral("llm");
    const QString deployment = QStringLiteral("llm/LLM");
    QTest::newRow("scale: deployments") << "scaledeckctl scale " << QStringList{deployment};
    QTest::newRow("park: applications") << "scaledeckctl park " << QStringList{app};
    QTest::newRow("park --confirm: applications") << "scaledeckctl park llm --confirm " << QStringList{app};
    QTest::newRow("unpark: applications") << "scaledeckctl unpark l" << QStringList{app};
    QTest::newRow("parked discard: applications") << "scaledeckctl parked discard " << QStringList{app};
    QTest::newRow("schedule show: both") << "scaledeckctl schedule show " << QStringList{app, deployment};
    QTest::newRow("override: both") << "scaledeckctl override llm/" << QStringList{deployment};
    QTest::newRow("schedule preview: both and files")
        << "scaledeckctl schedule preview " << QStringList{app, deployment, QStringLiteral("schedule.txt")};
    QTest::newRow("always-on: deployments") << "scaledeckctl always-on " << QStringList{deployment};
}

void TestCompletion::targetNames()
{
    QFETCH(QString, line);
    QFETCH(QStringList, expected);
    QCOMPARE(sorted(complete(line)), sorted(expected));
}

void TestCompletion::connectionOptionsReachTargets()
{
    QFile::remove(m_dir.filePath(QStringLiteral("targets-calls")));
    QCOMPARE(complete(QStringLiteral("scaledeckctl --address http://head:8265 --read-only scale --token-file t ")),
             QStringList{QStringLiteral("llm/LLM")});
    QFile calls(m_dir.filePath(QStringLiteral("targets-calls")));
    QVERIFY(calls.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(calls.readAll()), QStringLiteral("--address http://head:8265 --token-file t targets\n"));
}

void TestCompletion::argumentWithoutNames()
{
    // scale's second argument is a count, token store's a new name: nothing to offer, and no cluster asked.
    QFile::remove(m_dir.filePath(QStringLiteral("targets-calls")));
    QCOMPARE(complete(QStringLiteral("scaledeckctl scale llm/LLM ")), QStringList());
    QCOMPARE(complete(QStringLiteral("scaledeckctl token store ")), QStringList());
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("targets-calls"))));
}

QTEST_GUILESS_MAIN(TestCompletion)
#include "test_completion.moc"
