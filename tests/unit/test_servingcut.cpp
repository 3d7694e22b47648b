// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// servingCut: which schedule saves stop replicas that serve now, or at a transition within the controller's
// next tick, and which do not (issue 9, defect 6). The operator is asked before such a save, as before a
// manual Park; these cases are what "within the next tick" means.
#include "fixtures.h"
#include "scheduletext.h"
#include "servestatereader.h"
#include "servingcut.h"
#include "snapshotfetcher.h"
#include "snapshotparser.h"

#include <QtTest>

using namespace scaledeck;

namespace {
SnapshotPtr demoCluster()
{
    auto version = parseRayVersion(readFixture(QStringLiteral("version.json")));
    auto serve = readServeState(readFixture(QStringLiteral("applications_demo.json")));
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    if (!version || !serve || !nodes)
        qFatal("a fixture does not parse");
    return buildSnapshot(version.value(), std::move(serve).value(), nodes.value(), {}, QDateTime::currentDateTimeUtc());
}

// Monday 23 November 2026, 11:59:55 UTC: five seconds before a 12:00 transition.
QDateTime monday(const char *time)
{
    return QDateTime::fromString(QStringLiteral("2026-11-23T%1Z").arg(QLatin1String(time)), Qt::ISODate);
}
} // namespace

class TestServingCut : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cuts_data();
    void cuts();
};

void TestServingCut::cuts_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<qint64>("withinMs");
    QTest::addColumn<bool>("cut");
    QTest::addColumn<int>("serving"); // replicas that stop
    QTest::addColumn<int>("to");
    QTest::addColumn<bool>("parks");
    QTest::addColumn<QString>("at"); // when the controller acts

    const QString closesAtNoon = QStringLiteral("tz UTC\ndefault 0\nMon 08:00-12:00 = 2\n");
    QTest::newRow("now: default 0 parks embedder") << "embedder/Embedder"
                                                   << "tz UTC\ndefault 0\n"
                                                   << qint64(10000) << true << 2 << 0 << true << "11:59:55";
    QTest::newRow("window closes within the next tick")
        << "embedder/Embedder" << closesAtNoon << qint64(10000) << true << 2 << 0 << true << "12:00:00";
    QTest::newRow("window closes after the next tick")
        << "embedder/Embedder" << closesAtNoon << qint64(4000) << false << 0 << 0 << false << "";
    QTest::newRow("scale down, no park") << "llm/LLM"
                                         << "tz UTC\ndefault 1\n"
                                         << qint64(10000) << true << 1 << 1 << false << "11:59:55";
    QTest::newRow("scale down within the next tick") << "llm/LLM"
                                                     << "tz UTC\ndefault 1\nMon 08:00-12:00 = 2\n"
                                                     << qint64(10000) << true << 1 << 1 << false << "12:00:00";
    QTest::newRow("external scaler goes to 0, app stays") << "scaler/Scaled"
                                                          << "tz UTC\ndefault 0\n"
                                                          << qint64(10000) << true << 1 << 0 << false << "11:59:55";
    QTest::newRow("application target parks both deployments") << "gateway"
                                                               << "tz UTC\ndefault 0\n"
                                                               << qint64(10000) << true << 2 << 0 << true << "11:59:55";
    QTest::newRow("scale up") << "llm/LLM"
                              << "tz UTC\ndefault 3\n"
                              << qint64(10000) << false << 0 << 0 << false << "";
    QTest::newRow("same count") << "llm/LLM"
                                << "tz UTC\ndefault 2\n"
                                << qint64(10000) << false << 0 << 0 << false << "";
    QTest::newRow("autoscaled deployment") << "batch/BatchWorker"
                                           << "tz UTC\ndefault 0\n"
                                           << qint64(10000) << false << 0 << 0 << false << "";
    QTest::newRow("nothing serving") << "batch"
                                     << "tz UTC\ndefault 0\n"
                                     << qint64(10000) << false << 0 << 0 << false << "";
    QTest::newRow("not on the cluster") << "nope/X"
                                        << "tz UTC\ndefault 0\n"
                                        << qint64(10000) << false << 0 << 0 << false << "";
}

void TestServingCut::cuts()
{
    QFETCH(QString, target);
    QFETCH(QString, schedule);
    QFETCH(qint64, withinMs);
    QFETCH(bool, cut);
    QFETCH(int, serving);
    QFETCH(int, to);
    QFETCH(bool, parks);
    QFETCH(QString, at);
    const ScheduleParse parsed = parseScheduleText(schedule);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error ? parsed.error->describe() : QString()));
    const auto parsedTarget = ScheduleTarget::parse(target);
    QVERIFY(parsedTarget.has_value());
    const ScheduleEvaluator evaluator(*parsed.schedule);

    const auto found = servingCut(evaluator, *parsedTarget, *demoCluster(), monday("11:59:55"), withinMs);
    QCOMPARE(found.has_value(), cut);
    if (!found)
        return;
    QCOMPARE(found->servingNow, serving);
    QCOMPARE(found->toReplicas, to);
    QCOMPARE(found->parksApplication, parks);
    QCOMPARE(found->atUtc, monday(qPrintable(at)));
}

QTEST_GUILESS_MAIN(TestServingCut)
#include "test_servingcut.moc"
