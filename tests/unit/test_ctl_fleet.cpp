// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The real scaledeckctl fleet: a clusters file with a cluster that refuses connections, a bad file, a fleet of a
// scripted dashboard and a refusing one (table and JSON), and the saved profiles when no file is given (with the
// price from the local store). The real Ray heads are the integration test's.
#include "clusterendpoint.h"
#include "ctlprocess.h"
#include "fixtures.h"
#include "pricestore.h"
#include "profilestore.h"
#include "scriptedhttpserver.h"

#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestCtlFleet : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void refusedAddressIsARowWithItsError();
    void badFileNamesTheLine();
    void tableAndJsonOfAMixedFleet();
    void savedProfilesWithoutAFile();

private:
    QProcessEnvironment environment() const;
    QString writeFile(const QString &name, const QByteArray &content);
    static QString refusingAddress();
    void serveRay();
    QTemporaryDir m_dir;
    ScriptedHttpServer m_server;
};

QProcessEnvironment TestCtlFleet::environment() const
{
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("HOME"), m_dir.path());
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("SCALEDECK_STORE"), m_dir.filePath(QStringLiteral("local.sqlite")));
    environment.insert(QStringLiteral("ASAN_OPTIONS"), qEnvironmentVariable("ASAN_OPTIONS"));
    return environment;
}

QString TestCtlFleet::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    file.close();
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return path;
}

// An address nothing listens on: a port this test bound and closed again.
QString TestCtlFleet::refusingAddress()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        qFatal("cannot bind a port");
    const quint16 port = server.serverPort();
    server.close();
    return QStringLiteral("http://127.0.0.1:%1").arg(port);
}

void TestCtlFleet::serveRay()
{
    m_server.answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server.answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server.answer("/api/serve/applications/",
                    {200, readFixture(QStringLiteral("applications_llm3_gpu_pending.json"))});
}

void TestCtlFleet::refusedAddressIsARowWithItsError()
{
    const QString address = refusingAddress();
    const QString file = writeFile(QStringLiteral("down.txt"), QStringLiteral("down %1\n").arg(address).toUtf8());
    const CtlRun run =
        runCtl(environment(), {QStringLiteral("fleet"), QStringLiteral("--clusters"), file, QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 1);
    const auto json = nlohmann::ordered_json::parse(run.out.toStdString());
    QCOMPARE(json["clusters"].size(), size_t(1));
    const auto &row = json["clusters"][0];
    // The pinned keys first, in their order.
    const std::vector<std::string> pinned{"name",        "address",     "reachable",        "error",
                                          "ray_version", "deployments", "replicas_running", "replicas_target",
                                          "gpus_held",   "gpus_total",  "cost_per_hour"};
    auto key = row.begin();
    for (const std::string &name : pinned) {
        QCOMPARE(QString::fromStdString(key.key()), QString::fromStdString(name));
        ++key;
    }
    QCOMPARE(row["name"].get<std::string>(), std::string("down"));
    QCOMPARE(QString::fromStdString(row["address"].get<std::string>()), address);
    QCOMPARE(row["reachable"].get<bool>(), false);
    QVERIFY2(QString::fromStdString(row["error"].get<std::string>())
                 .contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             row["error"].dump().c_str());
    for (const char *figure : {"ray_version", "deployments", "replicas_running", "replicas_target", "gpus_held",
                               "gpus_total", "cost_per_hour"})
        QVERIFY2(row[figure].is_null(), figure);
    QCOMPARE(row["state"].get<std::string>(), std::string("unreachable"));
}

void TestCtlFleet::badFileNamesTheLine()
{
    const QString file = writeFile(QStringLiteral("bad.txt"), "# ours\na http://127.0.0.1:1\na http://127.0.0.1:2\n");
    const CtlRun run =
        runCtl(environment(), {QStringLiteral("fleet"), QStringLiteral("--clusters"), file, QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
    QVERIFY2(run.err.contains(QStringLiteral("%1:3: the name 'a' is taken by an earlier line").arg(file)),
             qPrintable(run.err));

    const QString extra = writeFile(QStringLiteral("extra.txt"), "a http://127.0.0.1:1 tok more\n");
    const CtlRun extraRun = runCtl(environment(), {QStringLiteral("fleet"), QStringLiteral("--clusters"), extra});
    QCOMPARE(extraRun.exitCode, 1);
    QVERIFY2(extraRun.err.contains(QStringLiteral("%1:1: 4 fields, 'more' is one too many").arg(extra)),
             qPrintable(extraRun.err));
}

void TestCtlFleet::tableAndJsonOfAMixedFleet()
{
    serveRay();
    const QString file = writeFile(QStringLiteral("mixed.txt"),
                                   QStringLiteral("lab %1\ndown %2\n").arg(m_server.url(), refusingAddress()).toUtf8());
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    startCtl(process, environment(), {QStringLiteral("fleet"), QStringLiteral("--clusters"), file});
    const CtlRun table = finishCtl(process, finished);
    QCOMPARE(table.exitCode, 1); // one did not answer; both rows are printed
    const QStringList lines = table.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY2(lines[0].startsWith(QStringLiteral("CLUSTER")), qPrintable(table.out));
    QVERIFY2(lines[1].startsWith(QStringLiteral("lab")) && lines[1].contains(QStringLiteral("answering")) &&
                 lines[1].contains(QStringLiteral("8/9")) && lines[1].contains(QStringLiteral("3.5/4")),
             qPrintable(table.out));
    QVERIFY2(lines[2].startsWith(QStringLiteral("down")) && lines[2].contains(QStringLiteral("unreachable")),
             qPrintable(table.out));
    QVERIFY2(lines[3].startsWith(QStringLiteral("total")) && lines[3].contains(QStringLiteral("1/2 answering")),
             qPrintable(table.out));
    // Columns line up: each row's STATE starts where the header's does.
    const qsizetype stateColumn = lines[0].indexOf(QStringLiteral("STATE"));
    QCOMPARE(lines[1].indexOf(QStringLiteral("answering")), stateColumn);

    QProcess jsonProcess;
    QSignalSpy jsonFinished(&jsonProcess, &QProcess::finished);
    startCtl(jsonProcess, environment(),
             {QStringLiteral("fleet"), QStringLiteral("--clusters"), file, QStringLiteral("--json")});
    const CtlRun json = finishCtl(jsonProcess, jsonFinished);
    QCOMPARE(json.exitCode, 1);
    const auto rows = nlohmann::json::parse(json.out.toStdString())["clusters"];
    QCOMPARE(rows[0]["reachable"].get<bool>(), true);
    QVERIFY(rows[0]["error"].is_null());
    QCOMPARE(rows[0]["ray_version"].get<std::string>(), std::string("2.60.0"));
    QCOMPARE(rows[0]["deployments"].get<int>(), 7);
    QCOMPARE(rows[0]["replicas_running"].get<int>(), 8);
    QCOMPARE(rows[0]["replicas_target"].get<int>(), 9);
    QCOMPARE(rows[0]["gpus_held"].get<double>(), 3.5);
    QCOMPARE(rows[0]["gpus_total"].get<double>(), 4.0);
    QVERIFY(rows[0]["cost_per_hour"].is_null()); // no price set in the local store
    QCOMPARE(rows[1]["reachable"].get<bool>(), false);
}

void TestCtlFleet::savedProfilesWithoutAFile()
{
    serveRay();
    const QString token = writeFile(QStringLiteral("lab-token"), "lab-secret\n");
    {
        QDir().mkpath(m_dir.filePath(QStringLiteral("config/ScaleDeck")));
        QSettings settings(m_dir.filePath(QStringLiteral("config/ScaleDeck/scaledeck.conf")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        ConnectionProfile lab;
        lab.name = QStringLiteral("lab");
        lab.address = m_server.url();
        lab.tokenFile = token;
        profiles.save(lab);
    }
    {
        PriceStore prices(m_dir.filePath(QStringLiteral("local.sqlite")));
        QVERIFY(prices.open().ok());
        PriceList list;
        list.gpuHour = 2.0;
        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = QUrl(m_server.url());
        QVERIFY(prices.setPrices(endpoint.clusterKey(), list).ok());
    }
    QProcess process;
    QSignalSpy finished(&process, &QProcess::finished);
    startCtl(process, environment(), {QStringLiteral("fleet"), QStringLiteral("--json")});
    const CtlRun run = finishCtl(process, finished);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err + run.out));
    const auto rows = nlohmann::json::parse(run.out.toStdString())["clusters"];
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows[0]["name"].get<std::string>(), std::string("lab"));
    QCOMPARE(rows[0]["reachable"].get<bool>(), true);
    QCOMPARE(rows[0]["cost_per_hour"].get<double>(), 7.0); // 3.5 GPUs held at 2 a GPU-hour
    QCOMPARE(m_server.requests().last().header("Authorization"), QByteArray("Bearer lab-secret"));
}

QTEST_GUILESS_MAIN(TestCtlFleet)
#include "test_ctl_fleet.moc"
