// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// https to the dashboard: the server's certificate is verified against the system CAs or the CA file the
// endpoint names, and a TLS failure is a specific error that sends nothing (no request reaches the server
// behind the TLS proxy) and is not retried. The CA and the certificates are made by the test with openssl.
#include "dashboardclient.h"
#include "scriptedhttpserver.h"
#include "testca.h"
#include "tlsproxy.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <optional>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestTlsTrust : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void trustsTheNamedCa();
    void systemCasRefuseAnUnknownCa();
    void anotherCaIsRefused();
    void certificateForAnotherHostIsRefused();
    void unreadableCaFileIsABadSetting();
    void caFileWithoutCertificateIsABadSetting();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    std::unique_ptr<TlsProxy> proxyWith(const QString &certificate);
    Result<QByteArray> get(const QString &url, const QString &caFile);

    QTemporaryDir m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<TlsProxy> m_proxy; // serves the certificate for 127.0.0.1 signed by "ca"
};

void TestTlsTrust::initTestCase()
{
    QVERIFY(m_dir.isValid());
    for (const QString &error :
         {makeCa(m_dir.path(), QStringLiteral("ca")), makeCa(m_dir.path(), QStringLiteral("otherca")),
          makeServerCertificate(m_dir.path(), QStringLiteral("ca"), QStringLiteral("local"),
                                QStringLiteral("IP:127.0.0.1")),
          makeServerCertificate(m_dir.path(), QStringLiteral("ca"), QStringLiteral("elsewhere"),
                                QStringLiteral("DNS:other.example"))})
        QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestTlsTrust::init()
{
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->enqueue({200, QByteArrayLiteral("{\"ray_version\": \"2.60.0\"}")});
    m_proxy = proxyWith(QStringLiteral("local"));
    QVERIFY(m_proxy->ready());
}

std::unique_ptr<TlsProxy> TestTlsTrust::proxyWith(const QString &certificate)
{
    return std::make_unique<TlsProxy>(path(certificate + QStringLiteral(".pem")),
                                      path(certificate + QStringLiteral(".key")), QHostAddress::LocalHost,
                                      quint16(QUrl(m_server->url()).port()));
}

Result<QByteArray> TestTlsTrust::get(const QString &url, const QString &caFile)
{
    QNetworkAccessManager network;
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(url);
    endpoint.token = QByteArrayLiteral("secret-token-value");
    endpoint.caFile = caFile;
    DashboardClient client(&network, endpoint);
    std::optional<Result<QByteArray>> result;
    client.get(DashboardClient::versionPath, [&result](Result<QByteArray> reply) { result = std::move(reply); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
        return makeError(RayErrorKind::ServerError, QStringLiteral("test: no answer"));
    return *result;
}

void TestTlsTrust::trustsTheNamedCa()
{
    const auto reply = get(m_proxy->url(), path(QStringLiteral("ca.pem")));
    if (!reply)
        QFAIL(qPrintable(reply.error().describe()));
    QVERIFY(reply->contains("2.60.0"));
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().first().header("Authorization"), QByteArrayLiteral("Bearer secret-token-value"));
}

void TestTlsTrust::systemCasRefuseAnUnknownCa()
{
    const auto reply = get(m_proxy->url(), QString());
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, RayErrorKind::Tls);
    const QString message = reply.error().describe();
    QVERIFY2(message.contains(QStringLiteral("certificate of 127.0.0.1")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("the system's CAs")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("--ca-file")), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("secret-token-value")), qPrintable(message));
    QCOMPARE(m_proxy->bytesForwarded(), 0);
    QCOMPARE(m_server->requests().size(), 0);
    QCOMPARE(m_proxy->connectionsAccepted(), 1); // a TLS failure is not retried
}

void TestTlsTrust::anotherCaIsRefused()
{
    const QString otherCa = path(QStringLiteral("otherca.pem"));
    const auto reply = get(m_proxy->url(), otherCa);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, RayErrorKind::Tls);
    QVERIFY2(reply.error().message.contains(otherCa), qPrintable(reply.error().message));
    QCOMPARE(m_proxy->bytesForwarded(), 0);
    QCOMPARE(m_server->requests().size(), 0);
}

void TestTlsTrust::certificateForAnotherHostIsRefused()
{
    const auto proxy = proxyWith(QStringLiteral("elsewhere"));
    QVERIFY(proxy->ready());
    const auto reply = get(proxy->url(), path(QStringLiteral("ca.pem")));
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, RayErrorKind::Tls);
    QVERIFY2(reply.error().message.contains(QStringLiteral("host name")), qPrintable(reply.error().message));
    QCOMPARE(proxy->bytesForwarded(), 0);
    QCOMPARE(m_server->requests().size(), 0);
}

void TestTlsTrust::unreadableCaFileIsABadSetting()
{
    const QString missing = path(QStringLiteral("missing.pem"));
    const auto reply = get(m_proxy->url(), missing);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, RayErrorKind::BadSetting);
    QVERIFY2(reply.error().message.contains(missing), qPrintable(reply.error().message));
    QCOMPARE(m_proxy->connectionsAccepted(), 0);
}

void TestTlsTrust::caFileWithoutCertificateIsABadSetting()
{
    const QString notPem = path(QStringLiteral("ca.key")); // a key, not a certificate
    const auto reply = get(m_proxy->url(), notPem);
    QVERIFY(!reply.ok());
    QCOMPARE(reply.error().kind, RayErrorKind::BadSetting);
    QVERIFY2(reply.error().message.contains(QStringLiteral("no PEM certificate")), qPrintable(reply.error().message));
    QCOMPARE(m_proxy->connectionsAccepted(), 0);
}

QTEST_GUILESS_MAIN(TestTlsTrust)
#include "test_tlstrust.moc"
