// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// GPU usage history: step functions stored as segments (extended while a value holds, split when it changes,
// ended by gaps), exact capacity GPU-hours, lease overlap rules, restarts, compaction into minute and hour tiers
// that keeps every integral, and downsampled chart series.
#include "historystore.h"
#include "storelocation.h"
#include "teststore.h"

#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <limits>
#include <map>

using namespace scaledeck;

namespace {
const QString clusterA = QStringLiteral("http://a:8265");
const QString clusterB = QStringLiteral("http://b:8265");
const QDateTime t0 = QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC);
constexpr qint64 hourMs = 3'600'000;

struct Holding {
    const char *app;
    const char *deployment;
    double gpus;
};

ClusterSnapshot snapshotAt(const QDateTime &at, double capacity, const std::vector<Holding> &holdings)
{
    ClusterSnapshot snapshot;
    snapshot.takenAt = at;
    snapshot.gpusTotal = capacity;
    std::map<QString, ApplicationSnapshot> apps;
    for (const Holding &holding : holdings) {
        ApplicationSnapshot &app = apps[QString::fromUtf8(holding.app)];
        app.name = QString::fromUtf8(holding.app);
        app.status = QStringLiteral("RUNNING");
        DeploymentSnapshot deployment;
        deployment.name = QString::fromUtf8(holding.deployment);
        deployment.status = QStringLiteral("HEALTHY");
        deployment.gpusPerReplica = 0.5;
        deployment.gpusHeld = holding.gpus;
        app.deployments.push_back(deployment);
    }
    for (auto &[name, app] : apps)
        snapshot.applications.push_back(app);
    return snapshot;
}

GpuLease lease(const char *app, const char *deployment, const char *replica, double gpus, const QDateTime &start,
               const QDateTime &end = QDateTime(), bool fromRay = false)
{
    GpuLease l;
    l.app = QString::fromUtf8(app);
    l.deployment = QString::fromUtf8(deployment);
    l.replicaId = QString::fromUtf8(replica);
    l.gpus = gpus;
    l.startUtc = start;
    l.endUtc = end;
    l.startFromRay = fromRay;
    return l;
}

GpuLease pricedLease(GpuLease l, double cpus, const char *accelerator)
{
    l.cpus = cpus;
    l.accelerator = QString::fromUtf8(accelerator);
    return l;
}

const GpuLease *findLease(const std::vector<GpuLease> &leases, const char *replica)
{
    for (const GpuLease &l : leases) {
        if (l.replicaId == QString::fromUtf8(replica))
            return &l;
    }
    return nullptr;
}

double sumOf(const std::map<QString, double> &values)
{
    double sum = 0;
    for (const auto &entry : values)
        sum += entry.second;
    return sum;
}

using Mix = std::function<std::vector<Holding>(qint64 secs)>;
using Capacity = std::function<double(qint64 secs)>;

// Records one snapshot per entry of `secs` (seconds after t0).
void recordPolls(HistoryStore &store, const QString &cluster, const std::vector<qint64> &secs, const Capacity &capacity,
                 const Mix &mix)
{
    for (qint64 s : secs) {
        auto recorded = store.record(cluster, snapshotAt(t0.addSecs(s), capacity(s), mix(s)), {});
        QVERIFY2(recorded.ok(), qPrintable(recorded.ok() ? QString() : recorded.error().message));
    }
}

std::vector<qint64> pollsEvery(qint64 step, qint64 from, qint64 to) // [from, to] in seconds
{
    std::vector<qint64> secs;
    for (qint64 s = from; s <= to; s += step)
        secs.push_back(s);
    return secs;
}

// Polls every 10 s over [0, 120] s, a 10-minute outage, then every 10 s over [720, 780] s: 180 s with history.
std::vector<qint64> pollsAroundAnOutage()
{
    std::vector<qint64> secs = pollsEvery(10, 0, 120);
    for (qint64 s : pollsEvery(10, 720, 780))
        secs.push_back(s);
    return secs;
}

// 8 GPUs, 4 of them on A100 nodes (the rest untyped), app/dep holding 2.
ClusterSnapshot typedSnapshotAt(const QDateTime &at)
{
    ClusterSnapshot snapshot = snapshotAt(at, 8, {{"app", "dep", 2}});
    snapshot.gpusByAccelerator = {{QStringLiteral("A100"), 4.0}};
    return snapshot;
}

// The GPU-ms within [fromS, toS) of a step function sampled at `secs` by hand: each value holds until the next
// sample unless the next one comes more than 60 s later.
double gpuMsByHand(const std::vector<qint64> &secs, const std::function<double(qint64)> &value,
                   qint64 fromS = std::numeric_limits<qint64>::min(), qint64 toS = std::numeric_limits<qint64>::max())
{
    double sum = 0;
    for (size_t i = 0; i + 1 < secs.size(); ++i) {
        const qint64 start = std::max(secs[i], fromS);
        const qint64 end = std::min(secs[i + 1], toS);
        if (secs[i + 1] - secs[i] <= 60 && end > start)
            sum += value(secs[i]) * double(end - start) * 1000;
    }
    return sum;
}

double gpusOf(const std::vector<Holding> &holdings, const char *app, const char *deployment)
{
    double sum = 0;
    for (const Holding &h : holdings) {
        if (qstrcmp(h.app, app) == 0 && qstrcmp(h.deployment, deployment) == 0)
            sum += h.gpus;
    }
    return sum;
}

const UsageSeries *findSeries(const std::vector<UsageSeries> &all, const QString &name)
{
    for (const UsageSeries &series : all) {
        if (series.name == name)
            return &series;
    }
    return nullptr;
}

// Σ value × bucket length of a usage() series: bucket width ceil((to - from) / maxPoints), the last one ends at to.
double gpuMsOfPoints(const UsageSeries &series, qint64 from, qint64 to, int maxPoints)
{
    const qint64 width = (to - from + maxPoints - 1) / maxPoints;
    double sum = 0;
    for (const UsagePoint &point : series.points)
        sum += point.value * double(std::min(point.atMs + width, to) - point.atMs);
    return sum;
}

bool relativelyClose(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance * std::max({1e-12, std::abs(a), std::abs(b)});
}

// A second connection to the same file, to look at what the store wrote.
class Inspector {
public:
    // An SQLite file, or the PostgreSQL variant's database (the SQL below is in words both accept).
    explicit Inspector(const QString &path) : m_name(QStringLiteral("inspector-%1").arg(++s_counter))
    {
        const auto location = StoreLocation::parse(path);
        const bool postgres = location.ok() && location->backend == StoreLocation::Backend::Postgres;
        QSqlDatabase db =
            QSqlDatabase::addDatabase(postgres ? QStringLiteral("QPSQL") : QStringLiteral("QSQLITE"), m_name);
        if (postgres) {
            db.setHostName(location->host);
            db.setPort(location->port);
            db.setDatabaseName(location->database);
            db.setUserName(location->user);
        } else {
            db.setDatabaseName(path);
        }
        db.open();
    }
    ~Inspector()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool exec(const QString &sql) const
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (query.exec(sql))
            return true;
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return false;
    }
    QStringList columnsOf(const QString &table) const
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        QStringList columns;
        if (query.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table))) {
            while (query.next())
                columns.append(query.value(1).toString());
        }
        return columns;
    }
    qint64 number(const QString &sql) const
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        if (!query.exec(sql) || !query.next())
            return -1;
        return query.value(0).toLongLong();
    }
    qint64 segmentsOf(const QString &series, int tier = -1) const
    {
        return number(QStringLiteral("SELECT COUNT(*) FROM history_segments g JOIN history_series s"
                                     " ON s.id = g.series_id WHERE s.name = '%1'%2")
                          .arg(series, tier < 0 ? QString() : QStringLiteral(" AND g.tier = %1").arg(tier)));
    }
    qint64 segmentsInTier(int tier) const
    {
        return number(QStringLiteral("SELECT COUNT(*) FROM history_segments WHERE tier = %1").arg(tier));
    }
    QString dump() const
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        query.exec(QStringLiteral("SELECT series_id, start_ms, end_ms, value, replicas, tier FROM history_segments"
                                  " ORDER BY series_id, start_ms"));
        QString out;
        while (query.next()) {
            for (int i = 0; i < 6; ++i)
                out += query.value(i).toString() + QLatin1Char(i == 5 ? '\n' : ' ');
        }
        return out;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

QStringList keysOf(const std::vector<GpuLease> &leases)
{
    QStringList keys;
    for (const GpuLease &l : leases)
        keys.append(l.replicaId);
    return keys;
}

// Six hours from t0 + 17 s at 30 s polls (so values change inside minutes), with a 20-minute outage after 4 h.
std::vector<qint64> mixedPolls()
{
    std::vector<qint64> secs;
    for (qint64 s = 17; s <= 6 * 3600; s += 30) {
        if (s < 4 * 3600 || s >= 4 * 3600 + 1200)
            secs.push_back(s);
    }
    return secs;
}

std::vector<Holding> mixedHoldings(qint64 s)
{
    return {{"a", "steady", 4},
            {"a", "sched",
             s < 5837    ? 2.0
             : s < 12000 ? 6.0
                         : 1.0},
            {"b", "churn", (s / 30) % 97 == 0 ? 2.0 : 3.0},
            {"c", "late", s >= 7200 ? 0.5 : 0.0}};
}

double mixedCapacity(qint64 s)
{
    return s < 10800 ? 16 : 24;
}
} // namespace

class TestHistoryStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void segmentsFollowValueChanges_data();
    void segmentsFollowValueChanges();
    void gapsEndSegments_data();
    void gapsEndSegments();
    void capacityGpuHoursIsExact_data();
    void capacityGpuHoursIsExact();
    void leasesOverlap_data();
    void leasesOverlap();
    void restartKeepsHistoryWithoutDuplicates();
    void staleSnapshotsChangeNothing();
    void parkedAppsHoldNothing();
    void compactionKeepsIntegrals();
    void compactionIsBoundedResumableAndIdempotent();
    void compactionOfManySeriesGoesInSlices();
    void usageDownsampling_data();
    void usageDownsampling();
    void topNAndOther_data();
    void topNAndOther();
    void firstRecordAndClustersAreSeparate();
    void unwritableLocationIsAClearError();
    void leasesKeepCpusAndAccelerator();
    void oldStoreGainsLeaseColumns();
    void recordLeavesTheCheckpointToCompact();
    void recordedUsageCountsRecordedTimeOnly_data();
    void recordedUsageCountsRecordedTimeOnly();
    void typedCapacityIsNoDeployment();
    void usageAndRecordedReadOnceAsEachAlone();

private:
    // A file in the test's folder, or for the PostgreSQL variant a database emptied when the test first names it.
    QString path(const QString &name = QStringLiteral("store.sqlite"))
    {
        if (!testing::storeTestsUsePostgres())
            return m_dir->filePath(name);
        if (!m_stores.contains(name)) {
            QString error;
            m_stores.insert(name, testing::freshPostgresStore(&error, name));
            if (m_stores.value(name).isEmpty())
                qFatal("%s", qPrintable(error)); // the variant cannot run without its server
        }
        return m_stores.value(name);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    QHash<QString, QString> m_stores;
};

void TestHistoryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_stores.clear();
}

void TestHistoryStore::segmentsFollowValueChanges_data()
{
    QTest::addColumn<QList<double>>("values"); // a/x's GPUs at polls 10 s apart
    QTest::addColumn<bool>("dropWhenZero");    // 0 as "not in the snapshot" rather than gpusHeld 0
    QTest::addColumn<int>("segments");

    QTest::newRow("steady") << QList<double>{2, 2, 2, 2, 2, 2} << false << 1;
    QTest::newRow("step up") << QList<double>{2, 2, 4, 4, 4} << false << 2;
    QTest::newRow("dip and back") << QList<double>{4, 4, 3, 4, 4} << false << 3;
    QTest::newRow("scaled to zero") << QList<double>{2, 2, 0, 0} << false << 1;
    QTest::newRow("disappears") << QList<double>{2, 2, 0, 0} << true << 1;
    QTest::newRow("gone and back") << QList<double>{2, 0, 0, 2, 2} << true << 2;
    QTest::newRow("never holds GPUs") << QList<double>{0, 0, 0} << false << 0;
    QTest::newRow("every poll different") << QList<double>{1, 2, 3, 4, 5} << false << 5;
}

void TestHistoryStore::segmentsFollowValueChanges()
{
    QFETCH(QList<double>, values);
    QFETCH(bool, dropWhenZero);
    QFETCH(int, segments);

    HistoryStore store(path());
    for (int i = 0; i < values.size(); ++i) {
        std::vector<Holding> holdings{{"other", "y", 1}};
        if (values[i] > 0 || !dropWhenZero)
            holdings.push_back({"a", "x", values[i]});
        QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(10 * i), 8, holdings), {}).ok());
    }
    {
        Inspector inspector(path());
        QCOMPARE(inspector.segmentsOf(QStringLiteral("a/x")), qint64(segments));
        QCOMPARE(inspector.segmentsOf(QStringLiteral("capacity")), qint64(1)); // extended, not one per poll
        QCOMPARE(inspector.segmentsOf(QStringLiteral("other/y")), qint64(1));
        // The replicas holding GPUs go with the value (0.5 GPUs a replica here).
        QCOMPARE(inspector.number(QStringLiteral("SELECT COUNT(*) FROM history_segments g JOIN history_series s"
                                                 " ON s.id = g.series_id WHERE s.name = 'a/x'"
                                                 " AND g.replicas != 2 * g.value")),
                 qint64(0));
    }

    // One bucket per poll interval: each point is the value recorded at its start (the last poll only ends the
    // step function).
    const int buckets = int(values.size()) - 1;
    auto usage = store.usage(clusterA, UsageQuery{t0, t0.addSecs(10 * buckets), buckets, 12});
    QVERIFY(usage.ok());
    const UsageSeries *x = findSeries(*usage, QStringLiteral("a/x"));
    const UsageSeries *capacity = findSeries(*usage, QStringLiteral("capacity"));
    QVERIFY(capacity);
    QCOMPARE(capacity->points.size(), size_t(buckets));
    QCOMPARE(x != nullptr, values.mid(0, buckets).count(0.0) < buckets);
    for (int i = 0; i < buckets; ++i) {
        QCOMPARE(capacity->points[size_t(i)].atMs, t0.addSecs(10 * i).toMSecsSinceEpoch());
        QCOMPARE(capacity->points[size_t(i)].value, 8.0);
        if (x) {
            QCOMPARE(x->points[size_t(i)].atMs, t0.addSecs(10 * i).toMSecsSinceEpoch());
            QCOMPARE(x->points[size_t(i)].value, values[i]);
        }
    }
}

void TestHistoryStore::gapsEndSegments_data()
{
    QTest::addColumn<QList<int>>("polls"); // seconds after t0
    QTest::addColumn<int>("coveredSecs");
    QTest::addColumn<int>("segments"); // of a/x, which holds 2 GPUs throughout

    QTest::newRow("regular") << QList<int>{0, 10, 20, 30} << 30 << 1;
    QTest::newRow("exactly the limit") << QList<int>{0, 60, 120} << 120 << 1;
    QTest::newRow("just beyond") << QList<int>{0, 10, 71, 81} << 20 << 2;
    QTest::newRow("long outage") << QList<int>{0, 10, 3600, 3610, 3620} << 30 << 2;
    QTest::newRow("single poll before an outage") << QList<int>{0, 10, 200, 400, 410} << 20 << 2;
}

void TestHistoryStore::gapsEndSegments()
{
    QFETCH(QList<int>, polls);
    QFETCH(int, coveredSecs);
    QFETCH(int, segments);

    HistoryStore store(path());
    for (int s : polls)
        QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(s), 8, {{"a", "x", 2}}), {}).ok());
    const QDateTime end = t0.addSecs(polls.last());
    // The outage adds nothing: only the time between close polls counts.
    QVERIFY(qAbs(*store.capacityGpuHours(clusterA, t0, end) - 8.0 * coveredSecs / 3600) < 1e-12);
    {
        Inspector inspector(path());
        QCOMPARE(inspector.segmentsOf(QStringLiteral("a/x")), qint64(segments));
    }
    // 10 s buckets: points only where there is history, none across the outage.
    const int buckets = polls.last() / 10;
    auto usage = store.usage(clusterA, UsageQuery{t0, end, buckets, 12});
    QVERIFY(usage.ok());
    const UsageSeries *x = findSeries(*usage, QStringLiteral("a/x"));
    QVERIFY(x);
    QCOMPARE(int(x->points.size()), coveredSecs / 10);
    for (const UsagePoint &point : x->points)
        QCOMPARE(point.value, 2.0);
    // One bucket over everything: the average over the time with history, not diluted by the outage.
    auto whole = store.usage(clusterA, UsageQuery{t0, end, 1, 12});
    QCOMPARE(findSeries(*whole, QStringLiteral("a/x"))->points.size(), size_t(1));
    QCOMPARE(findSeries(*whole, QStringLiteral("a/x"))->points[0].value, 2.0);
}

void TestHistoryStore::capacityGpuHoursIsExact_data()
{
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("to");
    QTest::addColumn<double>("gpuHours");
    QTest::addColumn<bool>("exactWhenHourly"); // both bounds in hours of constant capacity (or open)

    // Capacity 8 for [0, 1 h), 16 for [1 h, 1.5 h), 4 for [1.5 h, 2 h]; polls every 30 s.
    QTest::newRow("all") << t0.addSecs(-3600) << t0.addSecs(3 * 3600) << 8.0 + 8.0 + 2.0 << true;
    QTest::newRow("open bounds") << QDateTime() << QDateTime() << 18.0 << true;
    QTest::newRow("first hour") << t0 << t0.addSecs(3600) << 8.0 << true;
    QTest::newRow("straddling a step") << t0.addSecs(1800) << t0.addSecs(4500) << 8.0 * 0.5 + 16.0 * 0.25 << false;
    QTest::newRow("inside one step") << t0.addSecs(600) << t0.addSecs(1200) << 8.0 / 6 << true;
    QTest::newRow("one ms") << t0.addMSecs(3600'000 - 1) << t0.addSecs(3600) << 8.0 / 3600'000 << true;
    QTest::newRow("before history") << t0.addSecs(-7200) << t0.addSecs(-3600) << 0.0 << true;
    QTest::newRow("after the last snapshot") << t0.addSecs(7200) << t0.addSecs(3 * 3600) << 0.0 << true;
    QTest::newRow("empty range") << t0.addSecs(3600) << t0.addSecs(3600) << 0.0 << true;
    QTest::newRow("reversed range") << t0.addSecs(3600) << t0 << 0.0 << true;
}

void TestHistoryStore::capacityGpuHoursIsExact()
{
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, to);
    QFETCH(double, gpuHours);
    QFETCH(bool, exactWhenHourly);

    HistoryStore store(path());
    recordPolls(
        store, clusterA, pollsEvery(30, 0, 7200), [](qint64 s) { return s < 3600   ? 8.0
                                                                        : s < 5400 ? 16.0
                                                                                   : 4.0; },
        [](qint64) {
            return std::vector<Holding>{{"a", "x", 1}};
        });
    auto hours = store.capacityGpuHours(clusterA, from, to);
    QVERIFY(hours.ok());
    QVERIFY2(qAbs(*hours - gpuHours) < 1e-12, qPrintable(QString::number(*hours, 'g', 17)));
    // After compaction into hourly averages the same wherever the range holds whole hours or the capacity
    // was constant in the hours its bounds cut; elsewhere the cut hour counts with its average.
    QVERIFY(store.compact(clusterA, t0.addDays(100), 10'000).ok());
    QVERIFY(Inspector(path()).segmentsInTier(2) > 0);
    if (exactWhenHourly)
        QVERIFY(qAbs(*store.capacityGpuHours(clusterA, from, to) - gpuHours) < 1e-9);
    else // [30 min, 75 min): the hour [1 h, 2 h) averages 16 and 4 to 10
        QVERIFY(qAbs(*store.capacityGpuHours(clusterA, from, to) - (8.0 * 0.5 + 10.0 * 0.25)) < 1e-9);
}

void TestHistoryStore::leasesOverlap_data()
{
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("to");
    QTest::addColumn<QStringList>("replicas"); // by start

    // r1 [0, 1 h), r2 [1 h, 2 h), r3 active since 30 min, r4 [3 h, 3 h + 1 s).
    const QStringList all{QStringLiteral("r1"), QStringLiteral("r3"), QStringLiteral("r2"), QStringLiteral("r4")};
    QTest::newRow("everything") << t0.addDays(-1) << t0.addDays(1) << all;
    QTest::newRow("open bounds") << QDateTime() << QDateTime() << all;
    QTest::newRow("ending at from is out")
        << t0.addSecs(3600) << t0.addSecs(7200) << QStringList{QStringLiteral("r3"), QStringLiteral("r2")};
    QTest::newRow("starting at to is out")
        << t0 << t0.addSecs(3600) << QStringList{QStringLiteral("r1"), QStringLiteral("r3")};
    QTest::newRow("last ms of r1") << t0.addMSecs(3600'000 - 1) << t0.addSecs(3600)
                                   << QStringList{QStringLiteral("r1"), QStringLiteral("r3")};
    QTest::newRow("before everything") << t0.addSecs(-3600) << t0 << QStringList();
    QTest::newRow("between r2 and r4: only the active one")
        << t0.addSecs(7200) << t0.addSecs(3 * 3600) << QStringList{QStringLiteral("r3")};
    QTest::newRow("far future: the active one")
        << t0.addDays(10) << t0.addDays(11) << QStringList{QStringLiteral("r3")};
    QTest::newRow("empty range") << t0.addSecs(600) << t0.addSecs(600) << QStringList();
}

void TestHistoryStore::leasesOverlap()
{
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, to);
    QFETCH(QStringList, replicas);

    HistoryStore store(path());
    const GpuLease r1 = lease("a", "x", "r1", 1, t0, {}, true);
    const GpuLease r2 = lease("a", "x", "r2", 1, t0.addSecs(3600));
    const GpuLease r3 = lease("b", "y", "r3", 0.5, t0.addSecs(1800), {}, true);
    const GpuLease r4 = lease("b", "y", "r4", 2, t0.addSecs(3 * 3600));
    auto ended = [](GpuLease l, const QDateTime &end) {
        l.endUtc = end;
        return l;
    };
    auto record = [&](const QDateTime &at, LeaseTracker::Update update) {
        QVERIFY(store.record(clusterA, snapshotAt(at, 8, {}), update).ok());
    };
    record(t0, {{r1}, {}});
    record(t0.addSecs(1800), {{r3}, {}});
    record(t0.addSecs(3600), {{r2}, {ended(r1, t0.addSecs(3600))}});
    record(t0.addSecs(7200), {{}, {ended(r2, t0.addSecs(7200))}});
    record(t0.addSecs(3 * 3600), {{r4}, {}});
    record(t0.addSecs(3 * 3600 + 1), {{}, {ended(r4, t0.addSecs(3 * 3600 + 1))}});

    auto found = store.leases(clusterA, from, to);
    QVERIFY(found.ok());
    QCOMPARE(keysOf(*found), replicas);

    auto active = store.activeLeases(clusterA);
    QVERIFY(active.ok());
    QCOMPARE(active->size(), size_t(1));
    const GpuLease &a = active->front();
    QCOMPARE(a.key(), QStringLiteral("b/y/r3"));
    QCOMPARE(a.gpus, 0.5);
    QCOMPARE(a.startUtc, t0.addSecs(1800));
    QVERIFY(a.isActive());
    QVERIFY(a.startFromRay);
    auto everything = store.leases(clusterA, QDateTime(), QDateTime());
    QCOMPARE(everything->front().endUtc, t0.addSecs(3600));
    QCOMPARE(everything->front().deployment, QStringLiteral("x"));
    QVERIFY(!everything->at(2).startFromRay);
    QVERIFY(store.leases(clusterB, QDateTime(), QDateTime())->empty());
}

void TestHistoryStore::restartKeepsHistoryWithoutDuplicates()
{
    const GpuLease r1 = lease("a", "x", "r1", 1, t0.addSecs(-600), {}, true);
    const GpuLease r2 = lease("a", "x", "r2", 1, t0); // start = the first snapshot that showed it
    std::vector<UsageSeries> before;
    {
        HistoryStore store(path());
        QVERIFY(store.record(clusterA, snapshotAt(t0, 8, {{"a", "x", 2}}), {{r1, r2}, {}}).ok());
        recordPolls(
            store, clusterA, pollsEvery(10, 10, 600), [](qint64) { return 8.0; },
            [](qint64 s) {
                return std::vector<Holding>{{"a", "x", s < 300 ? 2.0 : 1.0}};
            });
        before = *store.usage(clusterA, UsageQuery{t0, t0.addSecs(600), 60, 12});
    }
    HistoryStore store(path());
    auto after = store.usage(clusterA, UsageQuery{t0, t0.addSecs(600), 60, 12});
    QVERIFY(after.ok());
    QCOMPARE(after->size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) {
        QCOMPARE(after->at(i).name, before[i].name);
        QCOMPARE(after->at(i).points.size(), before[i].points.size());
        for (size_t p = 0; p < before[i].points.size(); ++p) {
            QCOMPARE(after->at(i).points[p].atMs, before[i].points[p].atMs);
            QCOMPARE(after->at(i).points[p].value, before[i].points[p].value);
        }
    }
    QCOMPARE(keysOf(*store.activeLeases(clusterA)), (QStringList{QStringLiteral("r1"), QStringLiteral("r2")}));

    // A restarted tracker that saw both again: r1 with Ray's start, r2 with a new "first seen" start. Neither is
    // added twice, and r2 keeps its first start.
    GpuLease r2Again = r2;
    r2Again.startUtc = t0.addSecs(610);
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(610), 8, {{"a", "x", 1}}), {{r1, r2Again}, {}}).ok());
    auto active = store.activeLeases(clusterA);
    QCOMPARE(active->size(), size_t(2));
    QCOMPARE(active->at(1).startUtc, t0);
    // Ended under the re-observed start: the stored lease ends. Ending again changes nothing.
    GpuLease r2Ended = r2Again;
    r2Ended.endUtc = t0.addSecs(620);
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(620), 8, {{"a", "x", 1}}), {{}, {r2Ended}}).ok());
    GpuLease r2EndedLater = r2Ended;
    r2EndedLater.endUtc = t0.addSecs(630);
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(630), 8, {{"a", "x", 1}}), {{r2}, {r2EndedLater}}).ok());
    auto all = store.leases(clusterA, QDateTime(), QDateTime());
    QCOMPARE(keysOf(*all), (QStringList{QStringLiteral("r1"), QStringLiteral("r2")}));
    QCOMPARE(all->at(1).startUtc, t0);
    QCOMPARE(all->at(1).endUtc, t0.addSecs(620));
    QCOMPARE(keysOf(*store.activeLeases(clusterA)), QStringList{QStringLiteral("r1")});
    // A lease this store never saw start is stored whole when it ends.
    const GpuLease r9 = lease("a", "x", "r9", 1, t0.addSecs(100), t0.addSecs(640));
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(640), 8, {{"a", "x", 1}}), {{}, {r9}}).ok());
    QCOMPARE(store.leases(clusterA, QDateTime(), QDateTime())->size(), size_t(3));

    // The usage step functions went on across the restart (polls 10 s apart): still one capacity segment and
    // a/x's two.
    Inspector inspector(path());
    QCOMPARE(inspector.segmentsOf(QStringLiteral("capacity")), qint64(1));
    QCOMPARE(inspector.segmentsOf(QStringLiteral("a/x")), qint64(2));
    QVERIFY(qAbs(*store.capacityGpuHours(clusterA, QDateTime(), QDateTime()) - 8.0 * 640 / 3600) < 1e-12);
}

void TestHistoryStore::staleSnapshotsChangeNothing()
{
    HistoryStore store(path());
    QVERIFY(store.record(clusterA, snapshotAt(t0, 8, {{"a", "x", 2}}), {}).ok());
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(20), 8, {{"a", "x", 2}}), {}).ok());
    // Older than the last, and a repeat of it: the usage at those times is already known.
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(5), 16, {{"a", "x", 6}}), {}).ok());
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(20), 16, {{"a", "x", 6}}), {}).ok());
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(30), 8, {{"a", "x", 2}}), {}).ok());
    QVERIFY(qAbs(*store.capacityGpuHours(clusterA, t0, t0.addSecs(30)) - 8.0 * 30 / 3600) < 1e-12);
    auto usage = store.usage(clusterA, UsageQuery{t0, t0.addSecs(30), 3, 12});
    for (const UsagePoint &point : findSeries(*usage, QStringLiteral("a/x"))->points)
        QCOMPARE(point.value, 2.0);
    QVERIFY(!store.record(clusterA, ClusterSnapshot{}, {}).ok()); // no time: refused
}

void TestHistoryStore::parkedAppsHoldNothing()
{
    HistoryStore store(path());
    for (int i = 0; i < 3; ++i) {
        ClusterSnapshot snapshot = snapshotAt(t0.addSecs(10 * i), 8, {{"a", "x", 2}, {"b", "y", 1}});
        snapshot.applications.front().parked = true; // shown from ScaleDeck's store, not in the cluster
        QVERIFY(store.record(clusterA, snapshot, {}).ok());
    }
    auto usage = store.usage(clusterA, UsageQuery{t0, t0.addSecs(20), 2, 12});
    QVERIFY(usage.ok());
    QVERIFY(!findSeries(*usage, QStringLiteral("a/x")));
    QCOMPARE(findSeries(*usage, QStringLiteral("b/y"))->points.size(), size_t(2));
}

void TestHistoryStore::compactionKeepsIntegrals()
{
    HistoryStore store(path());
    const std::vector<qint64> polls = mixedPolls();
    recordPolls(store, clusterA, polls, mixedCapacity, mixedHoldings);
    // Hourly buckets over [t0, t0 + 7 h): what a month chart sees, before and after each compaction.
    const UsageQuery hourly{t0, t0.addSecs(7 * 3600), 7, 12};
    const auto before = *store.usage(clusterA, hourly);
    const double capacityBefore = *store.capacityGpuHours(clusterA, QDateTime(), QDateTime());
    QVERIFY(qAbs(capacityBefore - gpuMsByHand(polls, mixedCapacity) / hourMs) < 1e-9);

    auto checkAgainstBefore = [&]() {
        QVERIFY(relativelyClose(*store.capacityGpuHours(clusterA, QDateTime(), QDateTime()), capacityBefore, 1e-6));
        // A partly compacted range as well: the first hours from the tiers, the rest raw.
        // A range across the outage, inside constant hours at both ends, so exact in every tier.
        QVERIFY(relativelyClose(*store.capacityGpuHours(clusterA, t0.addSecs(1234), t0.addSecs(5 * 3600)),
                                gpuMsByHand(polls, mixedCapacity, 1234, 5 * 3600) / hourMs, 1e-6));
        const auto after = *store.usage(clusterA, hourly);
        QCOMPARE(after.size(), before.size());
        for (size_t i = 0; i < before.size(); ++i) {
            QCOMPARE(after[i].name, before[i].name);
            QCOMPARE(after[i].points.size(), before[i].points.size());
            for (size_t p = 0; p < before[i].points.size(); ++p) {
                QCOMPARE(after[i].points[p].atMs, before[i].points[p].atMs);
                QVERIFY2(relativelyClose(after[i].points[p].value, before[i].points[p].value, 1e-6),
                         qPrintable(after[i].name));
            }
        }
    };

    // Three days later: all of it is older than 48 h and becomes minute averages; only the open segments (the
    // last minute) stay raw.
    QVERIFY(store.compact(clusterA, t0.addDays(3), 10'000).ok());
    QString afterMinutes;
    {
        Inspector inspector(path());
        QCOMPARE(inspector.segmentsInTier(0), qint64(5)); // capacity + four deployments, open
        QVERIFY(inspector.segmentsInTier(1) > 0);
        QCOMPARE(inspector.segmentsInTier(2), qint64(0));
        // Equal minutes are merged: the steady deployment is one row before the outage and one after, not 360;
        // capacity also has the minute in which it changed (16 for 17 s, then 24).
        QCOMPARE(inspector.segmentsOf(QStringLiteral("a/steady"), 1), qint64(2));
        QCOMPARE(inspector.segmentsOf(QStringLiteral("capacity"), 1), qint64(4));
        // Partial minutes stay where they were: history begins 17 s into the first minute.
        QCOMPARE(inspector.number(QStringLiteral("SELECT MIN(start_ms) FROM history_segments")),
                 t0.addSecs(17).toMSecsSinceEpoch());
        afterMinutes = inspector.dump();
    }
    checkAgainstBefore();
    QVERIFY(store.compact(clusterA, t0.addDays(3), 10'000).ok());
    QCOMPARE(Inspector(path()).dump(), afterMinutes); // idempotent

    // A hundred days later: hourly averages, except the last partial hour (not yet handed over by tier 0).
    QVERIFY(store.compact(clusterA, t0.addDays(100), 10'000).ok());
    QString afterHours;
    {
        Inspector inspector(path());
        QVERIFY(inspector.segmentsInTier(2) > 0);
        QCOMPARE(inspector.segmentsOf(QStringLiteral("a/steady"), 2), qint64(2));
        QVERIFY(inspector.number(QStringLiteral("SELECT MIN(start_ms) FROM history_segments WHERE tier = 1")) >=
                t0.addSecs(6 * 3600 - 3600).toMSecsSinceEpoch());
        afterHours = inspector.dump();
    }
    checkAgainstBefore();
    QVERIFY(store.compact(clusterA, t0.addDays(100), 10'000).ok());
    QCOMPARE(Inspector(path()).dump(), afterHours);

    // Recording goes on after compaction: the outage since the last snapshot ends the open segments there.
    QVERIFY(store.record(clusterA, snapshotAt(t0.addDays(100), 8, {{"a", "steady", 4}}), {}).ok());
    QVERIFY(store.record(clusterA, snapshotAt(t0.addDays(100).addSecs(10), 8, {{"a", "steady", 4}}), {}).ok());
    QVERIFY(relativelyClose(*store.capacityGpuHours(clusterA, QDateTime(), QDateTime()),
                            capacityBefore + 8.0 * 10 / 3600, 1e-6));
}

void TestHistoryStore::compactionIsBoundedResumableAndIdempotent()
{
    // Twelve hours at 30 s polls, compacted three days later: twelve hourly windows of raw segments.
    const std::vector<qint64> polls = pollsEvery(30, 0, 12 * 3600);
    const Mix mix = [](qint64 s) {
        return std::vector<Holding>{{"a", "x", (s / 600) % 3 == 0 ? 2.0 : 4.0}, {"b", "y", 1}};
    };
    const Capacity capacity = [](qint64) { return 8.0; };
    const QDateTime now = t0.addDays(3);

    // Reference: the same history compacted in one unbounded call.
    QString reference;
    {
        HistoryStore store(path(QStringLiteral("reference.sqlite")));
        recordPolls(store, clusterA, polls, capacity, mix);
        QVERIFY(store.compact(clusterA, now, 1'000'000).ok());
        reference = Inspector(path(QStringLiteral("reference.sqlite"))).dump();
    }

    int calls = 0;
    QString previous;
    {
        HistoryStore store(path());
        recordPolls(store, clusterA, polls, capacity, mix);
        // No budget: one window per call.
        QVERIFY(store.compact(clusterA, now, 0).ok());
        ++calls;
        Inspector inspector(path());
        QCOMPARE(inspector.number(QStringLiteral("SELECT MIN(start_ms) FROM history_segments WHERE tier = 0")),
                 t0.addSecs(3600).toMSecsSinceEpoch());
        QVERIFY(inspector.number(QStringLiteral("SELECT MAX(end_ms) FROM history_segments WHERE tier = 1")) <=
                t0.addSecs(3600).toMSecsSinceEpoch());
        for (int i = 0; i < 4; ++i, ++calls)
            QVERIFY(store.compact(clusterA, now, 0).ok());
        previous = inspector.dump();
    }
    // Resumed by another store on the same file (a restart), until nothing changes any more.
    HistoryStore store(path());
    for (; calls < 100; ++calls) {
        QVERIFY(store.compact(clusterA, now, 0).ok());
        const QString current = Inspector(path()).dump();
        if (current == previous)
            break;
        previous = current;
    }
    QCOMPARE(calls, 12); // one window per call, and done after the twelfth
    QCOMPARE(previous, reference);
    QVERIFY(qAbs(*store.capacityGpuHours(clusterA, QDateTime(), QDateTime()) - 8.0 * 12) < 1e-9);
}

void TestHistoryStore::compactionOfManySeriesGoesInSlices()
{
    // 1,000 deployments (more than one unit of work), two hours at 60 s polls, a third of them changing every
    // 20 minutes; compacted three days later: two windows, each more than one unit.
    const std::vector<qint64> polls = pollsEvery(60, 0, 2 * 3600);
    static std::vector<std::string> names;
    for (int d = int(names.size()); d < 1000; ++d)
        names.push_back("d" + std::to_string(d));
    const Mix mix = [](qint64 s) {
        std::vector<Holding> holdings;
        for (int d = 0; d < 1000; ++d)
            holdings.push_back({"fleet", names[size_t(d)].c_str(), d % 3 == 0 && (s / 1200) % 2 ? 1.0 : 0.5 + d % 4});
        return holdings;
    };
    const Capacity capacity = [](qint64 s) { return s < 1800 ? 4000.0 : 4096.0; };
    const QDateTime now = t0.addDays(3);

    QString reference;
    {
        HistoryStore store(path(QStringLiteral("reference.sqlite")));
        recordPolls(store, clusterA, polls, capacity, mix);
        QCOMPARE(*store.compact(clusterA, now, 1'000'000), CompactionProgress::Finished);
        reference = Inspector(path(QStringLiteral("reference.sqlite"))).dump();
    }

    HistoryStore store(path());
    recordPolls(store, clusterA, polls, capacity, mix);
    const QDateTime from = t0.addSecs(-60);
    const QDateTime to = t0.addSecs(3 * 3600);
    const RecordedUsage before = *store.recordedUsage(clusterA, from, to);
    QCOMPARE(before.heldGpuHours->size(), size_t(1000));

    // No budget: one unit, which is not all of the first window.
    auto progress = store.compact(clusterA, now, 0);
    QVERIFY(progress.ok());
    QCOMPARE(*progress, CompactionProgress::MoreToDo);
    Inspector inspector(path());
    QVERIFY(inspector.segmentsInTier(1) > 0);
    QVERIFY(inspector.number(QStringLiteral("SELECT COUNT(*) FROM history_segments WHERE tier = 0 AND start_ms < %1")
                                 .arg(t0.addSecs(3600).toMSecsSinceEpoch())) > 0);
    // Consistent in between: no series has overlapping rows, and every integral is what was recorded.
    auto checkConsistent = [&] {
        QCOMPARE(inspector.number(QStringLiteral("SELECT COUNT(*) FROM history_segments a JOIN history_segments b"
                                                 " ON a.series_id = b.series_id AND a.start_ms < b.start_ms"
                                                 " AND (a.end_ms IS NULL OR a.end_ms > b.start_ms)")),
                 qint64(0));
        const RecordedUsage now = *store.recordedUsage(clusterA, from, to);
        QVERIFY(relativelyClose(now.recordedHours, before.recordedHours, 1e-9));
        QVERIFY(relativelyClose(now.capacityGpuHours, before.capacityGpuHours, 1e-9));
        QCOMPARE(now.heldGpuHours->size(), before.heldGpuHours->size());
        for (const auto &[name, gpuHours] : *before.heldGpuHours)
            QVERIFY2(relativelyClose(now.heldGpuHours->at(name), gpuHours, 1e-9), qPrintable(name));
    };
    checkConsistent();

    // Repeated calls finish the work, as one unbounded call does.
    int calls = 1;
    for (; calls < 100 && *progress == CompactionProgress::MoreToDo; ++calls) {
        progress = store.compact(clusterA, now, 0);
        QVERIFY(progress.ok());
        if (calls == 2)
            checkConsistent(); // the second window begun
    }
    QCOMPARE(*progress, CompactionProgress::Finished);
    QVERIFY(calls > 2);
    checkConsistent();
    QCOMPARE(inspector.dump(), reference);
}

void TestHistoryStore::usageDownsampling_data()
{
    QTest::addColumn<int>("maxPoints");
    QTest::addColumn<bool>("partlyCompacted");

    for (int maxPoints : {1, 3, 7, 100, 719, 720, 721, 2000, 50'000}) {
        QTest::addRow("%d points", maxPoints) << maxPoints << false;
        QTest::addRow("%d points, partly compacted", maxPoints) << maxPoints << true;
    }
}

void TestHistoryStore::usageDownsampling()
{
    QFETCH(int, maxPoints);
    QFETCH(bool, partlyCompacted);

    HistoryStore store(path());
    const std::vector<qint64> polls = pollsEvery(30, 0, 6 * 3600);
    const Mix mix = [](qint64 s) {
        return std::vector<Holding>{{"a", "x", (s / 3600) % 2 ? 4.0 : 1.5},
                                    {"a", "y", s % 1770 == 0 ? 0.0 : 2.0},
                                    {"b", "z", double((s / 90) % 7)}};
    };
    const Capacity capacity = [](qint64 s) { return s < 7000 ? 16.0 : 24.0; };
    recordPolls(store, clusterA, polls, capacity, mix);
    if (partlyCompacted) { // 2 h 37 min are 48 h old: the first two whole hours become minute averages
        QVERIFY(store.compact(clusterA, t0.addSecs(48 * 3600 + 157 * 60 + 10), 10'000).ok());
        QCOMPARE(Inspector(path()).number(QStringLiteral("SELECT MIN(start_ms) FROM history_segments WHERE tier = 0")),
                 t0.addSecs(2 * 3600).toMSecsSinceEpoch());
    }

    const qint64 from = t0.toMSecsSinceEpoch();
    const qint64 to = t0.addSecs(6 * 3600).toMSecsSinceEpoch();
    auto usage = store.usage(clusterA, UsageQuery{t0, t0.addSecs(6 * 3600), maxPoints, 12});
    QVERIFY(usage.ok());
    QCOMPARE(usage->size(), size_t(4));
    const size_t points = usage->front().points.size();
    for (const UsageSeries &series : *usage) {
        QVERIFY(series.points.size() <= size_t(maxPoints));
        QCOMPARE(series.points.size(), points); // the same buckets in every series, so they stack
    }
    auto expect = [&](const char *name, const std::function<double(qint64)> &value) {
        const UsageSeries *series = findSeries(*usage, QString::fromUtf8(name));
        QVERIFY(series);
        // The contract asks for 1%; the time-weighted buckets keep it exact up to rounding.
        const double got = gpuMsOfPoints(*series, from, to, maxPoints);
        const double want = gpuMsByHand(polls, value);
        QVERIFY2(relativelyClose(got, want, 1e-6), qPrintable(QStringLiteral("%1: %2 vs %3")
                                                                  .arg(QString::fromUtf8(name))
                                                                  .arg(got, 0, 'g', 12)
                                                                  .arg(want, 0, 'g', 12)));
    };
    expect("a/x", [&](qint64 s) { return gpusOf(mix(s), "a", "x"); });
    expect("a/y", [&](qint64 s) { return gpusOf(mix(s), "a", "y"); });
    expect("b/z", [&](qint64 s) { return gpusOf(mix(s), "b", "z"); });
    expect("capacity", capacity);
}

void TestHistoryStore::topNAndOther_data()
{
    QTest::addColumn<int>("topN");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<double>("otherFirstHalf"); // GPUs summed in "other" in the first and second half hour
    QTest::addColumn<double>("otherSecondHalf");

    // GPU-hours: a/d5 5, a/d4 4, a/d3 3 (6 GPUs for the first half hour), b/d2 2, c/d2 2, a/d1 1.
    const QString d5 = QStringLiteral("a/d5"), d4 = QStringLiteral("a/d4"), d3 = QStringLiteral("a/d3");
    const QString other = QStringLiteral("other"), capacity = QStringLiteral("capacity");
    QTest::newRow("top 2") << 2 << QStringList{d5, d4, other, capacity} << 6.0 + 2 + 2 + 1 << 0.0 + 2 + 2 + 1;
    QTest::newRow("top 4: ties by name") << 4 << QStringList{d5, d4, d3, QStringLiteral("b/d2"), other, capacity} << 3.0
                                         << 3.0;
    QTest::newRow("none on their own") << 0 << QStringList{other, capacity} << 20.0 << 14.0;
    QTest::newRow("all fit: no other")
        << 12
        << QStringList{d5, d4, d3, QStringLiteral("b/d2"), QStringLiteral("c/d2"), QStringLiteral("a/d1"), capacity}
        << 0.0 << 0.0;
}

void TestHistoryStore::topNAndOther()
{
    QFETCH(int, topN);
    QFETCH(QStringList, names);
    QFETCH(double, otherFirstHalf);
    QFETCH(double, otherSecondHalf);

    HistoryStore store(path());
    recordPolls(
        store, clusterA, pollsEvery(10, 0, 3600), [](qint64) { return 16.0; },
        [](qint64 s) {
            return std::vector<Holding>{{"a", "d1", 1}, {"a", "d3", s < 1800 ? 6.0 : 0.0},
                                        {"a", "d4", 4}, {"a", "d5", 5},
                                        {"b", "d2", 2}, {"c", "d2", 2}};
        });
    auto usage = store.usage(clusterA, UsageQuery{t0, t0.addSecs(3600), 60, topN});
    QVERIFY(usage.ok());
    QStringList got;
    for (const UsageSeries &series : *usage)
        got.append(series.name);
    QCOMPARE(got, names);
    if (const UsageSeries *o = findSeries(*usage, QStringLiteral("other"))) {
        QCOMPARE(o->points.size(), size_t(60));
        for (size_t i = 0; i < o->points.size(); ++i) // the rest summed, bucket by bucket
            QCOMPARE(o->points[i].value, i < 30 ? otherFirstHalf : otherSecondHalf);
    }
    const UsageSeries *d5 = findSeries(*usage, QStringLiteral("a/d5"));
    QVERIFY(topN == 0 || (d5 && d5->points.size() == 60 && d5->points.back().value == 5.0));
    QCOMPARE(findSeries(*usage, QStringLiteral("capacity"))->points.front().value, 16.0);
}

void TestHistoryStore::firstRecordAndClustersAreSeparate()
{
    HistoryStore store(path());
    auto none = store.firstRecord(clusterA);
    QVERIFY(none.ok());
    QVERIFY(!none->has_value());
    // History begins with the first snapshot, even when Ray says a lease started before it: capacity and idle
    // are known only from there.
    QVERIFY(store
                .record(clusterA, snapshotAt(t0.addSecs(300), 8, {{"a", "x", 1}}),
                        {{lease("a", "x", "r1", 1, t0, {}, true)}, {}})
                .ok());
    QCOMPARE(store.firstRecord(clusterA)->value(), t0.addSecs(300));
    QCOMPARE(store.activeLeases(clusterA)->front().startUtc, t0); // the lease keeps Ray's start
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(310), 8, {{"a", "x", 1}}), {}).ok());
    QCOMPARE(store.firstRecord(clusterA)->value(), t0.addSecs(300));

    QVERIFY(!store.firstRecord(clusterB)->has_value());
    QVERIFY(store.activeLeases(clusterB)->empty());
    QCOMPARE(*store.capacityGpuHours(clusterB, QDateTime(), QDateTime()), 0.0);
    auto usage = store.usage(clusterB, UsageQuery{t0, t0.addSecs(600), 10, 12});
    QVERIFY(usage.ok());
    QCOMPARE(usage->size(), size_t(1));
    QCOMPARE(usage->front().name, QStringLiteral("capacity"));
    QVERIFY(usage->front().points.empty());
    QVERIFY(store.compact(clusterB, t0.addDays(100)).ok());

    // B's own history does not touch A's.
    QVERIFY(store.record(clusterB, snapshotAt(t0.addSecs(400), 2, {{"a", "x", 2}}), {}).ok());
    QVERIFY(store.record(clusterB, snapshotAt(t0.addSecs(410), 2, {{"a", "x", 2}}), {}).ok());
    QCOMPARE(store.firstRecord(clusterB)->value(), t0.addSecs(400));
    QVERIFY(qAbs(*store.capacityGpuHours(clusterA, QDateTime(), QDateTime()) - 8.0 * 10 / 3600) < 1e-12);
    QVERIFY(qAbs(*store.capacityGpuHours(clusterB, QDateTime(), QDateTime()) - 2.0 * 10 / 3600) < 1e-12);
}

void TestHistoryStore::unwritableLocationIsAClearError()
{
    HistoryStore store(QStringLiteral("/proc/scaledeck-cannot-be-here/store.sqlite"));
    auto opened = store.open();
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().kind, RayErrorKind::Storage);
    QVERIFY(opened.error().message.contains(QStringLiteral("/proc/scaledeck-cannot-be-here")));
    auto recorded = store.record(clusterA, snapshotAt(t0, 8, {}), {});
    QVERIFY(!recorded.ok());
    QCOMPARE(recorded.error().kind, RayErrorKind::Storage);
    QCOMPARE(store.usage(clusterA, UsageQuery{t0, t0.addSecs(60), 10, 12}).error().kind, RayErrorKind::Storage);
}

void TestHistoryStore::leasesKeepCpusAndAccelerator()
{
    HistoryStore store(path());
    // r1 starts; r2 started and ended between two polls (in `started` with its end); r3 ends without its start
    // in this store (another process recorded it), so it goes in whole; r4 is untyped with no CPUs.
    const GpuLease r1 = pricedLease(lease("a", "x", "r1", 1, t0, {}, true), 4, "A100");
    const GpuLease r2 = pricedLease(lease("a", "x", "r2", 2, t0, t0.addSecs(5)), 1.5, "L4");
    const GpuLease r3 = pricedLease(lease("b", "y", "r3", 0.5, t0.addSecs(-300), t0.addSecs(10)), 0.25, "H100");
    const GpuLease r4 = lease("b", "y", "r4", 1, t0);
    QVERIFY(store.record(clusterA, snapshotAt(t0, 8, {{"a", "x", 1}}), {{r1, r2, r4}, {}}).ok());

    auto active = store.activeLeases(clusterA);
    QVERIFY(active.ok());
    QCOMPARE(keysOf(*active), (QStringList{QStringLiteral("r1"), QStringLiteral("r4")}));
    QCOMPARE(active->at(0).cpus, 4.0);
    QCOMPARE(active->at(0).accelerator, QStringLiteral("A100"));
    QCOMPARE(active->at(1).cpus, 0.0);
    QVERIFY(active->at(1).accelerator.isEmpty());

    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(10), 8, {{"a", "x", 1}}), {{}, {r3}}).ok());
    // r1 ends: the row it started with ends, keeping what it was priced as.
    GpuLease r1Ended = r1;
    r1Ended.endUtc = t0.addSecs(20);
    QVERIFY(store.record(clusterA, snapshotAt(t0.addSecs(20), 8, {}), {{}, {r1Ended}}).ok());

    auto all = store.leases(clusterA, QDateTime(), QDateTime());
    QVERIFY(all.ok());
    QCOMPARE(keysOf(*all),
             (QStringList{QStringLiteral("r3"), QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r4")}));
    struct Expected {
        const char *replica;
        double cpus;
        QString accelerator;
        QDateTime end;
    };
    for (const Expected &e :
         {Expected{"r1", 4, QStringLiteral("A100"), t0.addSecs(20)},
          Expected{"r2", 1.5, QStringLiteral("L4"), t0.addSecs(5)},
          Expected{"r3", 0.25, QStringLiteral("H100"), t0.addSecs(10)}, Expected{"r4", 0, QString(), QDateTime()}}) {
        const GpuLease *found = findLease(*all, e.replica);
        QVERIFY2(found, e.replica);
        QCOMPARE(found->cpus, e.cpus);
        QCOMPARE(found->accelerator, e.accelerator);
        QCOMPARE(found->endUtc, e.end);
    }
    QCOMPARE(findLease(*all, "r3")->startUtc, t0.addSecs(-300));
    QCOMPARE(keysOf(*store.activeLeases(clusterA)), QStringList{QStringLiteral("r4")});
}

void TestHistoryStore::recordLeavesTheCheckpointToCompact()
{
    if (testing::storeTestsUsePostgres())
        QSKIP("SQLite's write-ahead log: PostgreSQL checkpoints on its own");
    // 500 deployments whose GPUs change at every poll, recorded until the log holds well over the 1,000 pages
    // (4 MB) at which SQLite would checkpoint inside a commit: record() leaves the database file as it was, and
    // the next compact() copies the log into it (much smaller: the log holds each page once per commit).
    static std::vector<std::string> names;
    for (int d = int(names.size()); d < 500; ++d)
        names.push_back("d" + std::to_string(d));
    const Mix everyPollChanges = [](qint64 s) {
        std::vector<Holding> holdings;
        for (int d = 0; d < 500; ++d)
            holdings.push_back({"fleet", names[size_t(d)].c_str(), double((s / 10 + d) % 3)});
        return holdings;
    };
    const Capacity capacity = [](qint64) { return 1000.0; };
    HistoryStore store(path());
    recordPolls(store, clusterA, {0}, capacity, everyPollChanges);
    const auto sizeOf = [](const QString &file) { return QFileInfo(file).size(); };
    const QString log = path() + QStringLiteral("-wal");
    const qint64 fileBefore = sizeOf(path());
    const qint64 logBytes = 1'500 * 4096;
    qint64 s = 10;
    for (; sizeOf(log) < logBytes && s < 100'000; s += 10)
        recordPolls(store, clusterA, {s}, capacity, everyPollChanges);
    QVERIFY2(sizeOf(log) >= logBytes, "the log never grew past 1,500 pages");
    QCOMPARE(sizeOf(path()), fileBefore);

    QVERIFY(store.compact(clusterA, t0.addSecs(s), 50).ok());
    QVERIFY2(sizeOf(path()) > fileBefore,
             qPrintable(QStringLiteral("the database file is %1 bytes after compact()").arg(sizeOf(path()))));
}

void TestHistoryStore::oldStoreGainsLeaseColumns()
{
    if (testing::storeTestsUsePostgres())
        QSKIP("an SQLite file's upgrade: a PostgreSQL store starts with today's columns");
    // A store written by the version before leases had CPUs and an accelerator type: the same schema without
    // history_leases.cpus and .accelerator, with ten minutes of history and one active lease.
    const qint64 t0Ms = t0.toMSecsSinceEpoch();
    {
        Inspector old(path());
        for (const char *statement :
             {"CREATE TABLE history_clusters ("
              " id INTEGER PRIMARY KEY, cluster_key TEXT NOT NULL UNIQUE, first_ms INTEGER NOT NULL,"
              " last_ms INTEGER NOT NULL, minute_mark_ms INTEGER)",
              "CREATE TABLE history_series ("
              " id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, name TEXT NOT NULL, UNIQUE (cluster_id, name))",
              "CREATE TABLE history_segments ("
              " series_id INTEGER NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER, value REAL NOT NULL,"
              " replicas REAL NOT NULL, tier INTEGER NOT NULL, cluster_id INTEGER NOT NULL,"
              " PRIMARY KEY (series_id, start_ms)) WITHOUT ROWID",
              "CREATE UNIQUE INDEX history_segments_open ON history_segments (cluster_id, series_id)"
              " WHERE end_ms IS NULL",
              "CREATE INDEX history_segments_by_tier ON history_segments (cluster_id, tier, start_ms)",
              "CREATE TABLE history_leases ("
              " cluster_key TEXT NOT NULL, lease_key TEXT NOT NULL, app TEXT NOT NULL, deployment TEXT NOT NULL,"
              " replica_id TEXT NOT NULL, gpus REAL NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER,"
              " start_from_ray INTEGER NOT NULL,"
              " PRIMARY KEY (cluster_key, lease_key, start_ms))",
              "CREATE UNIQUE INDEX history_leases_active ON history_leases (cluster_key, lease_key)"
              " WHERE end_ms IS NULL",
              "CREATE INDEX history_leases_by_end ON history_leases (cluster_key, end_ms)"})
            QVERIFY(old.exec(QString::fromLatin1(statement)));
        QVERIFY(old.exec(QStringLiteral("INSERT INTO history_clusters (id, cluster_key, first_ms, last_ms)"
                                        " VALUES (1, '%1', %2, %3)")
                             .arg(clusterA)
                             .arg(t0Ms)
                             .arg(t0Ms + 600'000)));
        QVERIFY(old.exec(QStringLiteral("INSERT INTO history_series (id, cluster_id, name) VALUES (1, 1, 'capacity'),"
                                        " (2, 1, 'a/x')")));
        QVERIFY(old.exec(QStringLiteral("INSERT INTO history_segments VALUES (1, %1, NULL, 8, 0, 0, 1),"
                                        " (2, %1, NULL, 1, 2, 0, 1)")
                             .arg(t0Ms)));
        QVERIFY(old.exec(QStringLiteral("INSERT INTO history_leases (cluster_key, lease_key, app, deployment,"
                                        " replica_id, gpus, start_ms, end_ms, start_from_ray)"
                                        " VALUES ('%1', 'a/x/r1', 'a', 'x', 'r1', 1, %2, NULL, 1)")
                             .arg(clusterA)
                             .arg(t0Ms - 60'000)));
        QVERIFY(!old.columnsOf(QStringLiteral("history_leases")).contains(QStringLiteral("cpus")));
    }

    HistoryStore store(path());
    auto opened = store.open();
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().message));
    {
        const QStringList columns = Inspector(path()).columnsOf(QStringLiteral("history_leases"));
        QVERIFY2(columns.contains(QStringLiteral("cpus")) && columns.contains(QStringLiteral("accelerator")),
                 qPrintable(columns.join(QLatin1Char(','))));
    }
    // The old lease reads back as what it was priced as: no CPUs, untyped.
    auto active = store.activeLeases(clusterA);
    QVERIFY2(active.ok(), qPrintable(active.ok() ? QString() : active.error().message));
    QCOMPARE(active->size(), size_t(1));
    const GpuLease &old = active->front();
    QCOMPARE(old.key(), QStringLiteral("a/x/r1"));
    QCOMPARE(old.gpus, 1.0);
    QCOMPARE(old.startUtc, t0.addSecs(-60));
    QVERIFY(old.startFromRay);
    QVERIFY(old.isActive());
    QCOMPARE(old.cpus, 0.0);
    QVERIFY(old.accelerator.isEmpty());
    // The usage history is all there.
    QCOMPARE(store.firstRecord(clusterA)->value(), t0);
    QVERIFY(qAbs(*store.capacityGpuHours(clusterA, QDateTime(), QDateTime()) - 8.0 * 600 / 3600) < 1e-12);

    // Recording goes on (10 s after the last poll, so the step functions continue): a new priced lease, and the
    // old one ends.
    GpuLease oldEnded = old;
    oldEnded.endUtc = t0.addSecs(610);
    const GpuLease r2 = pricedLease(lease("a", "x", "r2", 1, t0.addSecs(610)), 2, "A100");
    auto recorded = store.record(clusterA, snapshotAt(t0.addSecs(610), 8, {{"a", "x", 1}}), {{r2}, {oldEnded}});
    QVERIFY2(recorded.ok(), qPrintable(recorded.ok() ? QString() : recorded.error().message));
    auto all = store.leases(clusterA, QDateTime(), QDateTime());
    QVERIFY(all.ok());
    QCOMPARE(keysOf(*all), (QStringList{QStringLiteral("r1"), QStringLiteral("r2")}));
    QCOMPARE(all->at(0).endUtc, t0.addSecs(610));
    QCOMPARE(all->at(0).cpus, 0.0);
    QVERIFY(all->at(0).accelerator.isEmpty());
    QCOMPARE(all->at(1).cpus, 2.0);
    QCOMPARE(all->at(1).accelerator, QStringLiteral("A100"));
    QVERIFY(all->at(1).isActive());
    QVERIFY(qAbs(*store.capacityGpuHours(clusterA, QDateTime(), QDateTime()) - 8.0 * 610 / 3600) < 1e-12);
    QCOMPARE(Inspector(path()).segmentsOf(QStringLiteral("capacity")), qint64(1)); // continued, not restarted

    // Opening the migrated file again migrates nothing more and reads the same.
    HistoryStore again(path());
    QVERIFY(again.open().ok());
    QCOMPARE(keysOf(*again.leases(clusterA, QDateTime(), QDateTime())), keysOf(*all));
    QCOMPARE(again.activeLeases(clusterA)->front().accelerator, QStringLiteral("A100"));
}

void TestHistoryStore::recordedUsageCountsRecordedTimeOnly_data()
{
    QTest::addColumn<QDateTime>("from");
    QTest::addColumn<QDateTime>("to");
    QTest::addColumn<int>("recordedSecs");

    // History over [0, 120] s and [720, 780] s (the last poll before the outage ends a run, as the last one does).
    QTest::newRow("all") << t0 << t0.addSecs(780) << 180;
    QTest::newRow("open bounds") << QDateTime() << QDateTime() << 180;
    QTest::newRow("wider than the history") << t0.addSecs(-3600) << t0.addSecs(3600) << 180;
    QTest::newRow("inside the outage") << t0.addSecs(200) << t0.addSecs(600) << 0;
    QTest::newRow("exactly the outage") << t0.addSecs(120) << t0.addSecs(720) << 0;
    QTest::newRow("across the outage") << t0.addSecs(60) << t0.addSecs(750) << 90;
    QTest::newRow("before history") << t0.addSecs(-600) << t0 << 0;
    QTest::newRow("after the last snapshot") << t0.addSecs(780) << t0.addSecs(1800) << 0;
    QTest::newRow("inside the first run") << t0.addSecs(15) << t0.addSecs(45) << 30;
}

void TestHistoryStore::recordedUsageCountsRecordedTimeOnly()
{
    QFETCH(QDateTime, from);
    QFETCH(QDateTime, to);
    QFETCH(int, recordedSecs);

    HistoryStore store(path());
    for (qint64 s : pollsAroundAnOutage())
        QVERIFY(store.record(clusterA, typedSnapshotAt(t0.addSecs(s)), {}).ok());

    auto check = [&](const char *when) {
        auto usage = store.recordedUsage(clusterA, from, to);
        QVERIFY2(usage.ok(), qPrintable(usage.ok() ? QString() : usage.error().message));
        const double hours = double(recordedSecs) / 3600;
        const QString what = QStringLiteral("%1: recorded %2 h, capacity %3, held %4")
                                 .arg(QString::fromLatin1(when))
                                 .arg(usage->recordedHours, 0, 'g', 17)
                                 .arg(usage->capacityGpuHours, 0, 'g', 17)
                                 .arg(usage->heldGpuHours ? sumOf(*usage->heldGpuHours) : -1.0, 0, 'g', 17);
        QVERIFY2(qAbs(usage->recordedHours - hours) < 1e-12, qPrintable(what));
        QVERIFY2(qAbs(usage->capacityGpuHours - 8 * hours) < 1e-12, qPrintable(what));
        // Only the typed capacity, by its type; no "capacity" or deployment among the types.
        for (const auto &[type, gpuHours] : usage->capacityByAccelerator)
            QVERIFY2(type == QStringLiteral("A100"), qPrintable(what + QStringLiteral(", type ") + type));
        QVERIFY2(qAbs(sumOf(usage->capacityByAccelerator) - 4 * hours) < 1e-12, qPrintable(what));
        if (recordedSecs > 0)
            QCOMPARE(usage->capacityByAccelerator.count(QStringLiteral("A100")), size_t(1));
        // Held by deployment only: neither "capacity" nor "capacity:A100" is a deployment.
        QVERIFY(usage->heldGpuHours.has_value());
        for (const auto &[name, gpuHours] : *usage->heldGpuHours)
            QVERIFY2(name == QStringLiteral("app/dep"), qPrintable(what + QStringLiteral(", held by ") + name));
        QVERIFY2(qAbs(sumOf(*usage->heldGpuHours) - 2 * hours) < 1e-12, qPrintable(what));
    };
    check("raw");
    if (QTest::currentTestFailed())
        return;
    // The brief's exact figure: 180 s of history out of 13 minutes.
    if (recordedSecs == 180)
        QCOMPARE(store.recordedUsage(clusterA, from, to)->recordedHours, 180.0 / 3600);
    // The same from minute averages (every run starts and ends on a whole minute, so they are exact).
    QVERIFY(store.compact(clusterA, t0.addDays(3), 10'000).ok());
    QVERIFY(Inspector(path()).segmentsInTier(1) > 0);
    check("compacted");
}

void TestHistoryStore::typedCapacityIsNoDeployment()
{
    HistoryStore store(path());
    for (qint64 s : pollsAroundAnOutage())
        QVERIFY(store.record(clusterA, typedSnapshotAt(t0.addSecs(s)), {}).ok());
    {
        Inspector inspector(path());
        QVERIFY(inspector.segmentsOf(QStringLiteral("capacity:A100")) > 0); // it is stored, as its own series
    }
    // Series are deployments, "other" and "capacity" only: the typed capacity is neither ranked, nor its own
    // series, nor summed into "other".
    for (int topN : {12, 0}) {
        auto usage = store.usage(clusterA, UsageQuery{t0, t0.addSecs(780), 78, topN});
        QVERIFY(usage.ok());
        QStringList names;
        for (const UsageSeries &series : *usage)
            names.append(series.name);
        const QString held = topN > 0 ? QStringLiteral("app/dep") : QStringLiteral("other");
        QCOMPARE(names, (QStringList{held, QStringLiteral("capacity")}));
        const UsageSeries *deployments = findSeries(*usage, held);
        QCOMPARE(deployments->points.size(), size_t(18)); // 10 s buckets with history: 12 + 6
        for (const UsagePoint &point : deployments->points)
            QCOMPARE(point.value, 2.0);
        for (const UsagePoint &point : findSeries(*usage, QStringLiteral("capacity"))->points)
            QCOMPARE(point.value, 8.0);
    }
}

// A cost overview reads the chart and the periods' recorded usage at once, over the range that holds them all: what
// it gets is what usage() and recordedUsage() give alone. A deployment gone before the chart's range is read with the
// periods' segments, and must not count in the chart's ranking (it would add an "other" series of zeros).
void TestHistoryStore::usageAndRecordedReadOnceAsEachAlone()
{
    HistoryStore store(path());
    recordPolls(
        store, clusterA, pollsAroundAnOutage(), [](qint64) { return 8.0; },
        [](qint64 s) {
            std::vector<Holding> holdings{{"a", "d1", 1}, {"a", "d2", s < 60 ? 2.0 : 3.0}};
            if (s < 60)
                holdings.push_back({"gone", "early", 4});
            return holdings;
        });
    QVERIFY(!QTest::currentTestFailed());
    const UsageQuery chart{t0.addSecs(700), t0.addSecs(780), 8, 2};
    const std::vector<TimeRange> periods{TimeRange{t0, t0.addSecs(780)}, TimeRange{t0.addSecs(30), t0.addSecs(90)},
                                         TimeRange{QDateTime(), t0.addSecs(100)}};
    auto both = store.usageAndRecorded(clusterA, chart, periods);
    QVERIFY2(both.ok(), qPrintable(both.ok() ? QString() : both.error().message));
    auto alone = store.usage(clusterA, chart);
    QVERIFY(alone.ok());
    QStringList names;
    for (const UsageSeries &series : both->series)
        names.append(series.name);
    QCOMPARE(names, (QStringList{QStringLiteral("a/d2"), QStringLiteral("a/d1"), QStringLiteral("capacity")}));
    QCOMPARE(both->series.size(), alone->size());
    for (size_t i = 0; i < alone->size(); ++i) {
        QCOMPARE(both->series[i].name, alone->at(i).name);
        QCOMPARE(both->series[i].points.size(), alone->at(i).points.size());
        for (size_t p = 0; p < alone->at(i).points.size(); ++p) {
            QCOMPARE(both->series[i].points[p].atMs, alone->at(i).points[p].atMs);
            QCOMPARE(both->series[i].points[p].value, alone->at(i).points[p].value);
        }
    }
    QCOMPARE(both->periods.size(), periods.size());
    for (size_t p = 0; p < periods.size(); ++p) {
        auto recorded = store.recordedUsage(clusterA, periods[p].fromUtc, periods[p].toUtc);
        QVERIFY(recorded.ok());
        QCOMPARE(both->periods[p].recordedHours, recorded->recordedHours);
        QCOMPARE(both->periods[p].capacityGpuHours, recorded->capacityGpuHours);
        QCOMPARE(both->periods[p].heldGpuHours, recorded->heldGpuHours);
    }
    QVERIFY(both->periods[1].heldGpuHours->count(QStringLiteral("gone/early"))); // it was read, for the periods
    // A chart without history in its range: capacity without points, and the periods as asked.
    auto empty = store.usageAndRecorded(clusterA, UsageQuery{t0.addDays(2), t0.addDays(3), 8, 2}, periods);
    QVERIFY(empty.ok());
    QCOMPARE(empty->series.size(), size_t(1));
    QVERIFY(empty->series.front().points.empty());
    QCOMPARE(empty->periods[0].recordedHours, both->periods[0].recordedHours);
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "test_historystore.moc"
