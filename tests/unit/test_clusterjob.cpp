// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A request belongs to whoever asked: destroying the owner (or the client) before the answer destroys the
// job, and its handler never runs; a handler may destroy its own owner; abort() ends a job without an answer.
// The timeout is one of inactivity: an answer that keeps coming is waited for, silence is not. Run under ASan
// (SCALEDECK_SANITIZE) a use after free in any of these shows.
#include "dashboardclient.h"
#include "fakeclusterclient.h"
#include "scriptedhttpserver.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QtTest>

#include <memory>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
ClusterEndpoint endpointAt(const QString &url, int timeoutMs)
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(url);
    endpoint.timeoutMs = timeoutMs;
    return endpoint;
}

// One call of the kind named, owned by `owner`; `ran` is set when its handler runs.
ClusterJob *ask(ClusterClient &client, const QString &kind, QObject *owner, std::shared_ptr<int> ran)
{
    if (kind == QStringLiteral("GET"))
        return client.fetchServeApplications(owner, [ran](Result<QByteArray>) { ++*ran; });
    if (kind == QStringLiteral("PUT"))
        return client.putServeConfig(owner, R"({"applications": []})", [ran](Result<Done>) { ++*ran; });
    return client.scaleDeployment(owner, QStringLiteral("llm"), QStringLiteral("LLM"), 1,
                                  [ran](Result<Done>) { ++*ran; });
}

ScriptedResponse silent()
{
    ScriptedResponse response;
    response.silent = true;
    return response;
}

// Headers at once, then the body a few bytes every `gapMs`, over longer than the client's timeout; or, with
// `stallAfterHeaders`, nothing after the headers.
class TricklingServer : public QObject {
public:
    TricklingServer(int gapMs, bool stallAfterHeaders)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this, gapMs, stallAfterHeaders] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            socket->setParent(this);
            connect(socket, &QTcpSocket::readyRead, socket, [socket, gapMs, stallAfterHeaders] {
                socket->readAll();
                if (socket->property("answering").toBool())
                    return;
                socket->setProperty("answering", true);
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n"
                              "Connection: close\r\n\r\n");
                if (stallAfterHeaders)
                    return;
                auto *timer = new QTimer(socket);
                auto sent = std::make_shared<int>(0);
                connect(timer, &QTimer::timeout, socket, [socket, timer, sent] {
                    socket->write(QByteArray("{\"a\": 1}").mid(*sent, 1));
                    if (++*sent == 8) {
                        timer->stop();
                        socket->disconnectFromHost();
                    }
                });
                timer->start(gapMs);
            });
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }

private:
    QTcpServer m_server;
};
} // namespace

class TestClusterJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ownerDestroyedBeforeTheAnswer_data();
    void ownerDestroyedBeforeTheAnswer();
    void clientDestroyedBeforeTheAnswer();
    void abortedJobNeverAnswers();
    void handlerMayDestroyItsOwner_data();
    void handlerMayDestroyItsOwner();
    void fakeOwnerDestroyedBeforeTheAnswer();
    void fakeSilenceEndsWithTheJobsOwnTimeout();
    void timeoutIsInactivity_data();
    void timeoutIsInactivity();
};

void TestClusterJob::ownerDestroyedBeforeTheAnswer_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("GET (retried once)") << QStringLiteral("GET");
    QTest::newRow("PUT") << QStringLiteral("PUT");
    QTest::newRow("scale POST") << QStringLiteral("POST");
}

// The asker goes while Ray is silent: the job goes with it. A second asker, asking the same after the first
// went, hears its timeout (and a GET's retry) end: by then the first would have had its answer.
void TestClusterJob::ownerDestroyedBeforeTheAnswer()
{
    QFETCH(QString, kind);
    ScriptedHttpServer server;
    for (int i = 0; i < 4; ++i)
        server.enqueue(silent());
    QNetworkAccessManager network;
    DashboardClient client(&network, endpointAt(server.url(), 100));
    auto *owner = new QObject;
    auto ran = std::make_shared<int>(0);
    QPointer<ClusterJob> job = ask(client, kind, owner, ran);
    QTRY_COMPARE(server.requests().size(), 1); // it reached "Ray"

    delete owner;
    QVERIFY(job.isNull());

    QObject marker;
    auto markerRan = std::make_shared<int>(0);
    ask(client, kind, &marker, markerRan);
    QTRY_COMPARE_WITH_TIMEOUT(*markerRan, 1, 5000);
    QCOMPARE(*ran, 0);
}

void TestClusterJob::clientDestroyedBeforeTheAnswer()
{
    ScriptedHttpServer server;
    for (int i = 0; i < 4; ++i)
        server.enqueue(silent());
    QNetworkAccessManager network;
    auto client = std::make_unique<DashboardClient>(&network, endpointAt(server.url(), 100));
    QObject owner;
    auto ran = std::make_shared<int>(0);
    QPointer<ClusterJob> job = ask(*client, QStringLiteral("GET"), &owner, ran);
    QTRY_COMPARE(server.requests().size(), 1);

    client.reset();
    QVERIFY(job.isNull());
    QVERIFY(owner.children().isEmpty());

    DashboardClient second(&network, endpointAt(server.url(), 100));
    auto markerRan = std::make_shared<int>(0);
    ask(second, QStringLiteral("GET"), &owner, markerRan);
    QTRY_COMPARE_WITH_TIMEOUT(*markerRan, 1, 5000);
    QCOMPARE(*ran, 0);
}

void TestClusterJob::abortedJobNeverAnswers()
{
    ScriptedHttpServer server;
    server.enqueue({200, R"({"applications": {}})"});
    server.enqueue({200, R"({"applications": {}})"});
    QNetworkAccessManager network;
    DashboardClient client(&network, endpointAt(server.url(), 2000));
    QObject owner;
    auto ran = std::make_shared<int>(0);
    QPointer<ClusterJob> job = ask(client, QStringLiteral("GET"), &owner, ran);
    job->abort();
    QVERIFY(job->isFinished());
    QTRY_VERIFY(job.isNull()); // it deletes itself

    auto markerRan = std::make_shared<int>(0);
    ask(client, QStringLiteral("GET"), &owner, markerRan);
    QTRY_COMPARE_WITH_TIMEOUT(*markerRan, 1, 5000);
    QCOMPARE(*ran, 0);
}

void TestClusterJob::handlerMayDestroyItsOwner_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("silent");
    QTest::newRow("answer") << 200 << false;
    QTest::newRow("refused") << 400 << false;
    QTest::newRow("timeout") << 200 << true;
}

// The handler deletes the object that owns the job, and with it the job, from inside the job's answer.
void TestClusterJob::handlerMayDestroyItsOwner()
{
    QFETCH(int, status);
    QFETCH(bool, silent);
    ScriptedHttpServer server;
    ScriptedResponse response{status, "{}"};
    response.silent = silent;
    server.enqueue(response);
    QNetworkAccessManager network;
    DashboardClient client(&network, endpointAt(server.url(), 100));
    QPointer<QObject> owner = new QObject;
    std::optional<Result<Done>> answer;
    QPointer<ClusterJob> job = client.putServeConfig(owner, "{}", [&answer, owner](Result<Done> result) {
        answer = std::move(result);
        delete owner.data();
    });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 5000);
    QCOMPARE(answer->ok(), status == 200 && !silent);
    if (silent)
        QCOMPARE(answer->error().kind, RayErrorKind::Timeout);
    QVERIFY(owner.isNull());
    QVERIFY(job.isNull());
}

void TestClusterJob::fakeOwnerDestroyedBeforeTheAnswer()
{
    FakeClusterClient fake;
    fake.setServeApplications(R"({"applications": {}})");
    auto *owner = new QObject;
    auto ran = std::make_shared<int>(0);
    QPointer<ClusterJob> job = ask(fake, QStringLiteral("GET"), owner, ran);
    QCOMPARE(fake.runningJobs(), 1);
    delete owner;
    QVERIFY(job.isNull());
    QCOMPARE(fake.runningJobs(), 0);

    QObject marker;
    auto markerRan = std::make_shared<int>(0);
    ask(fake, QStringLiteral("GET"), &marker, markerRan);
    QTRY_COMPARE(*markerRan, 1);
    QCOMPARE(*ran, 0);
}

void TestClusterJob::fakeSilenceEndsWithTheJobsOwnTimeout()
{
    ManualClock clock(QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00Z"), Qt::ISODate));
    FakeClusterClient fake(&clock);
    FakeAnswer never;
    never.silent = true;
    fake.enqueue(FakeCall::PutConfig, never);
    QObject owner;
    std::optional<Result<Done>> answer;
    fake.putServeConfig(&owner, "{}", [&answer](Result<Done> result) { answer = std::move(result); });
    QVERIFY(!answer);
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 5000);
    QVERIFY(!answer->ok());
    QCOMPARE(answer->error().kind, RayErrorKind::Timeout);
    QCOMPARE(clock.nowUtc(), QDateTime::fromString(QStringLiteral("2026-11-23T12:00:00.200Z"), Qt::ISODate));
}

void TestClusterJob::timeoutIsInactivity_data()
{
    QTest::addColumn<bool>("stallAfterHeaders");
    QTest::newRow("a byte every 60 ms for 480 ms") << false;
    QTest::newRow("silence after the headers") << true;
}

// The client's timeout (200 ms) is shorter than the whole answer takes, but bytes keep coming: that is an
// answer, not a timeout. Silence as long as the timeout is one.
void TestClusterJob::timeoutIsInactivity()
{
    QFETCH(bool, stallAfterHeaders);
    TricklingServer server(60, stallAfterHeaders);
    QNetworkAccessManager network;
    DashboardClient client(&network, endpointAt(server.url(), 200));
    QObject owner;
    std::optional<Result<QByteArray>> answer;
    client.putServeConfig(&owner, "{}", [&answer](Result<Done> result) {
        answer = result ? Result<QByteArray>(QByteArray("done")) : Result<QByteArray>(result.error());
    });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 5000);
    if (stallAfterHeaders) {
        QVERIFY(!answer->ok());
        QCOMPARE(answer->error().kind, RayErrorKind::Timeout);
    } else {
        QVERIFY2(answer->ok(), qPrintable(answer->ok() ? QString() : answer->error().describe()));
    }
}

QTEST_GUILESS_MAIN(TestClusterJob)
#include "test_clusterjob.moc"
