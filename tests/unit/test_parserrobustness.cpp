// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Every parser of outside input, fed truncated and corrupted versions of real Ray payloads: each answer is
// a value or a specific error, never a crash, a hang or an exception (run under ASan/UBSan by scripts/test.sh).
#include "fixtures.h"
#include "servestatereader.h"
#include "snapshotparser.h"

#include <QRandomGenerator>
#include <QtTest>

using namespace scaledeck;

namespace {
// Parses with all three parsers; returns how many of them reported an error.
int parseAll(const QByteArray &body)
{
    int errors = 0;
    auto serve = readServeState(body);
    errors += serve.ok() ? 0 : 1;
    if (!serve.ok() && serve.error().kind != RayErrorKind::BadPayload)
        qFatal("unexpected error kind for a bad payload: %s", qPrintable(serve.error().describe()));
    errors += parseNodeTotals(body).ok() ? 0 : 1;
    errors += parseRayVersion(body).ok() ? 0 : 1;
    return errors;
}
} // namespace

class TestParserRobustness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void truncations_data();
    void truncations();
    void byteFlips_data();
    void byteFlips();
    void typeSwaps();
    void countsOutOfRange_data();
    void countsOutOfRange();
};

void TestParserRobustness::truncations_data()
{
    QTest::addColumn<QString>("fixture");
    for (const char *name : {"applications_demo.json", "nodes.json", "version.json"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestParserRobustness::truncations()
{
    QFETCH(QString, fixture);
    const QByteArray body = readFixture(fixture);
    const qsizetype step = std::max<qsizetype>(1, body.size() / 400);
    for (qsizetype length = 0; length < body.size() - 1; length += step) {
        // A truncated object is never valid JSON: all three parsers must say so.
        const QByteArray cut = body.left(length);
        if (cut.trimmed().endsWith('}'))
            continue;
        QCOMPARE(parseAll(cut), 3);
    }
}

void TestParserRobustness::byteFlips_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 8; ++seed)
        QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
}

void TestParserRobustness::byteFlips()
{
    QFETCH(quint32, seed);
    const QByteArray original = readFixture(QStringLiteral("applications_demo.json"));
    QRandomGenerator random(seed);
    static const char replacements[] = "{}[]\",:0123456789.-eEtrufalsn\\ \x01\xff";
    for (int round = 0; round < 200; ++round) {
        QByteArray body = original;
        const int flips = 1 + int(random.bounded(4));
        for (int i = 0; i < flips; ++i)
            body[random.bounded(int(body.size()))] = replacements[random.bounded(int(sizeof(replacements) - 1))];
        parseAll(body); // must return, one way or the other
    }
}

void TestParserRobustness::typeSwaps()
{
    // Valid JSON with wrong types in every place the parser reads: each is a BadPayload naming the field.
    const QByteArray original = readFixture(QStringLiteral("applications_demo.json"));
    for (const char *field :
         {"\"status\"", "\"target_num_replicas\"", "\"required_resources\"", "\"replicas\"", "\"deployment_config\"",
          "\"autoscaling_config\"", "\"deployed_app_config\"", "\"state\""}) {
        QByteArray body = original;
        // The ones the snapshot reads: under "applications", and autoscaling_config of a deployment_config
        // (the copy inside deployed_app_config is kept as it came, not interpreted).
        const bool inDeploymentConfig = qstrcmp(field, "\"autoscaling_config\"") == 0;
        const qsizetype from = inDeploymentConfig
                                   ? body.indexOf("\"deployment_config\"", body.indexOf("\"BatchWorker\": {"))
                                   : body.indexOf("\"applications\"");
        const qsizetype at = body.indexOf(field, from);
        QVERIFY2(at >= 0, field);
        const qsizetype valueStart = body.indexOf(':', at) + 1;
        body.insert(valueStart, " [true], \"was\":");
        auto serve = readServeState(body);
        QVERIFY2(!serve.ok(), field);
        QCOMPARE(serve.error().kind, RayErrorKind::BadPayload);
        QVERIFY2(serve.error().message.contains(QString::fromLatin1(field).remove(QLatin1Char('"'))),
                 qPrintable(serve.error().message));
    }
}

void TestParserRobustness::countsOutOfRange_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QByteArray>("value");
    for (const char *field : {"target_num_replicas", "num_replicas", "min_replicas", "max_replicas"}) {
        // The first found by libFuzzer: a count far past int, which was cast to int (undefined behaviour).
        for (const char *value : {"2.76632e+15", "-1", "1.5", "4294967296"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(field), QLatin1String(value))))
                << QByteArray(field) << QByteArray(value);
    }
}

void TestParserRobustness::countsOutOfRange()
{
    // A replica count is a whole number from 0 up: anything else is a BadPayload naming the field, not a
    // count that wrapped or was cut.
    QFETCH(QByteArray, field);
    QFETCH(QByteArray, value);
    QByteArray body = readFixture(QStringLiteral("applications_demo.json"));
    // Inside a deployment's deployment_config (the copy in deployed_app_config is kept, not interpreted).
    const bool autoscaling = field.endsWith("_replicas") && field != "num_replicas" && field != "target_num_replicas";
    const qsizetype deployment = body.indexOf(autoscaling ? "\"BatchWorker\": {" : "\"LLM\": {");
    const qsizetype from =
        field == "target_num_replicas" ? deployment : body.indexOf("\"deployment_config\"", deployment);
    const qsizetype at = body.indexOf("\"" + field + "\"", from);
    QVERIFY2(at >= 0, field.constData());
    body.insert(body.indexOf(':', at) + 1, " " + value + ", \"was\":");
    auto serve = readServeState(body);
    QVERIFY2(!serve.ok(), "an out-of-range count was read as a count");
    QCOMPARE(serve.error().kind, RayErrorKind::BadPayload);
    QVERIFY2(serve.error().message.contains(QString::fromLatin1(field)), qPrintable(serve.error().message));
    QVERIFY2(serve.error().message.contains(QStringLiteral("replica count")), qPrintable(serve.error().message));
}

QTEST_GUILESS_MAIN(TestParserRobustness)
#include "test_parserrobustness.moc"
