// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Re-reading only the applications whose text changed gives exactly what a full read gives.
#include "fixtures.h"
#include "incrementalservereader.h"
#include "servestatereader.h"
#include "syntheticcluster.h"

#include <QtTest>

using namespace scaledeck;

namespace {
void compareStates(const ServeState &actual, const ServeState &expected)
{
    QCOMPARE(actual.applications.size(), expected.applications.size());
    QCOMPARE(actual.targetCapacity, expected.targetCapacity);
    for (size_t i = 0; i < expected.applications.size(); ++i)
        QVERIFY2(actual.applications[i].sameAs(expected.applications[i]), qPrintable(expected.applications[i].name));
}
} // namespace

class TestIncrementalServeReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unchangedBodyReusesEverything();
    void changedAppsAreReread();
    void appsComeAndGo();
    void escapedNamesFallBackToFullRead();
    void badAppIsAnErrorAndReaderRecovers();
    void corruptionOutsideAppsIsAnError_data();
    void corruptionOutsideAppsIsAnError();
};

void TestIncrementalServeReader::unchangedBodyReusesEverything()
{
    const QByteArray body = readFixture(QStringLiteral("applications_demo.json"));
    IncrementalServeReader reader;
    auto first = reader.read(body);
    QVERIFY(first.ok());
    QVERIFY(reader.lastStats().fullRead);
    auto second = reader.read(QByteArray(body.constData(), body.size())); // a separate copy of the same text
    QVERIFY(second.ok());
    QVERIFY(!reader.lastStats().fullRead);
    QCOMPARE(reader.lastStats().reused, 5);
    QCOMPARE(reader.lastStats().reparsed, 0);
    compareStates(second.value(), readServeState(body).value());
}

void TestIncrementalServeReader::changedAppsAreReread()
{
    IncrementalServeReader reader;
    QVERIFY(reader.read(syntheticServeBody(100, 4, 8, 0)).ok());
    const QByteArray next = syntheticServeBody(100, 4, 8, 1); // apps 0 and 50 are scaling
    auto state = reader.read(next);
    QVERIFY(state.ok());
    QCOMPARE(reader.lastStats().reparsed, 2);
    QCOMPARE(reader.lastStats().reused, 98);
    compareStates(state.value(), readServeState(next).value());
    const ApplicationSnapshot *scaling = nullptr;
    for (const auto &app : state->applications)
        if (app.name == QStringLiteral("app-50"))
            scaling = &app;
    QVERIFY(scaling);
    QCOMPARE(scaling->deployments[0].replicasByState.value(QStringLiteral("STARTING")), 1);
}

void TestIncrementalServeReader::appsComeAndGo()
{
    IncrementalServeReader reader;
    const QByteArray demo = readFixture(QStringLiteral("applications_demo.json"));
    const QByteArray parked = readFixture(QStringLiteral("applications_llm1_embedder_parked.json"));
    QVERIFY(reader.read(demo).ok());
    auto without = reader.read(parked);
    QVERIFY(without.ok());
    compareStates(without.value(), readServeState(parked).value());
    auto back = reader.read(demo);
    QVERIFY(back.ok());
    compareStates(back.value(), readServeState(demo).value());
}

void TestIncrementalServeReader::escapedNamesFallBackToFullRead()
{
    IncrementalServeReader reader;
    QVERIFY(reader.read(readFixture(QStringLiteral("applications_demo.json"))).ok());
    const QByteArray body =
        R"({"applications": {"we\"ird": {"status": "RUNNING", "source": "declarative", "deployments": {}}}, "target_capacity": 50})";
    auto state = reader.read(body);
    QVERIFY(state.ok());
    QVERIFY(reader.lastStats().fullRead);
    QCOMPARE(state->applications.at(0).name, QStringLiteral("we\"ird"));
    QCOMPARE(state->targetCapacity, std::optional<double>(50));
}

void TestIncrementalServeReader::badAppIsAnErrorAndReaderRecovers()
{
    IncrementalServeReader reader;
    const QByteArray demo = readFixture(QStringLiteral("applications_demo.json"));
    QVERIFY(reader.read(demo).ok());
    QByteArray bad = demo;
    const qsizetype at = bad.indexOf("\"target_num_replicas\"");
    bad.insert(bad.indexOf(':', at) + 1, " \"two\", \"was\":");
    auto state = reader.read(bad);
    QVERIFY(!state.ok());
    QCOMPARE(state.error().kind, RayErrorKind::BadPayload);
    QVERIFY2(state.error().message.contains(QStringLiteral("target_num_replicas should be a number")),
             qPrintable(state.error().message));
    auto again = reader.read(demo);
    QVERIFY(again.ok());
    compareStates(again.value(), readServeState(demo).value());
    QVERIFY(reader.read(QByteArray("{\"applications\": {\"a\": {")).error().kind == RayErrorKind::BadPayload);
}

// Found by fuzz_incrementalserve (seeds/fuzz_incrementalserve/corrupt-number-outside-apps): a body that is
// not JSON outside "applications" must be refused as the full read refuses it, not read from the scan.
void TestIncrementalServeReader::corruptionOutsideAppsIsAnError_data()
{
    QTest::addColumn<QByteArray>("tail"); // replaces the body's final '}'
    QTest::newRow("bad number in a skipped value") << QByteArray(", \"extra\": {\"mean\": 9.09\xb6"
                                                                 "e-05}}");
    QTest::newRow("bad literal in a skipped value") << QByteArray(", \"extra\": [tru]}");
    QTest::newRow("missing comma between members") << QByteArray(" \"extra\": 1}");
    QTest::newRow("control character in a key") << QByteArray(", \"ex\x1ftra\": 1}");
    QTest::newRow("invalid UTF-8 in a key") << QByteArray(", \"ex\xfftra\": 1}");
}

void TestIncrementalServeReader::corruptionOutsideAppsIsAnError()
{
    QFETCH(QByteArray, tail);
    IncrementalServeReader reader;
    const QByteArray demo = readFixture(QStringLiteral("applications_demo.json"));
    QVERIFY(reader.read(demo).ok());
    QByteArray bad = demo.trimmed();
    bad.chop(1);
    bad += tail;
    QVERIFY(!readServeState(bad).ok());
    auto state = reader.read(bad);
    QVERIFY2(!state.ok(), "the incremental read accepted a body that is not JSON");
    QCOMPARE(state.error().kind, RayErrorKind::BadPayload);
}

QTEST_GUILESS_MAIN(TestIncrementalServeReader)
#include "test_incrementalservereader.moc"
