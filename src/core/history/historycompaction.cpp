#include "historystore.h"
#include "historystore_p.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <unordered_map>
#include <vector>

// Compaction of the usage history (schema in historystore.cpp): raw segments (tier 0) become minute averages
// (tier 1), minute averages become hourly averages (tier 2).
namespace scaledeck {

using historydetail::capacityName;
using historydetail::ClusterRow;
using historydetail::execBound;
using historydetail::kHourMs;
using historydetail::kMinuteMs;
using historydetail::readCluster;
using historydetail::runQuery;
using historydetail::storageError;

namespace {
constexpr qint64 kDayMs = 24 * kHourMs;
constexpr qint64 kRawKeptMs = 2 * kDayMs;       // tier 0, segments as recorded
constexpr qint64 kMinutesKeptMs = 90 * kDayMs;  // tier 1, minute averages; older is tier 2, hourly averages
// Compaction moves one window of time per transaction: an hour of raw segments (a few ms for a thousand
// deployments) or a day of minute averages.
constexpr qint64 kRawWindowMs = kHourMs;
constexpr qint64 kMinuteWindowMs = kDayMs;

qint64 floorTo(qint64 ms, qint64 step)
{
    const qint64 rest = ms % step;
    return rest < 0 ? ms - rest - step : ms - rest;
}

bool nearlyEqual(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

// Per series, the integrals of one compaction window's buckets.
struct BucketAccumulator {
    std::vector<double> value, replicas, covered;
    std::vector<qint64> firstCovered;
    explicit BucketAccumulator(size_t buckets)
        : value(buckets), replicas(buckets), covered(buckets), firstCovered(buckets, std::numeric_limits<qint64>::max())
    {
    }
};

struct NewRow {
    qint64 startMs = 0;
    qint64 endMs = 0;
    double value = 0;
    double replicas = 0;
    bool stored = false;  // the last row of the series before the window, extended in place
    bool changed = false;
};

// One window of compaction of tier `from` into tier `from + 1` for one cluster, in one transaction. Returns
// false when the tier has nothing left to compact.
Result<bool> compactWindow(const QSqlDatabase &db, const QString &clusterKey, int from, qint64 nowMs)
{
    const QString failed = QStringLiteral("cannot compact the history of %1").arg(clusterKey);
    SqliteTransaction transaction(db);
    if (!transaction.begin(true))
        return storageError(failed, transaction.error());
    auto found = readCluster(db, clusterKey);
    if (!found)
        return found.error();
    if (!found.value())
        return false;
    const ClusterRow cluster = *found.value();
    const qint64 bucket = from == 0 ? kMinuteMs : kHourMs;
    // Raw segments until they are 48 h old, never past the last snapshot (open segments stay in tier 0); minute
    // averages until they are 90 days old, never past what tier 0 handed over.
    if (from == 1 && !cluster.minuteMark)
        return false;
    const qint64 ageLimit = floorTo(nowMs - (from == 0 ? kRawKeptMs : kMinutesKeptMs), bucket);
    const qint64 dataLimit = from == 0 ? floorTo(cluster.lastMs, kMinuteMs) : floorTo(*cluster.minuteMark, kHourMs);
    const qint64 limit = std::min(ageLimit, dataLimit);
    QSqlQuery query(db);
    if (!runQuery(query, QStringLiteral("SELECT MIN(start_ms) FROM history_segments WHERE cluster_id = ? AND tier = ?"),
             {cluster.id, from}))
        return storageError(failed, query.lastError());
    if (!query.next() || query.value(0).isNull())
        return false;
    // Every segment of the tier starts at or after the window (earlier windows trimmed them), so no bucket is
    // ever split between two windows; empty stretches (gaps) are skipped.
    const qint64 windowStart = floorTo(query.value(0).toLongLong(), bucket);
    if (windowStart >= limit)
        return false;
    qint64 windowEnd = windowStart + (from == 0 ? kRawWindowMs : kMinuteWindowMs);
    if (windowEnd > limit) {
        // While history keeps coming, wait for a whole window (so tier 0 holds 48 to 49 h, tier 1 90 to 91 days):
        // each open segment is then trimmed once an hour, not every minute. History that ended before the age
        // limit (recording stopped) goes now.
        if (ageLimit <= dataLimit)
            return false;
        windowEnd = limit;
    }
    const size_t buckets = size_t((windowEnd - windowStart) / bucket);

    qint64 capacityId = -1;
    if (!runQuery(query, QStringLiteral("SELECT id FROM history_series WHERE cluster_id = ? AND name = ?"),
             {cluster.id, capacityName()}))
        return storageError(failed, query.lastError());
    if (query.next())
        capacityId = query.value(0).toLongLong();

    std::unordered_map<qint64, BucketAccumulator> sums;
    if (!runQuery(query,
             QStringLiteral("SELECT series_id, start_ms, end_ms, value, replicas FROM history_segments"
                            " WHERE cluster_id = ? AND tier = ? AND start_ms < ?"),
             {cluster.id, from, windowEnd}))
        return storageError(failed, query.lastError());
    while (query.next()) {
        const qint64 series = query.value(0).toLongLong();
        const qint64 start = query.value(1).toLongLong();
        const bool open = query.value(2).isNull();
        const qint64 end = open ? cluster.lastMs : query.value(2).toLongLong();
        const double value = query.value(3).toDouble();
        const double replicas = query.value(4).toDouble();
        const qint64 inEnd = std::min(end, windowEnd);
        if (inEnd <= start)
            continue;
        auto &acc = sums.try_emplace(series, buckets).first->second;
        for (qint64 b = (start - windowStart) / bucket; b * bucket + windowStart < inEnd; ++b) {
            const qint64 bucketStart = windowStart + b * bucket;
            const double overlap = double(std::min(inEnd, bucketStart + bucket) - std::max(start, bucketStart));
            acc.value[size_t(b)] += value * overlap;
            acc.replicas[size_t(b)] += replicas * overlap;
            acc.covered[size_t(b)] += overlap;
            acc.firstCovered[size_t(b)] = std::min(acc.firstCovered[size_t(b)], std::max(start, bucketStart));
        }
    }
    query.finish();

    // What lies inside the window leaves the tier: segments that end in it, and the start of those that go on
    // (open ones always go on: they end at last_ms, which is past the window).
    if (!runQuery(query,
             QStringLiteral("DELETE FROM history_segments WHERE cluster_id = ? AND tier = ? AND start_ms < ?"
                            " AND end_ms <= ?"),
             {cluster.id, from, windowEnd, windowEnd}) ||
        !runQuery(query,
             QStringLiteral("UPDATE history_segments SET start_ms = ? WHERE cluster_id = ? AND tier = ?"
                            " AND start_ms < ?"),
             {windowEnd, cluster.id, from, windowEnd}))
        return storageError(failed, query.lastError());

    // The last row of each series in the next tier, when it ends where this window starts: equal minutes (hours)
    // continue it instead of adding rows.
    std::unordered_map<qint64, NewRow> previous;
    if (!sums.empty()) {
        if (!runQuery(query,
                 QStringLiteral("SELECT g.series_id, g.start_ms, g.value, g.replicas FROM history_series s"
                                " JOIN history_segments g ON g.series_id = s.id AND g.start_ms ="
                                " (SELECT MAX(h.start_ms) FROM history_segments h WHERE h.series_id = s.id"
                                " AND h.start_ms < ?)"
                                " WHERE s.cluster_id = ? AND g.tier = ? AND g.end_ms = ?"),
                 {windowStart, cluster.id, from + 1, windowStart}))
            return storageError(failed, query.lastError());
        while (query.next())
            previous.emplace(query.value(0).toLongLong(),
                             NewRow{query.value(1).toLongLong(), windowStart, query.value(2).toDouble(),
                                    query.value(3).toDouble(), true, false});
        query.finish();
    }

    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO history_segments (series_id, start_ms, end_ms, value, replicas, tier,"
                                  " cluster_id) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    QSqlQuery extend(db);
    extend.prepare(QStringLiteral("UPDATE history_segments SET end_ms = ?, value = ?, replicas = ?"
                                  " WHERE series_id = ? AND start_ms = ?"));
    const BucketAccumulator noCoverage(buckets);
    const BucketAccumulator &coverage = capacityId >= 0 && sums.count(capacityId) ? sums.at(capacityId) : noCoverage;
    for (const auto &[seriesKey, acc] : sums) {
        const auto series = seriesKey; // a lambda below captures it: clang before 16 cannot capture a binding
        std::optional<NewRow> pending;
        if (auto it = previous.find(series); it != previous.end())
            pending = it->second;
        auto flush = [&]() {
            if (!pending || (pending->stored && !pending->changed))
                return true;
            if (pending->stored)
                return execBound(extend, {pending->endMs, pending->value, pending->replicas, series, pending->startMs});
            return execBound(insert, {series, pending->startMs, pending->endMs, pending->value, pending->replicas,
                                      from + 1, cluster.id});
        };
        for (size_t b = 0; b < buckets; ++b) {
            if (acc.covered[b] <= 0)
                continue;  // a deployment without GPUs (no row means 0), or no history at all
            // A bucket's row spans as much time as the bucket has history, from where that begins (the same
            // for every series, from the capacity series): a partial minute keeps its weight and place, and
            // the integral stays exact. (A gap inside a bucket moves the history after it to before it.)
            const qint64 bucketEnd = windowStart + qint64(b + 1) * bucket;
            const qint64 span = qint64(std::max(coverage.covered[b], acc.covered[b]));
            const qint64 start =
                std::min(coverage.covered[b] > 0 ? coverage.firstCovered[b] : acc.firstCovered[b], bucketEnd - span);
            const NewRow row{start, start + span, acc.value[b] / double(span), acc.replicas[b] / double(span),
                             false, true};
            if (pending && pending->endMs == row.startMs && nearlyEqual(pending->value, row.value) &&
                nearlyEqual(pending->replicas, row.replicas)) {
                const double before = double(pending->endMs - pending->startMs);
                const double added = double(row.endMs - row.startMs);
                pending->value = (pending->value * before + row.value * added) / (before + added);
                pending->replicas = (pending->replicas * before + row.replicas * added) / (before + added);
                pending->endMs = row.endMs;
                pending->changed = true;
                continue;
            }
            if (!flush())
                return storageError(failed, insert.lastError().isValid() ? insert.lastError() : extend.lastError());
            pending = row;
        }
        if (!flush())
            return storageError(failed, insert.lastError().isValid() ? insert.lastError() : extend.lastError());
    }
    if (from == 0 && !runQuery(query, QStringLiteral("UPDATE history_clusters SET minute_mark_ms = ? WHERE id = ?"),
                          {windowEnd, cluster.id}))
        return storageError(failed, query.lastError());
    if (!transaction.commit())
        return storageError(failed, transaction.error());
    return true;
}
}  // namespace

Result<Done> HistoryStore::compact(const QString &clusterKey, const QDateTime &nowUtc, int budgetMs)
{
    if (auto opened = open(); !opened)
        return opened.error();
    if (!nowUtc.isValid())
        return makeError(RayErrorKind::Storage, QStringLiteral("cannot compact history without the time"));
    QSqlDatabase db = m_store.database();
    QElapsedTimer timer;
    timer.start();
    // Whole windows while the budget lasts, at least one per call so that repeated calls always finish; raw
    // segments first (they are what grows).
    bool worked = false;
    for (int from : {0, 1}) {
        for (;;) {
            if (worked && timer.elapsed() >= budgetMs)
                return Done{};
            auto step = compactWindow(db, clusterKey, from, nowUtc.toMSecsSinceEpoch());
            if (!step)
                return step.error();
            if (!*step)
                break;
            worked = true;
        }
    }
    return Done{};
}

}  // namespace scaledeck
