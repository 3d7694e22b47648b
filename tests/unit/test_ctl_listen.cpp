// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl run --listen HOST:PORT [--users FILE]`, in-process, before any tick: a non-loopback address without
// users and --users without --listen are usage errors; a users file others may read, or with a bad line, and a port
// in use end the run with the reason before the controller starts; no other command takes the options. Nothing
// listens on the cluster's address: none of these gets as far as asking it.
#include "ctlcommands.h"

#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

namespace {
struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};
} // namespace

class TestCtlListen : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void nonLoopbackNeedsUsers();
    void usersNeedsListen();
    void refusesAUsersFileOthersMayRead();
    void refusesABadUsersFile();
    void portInUseStopsBeforeTheController();
    void onlyRunTakesThem();

private:
    CtlRun ctl(const QStringList &arguments);
    QString usersFile(const QByteArray &content, QFileDevice::Permissions permissions);
    QTemporaryDir m_dir;
};

CtlRun TestCtlListen::ctl(const QStringList &arguments)
{
    CtlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--address"),
                                               QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--store"),
                                               m_dir.filePath(QStringLiteral("store.sqlite"))} +
                                       arguments,
                                   QProcessEnvironment(), out, err);
    out.flush();
    err.flush();
    return run;
}

QString TestCtlListen::usersFile(const QByteArray &content, QFileDevice::Permissions permissions)
{
    const QString path = m_dir.filePath(QStringLiteral("users"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write the users file");
    file.write(content);
    file.close();
    file.setPermissions(permissions);
    return path;
}

void TestCtlListen::nonLoopbackNeedsUsers()
{
    const CtlRun run =
        ctl({QStringLiteral("run"), QStringLiteral("--once"), QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: --listen 0.0.0.0:0 is not a loopback address: serving "
                                               "the API there needs --users FILE\n")),
             qPrintable(run.err));
    const CtlRun bad = ctl(
        {QStringLiteral("run"), QStringLiteral("--once"), QStringLiteral("--listen"), QStringLiteral("localhost:1")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.startsWith(QStringLiteral("scaledeckctl: --listen: ")), qPrintable(bad.err));
}

void TestCtlListen::usersNeedsListen()
{
    const QString path =
        usersFile("alice operator aaaaaaaaaaaaaaaaaaaa\n", QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const CtlRun run = ctl({QStringLiteral("run"), QStringLiteral("--once"), QStringLiteral("--users"), path});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(
        run.err.startsWith(QStringLiteral("scaledeckctl: --users names who may call the API of --listen HOST:PORT\n")),
        qPrintable(run.err));
}

void TestCtlListen::refusesAUsersFileOthersMayRead()
{
    const QString path = usersFile("alice operator aaaaaaaaaaaaaaaaaaaa\n",
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
    const CtlRun run = ctl({QStringLiteral("run"), QStringLiteral("--once"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--users"), path});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("%1 has mode 0640, but it holds tokens: it must be readable by its owner "
                                             "only (chmod 600 %1)")
                                  .arg(path)),
             qPrintable(run.err));
    QVERIFY(!run.err.contains(QStringLiteral("aaaa")));
}

void TestCtlListen::refusesABadUsersFile()
{
    const QString path = usersFile("alice operator aaaaaaaaaaaaaaaaaaaa\nbob viewer aaaaaaaaaaaaaaaaaaaa\n",
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const CtlRun run = ctl({QStringLiteral("run"), QStringLiteral("--once"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--users"), path});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(path + QStringLiteral(":2: the token of bob is the same as the one on line 1")),
             qPrintable(run.err));
    QVERIFY(!run.err.contains(QStringLiteral("aaaa")));
}

void TestCtlListen::portInUseStopsBeforeTheController()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(taken.serverPort());
    const CtlRun run = ctl({QStringLiteral("run"), QStringLiteral("--once"), QStringLiteral("--listen"), address});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(
                 QStringLiteral("cannot listen for the API on %1: The bound address is already in use").arg(address)),
             qPrintable(run.err));
}

void TestCtlListen::onlyRunTakesThem()
{
    CtlRun run = ctl({QStringLiteral("status"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: --listen is an option of 'run'\n")), qPrintable(run.err));
    run = ctl({QStringLiteral("status"), QStringLiteral("--users"), QStringLiteral("x")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: --users is an option of 'run'\n")), qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestCtlListen)
#include "test_ctl_listen.moc"
