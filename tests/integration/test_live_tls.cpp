// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// https in front of the REAL Ray dashboard: a TLS proxy (made by the test, with a CA the test makes with
// openssl) forwards to the cluster that scripts/test.sh started. scaledeckctl reads the cluster through it with
// --ca-file; without it, with another CA, or with a certificate for another host name it fails with the
// specific TLS error, nothing passes the proxy and nothing in the cluster changes. scaledeckctl runs
// in-process, so the proxy (in this thread) keeps serving while it waits.
#include "ctlcommands.h"
#include "livecluster.h"
#include "testca.h"
#include "tlsproxy.h"

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

class TestLiveTls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void statusThroughTlsWithTheCaFile();
    void refusedWithoutTheCaFile_data();
    void refusedWithoutTheCaFile();
    void parkRefusedChangesNothing();

private:
    CtlRun ctl(const QStringList &arguments);
    std::unique_ptr<TlsProxy> proxyWith(const QString &certificate);
    QString path(const QString &name) const { return m_dir.filePath(name); }

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client; // straight to the dashboard, to see that nothing changed
    QTemporaryDir m_dir;
};

CtlRun TestLiveTls::ctl(const QStringList &arguments)
{
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    const QStringList all =
        QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--store"), path(QStringLiteral("store.sqlite"))} +
        arguments;
    const int exitCode = runScaledeckCtl(all, QProcessEnvironment::systemEnvironment(), outStream, errStream);
    outStream.flush();
    errStream.flush();
    return CtlRun{exitCode, out, err};
}

std::unique_ptr<TlsProxy> TestLiveTls::proxyWith(const QString &certificate)
{
    const QUrl dashboard = m_endpoint->dashboardUrl;
    return std::make_unique<TlsProxy>(path(certificate + QStringLiteral(".pem")),
                                      path(certificate + QStringLiteral(".key")), QHostAddress(dashboard.host()),
                                      quint16(dashboard.port(8265)));
}

void TestLiveTls::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    QVERIFY2(!m_endpoint->token.isEmpty(), "the test cluster runs with token auth on");
    QVERIFY(m_dir.isValid());
    for (const QString &error :
         {makeCa(m_dir.path(), QStringLiteral("ca")), makeCa(m_dir.path(), QStringLiteral("otherca")),
          makeServerCertificate(m_dir.path(), QStringLiteral("ca"), QStringLiteral("local"),
                                QStringLiteral("IP:127.0.0.1")),
          makeServerCertificate(m_dir.path(), QStringLiteral("ca"), QStringLiteral("elsewhere"),
                                QStringLiteral("DNS:other.example"))})
        QVERIFY2(error.isEmpty(), qPrintable(error));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY2(waitUntilSettled(*m_client), "the demo apps did not all reach RUNNING");
}

void TestLiveTls::statusThroughTlsWithTheCaFile()
{
    const auto proxy = proxyWith(QStringLiteral("local"));
    QVERIFY(proxy->ready());
    const CtlRun run = ctl({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--address"),
                            proxy->url(), QStringLiteral("--ca-file"), path(QStringLiteral("ca.pem"))});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto json = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(json.is_object(), qPrintable(run.out));
    QCOMPARE(json["ray_version"], nlohmann::json("2.60.0"));
    QVERIFY(proxy->handshakesCompleted() >= 1);
    QVERIFY(proxy->bytesForwarded() > 0);
}

void TestLiveTls::refusedWithoutTheCaFile_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("caFile");
    QTest::addColumn<QString>("expected");
    QTest::newRow("system CAs") << QStringLiteral("local") << QString() << QStringLiteral("--ca-file");
    QTest::newRow("another CA") << QStringLiteral("local") << QStringLiteral("otherca.pem")
                                << QStringLiteral("not signed by a CA in that file");
    QTest::newRow("another host") << QStringLiteral("elsewhere") << QStringLiteral("ca.pem")
                                  << QStringLiteral("another host name");
}

void TestLiveTls::refusedWithoutTheCaFile()
{
    QFETCH(QString, certificate);
    QFETCH(QString, caFile);
    QFETCH(QString, expected);
    const auto proxy = proxyWith(certificate);
    QVERIFY(proxy->ready());
    QStringList arguments{QStringLiteral("status"), QStringLiteral("--address"), proxy->url()};
    if (!caFile.isEmpty())
        arguments << QStringLiteral("--ca-file") << path(caFile);
    const CtlRun run = ctl(arguments);
    QCOMPARE(run.exitCode, int(ExitError));
    QVERIFY2(run.err.startsWith(QStringLiteral("scaledeckctl: TLS: the certificate of 127.0.0.1 is not trusted")),
             qPrintable(run.err));
    QVERIFY2(run.err.contains(expected), qPrintable(run.err));
    QVERIFY2(!run.err.contains(QString::fromUtf8(m_endpoint->token)), "the token is in the error");
    QVERIFY(run.out.isEmpty());
    QCOMPARE(proxy->bytesForwarded(), 0);
}

void TestLiveTls::parkRefusedChangesNothing()
{
    const OrderedJson before = declarativeConfig(serveDocument(*m_client));
    const auto proxy = proxyWith(QStringLiteral("local"));
    QVERIFY(proxy->ready());
    const CtlRun run =
        ctl({QStringLiteral("park"), QStringLiteral("llm"), QStringLiteral("--no-wait"), QStringLiteral("--address"),
             proxy->url(), QStringLiteral("--ca-file"), path(QStringLiteral("otherca.pem"))});
    QCOMPARE(run.exitCode, int(ExitError));
    QVERIFY2(run.err.contains(QStringLiteral("TLS")), qPrintable(run.err));
    QCOMPARE(proxy->bytesForwarded(), 0);
    QCOMPARE(declarativeConfig(serveDocument(*m_client)), before);
}

QTEST_GUILESS_MAIN(TestLiveTls)
#include "test_live_tls.moc"
