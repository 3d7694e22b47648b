// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The metrics endpoint over real HTTP on a loopback port the system chooses: GET /metrics (the exposition with
// its Content-Type), GET /healthz (200 or 503 with the reason, on a manual clock), 404 elsewhere, a port in use
// refused with the reason, and the HOST:PORT forms --metrics-listen takes.
#include "controllermetrics.h"
#include "listenaddress.h"
#include "metricsserver.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QtTest>

#include <memory>

using namespace scaledeck;

namespace {
const QDateTime kStart(QDate(2026, 11, 25), QTime(18, 14), Qt::UTC);

struct Answer {
    int status = 0;
    QByteArray contentType;
    QByteArray body;
};

Answer get(QNetworkAccessManager &network, quint16 port, const QString &path)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    request.setTransferTimeout(10000);
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(15000))
        return {};
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->readAll()};
}
} // namespace

class TestMetricsServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void servesMetricsAndHealth();
    void refusesAPortInUse();
    void parsesListenAddresses_data();
    void parsesListenAddresses();
};

void TestMetricsServer::servesMetricsAndHealth()
{
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, QStringLiteral("http://127.0.0.1:8265"), 10000);
    MetricsServer server(&metrics);
    auto port = server.listen(ListenAddress{QHostAddress::LocalHost, 0});
    QVERIFY2(port, port ? "" : qPrintable(port.error().describe()));
    QVERIFY(*port != 0);
    QNetworkAccessManager network;

    TickReport report;
    report.holdsLock = true;
    metrics.observe(report, PriceList{});
    const Answer answer = get(network, *port, QStringLiteral("/metrics"));
    QCOMPARE(answer.status, 200);
    QCOMPARE(answer.contentType, QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8"));
    QCOMPARE(answer.body, metrics.exposition());
    QVERIFY(answer.body.contains("scaledeck_controller_ticks_total 1\n"));

    Answer health = get(network, *port, QStringLiteral("/healthz"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.body, QByteArrayLiteral("ok (last successful tick 0 s ago)\n"));
    clock.advanceSecs(45);
    health = get(network, *port, QStringLiteral("/healthz"));
    QCOMPARE(health.status, 503);
    QCOMPARE(health.body, QByteArrayLiteral("last successful tick 45 s ago (more than 3 ticks of 10 s)\n"));

    QCOMPARE(get(network, *port, QStringLiteral("/")).status, 404);
    QCOMPARE(get(network, *port, QStringLiteral("/metricsx")).status, 404);
}

void TestMetricsServer::refusesAPortInUse()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    ManualClock clock(kStart);
    ControllerMetrics metrics(&clock, QStringLiteral("http://127.0.0.1:8265"), 10000);
    MetricsServer server(&metrics);
    auto port = server.listen(ListenAddress{QHostAddress::LocalHost, taken.serverPort()});
    QVERIFY(!port);
    QCOMPARE(port.error().message, QStringLiteral("cannot listen for metrics on 127.0.0.1:%1: %2")
                                       .arg(taken.serverPort())
                                       .arg(QStringLiteral("The bound address is already in use")));
}

void TestMetricsServer::parsesListenAddresses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host"); // empty: refused
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("why");
    QTest::newRow("ipv4") << "127.0.0.1:9464"
                          << "127.0.0.1" << 9464 << "";
    QTest::newRow("any port") << "0.0.0.0:0"
                              << "0.0.0.0" << 0 << "";
    QTest::newRow("ipv6") << "[::1]:9464"
                          << "::1" << 9464 << "";
    QTest::newRow("no port") << "127.0.0.1"
                             << "" << 0 << "has no port";
    QTest::newRow("empty port") << "127.0.0.1:"
                                << "" << 0 << "has no port from 0 to 65535";
    QTest::newRow("port too big") << "127.0.0.1:65536"
                                  << "" << 0 << "has no port from 0 to 65535";
    QTest::newRow("host name") << "localhost:9464"
                               << "" << 0 << "does not start with an IP address";
    QTest::newRow("no host") << ":9464"
                             << "" << 0 << "does not start with an IP address";
    QTest::newRow("bare ipv6") << "::1:9464"
                               << "" << 0 << "needs brackets around an IPv6 address";
}

void TestMetricsServer::parsesListenAddresses()
{
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, why);
    auto address = parseListenAddress(text);
    if (host.isEmpty()) {
        QVERIFY(!address);
        QCOMPARE(
            address.error().message,
            QStringLiteral("metrics listen address '%1' %2 (expected HOST:PORT, e.g. 127.0.0.1:9464)").arg(text, why));
        return;
    }
    QVERIFY2(address, address ? "" : qPrintable(address.error().message));
    QCOMPARE(address->host, QHostAddress(host));
    QCOMPARE(int(address->port), port);
}

QTEST_GUILESS_MAIN(TestMetricsServer)
#include "test_metricsserver.moc"
