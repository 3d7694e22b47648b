// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Parked configs are durable, exact and per cluster.
#include "parkedstore.h"
#include "teststore.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

class TestParkedStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void saveListRemoveSurvivesReopen();
    void clustersAreSeparate();
    void unwritableLocationIsAClearError();
};

void TestParkedStore::saveListRemoveSurvivesReopen()
{
    QTemporaryDir dir;
    QString error;
    const QString path = testing::testStoreLocation(dir.path(), QStringLiteral("store.sqlite"), &error);
    QVERIFY2(!path.isEmpty(), qPrintable(error));
    const QByteArray config = R"({"name":"llm","z":1,"a":{"b":[1,2]},"deployments":[{"name":"LLM","num_replicas":2}]})";
    const QDateTime when = QDateTime::fromString(QStringLiteral("2026-11-25T10:00:00.123Z"), Qt::ISODateWithMs);
    {
        ParkedStore store(path);
        QVERIFY(store.open().ok());
        QVERIFY(store.save(QStringLiteral("http://127.0.0.1:8265"), {QStringLiteral("llm"), config, "{}", when}).ok());
    }
    ParkedStore reopened(path);
    QVERIFY(reopened.open().ok());
    auto listed = reopened.list(QStringLiteral("http://127.0.0.1:8265"));
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), size_t(1));
    QCOMPARE(listed->at(0).name, QStringLiteral("llm"));
    QCOMPARE(listed->at(0).configJson, config); // byte for byte, key order included
    QCOMPARE(listed->at(0).parkedAt, when);
    QVERIFY(reopened.remove(QStringLiteral("http://127.0.0.1:8265"), QStringLiteral("llm")).ok());
    QVERIFY(reopened.list(QStringLiteral("http://127.0.0.1:8265"))->empty());
}

void TestParkedStore::clustersAreSeparate()
{
    QTemporaryDir dir;
    QString error;
    const QString path = testing::testStoreLocation(dir.path(), QStringLiteral("s.sqlite"), &error);
    QVERIFY2(!path.isEmpty(), qPrintable(error));
    ParkedStore store(path);
    QVERIFY(store.save(QStringLiteral("http://a:1"), {QStringLiteral("x"), "{}", "{}", QDateTime::currentDateTimeUtc()})
                .ok());
    QVERIFY(store.list(QStringLiteral("http://b:1"))->empty());
    QCOMPARE(store.list(QStringLiteral("http://a:1"))->size(), size_t(1));
}

void TestParkedStore::unwritableLocationIsAClearError()
{
    ParkedStore store(QStringLiteral("/proc/scaledeck-cannot-be-here/store.sqlite"));
    auto opened = store.open();
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, RayErrorKind::Storage);
    QVERIFY(opened.error().message.contains(QStringLiteral("/proc/scaledeck-cannot-be-here")));
}

QTEST_GUILESS_MAIN(TestParkedStore)
#include "test_parkedstore.moc"
