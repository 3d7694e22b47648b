// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The man pages keep up with the program: every command of scaledeckctl's command table and every option it
// knows has its entry in scaledeckctl.1, and both pages render without a groff warning (lintian's man check
// runs `man --warnings` and reports each one).
#include "ctlcommandtable.h"
#include "ctloptions.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

using namespace scaledeck;

namespace {

const QString kManDir = QStringLiteral(SCALEDECK_SOURCE_DIR "/packaging/man/");

// The tag lines (the line after each .TP) of section `section` (.SH, or .SS inside it), as a reader sees them:
// font escapes dropped, "\-" a dash.
QStringList tagsOf(const QString &page, const QString &section)
{
    QStringList tags;
    bool inSection = false;
    bool nextIsTag = false;
    for (QString line : page.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String(".SH "))) {
            inSection = line.mid(4).remove(QLatin1Char('"')) == section;
            continue;
        }
        if (!inSection)
            continue;
        if (nextIsTag) {
            line.remove(QRegularExpression(QStringLiteral("\\\\f[BIRP]")));
            line.replace(QLatin1String("\\-"), QLatin1String("-"));
            line.remove(QRegularExpression(QStringLiteral("^\\.[BI]R? ")));
            tags.append(line);
        }
        nextIsTag = line == QLatin1String(".TP");
    }
    return tags;
}

QString readPage(const QString &name)
{
    QFile file(kManDir + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QString::fromUtf8(file.readAll());
}

// A tag that starts with `text` followed by a space, a comma or the end: "parked" is not found in
// "parked discard APP" alone, but "parked [--json]" is.
bool hasTag(const QStringList &tags, const QString &text)
{
    const QRegularExpression entry(QStringLiteral("^") + QRegularExpression::escape(text) + QStringLiteral("($|[ ,])"));
    return std::any_of(tags.begin(), tags.end(), [&](const QString &tag) { return entry.match(tag).hasMatch(); });
}

} // namespace

class TestManpage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyCommandHasAnEntry_data();
    void everyCommandHasAnEntry();
    void everyOptionHasAnEntry_data();
    void everyOptionHasAnEntry();
    void rendersWithoutWarnings_data();
    void rendersWithoutWarnings();
};

void TestManpage::everyCommandHasAnEntry_data()
{
    QTest::addColumn<QString>("command");
    for (const CtlCommandSpec &spec : ctlCommands())
        QTest::newRow(spec.name) << QString::fromLatin1(spec.name);
}

void TestManpage::everyCommandHasAnEntry()
{
    QFETCH(QString, command);
    const QStringList tags = tagsOf(readPage(QStringLiteral("scaledeckctl.1")), QStringLiteral("COMMANDS"));
    QVERIFY2(hasTag(tags, command), qPrintable(command + QStringLiteral(" has no entry under COMMANDS")));
}

void TestManpage::everyOptionHasAnEntry_data()
{
    QTest::addColumn<QString>("option");
    for (const CtlOption &option : ctlOptions())
        QTest::newRow(option.name) << QStringLiteral("--") + QLatin1String(option.name);
    QTest::newRow("version") << QStringLiteral("--version");
}

void TestManpage::everyOptionHasAnEntry()
{
    QFETCH(QString, option);
    const QStringList tags = tagsOf(readPage(QStringLiteral("scaledeckctl.1")), QStringLiteral("OPTIONS"));
    // An entry may name two options: "--from ISO8601, --to ISO8601".
    const bool found = std::any_of(tags.begin(), tags.end(), [&](const QString &tag) {
        return hasTag(QStringList{tag}, option) || tag.contains(QStringLiteral(", ") + option + QLatin1Char(' '));
    });
    QVERIFY2(found, qPrintable(option + QStringLiteral(" has no entry under OPTIONS")));
}

void TestManpage::rendersWithoutWarnings_data()
{
    QTest::addColumn<QString>("page");
    QTest::newRow("scaledeckctl.1") << QStringLiteral("scaledeckctl.1");
    QTest::newRow("scaledeck.1") << QStringLiteral("scaledeck.1");
}

void TestManpage::rendersWithoutWarnings()
{
    QFETCH(QString, page);
    const QString man = QStandardPaths::findExecutable(QStringLiteral("man"));
    if (man.isEmpty())
        QSKIP("man is not installed");
    QProcess process;
    // As lintian runs it.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    environment.insert(QStringLiteral("MANROFFSEQ"), QString());
    environment.insert(QStringLiteral("MANWIDTH"), QStringLiteral("80"));
    process.setProcessEnvironment(environment);
    process.start(man, {QStringLiteral("--warnings"), QStringLiteral("-E"), QStringLiteral("UTF-8"),
                        QStringLiteral("-l"), QStringLiteral("-Tutf8"), QStringLiteral("-Z"), kManDir + page});
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(QString::fromUtf8(process.readAllStandardError()), QString());
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(!process.readAllStandardOutput().isEmpty());
}

QTEST_GUILESS_MAIN(TestManpage)
#include "test_manpage.moc"
