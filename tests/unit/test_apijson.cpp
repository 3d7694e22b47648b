// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The readers of the controller's answers (apijson.h): a member as its type, else empty, whatever the answer's shape.
#include "apijson.h"

#include <QtTest>

using namespace scaledeck;

class TestApiJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void membersOfTheirTypeAreRead();
    void missingOrMistypedMembersReadEmpty();
    void somethingNotAnObjectReadsEmpty();
    void instantsAreUtcWithOrWithoutMilliseconds();
};

void TestApiJson::membersOfTheirTypeAreRead()
{
    const auto body = nlohmann::json::parse(R"({"name": "alice", "healthy": true, "version": 7,
                                                "at": "2026-11-30T06:00:00Z"})");
    QCOMPARE(textAt(body, "name"), QStringLiteral("alice"));
    QVERIFY(flagAt(body, "healthy"));
    QCOMPARE(integerAt(body, "version"), std::optional<qint64>(7));
    QCOMPARE(instantAt(body, "at"), QDateTime(QDate(2026, 11, 30), QTime(6, 0), Qt::UTC));
}

void TestApiJson::missingOrMistypedMembersReadEmpty()
{
    const auto body = nlohmann::json::parse(R"({"name": 3, "healthy": "yes", "version": 7.5, "at": "soon",
                                                "null": null})");
    QVERIFY(textAt(body, "name").isNull());
    QVERIFY(!flagAt(body, "healthy"));
    QCOMPARE(integerAt(body, "version"), std::nullopt);
    QVERIFY(!instantAt(body, "at").isValid());
    QVERIFY(textAt(body, "missing").isNull());
    QVERIFY(!flagAt(body, "missing"));
    QCOMPARE(integerAt(body, "missing"), std::nullopt);
    QVERIFY(!instantAt(body, "null").isValid());
}

void TestApiJson::somethingNotAnObjectReadsEmpty()
{
    for (const char *text : {"[1, 2]", "\"name\"", "null", "4"}) {
        const auto value = nlohmann::json::parse(text);
        QVERIFY(textAt(value, "name").isNull());
        QVERIFY(!flagAt(value, "healthy"));
        QCOMPARE(integerAt(value, "version"), std::nullopt);
        QVERIFY(!instantAt(value, "at").isValid());
    }
}

void TestApiJson::instantsAreUtcWithOrWithoutMilliseconds()
{
    const QDateTime expected(QDate(2026, 3, 29), QTime(1, 30, 0, 250), Qt::UTC);
    QCOMPARE(instantOf(nlohmann::json("2026-03-29T01:30:00.250Z")), expected);
    QCOMPARE(instantOf(nlohmann::json("2026-03-29T03:30:00.250+02:00")), expected);
    QCOMPARE(instantOf(nlohmann::json("2026-03-29T01:30:00.250Z")).timeSpec(), Qt::UTC);
    QCOMPARE(instantOf(nlohmann::json("2026-03-29T01:30:00Z")), expected.addMSecs(-250));
    QVERIFY(!instantOf(nlohmann::json(12)).isValid());
}

QTEST_GUILESS_MAIN(TestApiJson)
#include "test_apijson.moc"
