// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// loadCostOverview, the cost tab's loader, against a small history written into a temporary store: each
// period's report starts no earlier than the history (reportStart, the rule `scaledeckctl cost` shares), the
// chart window's report, last week's actual, next week's projection from a stored schedule, and a part that
// cannot be read named in the error while the rest still loads. The times are local, as the overview's periods
// are, so the expectations hold in the machine's zone, whatever it is.
#include "costfixtures.h"
#include "costoverview.h"
#include "historystore.h"
#include "localperiods.h"
#include "periodreport.h"
#include "pricestore.h"
#include "schedulestore.h"
#include "usagereadthread.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <map>

using namespace scaledeck;

namespace {

const QString kCluster = QStringLiteral("http://ray-head:8265");

// November 2026 in the machine's zone; the 25th is a Wednesday.
QDateTime local(int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, 11, day), QTime(hour, minute), Qt::LocalTime).toUTC();
}
const QDateTime kNow = local(25, 12);
const QDateTime kFirstRecord = local(19, 10); // last Thursday: the history starts there

// Last Thursday 10-12 (llm/LLM, 2 GPUs: 4 GPU-h of last week), yesterday 20-22 (4 GPU-h), today 08-10 (4 GPU-h),
// and embed/Embed (1 GPU) since today 09:00, still running (3 GPU-h up to now).
const GpuLease kLastWeek =
    testLease(QStringLiteral("w1"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, local(19, 10), local(19, 12));
const GpuLease kYesterday =
    testLease(QStringLiteral("y1"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, local(24, 20), local(24, 22));
const GpuLease kToday =
    testLease(QStringLiteral("r1"), QStringLiteral("llm"), QStringLiteral("LLM"), 2, local(25, 8), local(25, 10));
const GpuLease kRunning =
    testLease(QStringLiteral("e1"), QStringLiteral("embed"), QStringLiteral("Embed"), 1, local(25, 9));

// An 8-GPU cluster holding `held`: one RUNNING replica a lease (costfixtures.h).
ClusterSnapshot snapshotAt(const QDateTime &at, const std::vector<GpuLease> &held)
{
    return snapshotHolding(at, held);
}

// The history of `leases` over [from, to], one snapshot a minute. Empty, or why the store refused.
QString record(HistoryStore &history, const std::vector<GpuLease> &leases, const QDateTime &from, const QDateTime &to)
{
    return recordEveryMinute(history, kCluster, leases, from, to, snapshotAt);
}

double hoursBetween(const QDateTime &from, const QDateTime &to)
{
    return double(from.secsTo(to)) / 3600;
}

} // namespace

class TestCostOverview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void reportStartIsWithinTheHistory_data();
    void reportStartIsWithinTheHistory();
    void periodsStartNoEarlierThanTheHistory();
    void windowReport_data();
    void windowReport();
    void aPartThatFailsIsNamedAndTheRestLoads();
    void usageReadOnItsOwnThreadLoadsTheSame();
    void usageThatCannotBeReadIsNamedAndTheRestLoads();

private:
    // The overview of `window` at kNow from the store at `path`, opened for this load. `breakStore` runs once
    // the stores are open; `readUsage`, when given, reads the usage.
    CostOverview load(CostWindow window, const QString &path, const std::function<void()> &breakStore = {},
                      const UsageRead &readUsage = {});

    QTemporaryDir m_dir;
    QString m_store;
};

void TestCostOverview::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("scaledeck.sqlite"));
    {
        HistoryStore history(m_store);
        QVERIFY(history.open().ok());
        const std::vector<GpuLease> all{kLastWeek, kYesterday, kToday, kRunning};
        QCOMPARE(record(history, all, kFirstRecord, local(19, 12, 10)), QString());
        QCOMPARE(record(history, all, local(24, 18), kNow), QString());

        QCOMPARE(storeGpuHourPrice(m_store, kCluster, QStringLiteral("USD"), 2), QString());
        QCOMPARE(storeSchedule(m_store, kCluster, ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                               QStringLiteral("tz UTC\ndefault 1\n"), kNow),
                 QString());
    } // closed: the file holds everything, for the copies below
}

void TestCostOverview::reportStartIsWithinTheHistory_data()
{
    QTest::addColumn<std::optional<QDateTime>>("firstRecord");
    QTest::addColumn<QDateTime>("expected");
    const QDateTime from = local(23, 0);
    QTest::newRow("no history: from") << std::optional<QDateTime>() << from;
    QTest::newRow("history before: from") << std::optional<QDateTime>(local(20, 0)) << from;
    QTest::newRow("history inside: its start") << std::optional<QDateTime>(local(24, 18)) << local(24, 18);
    QTest::newRow("history after: to") << std::optional<QDateTime>(local(26, 0)) << kNow;
}

void TestCostOverview::reportStartIsWithinTheHistory()
{
    QFETCH(std::optional<QDateTime>, firstRecord);
    QFETCH(QDateTime, expected);
    QCOMPARE(reportStart(firstRecord, local(23, 0), kNow), expected);
}

void TestCostOverview::periodsStartNoEarlierThanTheHistory()
{
    const CostOverview overview = load(CostWindow::Day, m_store);
    QVERIFY2(overview.error.isEmpty(), qPrintable(overview.error));
    QCOMPARE(overview.serial, quint64(7));
    QCOMPARE(overview.clusterKey, kCluster);
    QCOMPARE(overview.nowUtc, kNow);
    QCOMPARE(overview.prices.currency, QStringLiteral("USD"));

    // Today, from local midnight, all recorded: r1 4 GPU-h and e1 3, at $2; capacity 8 GPUs for 12 h.
    QCOMPARE(overview.today.fromUtc, startOfLocalDay(kNow));
    QCOMPARE(overview.today.toUtc, kNow);
    QCOMPARE(overview.today.gpuHours, 7.0);
    QCOMPARE(overview.today.cost, 14.0);
    QCOMPARE(overview.today.capacityGpuHours, 8 * 12.0);

    // This week, from Monday 00:00 (after the first record): yesterday's y1 too. Recorded only from yesterday
    // 18:00; the always-on peaks (llm 1 x 2 GPUs, embed 1 x 1) count the whole 60 h.
    QCOMPARE(overview.week.fromUtc, local(23, 0));
    QCOMPARE(overview.week.gpuHours, 11.0);
    QCOMPARE(overview.week.periodHours, hoursBetween(local(23, 0), kNow));
    QCOMPARE(overview.week.capacityGpuHours, 8 * 18.0);
    QCOMPARE(overview.week.alwaysOnGpuHours, 3 * hoursBetween(local(23, 0), kNow));

    // This month starts at the first record, not on the 1st: before it nothing is known, and those hours would
    // count as always-on.
    QCOMPARE(overview.month.fromUtc, kFirstRecord);
    QVERIFY(overview.month.startsAfterAsked());
    QVERIFY(!overview.week.startsAfterAsked());
    QCOMPARE(overview.month.gpuHours, 15.0);
    QCOMPARE(overview.month.cost, 30.0);
    QCOMPARE(overview.month.periodHours, hoursBetween(kFirstRecord, kNow));
    QCOMPARE(overview.month.alwaysOnGpuHours, 3 * hoursBetween(kFirstRecord, kNow));

    // Last week's actual: w1.
    QCOMPARE(overview.lastWeekGpuHours, 4.0);
    QCOMPARE(overview.lastWeekCost, 8.0);

    QCOMPARE(overview.activeLeases.size(), size_t(1));
    QCOMPARE(overview.activeLeases.front().replicaId, QStringLiteral("e1"));

    // Next week under "default 1": one replica of llm/LLM all week, 2 GPUs as its leases held (no snapshot).
    QVERIFY(overview.hasProjection);
    QCOMPARE(overview.projectedGpuHours, 2 * 168.0);
    QCOMPARE(overview.projectedCost, 2 * 168.0 * 2);
    QCOMPARE(overview.projectedAlwaysOnGpuHours, 2 * 168.0);

    // The chart's series: each deployment, then the capacity.
    QStringList names;
    for (const UsageSeries &series : overview.series)
        names.append(series.name);
    QVERIFY2(names.contains(QStringLiteral("llm/LLM")), qPrintable(names.join(QLatin1Char(','))));
    QVERIFY(names.contains(QStringLiteral("embed/Embed")));
    QCOMPARE(names.last(), QStringLiteral("capacity"));
    QVERIFY(overview.bucketMs > 0);
}

void TestCostOverview::windowReport_data()
{
    QTest::addColumn<CostWindow>("window");
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<double>("gpuHours");
    QTest::newRow("live: e1's last 10 min") << CostWindow::Live << kNow.addSecs(-600) << 1.0 / 6;
    QTest::newRow("1 h: e1") << CostWindow::Hour << kNow.addSecs(-3600) << 1.0;
    QTest::newRow("24 h: y1, r1, e1") << CostWindow::Day << kNow.addSecs(-24 * 3600) << 11.0;
    QTest::newRow("7 d: from the first record") << CostWindow::Week << kFirstRecord << 15.0;
    QTest::newRow("30 d: from the first record") << CostWindow::Month << kFirstRecord << 15.0;
}

void TestCostOverview::windowReport()
{
    QFETCH(CostWindow, window);
    QFETCH(QDateTime, from);
    QFETCH(double, gpuHours);
    const CostOverview overview = load(window, m_store);
    QVERIFY2(overview.error.isEmpty(), qPrintable(overview.error));
    QCOMPARE(overview.window, window);
    QCOMPARE(overview.windowFromUtc, kNow.addSecs(-costWindowSecs(window)));
    QCOMPARE(overview.inWindow.fromUtc, from);
    QCOMPARE(overview.inWindow.toUtc, kNow);
    // The window asked for is kept beside it, so a view can say its figures cover less.
    QCOMPARE(overview.inWindow.askedFromUtc, overview.windowFromUtc);
    QCOMPARE(overview.inWindow.startsAfterAsked(), from > overview.windowFromUtc);
    QVERIFY2(qAbs(overview.inWindow.gpuHours - gpuHours) < 1e-9,
             qPrintable(QString::number(overview.inWindow.gpuHours)));
}

void TestCostOverview::aPartThatFailsIsNamedAndTheRestLoads()
{
    const QString copy = m_dir.filePath(QStringLiteral("no-schedules.sqlite"));
    QVERIFY(QFile::copy(m_store, copy));
    const CostOverview overview = load(CostWindow::Day, copy, [&] {
        const QString name = QStringLiteral("drop-schedules");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(copy);
            QVERIFY(db.open());
            QSqlQuery drop(db);
            QVERIFY2(drop.exec(QStringLiteral("DROP TABLE schedules")), qPrintable(drop.lastError().text()));
        }
        QSqlDatabase::removeDatabase(name);
    });
    QVERIFY2(overview.error.startsWith(QStringLiteral("schedules: ")), qPrintable(overview.error));
    QVERIFY(!overview.error.contains(QStringLiteral("; "))); // nothing else failed
    QVERIFY(!overview.hasProjection);
    QCOMPARE(overview.today.gpuHours, 7.0);
    QCOMPARE(overview.month.fromUtc, kFirstRecord);
    QCOMPARE(overview.lastWeekGpuHours, 4.0);
}

CostOverview TestCostOverview::load(CostWindow window, const QString &path, const std::function<void()> &breakStore,
                                    const UsageRead &readUsage)
{
    HistoryStore history(path);
    PriceStore prices(path);
    ScheduleStore schedules(path);
    const bool opened = history.open().ok() && prices.open().ok() && schedules.open().ok();
    if (!opened) {
        CostOverview failed;
        failed.error = QStringLiteral("the test's stores did not open");
        return failed;
    }
    if (breakStore)
        breakStore();
    CostOverviewRequest request;
    request.serial = 7;
    request.clusterKey = kCluster;
    request.window = window;
    request.nowUtc = kNow;
    return loadCostOverview(request, history, prices, schedules, readUsage);
}

// The Cost tab's loader reads the usage on a thread and connection of its own while it reads the leases: the overview
// is the one read on the caller's store alone, every window.
void TestCostOverview::usageReadOnItsOwnThreadLoadsTheSame()
{
    UsageReadThread thread(m_store);
    int reads = 0;
    const UsageRead onThread = [&](const QString &clusterKey, const UsageQuery &query,
                                   const std::vector<TimeRange> &periods) {
        ++reads;
        return thread.read(clusterKey, query, periods);
    };
    for (CostWindow window : {CostWindow::Live, CostWindow::Day, CostWindow::Month}) {
        const CostOverview alone = load(window, m_store);
        const CostOverview beside = load(window, m_store, {}, onThread);
        QVERIFY2(beside.error.isEmpty(), qPrintable(beside.error));
        for (auto report : {&CostOverview::today, &CostOverview::week, &CostOverview::month, &CostOverview::inWindow}) {
            QCOMPARE((beside.*report).recordedHours, (alone.*report).recordedHours);
            QCOMPARE((beside.*report).capacityGpuHours, (alone.*report).capacityGpuHours);
            QCOMPARE((beside.*report).idleGpuHours, (alone.*report).idleGpuHours);
            QCOMPARE((beside.*report).gpuHours, (alone.*report).gpuHours);
        }
        QCOMPARE(beside.bucketMs, alone.bucketMs);
        QCOMPARE(beside.series.size(), alone.series.size());
        for (size_t i = 0; i < alone.series.size(); ++i) {
            QCOMPARE(beside.series[i].name, alone.series[i].name);
            QCOMPARE(beside.series[i].points.size(), alone.series[i].points.size());
        }
        QVERIFY(beside.today.capacityGpuHours > 0); // the thread read the history, not nothing
    }
    QCOMPARE(reads, 3);
}

// A usage read that fails (its own connection cannot open the store) is named, twice as the cost tab shows it (the
// chart's usage and each period's capacity), and the leases' figures still load.
void TestCostOverview::usageThatCannotBeReadIsNamedAndTheRestLoads()
{
    const QString nowhere = m_dir.filePath(QStringLiteral("not-a-folder/scaledeck.sqlite"));
    UsageReadThread thread(nowhere);
    QVERIFY(QFile(m_dir.filePath(QStringLiteral("not-a-folder"))).open(QIODevice::WriteOnly)); // a file in the way
    const CostOverview overview =
        load(CostWindow::Day, m_store, {},
             [&](const QString &clusterKey, const UsageQuery &query, const std::vector<TimeRange> &periods) {
                 return thread.read(clusterKey, query, periods);
             });
    QVERIFY2(overview.error.startsWith(QStringLiteral("usage: ")), qPrintable(overview.error));
    QVERIFY2(overview.error.contains(QStringLiteral("; capacity: ")), qPrintable(overview.error));
    QVERIFY(overview.series.empty());
    QCOMPARE(overview.today.gpuHours, 7.0);
    QCOMPARE(overview.lastWeekGpuHours, 4.0);
    QCOMPARE(overview.activeLeases.size(), size_t(1));
}

QTEST_GUILESS_MAIN(TestCostOverview)
#include "test_costoverview.moc"
