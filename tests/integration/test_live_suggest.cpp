// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A schedule suggested from real range queries: scripts/test.sh backfills four weeks of embedder/Embedder's request
// history into the real Prometheus (scripts/traffic-history.py: Mon-Fri 07:00-17:00 Europe/Ljubljana at 5 req/s,
// a silent Wednesday in the second week, 30 stray requests at 03:10 on the Saturday of the third), which also
// scrapes the real head. `scaledeckctl schedule suggest` proposes the office hours, sized by requests per replica,
// with the head's own replica start time as prewarm, and counts exactly the stray requests as parked.
#include "livecluster.h"
#include "scheduletext.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestLiveSuggest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void officeHoursAreSuggestedFromTheBackfilledWeeks();
    void theTextFormReadsBackAndSaysWhatItCosts();
    void twelveWeeksAreReadAtACoarserStep();

private:
    struct CtlRun {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
        qint64 elapsedMs = 0;
    };
    static CtlRun ctl(const QStringList &arguments);
};

TestLiveSuggest::CtlRun TestLiveSuggest::ctl(const QStringList &arguments)
{
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(QStringLiteral(SCALEDECKCTL_PATH), arguments);
    if (!process.waitForFinished(60000))
        qFatal("scaledeckctl %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError(), timer.elapsed()};
}

void TestLiveSuggest::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("RAY_PROMETHEUS_HOST"))
        QFAIL("RAY_PROMETHEUS_HOST is not set: scripts/test.sh starts a real Prometheus with the backfilled weeks");
}

void TestLiveSuggest::officeHoursAreSuggestedFromTheBackfilledWeeks()
{
    const CtlRun run = ctl({QStringLiteral("schedule"), QStringLiteral("suggest"), QStringLiteral("embedder/Embedder"),
                            QStringLiteral("--tz"), QStringLiteral("Europe/Ljubljana"), QStringLiteral("--per-replica"),
                            QStringLiteral("2"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    qInfo("scaledeckctl schedule suggest (snapshot, range query of 4 weeks at 5 min, cold start, suggestion): %lld ms",
          run.elapsedMs);
    const QJsonObject document = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(document.value(QStringLiteral("target")).toString(), QStringLiteral("embedder/Embedder"));
    const QString text = document.value(QStringLiteral("text")).toString();
    qInfo("%s", qPrintable(text));
    // 5 req/s at 2 per replica: 3 replicas; the silent Wednesday changes nothing.
    QVERIFY2(text.contains(QStringLiteral("\nMon-Fri 07:00-17:00 = 3\n")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("tz Europe/Ljubljana\n")));
    QVERIFY(text.contains(QStringLiteral("default 0\n")));
    // The head's replicas started in seconds: a prewarm of whole minutes, at least one.
    QVERIFY2(text.contains(QStringLiteral("prewarm ")), qPrintable(text));
    QCOMPARE(document.value(QStringLiteral("missed_requests")).toDouble(), 30.0);
    const QJsonArray hours = document.value(QStringLiteral("missed_hours")).toArray();
    QCOMPARE(hours.size(), 1);
    QCOMPARE(hours[0][QStringLiteral("weekday")].toInt(), 6); // Saturday
    QCOMPARE(hours[0][QStringLiteral("hour")].toInt(), 3);
    // About 50 of 168 hours (plus the prewarm leads) at 3 replicas of 0.5 GPUs, against always-on at 3.
    const double gpuHours = document.value(QStringLiteral("gpu_hours")).toDouble();
    const double alwaysOn = document.value(QStringLiteral("always_on_gpu_hours")).toDouble();
    qInfo("GPU-hours %.1f suggested, %.1f always on: %.3f", gpuHours, alwaysOn, gpuHours / alwaysOn);
    QVERIFY(gpuHours / alwaysOn > 50.0 / 168 - 0.02 && gpuHours / alwaysOn < 50.0 / 168 + 0.03);
}

void TestLiveSuggest::theTextFormReadsBackAndSaysWhatItCosts()
{
    const CtlRun run = ctl({QStringLiteral("schedule"), QStringLiteral("suggest"), QStringLiteral("embedder/Embedder"),
                            QStringLiteral("--tz"), QStringLiteral("Europe/Ljubljana"), QStringLiteral("--per-replica"),
                            QStringLiteral("2")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString out = QString::fromUtf8(run.out);
    // What `schedule set` would read: the comments are comments, the rules a schedule.
    const ScheduleParse parsed = parseScheduleText(out);
    QVERIFY2(parsed.ok(), parsed.error ? qPrintable(parsed.error->describe()) : "");
    QCOMPARE(parsed.schedule->weekly.size(), size_t(1));
    QCOMPARE(parsed.schedule->weekly[0].replicas, 3);
    QVERIFY2(
        out.contains(QStringLiteral("# Requests that would have arrived while it is parked: 30 (Sat 03:00-04:00: 30)")),
        qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("always on (0.3")), qPrintable(out));

    // An application with two deployments is not a target for one suggestion; the error says which to give.
    const CtlRun gateway = ctl({QStringLiteral("schedule"), QStringLiteral("suggest"), QStringLiteral("gateway")});
    QCOMPARE(gateway.exitCode, 2);
    QVERIFY2(gateway.err.contains("gateway has 2 deployments: suggest for one of them (APP/DEPLOYMENT)"),
             gateway.err.constData());
}

// Twelve weeks at 5 minutes would be 24,193 points, more than Prometheus answers for one series (11,000): the step
// widens to 15 minutes, still as fine as the slots. Only four of the weeks have history; the rest are unknown.
void TestLiveSuggest::twelveWeeksAreReadAtACoarserStep()
{
    const CtlRun run = ctl({QStringLiteral("schedule"), QStringLiteral("suggest"), QStringLiteral("embedder/Embedder"),
                            QStringLiteral("--weeks"), QStringLiteral("12"), QStringLiteral("--tz"),
                            QStringLiteral("Europe/Ljubljana"), QStringLiteral("--per-replica"), QStringLiteral("2")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.contains(QStringLiteral("of the 15-minute steps had data)")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("\nMon-Fri 07:00-17:00 = 3\n")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("# Requests that would have arrived while it is parked: 30 (Sat 03:00-04:00")),
             qPrintable(out));
}

QTEST_GUILESS_MAIN(TestLiveSuggest)
#include "test_live_suggest.moc"
