// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The error each HTTP outcome maps to, the headers ScaleDeck sends, and which calls are retried.
#include "dashboardclient.h"
#include "scriptedhttpserver.h"

#include <QNetworkAccessManager>
#include <QTcpServer>
#include <QtTest>

#include <optional>

using namespace scaledeck;

class TestDashboardClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void statusCodesMapToSpecificErrors_data();
    void statusCodesMapToSpecificErrors();
    void sendsOwnUserAgentAndToken();
    void noTokenNoAuthorizationHeader();
    void timeoutIsReportedAsTimeout();
    void unreachableNamesTheAddress();
    void getIsRetriedOncePutIsNot();
    void putAndPostAreNotResentWhenTheConnectionDrops_data();
    void putAndPostAreNotResentWhenTheConnectionDrops();
    void answerCutOffIsNotCalledABadStatus();

private:
    Result<QByteArray> call(DashboardClient &client, const QByteArray &verb, const QByteArray &body = {});
};

Result<QByteArray> TestDashboardClient::call(DashboardClient &client, const QByteArray &verb, const QByteArray &body)
{
    std::optional<Result<QByteArray>> result;
    auto handler = [&result](Result<QByteArray> reply) { result = std::move(reply); };
    if (verb == "GET")
        client.get(DashboardClient::applicationsPath, handler);
    else if (verb == "PUT")
        client.put(DashboardClient::applicationsPath, body, handler);
    else
        client.post(DashboardClient::scalePath(QStringLiteral("my app"), QStringLiteral("Dep")), body, handler);
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 20000))
        return makeError(RayErrorKind::ServerError, QStringLiteral("test: no answer"));
    return *result;
}

void TestDashboardClient::statusCodesMapToSpecificErrors_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("messagePart");
    QTest::newRow("401") << 401 << QByteArray("Unauthorized: missing token") << int(RayErrorKind::Unauthorized)
                         << "requires a token";
    QTest::newRow("403") << 403 << QByteArray("Forbidden: invalid token") << int(RayErrorKind::Forbidden)
                         << "refused the token";
    QTest::newRow("405") << 405 << QByteArray("Method Not Allowed for browser traffic.")
                         << int(RayErrorKind::MethodNotAllowed) << "browser traffic";
    QTest::newRow("400 with Ray's message")
        << 400 << QByteArray("Invalid Serve config: num_replicas: ensure this value is greater than 0")
        << int(RayErrorKind::Rejected) << "greater than 0";
    QTest::newRow("412") << 412 << QByteArray("{\"error\": \"external scaler not enabled\"}")
                         << int(RayErrorKind::Rejected) << "external scaler";
    QTest::newRow("500 traceback")
        << 500 << QByteArray("Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: bad config\n")
        << int(RayErrorKind::ServerError) << "ValueError: bad config";
    QTest::newRow("501") << 501 << QByteArray("Serve dependencies are not installed") << int(RayErrorKind::ServerError)
                         << "not installed";
}

void TestDashboardClient::statusCodesMapToSpecificErrors()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(QString, messagePart);
    ScriptedHttpServer server;
    server.enqueue({status, body, "text/plain"});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 5000, false, false, {}});
    const auto result = call(client, "PUT", "{}");
    QVERIFY(!result.ok());
    QCOMPARE(int(result.error().kind), kind);
    QCOMPARE(result.error().httpStatus, status);
    QVERIFY2(result.error().describe().contains(messagePart), qPrintable(result.error().describe()));
    QCOMPARE(server.requests().size(), 1); // PUT is never retried
}

void TestDashboardClient::sendsOwnUserAgentAndToken()
{
    ScriptedHttpServer server;
    server.enqueue({200, "{}"});
    QNetworkAccessManager network;
    DashboardClient client(
        &network, ClusterEndpoint{QUrl(server.url()), "s3cret-token", QStringLiteral("test"), 5000, false, false, {}});
    const auto result = call(client, "POST", R"({"target_num_replicas": 0})");
    QVERIFY(result.ok());
    QCOMPARE(server.requests().size(), 1);
    const ReceivedRequest &request = server.requests().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/api/v1/applications/my%20app/deployments/Dep/scale"));
    QVERIFY(request.header("User-Agent").startsWith("ScaleDeck/"));
    QVERIFY(!request.header("User-Agent").contains("Mozilla"));
    QCOMPARE(request.header("Authorization"), QByteArray("Bearer s3cret-token"));
    QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
    QVERIFY(request.header("Origin").isEmpty());
    QVERIFY(request.header("Referer").isEmpty());
    QCOMPARE(request.body, QByteArray(R"({"target_num_replicas": 0})"));
}

void TestDashboardClient::noTokenNoAuthorizationHeader()
{
    ScriptedHttpServer server;
    server.enqueue({200, "{}"});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 5000, false, false, {}});
    QVERIFY(call(client, "GET").ok());
    QVERIFY(server.requests().first().header("Authorization").isEmpty());
}

void TestDashboardClient::timeoutIsReportedAsTimeout()
{
    ScriptedHttpServer server;
    server.enqueue({200, {}, {}, true});
    server.enqueue({200, {}, {}, true});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 300, false, false, {}});
    const auto result = call(client, "GET");
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, RayErrorKind::Timeout);
    QCOMPARE(server.requests().size(), 2); // a GET is retried once
}

void TestDashboardClient::unreachableNamesTheAddress()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close(); // nothing listens there now
    QNetworkAccessManager network;
    const QString address = QStringLiteral("http://127.0.0.1:%1").arg(port);
    DashboardClient client(&network, ClusterEndpoint{QUrl(address), {}, {}, 3000, false, false, {}});
    const auto result = call(client, "GET");
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, RayErrorKind::Unreachable);
    QVERIFY2(result.error().message.contains(address), qPrintable(result.error().message));
}

void TestDashboardClient::getIsRetriedOncePutIsNot()
{
    ScriptedHttpServer server;
    server.enqueue({503, "Serve controller not responding"});
    server.enqueue({200, R"({"applications": {}})"});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 5000, false, false, {}});
    const auto result = call(client, "GET");
    QVERIFY(result.ok());
    QCOMPARE(result.value(), QByteArray(R"({"applications": {}})"));
    QCOMPARE(server.requests().size(), 2);

    server.enqueue({503, "Serve controller not responding"});
    const auto put = call(client, "PUT", "{}");
    QVERIFY(!put.ok());
    QCOMPARE(put.error().kind, RayErrorKind::ServerError);
    QCOMPARE(server.requests().size(), 3);
}

void TestDashboardClient::putAndPostAreNotResentWhenTheConnectionDrops_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::newRow("PUT") << QByteArray("PUT");
    QTest::newRow("POST") << QByteArray("POST");
}

// Qt's HTTP stack sends a request again by itself when the connection closes before the answer starts, whatever
// the method. A PUT that reached Ray before the connection dropped must not be sent again behind ScaleDeck's back
// (someone may have changed the config in between); the caller reads the state and decides.
void TestDashboardClient::putAndPostAreNotResentWhenTheConnectionDrops()
{
    QFETCH(QByteArray, verb);
    ScriptedHttpServer server;
    ScriptedResponse hangUp;
    hangUp.hangUp = true;
    server.enqueue(hangUp);
    server.enqueue({200, ""}); // what a second copy of the request would get
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 5000, false, false, {}});
    const auto result = call(client, verb, R"({"applications": []})");
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, RayErrorKind::Unreachable);
    QVERIFY2(result.error().message.contains(QStringLiteral("not sent again")), qPrintable(result.error().message));
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests().first().body, QByteArray(R"({"applications": []})"));
}

// An answer cut off mid-body (status 200, then the connection closed) was reported as "unexpected HTTP status
// 200", which sent operators looking at the wrong thing; it is the connection that failed, and a GET is retried.
void TestDashboardClient::answerCutOffIsNotCalledABadStatus()
{
    ScriptedHttpServer server;
    const QByteArray body = QByteArray("{\"applications\": {}, \"padding\": \"") + QByteArray(4096, 'p') + "\"}";
    server.enqueue({200, body, "application/json", false, false, true});
    server.enqueue({200, body, "application/json", false, false, true});
    QNetworkAccessManager network;
    DashboardClient client(&network, ClusterEndpoint{QUrl(server.url()), {}, {}, 5000, false, false, {}});
    const auto result = call(client, "GET");
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, RayErrorKind::Unreachable);
    QVERIFY2(result.error().message.contains(QStringLiteral("before the whole answer arrived")),
             qPrintable(result.error().describe()));
    QVERIFY2(!result.error().message.contains(QStringLiteral("unexpected HTTP status")),
             qPrintable(result.error().describe()));
    QCOMPARE(server.requests().size(), 2); // retried once, as a GET whose connection failed
}

QTEST_GUILESS_MAIN(TestDashboardClient)
#include "test_dashboardclient.moc"
