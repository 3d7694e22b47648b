// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// --version on both binaries: the version and the Qt, and (for the window) without any display, as over ssh.
#include "versiontext.h"

#include <QProcess>
#include <QtTest>

using namespace scaledeck;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// No display of any kind: what `scaledeck --version` meets in an ssh session without X forwarding.
QProcessEnvironment withoutDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    return environment;
}

Run runProgram(const QString &path, const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(withoutDisplay());
    process.start(path, arguments);
    if (!process.waitForFinished(60000))
        qFatal("%s did not finish", qPrintable(path));
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
               QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

QString expectedLine(const char *program)
{
    return QString::fromLatin1(program) + QStringLiteral(" " SCALEDECK_VERSION " (Qt " QT_VERSION_STR ")\n");
}

} // namespace

class TestVersion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void text_data();
    void text();
    void ctlVersion();
    void guiVersionWithoutDisplay();
    void guiHelpWithoutDisplay();
};

void TestVersion::text_data()
{
    QTest::addColumn<QString>("built");
    QTest::addColumn<QString>("running");
    QTest::addColumn<QString>("expected");
    QTest::newRow("same Qt") << "6.4.2"
                             << "6.4.2"
                             << "scaledeckctl 0.1.0 (Qt 6.4.2)";
    QTest::newRow("newer Qt at run time") << "6.4.2"
                                          << "6.5.3"
                                          << "scaledeckctl 0.1.0 (built with Qt 6.4.2, running on Qt 6.5.3)";
}

void TestVersion::text()
{
    QFETCH(QString, built);
    QFETCH(QString, running);
    QFETCH(QString, expected);
    QCOMPARE(versionText(QStringLiteral("scaledeckctl"), QStringLiteral("0.1.0"), built, running), expected);
}

void TestVersion::ctlVersion()
{
    if (QLatin1String(qVersion()) != QLatin1String(QT_VERSION_STR))
        QSKIP("this test binary runs on another Qt than it was built with");
    const Run run = runProgram(QStringLiteral(SCALEDECKCTL_PATH), {QStringLiteral("--version")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, expectedLine("scaledeckctl"));
    QCOMPARE(run.err, QString());
}

void TestVersion::guiVersionWithoutDisplay()
{
#ifdef SCALEDECK_GUI_PATH
    if (QLatin1String(qVersion()) != QLatin1String(QT_VERSION_STR))
        QSKIP("this test binary runs on another Qt than it was built with");
    for (const char *option : {"--version", "-v"}) {
        const Run run = runProgram(QStringLiteral(SCALEDECK_GUI_PATH), {QString::fromLatin1(option)});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(run.out, expectedLine("scaledeck"));
    }
#else
    QSKIP("built without the GUI");
#endif
}

void TestVersion::guiHelpWithoutDisplay()
{
#ifdef SCALEDECK_GUI_PATH
    const Run run = runProgram(QStringLiteral(SCALEDECK_GUI_PATH), {QStringLiteral("--help")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("--version")), qPrintable(run.out));
    QVERIFY2(run.out.contains(QStringLiteral("--address <URL>")), qPrintable(run.out));
    // A mistyped option is named, not lost in a display error.
    const Run bad = runProgram(QStringLiteral(SCALEDECK_GUI_PATH), {QStringLiteral("--verison")});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.contains(QStringLiteral("Unknown option 'verison'")), qPrintable(bad.err));
#else
    QSKIP("built without the GUI");
#endif
}

QTEST_GUILESS_MAIN(TestVersion)
#include "test_version.moc"
