// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Days of GPU history for a fleet of deployments polled every 10 s (issue 4's figures, issue 16's sizes): store size,
// generation time, ingest time of one snapshot, compaction step time, and query times. Prints figures; no
// pass/fail.
//
// The history up to a few hours before the end is written directly (benchhistory.h: the rows record() would have
// written, in large transactions), then compacted by the store's own compact() as it would have been by the end.
// The last hours are polled every 10 s through HistoryStore::record(), each followed by compact(budget 50 ms) as
// UsageRecorder does in the controller's tick: those calls are the ones timed. compact() also checkpoints the log
// (record() leaves that to it), so its cost depends on how many polls came since the last call: --compact-every-s
// 600 lets an hour's compaction window and 60 polls' log pile up for each call (169 ms at p99 for 30 days of 10,000
// deployments, against 65 ms at the controller's cadence).
//
// Usage: bench_history [--deployments N (1000)] [--per-app K (10)] [--days D (30)] [--replay-hours H (6)]
//                      [--compact-every-s S (10)] [--db PATH (a temporary one)] [--json] [days] [database path]
// --json: the main figures as one JSON object on the last line, for bench_scale.
// Issue 16's size: --deployments 10000 --per-app 4 (2,500 apps x 4 deployments).
#include "benchhistory.h"
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
#include <cstdlib>
#include <limits>

#include <time.h>

using namespace scaledeck;
using scaledeck::bench::BenchFleet;
using scaledeck::bench::BenchFleetOptions;

namespace {
const QString kCluster = QStringLiteral("http://bench:8265");

struct Options {
    int deployments = 1000;
    int perApp = 10;
    int days = 30;
    int replayHours = 6;
    int compactEverySecs = 10; // the controller compacts after every poll (UsageRecorder)
    QString path;
    bool json = false; // the figures as one JSON object on the last line (for bench_scale)
};

Options parseOptions(const QStringList &arguments)
{
    Options options;
    QStringList positional;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        const bool hasValue = i + 1 < arguments.size();
        auto number = [&] { return arguments[++i].toInt(); };
        if (argument == QStringLiteral("--deployments") && hasValue)
            options.deployments = std::max(1, number());
        else if (argument == QStringLiteral("--per-app") && hasValue)
            options.perApp = std::max(1, number());
        else if (argument == QStringLiteral("--days") && hasValue)
            options.days = std::max(3, number());
        else if (argument == QStringLiteral("--replay-hours") && hasValue)
            options.replayHours = std::max(1, number());
        else if (argument == QStringLiteral("--compact-every-s") && hasValue)
            options.compactEverySecs = std::max(10, number());
        else if (argument == QStringLiteral("--db") && hasValue)
            options.path = arguments[++i];
        else if (argument == QStringLiteral("--json"))
            options.json = true;
        else if (argument.startsWith(QStringLiteral("--"))) {
            std::fprintf(stderr, "unknown option %s\n", qPrintable(argument));
            std::exit(2);
        } else
            positional.append(argument);
    }
    // The older form: bench_history [days] [database path].
    if (!positional.isEmpty())
        options.days = std::max(3, positional[0].toInt());
    if (positional.size() > 1)
        options.path = positional[1];
    options.replayHours = std::min(options.replayHours, options.days * 24 - 1);
    return options;
}

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

template <typename T> void check(const Result<T> &result)
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
    const Options options = parseOptions(QCoreApplication::arguments());
    const int days = options.days;
    QTemporaryDir dir;
    const QString path = options.path.isEmpty() ? dir.filePath(QStringLiteral("history.sqlite")) : options.path;
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));

    const qint64 endMs = QDateTime(QDate(2026, 6, 30), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 startMs = endMs - qint64(days) * 86'400'000;
    const qint64 replayFromMs = endMs - qint64(options.replayHours) * 3'600'000LL;
    BenchFleetOptions fleetOptions;
    fleetOptions.deployments = options.deployments;
    fleetOptions.deploymentsPerApp = options.perApp;
    fleetOptions.startMs = startMs;
    fleetOptions.pollMs = 10'000;
    BenchFleet fleet(fleetOptions);

    std::printf("bench_history: %d days, %d deployments in apps of %d (70%% steady, 20%% scheduled, 10%% churning),"
                " polled every 10 s\n",
                days, options.deployments, options.perApp);
    QElapsedTimer total;
    total.start();
    auto generated = bench::generateBenchHistory(path, kCluster, fleet, replayFromMs - fleetOptions.pollMs);
    if (!generated.ok()) {
        std::fprintf(stderr, "failed: %s\n", qPrintable(generated.error().message));
        return 1;
    }
    std::printf("generated %lld polls' history directly (%lld leases, %lld segments) in %.1f s\n", generated->polls,
                generated->leases, generated->segments, generated->seconds);
    HistoryStore store(path);
    check(store.open());
    double compactedSeconds = 0;
    {
        QElapsedTimer timer;
        timer.start();
        // As far as compaction would have got by then: everything older than 48 h in minutes.
        check(store.compact(kCluster, QDateTime::fromMSecsSinceEpoch(replayFromMs, Qt::UTC),
                            std::numeric_limits<int>::max()));
        compactedSeconds = double(timer.elapsed()) / 1000;
        std::printf("compacted it (one unbounded compact()) in %.1f s; %.1f s in all\n", compactedSeconds,
                    double(total.elapsed()) / 1000);
    }

    std::printf("replay: the last %d h polled every 10 s through record(); compact(budget 50 ms) every %d s\n",
                options.replayHours, options.compactEverySecs);
    std::vector<double> recordMs, compactMs, recordCpuMs, compactCpuMs;
    qint64 polls = 0, leaseEvents = 0;
    qint64 lastCompactMs = replayFromMs;
    for (qint64 ms = replayFromMs; ms <= endMs; ms += fleetOptions.pollMs) {
        LeaseTracker::Update update;
        const ClusterSnapshot &snapshot = fleet.poll(ms, update);
        leaseEvents += qint64(update.started.size() + update.ended.size());
        QElapsedTimer timer;
        timer.start();
        double cpu = cpuMs();
        check(store.record(kCluster, snapshot, update));
        recordMs.push_back(msSince(timer));
        recordCpuMs.push_back(cpuMs() - cpu);
        ++polls;
        if (ms - lastCompactMs >= qint64(options.compactEverySecs) * 1000) {
            lastCompactMs = ms;
            timer.start();
            cpu = cpuMs();
            check(store.compact(kCluster, snapshot.takenAt, 50));
            compactMs.push_back(msSince(timer));
            compactCpuMs.push_back(cpuMs() - cpu);
        }
    }
    const QDateTime end = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC);
    check(store.compact(kCluster, end, std::numeric_limits<int>::max()));
    std::printf("replayed %lld polls and %lld lease starts/ends; %.1f s in all\n", polls, leaseEvents,
                double(total.elapsed()) / 1000);

    auto print = [](const char *label, const Stats &wall, const Stats &cpu) {
        std::printf("  %-22s wall median %6.2f ms, p99 %6.2f ms, max %6.2f ms | CPU median %6.2f ms, p99 %6.2f ms,"
                    " max %6.2f ms\n",
                    label, wall.median, wall.p99, wall.max, cpu.median, cpu.p99, cpu.max);
    };
    std::printf("\ningest, record() of one snapshot (%d deployments, their lease starts and ends):\n",
                options.deployments);
    print(qPrintable(QStringLiteral("all %1 10 s polls").arg(recordMs.size())), statsOf(recordMs),
          statsOf(recordCpuMs));
    std::printf("compact(budget 50 ms) every %d s over the last %d h (%zu calls; an hour's window when one is due):\n",
                options.compactEverySecs, options.replayHours, compactMs.size());
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
    if (options.json)
        std::printf("{\"deployments\": %d, \"days\": %d, \"generate_s\": %.1f, \"compact_after_generate_s\": %.1f, "
                    "\"history_record_p99_ms\": %.2f, \"history_record_cpu_p99_ms\": %.2f, \"compact_p99_ms\": %.2f, "
                    "\"compact_cpu_p99_ms\": %.2f, \"store_mb\": %.1f}\n",
                    options.deployments, days, generated->seconds, compactedSeconds, statsOf(recordMs).p99,
                    statsOf(recordCpuMs).p99, statsOf(compactMs).p99, statsOf(compactCpuMs).p99, megabytes);
    return 0;
}
