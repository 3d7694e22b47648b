// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// scaledeckctl on a production endpoint (--production), against the real Ray cluster: parking needs
// --confirm naming the application; without it, or with another name, nothing is sent and the cluster's
// config is unchanged; with it the app is parked (and is put back after).
#include "livecluster.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};
} // namespace

class TestLiveProduction : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void parkWithoutConfirmChangesNothing_data();
    void parkWithoutConfirmChangesNothing();
    void parkWithConfirmParks();

private:
    CtlRun ctl(const QStringList &arguments);
    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
};

CtlRun TestLiveProduction::ctl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(SCALEDECKCTL_PATH),
                  QStringList{QStringLiteral("--store"), m_dir.filePath(QStringLiteral("store.sqlite"))} + arguments);
    if (!process.waitForFinished(300000))
        qFatal("scaledeckctl did not finish");
    return CtlRun{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                  QString::fromUtf8(process.readAllStandardError())};
}

void TestLiveProduction::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY2(waitUntilSettled(*m_client), "the demo apps did not all reach RUNNING");
}

void TestLiveProduction::parkWithoutConfirmChangesNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    const QString park = QStringLiteral("park");
    const QString llm = QStringLiteral("llm");
    const QString production = QStringLiteral("--production");
    QTest::newRow("no --confirm") << QStringList{production, park, llm}
                                  << QStringLiteral("this is a production cluster: parking 'llm' needs --confirm llm");
    QTest::newRow("another name") << QStringList{production, park, llm, QStringLiteral("--confirm"),
                                                 QStringLiteral("gateway")}
                                  << QStringLiteral("--confirm names 'gateway', but this change parks 'llm'");
    QTest::newRow("scale to 0 parks") << QStringList{production, QStringLiteral("scale"), QStringLiteral("llm/LLM"),
                                                     QStringLiteral("0")}
                                      << QStringLiteral("parking 'llm' needs --confirm llm");
}

void TestLiveProduction::parkWithoutConfirmChangesNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const OrderedJson before = declarativeConfig(serveDocument(*m_client));
    const CtlRun run = ctl(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
    QCOMPARE(declarativeConfig(serveDocument(*m_client)), before);
    QCOMPARE(ctl({QStringLiteral("parked"), QStringLiteral("--json")}).out.trimmed(), QStringLiteral("[]"));
}

void TestLiveProduction::parkWithConfirmParks()
{
    CtlRun run = ctl({QStringLiteral("--production"), QStringLiteral("park"), QStringLiteral("llm"),
                      QStringLiteral("--confirm"), QStringLiteral("llm"), QStringLiteral("--no-wait")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    // --no-wait returns once Ray took the config; the app is listed (DELETING) until Ray has removed it.
    QTRY_VERIFY_WITH_TIMEOUT(!declarativeConfig(serveDocument(*m_client))["applications"].contains("llm"), 120000);
    run = ctl({QStringLiteral("--production"), QStringLiteral("unpark"), QStringLiteral("llm")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(declarativeConfig(serveDocument(*m_client))["applications"].contains("llm"));
}

QTEST_GUILESS_MAIN(TestLiveProduction)
#include "test_live_production.moc"
