// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// scaledeckctl targets: every application and deployment of the cluster, one a line, as shell completion reads
// them; on failure nothing on stdout.
#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "fixtures.h"
#include "parkedstore.h"
#include "scriptedhttpserver.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scaledeck;

namespace {

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestCtlTargets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesEveryApplicationAndDeployment();
    void parkedApplicationsToo();
    void unreachableClusterPrintsNothing();
    void takesNoArguments();

private:
    CtlRun ctl(const QString &address, const QStringList &arguments);
    void serveDemo();
    QTemporaryDir m_dir;
    ScriptedHttpServer m_server;
};

CtlRun TestCtlTargets::ctl(const QString &address, const QStringList &arguments)
{
    CtlRun run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("HOME"), m_dir.path());
    run.exitCode =
        runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--address"), address,
                                    QStringLiteral("--store"), m_dir.filePath(QStringLiteral("store.sqlite"))} +
                            arguments,
                        environment, out, err);
    out.flush();
    err.flush();
    return run;
}

void TestCtlTargets::serveDemo()
{
    m_server.answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server.answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server.answer("/api/serve/applications/", {200, readFixture(QStringLiteral("applications_demo.json"))});
}

void TestCtlTargets::namesEveryApplicationAndDeployment()
{
    serveDemo();
    const CtlRun run = ctl(m_server.url(), {QStringLiteral("targets")});
    QVERIFY2(run.exitCode == ExitDone, qPrintable(run.err));
    // What the captured document holds: each application, then each of its deployments as APP/DEPLOYMENT.
    const QByteArray document = readFixture(QStringLiteral("applications_demo.json"));
    const auto applications = nlohmann::json::parse(document.constBegin(), document.constEnd())["applications"];
    QStringList expected;
    for (const auto &[name, application] : applications.items()) {
        expected.append(QString::fromStdString(name));
        for (const auto &[deployment, unused] : application["deployments"].items())
            expected.append(QString::fromStdString(name + "/" + deployment));
    }
    QStringList names = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(names.contains(QStringLiteral("llm/LLM")));
    QVERIFY(names.contains(QStringLiteral("gateway/Router")));
    names.sort();
    expected.sort();
    QCOMPARE(names, expected);
    QVERIFY(run.out.endsWith(QLatin1Char('\n')));
}

void TestCtlTargets::parkedApplicationsToo()
{
    serveDemo();
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(m_server.url());
    ParkedStore store(m_dir.filePath(QStringLiteral("store.sqlite")));
    const ParkedApp parked{QStringLiteral("nightly"), R"({"name": "nightly"})", "{}", QDateTime::currentDateTimeUtc()};
    QVERIFY(store.save(endpoint.clusterKey(), parked).ok());
    const CtlRun run = ctl(m_server.url(), {QStringLiteral("targets")});
    QVERIFY2(run.exitCode == ExitDone, qPrintable(run.err));
    QVERIFY2(run.out.split(QLatin1Char('\n')).contains(QStringLiteral("nightly")), qPrintable(run.out));
}

void TestCtlTargets::unreachableClusterPrintsNothing()
{
    const CtlRun run = ctl(QStringLiteral("http://127.0.0.1:1"), {QStringLiteral("targets")});
    QCOMPARE(run.exitCode, int(ExitError));
    QCOMPARE(run.out, QString());
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: ")), qPrintable(run.err));
}

void TestCtlTargets::takesNoArguments()
{
    const CtlRun run = ctl(QStringLiteral("http://127.0.0.1:1"), {QStringLiteral("targets"), QStringLiteral("llm")});
    QCOMPARE(run.exitCode, int(ExitUsage));
    QCOMPARE(run.err,
             QStringLiteral("scaledeckctl: 'targets' takes no arguments\nTry 'scaledeckctl targets --help'.\n"));
}

QTEST_GUILESS_MAIN(TestCtlTargets)
#include "test_ctl_targets.moc"
