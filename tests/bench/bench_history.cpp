// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// 30 days of GPU history for 1,000 deployments polled every 10 s (issue 4's figures): store size, ingest time of
// one snapshot, compaction step time, and query times. Prints figures; no pass/fail.
//
// Everything goes through HistoryStore::record() and compact() as time advances, nothing is written directly.
// To keep the run short the first 28 days are polled every 50 s (under the 60 s gap limit, so history has no
// holes); by the time they are read they are minute averages, which come out nearly the same from 50 s as from
// 10 s polls. The last 48 h (the raw tier) are polled every 10 s, and those polls are the ones timed.
//
// Usage: bench_history [days (30)] [database path (a temporary one)]
#include "historystore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include <time.h>

using namespace scaledeck;

namespace {
constexpr int kApps = 100;
constexpr int kDeploymentsPerApp = 10;
const QString kCluster = QStringLiteral("http://bench:8265");

// The mix: 70% steady, 20% scaled by a schedule four times a day (some to zero at night), 10% with replica
// churn (a replica restarts every ~6 h: one replica's GPUs missing for 20 s, one lease ended and one started).
enum class Kind { Steady, Scheduled, Churning };

struct Deployment {
    Kind kind = Kind::Steady;
    QString app, name;
    double gpusPerReplica = 1;
    int replicas = 1;               // steady and churning
    int low = 0, mid = 1, high = 2; // scheduled
    int offsetMinutes = 0;
    qint64 nextChurnMs = 0;
    qint64 dipUntilMs = 0;
    std::vector<GpuLease> leases; // active, oldest first
    int replicaCounter = 0;

    int replicasAt(qint64 ms) const
    {
        if (kind == Kind::Scheduled) {
            const qint64 minuteOfDay = ((ms / 60'000 - offsetMinutes) % 1440 + 1440) % 1440;
            if (minuteOfDay >= 7 * 60 && minuteOfDay < 12 * 60)
                return high;
            if (minuteOfDay >= 12 * 60 && minuteOfDay < 18 * 60)
                return mid;
            if (minuteOfDay >= 18 * 60 && minuteOfDay < 22 * 60)
                return high;
            return low;
        }
        if (kind == Kind::Churning && ms < dipUntilMs)
            return replicas - 1;
        return replicas;
    }
    int plannedAt(qint64 ms) const { return kind == Kind::Churning ? replicas : replicasAt(ms); }
};

class Cluster {
public:
    explicit Cluster(qint64 startMs)
    {
        std::mt19937 random(42);
        const double perReplica[] = {0.5, 1, 1, 1, 2, 2, 4, 8};
        for (int a = 0; a < kApps; ++a) {
            ApplicationSnapshot app;
            app.name = QStringLiteral("app-%1").arg(a, 3, 10, QLatin1Char('0'));
            app.status = QStringLiteral("RUNNING");
            for (int d = 0; d < kDeploymentsPerApp; ++d) {
                Deployment dep;
                const int i = a * kDeploymentsPerApp + d;
                dep.kind = i % 10 < 7 ? Kind::Steady : i % 10 < 9 ? Kind::Scheduled : Kind::Churning;
                dep.app = app.name;
                dep.name = QStringLiteral("dep-%1").arg(d);
                dep.gpusPerReplica = perReplica[random() % 8];
                dep.replicas = 1 + int(random() % 4);
                dep.low = i % 3 == 0 ? 0 : 1;
                dep.mid = 2 + int(random() % 2);
                dep.high = dep.mid + 1 + int(random() % 3);
                dep.offsetMinutes = int(random() % 120);
                dep.nextChurnMs = startMs + qint64(random() % (6 * 3600)) * 1000;
                m_deployments.push_back(dep);
                DeploymentSnapshot snapshot;
                snapshot.name = dep.name;
                snapshot.status = QStringLiteral("HEALTHY");
                snapshot.gpusPerReplica = dep.gpusPerReplica;
                app.deployments.push_back(snapshot);
            }
            m_snapshot.applications.push_back(app);
        }
    }

    // The snapshot at `ms` and the lease starts and ends since the previous one.
    const ClusterSnapshot &poll(qint64 ms, LeaseTracker::Update &update)
    {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        double planned = 0;
        for (size_t i = 0; i < m_deployments.size(); ++i) {
            Deployment &dep = m_deployments[i];
            if (dep.kind == Kind::Churning && ms >= dep.nextChurnMs) {
                dep.dipUntilMs = ms + 20'000;
                dep.nextChurnMs = ms + qint64(m_churn(m_random) * 1000);
            }
            const int replicas = dep.replicasAt(ms);
            while (int(dep.leases.size()) > replicas) {
                GpuLease ended = dep.leases.front();
                ended.endUtc = now;
                update.ended.push_back(ended);
                dep.leases.erase(dep.leases.begin());
            }
            while (int(dep.leases.size()) < replicas) {
                GpuLease lease;
                lease.app = dep.app;
                lease.deployment = dep.name;
                lease.replicaId = QStringLiteral("%1-%2").arg(dep.name).arg(++dep.replicaCounter);
                lease.gpus = dep.gpusPerReplica;
                lease.startUtc = now;
                update.started.push_back(lease);
                dep.leases.push_back(lease);
            }
            DeploymentSnapshot &snapshot =
                m_snapshot.applications[i / kDeploymentsPerApp].deployments[i % kDeploymentsPerApp];
            snapshot.gpusHeld = replicas * dep.gpusPerReplica;
            snapshot.runningReplicas = replicas;
            planned += dep.plannedAt(ms) * dep.gpusPerReplica;
        }
        // Nodes of 8 GPUs with some headroom; restarts do not move them.
        m_snapshot.gpusTotal = 8 * std::ceil((planned + 16) / 8);
        m_snapshot.takenAt = now;
        return m_snapshot;
    }

private:
    std::vector<Deployment> m_deployments;
    ClusterSnapshot m_snapshot;
    std::mt19937 m_random{7};
    std::exponential_distribution<double> m_churn{1.0 / (6 * 3600)};
};

struct Stats {
    double median = 0, p99 = 0, max = 0;
};

Stats statsOf(std::vector<double> values)
{
    if (values.empty())
        return {};
    std::sort(values.begin(), values.end());
    auto at = [&](double q) { return values[std::min(values.size() - 1, size_t(q * double(values.size())))]; };
    return {at(0.5), at(0.99), values.back()};
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// This thread's CPU time: on a shared machine the wall time also counts waiting for a core.
double cpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

void check(const Result<Done> &result)
{
    if (!result.ok()) {
        std::fprintf(stderr, "failed: %s\n", qPrintable(result.error().message));
        std::exit(1);
    }
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    const int days = argc > 1 ? std::max(3, QString::fromLocal8Bit(argv[1]).toInt()) : 30;
    QTemporaryDir dir;
    const QString path = argc > 2 ? QString::fromLocal8Bit(argv[2]) : dir.filePath(QStringLiteral("history.sqlite"));
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));

    const qint64 endMs = QDateTime(QDate(2026, 6, 30), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 startMs = endMs - qint64(days) * 86'400'000;
    const qint64 rawFromMs = endMs - 48 * 3'600'000LL;
    Cluster cluster(startMs);
    HistoryStore store(path);
    check(store.open());

    std::printf("bench_history: %d days, %d deployments (70%% steady, 20%% scheduled, 10%% churning)\n", days,
                kApps * kDeploymentsPerApp);
    std::printf("polls: every 50 s until 48 h before the end, then every 10 s; compact(budget 50 ms) every 10 min\n");
    QElapsedTimer total;
    total.start();
    std::vector<double> recordMs, compactMs, recordCpuMs, compactCpuMs;
    qint64 polls = 0, leaseEvents = 0;
    qint64 lastCompactMs = startMs;
    for (qint64 ms = startMs; ms <= endMs; ms += ms < rawFromMs ? 50'000 : 10'000) {
        LeaseTracker::Update update;
        const ClusterSnapshot &snapshot = cluster.poll(ms, update);
        leaseEvents += qint64(update.started.size() + update.ended.size());
        QElapsedTimer timer;
        timer.start();
        double cpu = cpuMs();
        check(store.record(kCluster, snapshot, update));
        if (ms >= rawFromMs) {
            recordMs.push_back(msSince(timer));
            recordCpuMs.push_back(cpuMs() - cpu);
        }
        ++polls;
        if (ms - lastCompactMs >= 600'000) {
            lastCompactMs = ms;
            timer.start();
            cpu = cpuMs();
            check(store.compact(kCluster, snapshot.takenAt, 50));
            if (ms >= rawFromMs) {
                compactMs.push_back(msSince(timer));
                compactCpuMs.push_back(cpuMs() - cpu);
            }
        }
    }
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC);
    for (int i = 0; i < 10; ++i)
        check(store.compact(kCluster, end, 1000));
    std::printf("generated %lld polls and %lld lease starts/ends in %.1f s\n", polls, leaseEvents,
                double(total.elapsed()) / 1000);

    auto lastOf = [](const std::vector<double> &values) {
        return std::vector<double>(values.end() - std::min<size_t>(500, values.size()), values.end());
    };
    auto print = [](const char *label, const Stats &wall, const Stats &cpu) {
        std::printf("  %-22s wall median %6.2f ms, p99 %6.2f ms, max %6.2f ms | CPU median %6.2f ms, p99 %6.2f ms,"
                    " max %6.2f ms\n",
                    label, wall.median, wall.p99, wall.max, cpu.median, cpu.p99, cpu.max);
    };
    std::printf("\ningest, record() of one snapshot (1,000 deployments, their lease starts and ends):\n");
    print("last 500 polls", statsOf(lastOf(recordMs)), statsOf(lastOf(recordCpuMs)));
    print(qPrintable(QStringLiteral("all %1 10 s polls").arg(recordMs.size())), statsOf(recordMs),
          statsOf(recordCpuMs));
    std::printf(
        "compact(budget 50 ms) every 10 min over the last 48 h (%zu calls; an hour's window when one is due):\n",
        compactMs.size());
    print("compact()", statsOf(compactMs), statsOf(compactCpuMs));

    std::printf("\nqueries (median of 5 runs; first run in brackets):\n");
    for (const auto &[label, hours] :
         {std::pair{"1 h", 1}, std::pair{"24 h", 24}, std::pair{"7 d", 7 * 24}, std::pair{"30 d", 30 * 24}}) {
        if (hours > days * 24)
            continue;
        std::vector<double> times;
        size_t series = 0, maxPoints = 0;
        for (int run = 0; run < 5; ++run) {
            QElapsedTimer timer;
            timer.start();
            auto usage = store.usage(kCluster, UsageQuery{end.addSecs(-3600LL * hours), end, 2000, 12});
            times.push_back(msSince(timer));
            if (!usage.ok()) {
                std::fprintf(stderr, "usage failed: %s\n", qPrintable(usage.error().message));
                return 1;
            }
            series = usage->size();
            for (const UsageSeries &s : *usage)
                maxPoints = std::max(maxPoints, s.points.size());
        }
        std::printf("  usage() %-4s maxPoints 2000: %7.2f ms [%7.2f]  %zu series, at most %zu points each\n", label,
                    statsOf(times).median, times.front(), series, maxPoints);
    }
    {
        std::vector<double> times;
        size_t count = 0;
        for (int run = 0; run < 5; ++run) {
            QElapsedTimer timer;
            timer.start();
            auto leases = store.leases(kCluster, QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC), end);
            times.push_back(msSince(timer));
            count = leases.ok() ? leases->size() : 0;
        }
        std::printf("  leases() over %d d: %7.2f ms [%7.2f]  %zu leases\n", days, statsOf(times).median, times.front(),
                    count);
        times.clear();
        double hours = 0;
        for (int run = 0; run < 5; ++run) {
            QElapsedTimer timer;
            timer.start();
            auto capacity = store.capacityGpuHours(kCluster, QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC), end);
            times.push_back(msSince(timer));
            hours = capacity.ok() ? *capacity : -1;
        }
        std::printf("  capacityGpuHours() over %d d: %.2f ms [%.2f]  %.0f GPU-hours\n", days, statsOf(times).median,
                    times.front(), hours);
        QElapsedTimer timer;
        timer.start();
        auto active = store.activeLeases(kCluster);
        std::printf("  activeLeases(): %.2f ms  %zu leases\n", msSince(timer), active.ok() ? active->size() : 0);
    }

    // Size on disk with the WAL checkpointed into the file, and what the rows are.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-inspect"));
        db.setDatabaseName(path);
        db.open();
        QSqlQuery query(db);
        query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        std::printf("\nrows:");
        query.exec(QStringLiteral("SELECT tier, COUNT(*) FROM history_segments GROUP BY tier ORDER BY tier"));
        while (query.next())
            std::printf(" tier %d segments %lld,", query.value(0).toInt(), query.value(1).toLongLong());
        query.exec(QStringLiteral("SELECT COUNT(*) FROM history_leases"));
        if (query.next())
            std::printf(" leases %lld\n", query.value(0).toLongLong());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-inspect"));
    const double megabytes = double(QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size()) / 1e6;
    std::printf("store size on disk after compaction, WAL checkpointed: %.1f MB\n", megabytes);
    return 0;
}
