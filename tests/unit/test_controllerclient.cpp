// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// ControllerClient against the real controller API on 127.0.0.1 (the real controller on the fake cluster, as in
// the API tests): an answer, and each way a call fails said plainly: an unknown token (naming its file, never
// showing it), a viewer's change (the controller's words), a missing schedule, nobody listening, an answer that
// is not JSON; and the token file's checks.
#include "apibench.h"
#include "controllerclient.h"
#include "controllertoken.h"
#include "scriptedhttpserver.h"

#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC); // a Monday
using Answer = Result<ControllerReply, ControllerError>;

// One call, waited for on its handler (never a fixed time).
Answer callAndWait(ControllerClient &client, const QByteArray &verb, const QString &path, const QByteArray &body = {})
{
    std::optional<Answer> answer;
    QObject receiver;
    client.call(verb, path, {}, body, &receiver, [&](Answer value) { answer = std::move(value); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000))
        return ControllerError{ControllerError::Kind::Timeout, 0, QStringLiteral("the test gave up waiting"), {}};
    return std::move(*answer);
}
} // namespace

class TestControllerClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void answersWithTheJson();
    void namesTheTokenFileOn401();
    void passesTheControllersWordsOn403();
    void saysWhatIsMissingOn404();
    void saysNobodyListens();
    void refusesAnAnswerThatIsNotJson();
    void answersNobodyGone();
    void encodesTheTargetInThePath();
    void readsTheTokenFileOnlyWhenPrivate();
    void warnsOfATokenInClear();

private:
    std::unique_ptr<ControllerClient> client(const QByteArray &token, const QString &source = QStringLiteral("tok"));
    QString controllerUrl() const { return m_bench->base.chopped(int(qstrlen("/api/v1/"))); }

    QNetworkAccessManager m_network;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ApiBench> m_bench;
    QTemporaryDir m_dir;
};

void TestControllerClient::init()
{
    m_clock = std::make_unique<ManualClock>(kStart);
    m_bench = std::make_unique<ApiBench>(m_clock.get());
    const QString failed = m_bench->setUp(QStringLiteral("tz UTC\ndefault 2\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestControllerClient::cleanup()
{
    m_bench.reset();
    m_clock.reset();
}

std::unique_ptr<ControllerClient> TestControllerClient::client(const QByteArray &token, const QString &source)
{
    return std::make_unique<ControllerClient>(&m_network, QUrl(controllerUrl()), token, source);
}

void TestControllerClient::answersWithTheJson()
{
    auto alice = client(kAliceToken);
    const Answer whoami = callAndWait(*alice, "GET", QStringLiteral("whoami"));
    QVERIFY2(whoami.ok(), qPrintable(whoami ? QString() : whoami.error().message));
    QCOMPARE(whoami->status, 200);
    QCOMPARE(whoami->body["name"], "alice");
    QCOMPARE(whoami->body["role"], "operator");

    const Answer schedules = callAndWait(*alice, "GET", QStringLiteral("schedules"));
    QVERIFY(schedules.ok());
    QCOMPARE(schedules->body["schedules"][0]["target"], "llm/LLM");
}

void TestControllerClient::namesTheTokenFileOn401()
{
    auto stranger = client("not-a-known-token-0000000", QStringLiteral("/home/carol/.config/scaledeck/token"));
    const Answer answer = callAndWait(*stranger, "GET", QStringLiteral("whoami"));
    QVERIFY(!answer.ok());
    QCOMPARE(answer.error().kind, ControllerError::Kind::Unauthorized);
    QCOMPARE(answer.error().httpStatus, 401);
    QCOMPARE(answer.error().message, QStringLiteral("the token in /home/carol/.config/scaledeck/token is not known to "
                                                    "the controller at %1")
                                         .arg(controllerUrl()));
    QVERIFY(!answer.error().message.contains(QStringLiteral("not-a-known")));

    auto nobody = client({}, QString());
    const Answer none = callAndWait(*nobody, "GET", QStringLiteral("whoami"));
    QVERIFY(!none.ok());
    QCOMPARE(none.error().kind, ControllerError::Kind::Unauthorized);
    QVERIFY2(none.error().message.contains(QStringLiteral("--controller-token-file")),
             qPrintable(none.error().message));
}

void TestControllerClient::passesTheControllersWordsOn403()
{
    auto bob = client(kBobToken);
    const Answer answer = callAndWait(*bob, "PUT", QStringLiteral("schedules/llm/LLM"), "tz UTC\ndefault 1\n");
    QVERIFY(!answer.ok());
    QCOMPARE(answer.error().kind, ControllerError::Kind::Forbidden);
    QCOMPARE(answer.error().httpStatus, 403);
    QCOMPARE(answer.error().message, QStringLiteral("bob is a viewer: a viewer may not change anything (set a "
                                                    "schedule); that needs the role operator in the users file"));
}

void TestControllerClient::saysWhatIsMissingOn404()
{
    auto bob = client(kBobToken);
    Answer answer = callAndWait(*bob, "GET", QStringLiteral("schedules/llm/Other"));
    QVERIFY(!answer.ok());
    QCOMPARE(answer.error().kind, ControllerError::Kind::NotFound);
    QCOMPARE(answer.error().message, QStringLiteral("llm/Other has no schedule"));
    answer = callAndWait(*bob, "GET", QStringLiteral("nothing-here"));
    QCOMPARE(answer.error().kind, ControllerError::Kind::NotFound);
    QCOMPARE(answer.error().message, QStringLiteral("no such endpoint: /api/v1/nothing-here"));
}

void TestControllerClient::saysNobodyListens()
{
    quint16 port = 0;
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        port = closed.serverPort();
    }
    const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port);
    ControllerClient nobody(&m_network, QUrl(url), kAliceToken, QStringLiteral("tok"));
    const Answer answer = callAndWait(nobody, "GET", QStringLiteral("whoami"));
    QVERIFY(!answer.ok());
    QCOMPARE(answer.error().kind, ControllerError::Kind::Unreachable);
    QCOMPARE(answer.error().httpStatus, 0);
    QVERIFY2(answer.error().message.startsWith(QStringLiteral("cannot reach the controller at %1: ").arg(url)),
             qPrintable(answer.error().message));
    QVERIFY2(answer.error().message.contains(QStringLiteral("refused")), qPrintable(answer.error().message));
}

void TestControllerClient::refusesAnAnswerThatIsNotJson()
{
    ScriptedHttpServer server;
    server.enqueue(ScriptedResponse{200, "<html>a login page</html>", "text/html"});
    server.enqueue(ScriptedResponse{502, "<html>bad gateway</html>", "text/html"});
    ControllerClient proxied(&m_network, QUrl(server.url()), kAliceToken, QStringLiteral("tok"));
    Answer answer = callAndWait(proxied, "GET", QStringLiteral("whoami"));
    QVERIFY(!answer.ok());
    QCOMPARE(answer.error().kind, ControllerError::Kind::BadPayload);
    QCOMPARE(answer.error().message, QStringLiteral("the controller at %1 answered whoami with something that is not "
                                                    "JSON: is it a ScaleDeck controller?")
                                         .arg(server.url()));
    answer = callAndWait(proxied, "GET", QStringLiteral("whoami"));
    QCOMPARE(answer.error().kind, ControllerError::Kind::ServerError);
    QCOMPARE(answer.error().message, QStringLiteral("the controller at %1 answered whoami with HTTP 502 and no JSON: "
                                                    "is it a ScaleDeck controller?")
                                         .arg(server.url()));
}

void TestControllerClient::answersNobodyGone()
{
    auto alice = client(kAliceToken);
    bool called = false;
    bool otherCalled = false;
    {
        QObject gone;
        alice->call("GET", QStringLiteral("whoami"), {}, {}, &gone, [&](Answer) { called = true; });
    }
    QObject here;
    alice->call("GET", QStringLiteral("whoami"), {}, {}, &here, [&](Answer) { otherCalled = true; });
    QTRY_VERIFY(otherCalled);
    QVERIFY(!called);
}

void TestControllerClient::encodesTheTargetInThePath()
{
    ControllerClient behindProxy(&m_network, QUrl(QStringLiteral("https://ops.example.com/scaledeck")), {}, {});
    QCOMPARE(behindProxy.apiUrl(QStringLiteral("schedules/llm/LLM v2")).toString(QUrl::FullyEncoded),
             QStringLiteral("https://ops.example.com/scaledeck/api/v1/schedules/llm/LLM%20v2"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("since"), QStringLiteral("2026-11-30T06:00:00Z"));
    QCOMPARE(behindProxy.apiUrl(QStringLiteral("audit"), query).toString(),
             QStringLiteral("https://ops.example.com/scaledeck/api/v1/audit?since=2026-11-30T06:00:00Z"));
}

void TestControllerClient::readsTheTokenFileOnlyWhenPrivate()
{
    const QString path = m_dir.filePath(QStringLiteral("token"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("  secret-token-value-12345\n");
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                QFileDevice::ReadOther));
    auto refused = readControllerToken(path);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().message,
             QStringLiteral("%1 has mode 0644, but it holds a token: it must be readable by its owner only (chmod 600 "
                            "%1)")
                 .arg(path));
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    auto read = readControllerToken(path);
    QVERIFY(read.ok());
    QCOMPARE(*read, QByteArray("secret-token-value-12345"));
    auto missing = readControllerToken(m_dir.filePath(QStringLiteral("nope")));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().message.contains(QStringLiteral("No such file")), qPrintable(missing.error().message));
}

void TestControllerClient::warnsOfATokenInClear()
{
    QCOMPARE(clearTextWarning(QUrl(QStringLiteral("http://127.0.0.1:8270"))), QString());
    QCOMPARE(clearTextWarning(QUrl(QStringLiteral("http://localhost:8270"))), QString());
    QCOMPARE(clearTextWarning(QUrl(QStringLiteral("http://[::1]:8270"))), QString());
    QCOMPARE(clearTextWarning(QUrl(QStringLiteral("https://ops.example.com"))), QString());
    QVERIFY(clearTextWarning(QUrl(QStringLiteral("http://ops.example.com:8270")))
                .contains(QStringLiteral("the token travels in clear")));
    QVERIFY(!parseControllerUrl(QStringLiteral("ops.example.com:8270"), QStringLiteral("--controller")).ok());
    QVERIFY(!parseControllerUrl(QStringLiteral("ftp://ops.example.com"), QStringLiteral("--controller")).ok());
    QVERIFY(parseControllerUrl(QStringLiteral("http://127.0.0.1:8270"), QStringLiteral("--controller")).ok());
}

QTEST_GUILESS_MAIN(TestControllerClient)
#include "test_controllerclient.moc"
