// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// healthFromApi: the one reading of a controller's GET health, for the window, the Fleet page and the CLI. A 503
// is the controller's state too; any other failure is why the health could not be read.
#include "apihealth.h"

#include <QtTest>

using namespace scaledeck;

namespace {
using Answer = Result<ControllerReply, ControllerError>;

Answer replied(int status, const char *body)
{
    return ControllerReply{status, nlohmann::json::parse(body)};
}

Answer failed(ControllerError::Kind kind, int status, const QString &message, const char *body = "null")
{
    ControllerError error;
    error.kind = kind;
    error.httpStatus = status;
    error.message = message;
    error.body = nlohmann::json::parse(body);
    return error;
}
} // namespace

class TestApiHealth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aHealthyControllerIsReadWhole();
    void a503SaysWhyTheLastTickFailed();
    void beforeTheFirstTickTheDetailIsTheError();
    void otherFailuresAreWhyItWasNotRead();
    void anAnswerThatIsNotTheApisJsonIsSaidSo();
};

void TestApiHealth::aHealthyControllerIsReadWhole()
{
    const ControllerHealth health = healthFromApi(replied(
        200,
        R"({"healthy": true, "holdsLock": true, "lockHolder": "ctl-1:4242", "lastTickAt": "2026-12-05T10:00:05Z"})"));
    QVERIFY(health.answered);
    QVERIFY(health.healthy);
    QVERIFY(health.holdsLock);
    QCOMPARE(health.lockHolder, QStringLiteral("ctl-1:4242"));
    QCOMPARE(health.lastTickAt, QDateTime(QDate(2026, 12, 5), QTime(10, 0, 5), Qt::UTC));
    QVERIFY(health.error.isEmpty());
}

void TestApiHealth::a503SaysWhyTheLastTickFailed()
{
    const ControllerHealth health =
        healthFromApi(failed(ControllerError::Kind::ServerError, 503, QStringLiteral("503 Service Unavailable"),
                             R"({"healthy": false, "holdsLock": false, "lockHolder": "other:7",
                                 "lastTickAt": "2026-12-05T10:00:00Z", "error": "dashboard unreachable"})"));
    QVERIFY(health.answered);
    QVERIFY(!health.healthy);
    QVERIFY(!health.holdsLock);
    QCOMPARE(health.lockHolder, QStringLiteral("other:7"));
    QCOMPARE(health.error, QStringLiteral("dashboard unreachable"));
    QVERIFY(health.lastTickAt.isValid());
}

void TestApiHealth::beforeTheFirstTickTheDetailIsTheError()
{
    const ControllerHealth health = healthFromApi(failed(ControllerError::Kind::ServerError, 503, QStringLiteral("503"),
                                                         R"({"healthy": false, "detail": "no tick yet"})"));
    QVERIFY(health.answered);
    QCOMPARE(health.error, QStringLiteral("no tick yet"));
    QVERIFY(!health.lastTickAt.isValid());
}

void TestApiHealth::otherFailuresAreWhyItWasNotRead()
{
    // A 401's body is JSON too, but it is not the controller's health.
    const ControllerHealth refused =
        healthFromApi(failed(ControllerError::Kind::Unauthorized, 401, QStringLiteral("the token is not accepted"),
                             R"({"error": "unknown token"})"));
    QVERIFY(!refused.answered);
    QVERIFY(!refused.healthy);
    QCOMPARE(refused.error, QStringLiteral("the token is not accepted"));
    const ControllerHealth down =
        healthFromApi(failed(ControllerError::Kind::Unreachable, 0, QStringLiteral("connection refused")));
    QVERIFY(!down.answered);
    QCOMPARE(down.error, QStringLiteral("connection refused"));
}

void TestApiHealth::anAnswerThatIsNotTheApisJsonIsSaidSo()
{
    const ControllerHealth health = healthFromApi(replied(200, R"(["not", "an", "object"])"));
    QVERIFY(!health.answered);
    QCOMPARE(health.error, QStringLiteral("its health is not the API's JSON"));
}

QTEST_GUILESS_MAIN(TestApiHealth)
#include "test_apihealth.moc"
