// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl run --metrics-listen`, in-process, before any tick: a malformed address (from the option or from
// SCALEDECK_METRICS_LISTEN) is a usage error, the option beats the environment, a port in use ends the run with the
// reason before the controller starts, and no other command takes the option. Nothing listens on the cluster's
// address: none of these gets as far as asking it.
#include "ctlcommands.h"

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

class TestCtlMetricsListen : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badAddressIsAUsageError();
    void badEnvironmentIsAUsageError();
    void portInUseStopsBeforeTheController();
    void onlyRunTakesIt();

private:
    CtlRun ctl(const QStringList &arguments, const QProcessEnvironment &environment = {});
    QTemporaryDir m_dir;
};

CtlRun TestCtlMetricsListen::ctl(const QStringList &arguments, const QProcessEnvironment &environment)
{
    CtlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.exitCode = runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--address"),
                                               QStringLiteral("http://127.0.0.1:1"), QStringLiteral("--store"),
                                               m_dir.filePath(QStringLiteral("store.sqlite"))} +
                                       arguments,
                                   environment, out, err);
    out.flush();
    err.flush();
    return run;
}

void TestCtlMetricsListen::badAddressIsAUsageError()
{
    const CtlRun run = ctl({QStringLiteral("run"), QStringLiteral("--once"), QStringLiteral("--metrics-listen"),
                            QStringLiteral("localhost:9464")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: metrics listen address 'localhost:9464' does not start "
                                               "with an IP address (expected HOST:PORT, e.g. 127.0.0.1:9464)\n")),
             qPrintable(run.err));
}

void TestCtlMetricsListen::badEnvironmentIsAUsageError()
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("SCALEDECK_METRICS_LISTEN"), QStringLiteral("127.0.0.1:99999"));
    const CtlRun run = ctl({QStringLiteral("run"), QStringLiteral("--once")}, environment);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("'127.0.0.1:99999' has no port from 0 to 65535 (expected HOST:PORT, e.g. "
                                             "127.0.0.1:9464) (from SCALEDECK_METRICS_LISTEN)")),
             qPrintable(run.err));
}

void TestCtlMetricsListen::portInUseStopsBeforeTheController()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(taken.serverPort());
    // The option beats a malformed environment value.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("SCALEDECK_METRICS_LISTEN"), QStringLiteral("nonsense"));
    const CtlRun run = ctl(
        {QStringLiteral("run"), QStringLiteral("--once"), QStringLiteral("--metrics-listen"), address}, environment);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(
                 QStringLiteral("cannot listen for metrics on %1: The bound address is already in use").arg(address)),
             qPrintable(run.err));
    QVERIFY2(!run.out.contains(QStringLiteral(" scaledeckctl run")),
             qPrintable(run.out)); // the controller's first line
}

void TestCtlMetricsListen::onlyRunTakesIt()
{
    const CtlRun run =
        ctl({QStringLiteral("status"), QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:0")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: --metrics-listen is an option of 'run'\n")),
             qPrintable(run.err));
}

QTEST_GUILESS_MAIN(TestCtlMetricsListen)
#include "test_ctl_metricslisten.moc"
