// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// scaledeckctl parked discard APP: drops a stored config the operator no longer needs (one kept after a park
// whose outcome was unknown while the app still runs), refuses while it is the only copy unless --force, and
// changes nothing on bad input. Ray's side is scripted (decision paths only).
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

class TestCtlParked : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void discardOfAnAppThatRunsDropsTheCopy();
    void discardOfTheOnlyCopyIsRefused();
    void discardWithoutAClusterIsRefusedUnlessForced();
    void discardOfAnUnknownAppChangesNothing();
    void forceBelongsToDiscardOnly();

private:
    CtlRun run(const QString &address, const QStringList &arguments);
    void serveCluster(bool withLlm);
    QStringList storedNames();

    std::optional<QTemporaryDir> m_dir;
    std::optional<ScriptedHttpServer> m_server;
    QString m_storePath;
};

void TestCtlParked::init()
{
    m_dir.emplace();
    m_server.emplace();
    m_storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    // The record lives under the scripted cluster's key; the unreachable address has its own.
    for (const QString &address : {m_server->url(), QStringLiteral("http://127.0.0.1:1")}) {
        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = QUrl(address);
        ParkedStore store(m_storePath);
        const ParkedApp llm{QStringLiteral("llm"), R"({"name": "llm"})", "{}", QDateTime::currentDateTimeUtc()};
        QVERIFY(store.save(endpoint.clusterKey(), llm).ok());
    }
}

CtlRun TestCtlParked::run(const QString &address, const QStringList &arguments)
{
    CtlRun result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    QProcessEnvironment env;
    env.insert(QStringLiteral("HOME"), m_dir->path());
    result.exitCode = runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--address"), address,
                                                  QStringLiteral("--store"), m_storePath} +
                                          arguments,
                                      env, out, err);
    out.flush();
    err.flush();
    return result;
}

void TestCtlParked::serveCluster(bool withLlm)
{
    QByteArray applications = readFixture(QStringLiteral("applications_demo.json"));
    if (!withLlm) {
        auto document = nlohmann::ordered_json::parse(applications.constBegin(), applications.constEnd());
        document["applications"].erase("llm");
        applications = QByteArray::fromStdString(document.dump());
    }
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer("/api/serve/applications/", {200, applications});
}

QStringList TestCtlParked::storedNames()
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(m_server->url());
    ParkedStore store(m_storePath);
    auto list = store.list(endpoint.clusterKey());
    if (!list)
        qFatal("store: %s", qPrintable(list.error().describe()));
    QStringList names;
    for (const ParkedApp &app : list.value())
        names.append(app.name);
    return names;
}

void TestCtlParked::discardOfAnAppThatRunsDropsTheCopy()
{
    serveCluster(true);
    const CtlRun result =
        run(m_server->url(), {QStringLiteral("parked"), QStringLiteral("discard"), QStringLiteral("llm")});
    QCOMPARE(result.exitCode, int(ExitDone));
    QVERIFY2(result.out.contains(QStringLiteral("discarded the stored config of llm")), qPrintable(result.out));
    QCOMPARE(storedNames(), QStringList());
}

void TestCtlParked::discardOfTheOnlyCopyIsRefused()
{
    serveCluster(false);
    const CtlRun result =
        run(m_server->url(), {QStringLiteral("parked"), QStringLiteral("discard"), QStringLiteral("llm")});
    QCOMPARE(result.exitCode, int(ExitError));
    QVERIFY2(result.err.contains(QStringLiteral("only copy")), qPrintable(result.err));
    QCOMPARE(storedNames(), QStringList{QStringLiteral("llm")});
}

void TestCtlParked::discardWithoutAClusterIsRefusedUnlessForced()
{
    const QString nowhere = QStringLiteral("http://127.0.0.1:1");
    const QStringList discard{QStringLiteral("parked"), QStringLiteral("discard"), QStringLiteral("llm")};
    const CtlRun refused = run(nowhere, discard);
    QCOMPARE(refused.exitCode, int(ExitError));
    QVERIFY2(refused.err.contains(QStringLiteral("nothing was discarded")), qPrintable(refused.err));
    const CtlRun listed = run(nowhere, {QStringLiteral("parked")});
    QVERIFY2(listed.out.contains(QStringLiteral("llm")), qPrintable(listed.out));

    const CtlRun forced = run(nowhere, discard + QStringList{QStringLiteral("--force")});
    QCOMPARE(forced.exitCode, int(ExitDone));
    const CtlRun after = run(nowhere, {QStringLiteral("parked")});
    QVERIFY2(after.out.contains(QStringLiteral("No apps are parked")), qPrintable(after.out));
}

void TestCtlParked::discardOfAnUnknownAppChangesNothing()
{
    serveCluster(true);
    const CtlRun result =
        run(m_server->url(), {QStringLiteral("parked"), QStringLiteral("discard"), QStringLiteral("nope")});
    QCOMPARE(result.exitCode, int(ExitError));
    QVERIFY2(result.err.contains(QStringLiteral("no stored config of 'nope'")), qPrintable(result.err));
    QCOMPARE(storedNames(), QStringList{QStringLiteral("llm")});
}

void TestCtlParked::forceBelongsToDiscardOnly()
{
    const CtlRun result = run(m_server->url(), {QStringLiteral("parked"), QStringLiteral("--force")});
    QCOMPARE(result.exitCode, int(ExitUsage));
    QVERIFY2(result.err.contains(QStringLiteral("--force is an option of 'parked discard'")), qPrintable(result.err));
    const CtlRun missing = run(m_server->url(), {QStringLiteral("parked"), QStringLiteral("discard")});
    QCOMPARE(missing.exitCode, int(ExitUsage));
    QCOMPARE(storedNames(), QStringList{QStringLiteral("llm")});
}

QTEST_GUILESS_MAIN(TestCtlParked)
#include "test_ctl_parked.moc"
