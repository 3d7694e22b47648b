// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "historystore.h"
#include "historystore_p.h"
#include "walcheckpoint.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
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
constexpr qint64 kRawKeptMs = 2 * kDayMs;      // tier 0, segments as recorded
constexpr qint64 kMinutesKeptMs = 90 * kDayMs; // tier 1, minute averages; older is tier 2, hourly averages
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
    bool stored = false; // the last row of the series before the window, extended in place
    bool changed = false;
};

// The stretch of a tier that one call compacts: whole buckets (minutes from tier 0, hours from tier 1).
struct CompactionWindow {
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 bucketMs = 0;
    size_t buckets() const { return size_t((endMs - startMs) / bucketMs); }
};

using SeriesSums = std::unordered_map<qint64, BucketAccumulator>; // series id -> its buckets' integrals

// The next window of tier `from` that is due, or nullopt when nothing is.
Result<std::optional<CompactionWindow>> dueWindow(const QSqlDatabase &db, const ClusterRow &cluster, int from,
                                                  qint64 nowMs, const QString &failed)
{
    const qint64 bucket = from == 0 ? kMinuteMs : kHourMs;
    // Raw segments until they are 48 h old, never past the last snapshot (open segments stay in tier 0); minute
    // averages until they are 90 days old, never past what tier 0 handed over.
    if (from == 1 && !cluster.minuteMark)
        return std::optional<CompactionWindow>();
    const qint64 ageLimit = floorTo(nowMs - (from == 0 ? kRawKeptMs : kMinutesKeptMs), bucket);
    const qint64 dataLimit = from == 0 ? floorTo(cluster.lastMs, kMinuteMs) : floorTo(*cluster.minuteMark, kHourMs);
    const qint64 limit = std::min(ageLimit, dataLimit);
    QSqlQuery query(db);
    if (!runQuery(query, QStringLiteral("SELECT MIN(start_ms) FROM history_segments WHERE cluster_id = ? AND tier = ?"),
                  {cluster.id, from}))
        return storageError(failed, query.lastError());
    if (!query.next() || query.value(0).isNull())
        return std::optional<CompactionWindow>();
    // Every segment of the tier starts at or after the window (earlier windows trimmed them), so no bucket is
    // ever split between two windows; empty stretches (gaps) are skipped.
    const qint64 windowStart = floorTo(query.value(0).toLongLong(), bucket);
    if (windowStart >= limit)
        return std::optional<CompactionWindow>();
    qint64 windowEnd = windowStart + (from == 0 ? kRawWindowMs : kMinuteWindowMs);
    if (windowEnd > limit) {
        // While history keeps coming, wait for a whole window (so tier 0 holds 48 to 49 h, tier 1 90 to 91 days):
        // each open segment is then trimmed once an hour, not every minute. History that ended before the age
        // limit (recording stopped) goes now.
        if (ageLimit <= dataLimit)
            return std::optional<CompactionWindow>();
        windowEnd = limit;
    }
    return std::optional<CompactionWindow>(CompactionWindow{windowStart, windowEnd, bucket});
}

// The id of the cluster's capacity series, -1 when it has none.
Result<qint64> capacitySeriesId(const QSqlDatabase &db, qint64 clusterId, const QString &failed)
{
    QSqlQuery query(db);
    if (!runQuery(query, QStringLiteral("SELECT id FROM history_series WHERE cluster_id = ? AND name = ?"),
                  {clusterId, capacityName()}))
        return storageError(failed, query.lastError());
    return query.next() ? query.value(0).toLongLong() : qint64(-1);
}

// One unit of compaction work: a few hundred series by id (the capacity series only in the window's last unit: the
// other series' rows take their place in the bucket from its coverage).
struct UnitSeries {
    std::vector<qint64> ids;
};

// "series_id IN (...)" for the unit's series, and the tier's rows of them in the window (every row of the tier starts
// inside the window or later: earlier windows trimmed them). The ids are the store's own integers, written into the
// statement rather than bound: a unit's list is as long as the unit. The rows are found through the primary key,
// series by series: the tier's index would make every unit read the whole window of every series (unary + keeps
// the planner off it), and a window's units would cost the square of the fleet's size.
QString idsOf(const UnitSeries &unit)
{
    QStringList ids;
    ids.reserve(qsizetype(unit.ids.size()));
    for (qint64 id : unit.ids)
        ids.append(QString::number(id));
    return ids.isEmpty() ? QStringLiteral("NULL") : ids.join(QLatin1Char(','));
}

QString unitRowsIn(const UnitSeries &unit)
{
    return QStringLiteral("series_id IN (%1) AND start_ms >= ? AND start_ms < ? AND +tier = ?").arg(idsOf(unit));
}

// Integrates every segment of the unit's series in the tier that reaches into the window over the window's
// buckets, per series.
Result<SeriesSums> sumWindow(const QSqlDatabase &db, const ClusterRow &cluster, int from,
                             const CompactionWindow &window, const UnitSeries &unit, const QString &failed)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!runQuery(query,
                  QStringLiteral("SELECT series_id, start_ms, end_ms, value, replicas FROM history_segments WHERE ") +
                      unitRowsIn(unit),
                  {window.startMs, window.endMs, from}))
        return storageError(failed, query.lastError());
    SeriesSums sums;
    const qint64 bucket = window.bucketMs;
    while (query.next()) {
        const qint64 series = query.value(0).toLongLong();
        const qint64 start = query.value(1).toLongLong();
        const bool open = query.value(2).isNull();
        const qint64 end = open ? cluster.lastMs : query.value(2).toLongLong();
        const double value = query.value(3).toDouble();
        const double replicas = query.value(4).toDouble();
        const qint64 inEnd = std::min(end, window.endMs);
        if (inEnd <= start)
            continue;
        auto &acc = sums.try_emplace(series, window.buckets()).first->second;
        for (qint64 b = (start - window.startMs) / bucket; b * bucket + window.startMs < inEnd; ++b) {
            const qint64 bucketStart = window.startMs + b * bucket;
            const double overlap = double(std::min(inEnd, bucketStart + bucket) - std::max(start, bucketStart));
            acc.value[size_t(b)] += value * overlap;
            acc.replicas[size_t(b)] += replicas * overlap;
            acc.covered[size_t(b)] += overlap;
            acc.firstCovered[size_t(b)] = std::min(acc.firstCovered[size_t(b)], std::max(start, bucketStart));
        }
    }
    return sums;
}

// What lies inside the window leaves the tier: segments that end in it, and the start of those that go on
// (open ones always go on: they end at last_ms, which is past the window).
Result<Done> removeWindowFromTier(const QSqlDatabase &db, int from, const CompactionWindow &window,
                                  const UnitSeries &unit, const QString &failed)
{
    QSqlQuery query(db);
    if (!runQuery(query, QStringLiteral("DELETE FROM history_segments WHERE end_ms <= ? AND ") + unitRowsIn(unit),
                  {window.endMs, window.startMs, window.endMs, from}) ||
        !runQuery(query, QStringLiteral("UPDATE history_segments SET start_ms = ? WHERE ") + unitRowsIn(unit),
                  {window.endMs, window.startMs, window.endMs, from}))
        return storageError(failed, query.lastError());
    return Done{};
}

// The last row of each series in tier `to`, when it ends where the window starts: equal minutes (hours)
// continue it instead of adding rows. The series are found by id (unary + keeps the planner from walking every
// series of the cluster for each unit).
Result<std::unordered_map<qint64, NewRow>> rowsEndingAt(const QSqlDatabase &db, qint64 clusterId, int to,
                                                        qint64 windowStart, const UnitSeries &unit,
                                                        const QString &failed)
{
    QSqlQuery query(db);
    if (!runQuery(query,
                  QStringLiteral("SELECT g.series_id, g.start_ms, g.value, g.replicas FROM history_series s"
                                 " JOIN history_segments g ON g.series_id = s.id AND g.start_ms ="
                                 " (SELECT MAX(h.start_ms) FROM history_segments h WHERE h.series_id = s.id"
                                 " AND h.start_ms < ?)"
                                 " WHERE s.id IN (%1) AND +s.cluster_id = ? AND g.tier = ? AND g.end_ms = ?")
                      .arg(idsOf(unit)),
                  {windowStart, clusterId, to, windowStart}))
        return storageError(failed, query.lastError());
    std::unordered_map<qint64, NewRow> previous;
    while (query.next())
        previous.emplace(query.value(0).toLongLong(),
                         NewRow{query.value(1).toLongLong(), windowStart, query.value(2).toDouble(),
                                query.value(3).toDouble(), true, false});
    return previous;
}

// A bucket's row spans as much time as the bucket has history, from where that begins (the same for every
// series, from the capacity series): a partial minute keeps its weight and place, and the integral stays
// exact. (A gap inside a bucket moves the history after it to before it.)
NewRow bucketRow(const BucketAccumulator &acc, const BucketAccumulator &coverage, size_t b, qint64 bucketEnd)
{
    const qint64 span = qint64(std::max(coverage.covered[b], acc.covered[b]));
    const qint64 start =
        std::min(coverage.covered[b] > 0 ? coverage.firstCovered[b] : acc.firstCovered[b], bucketEnd - span);
    return NewRow{start, start + span, acc.value[b] / double(span), acc.replicas[b] / double(span), false, true};
}

// Folds `row` into `pending` when it continues it with the same averages (the time-weighted mean keeps the
// integral exact); false when it starts a new row.
bool continueRow(NewRow &pending, const NewRow &row)
{
    if (pending.endMs != row.startMs || !nearlyEqual(pending.value, row.value) ||
        !nearlyEqual(pending.replicas, row.replicas))
        return false;
    const double before = double(pending.endMs - pending.startMs);
    const double added = double(row.endMs - row.startMs);
    pending.value = (pending.value * before + row.value * added) / (before + added);
    pending.replicas = (pending.replicas * before + row.replicas * added) / (before + added);
    pending.endMs = row.endMs;
    pending.changed = true;
    return true;
}

// Writes the window's buckets into tier `from + 1`, a row per run of equal buckets of each series, extending
// the series' previous row there when the run continues it.
Result<Done> writeNextTier(const QSqlDatabase &db, const ClusterRow &cluster, int from, const CompactionWindow &window,
                           const SeriesSums &sums, const std::unordered_map<qint64, NewRow> &previous,
                           const BucketAccumulator &coverage, const QString &failed)
{
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO history_segments (series_id, start_ms, end_ms, value, replicas, tier,"
                                  " cluster_id) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    QSqlQuery extend(db);
    extend.prepare(QStringLiteral("UPDATE history_segments SET end_ms = ?, value = ?, replicas = ?"
                                  " WHERE series_id = ? AND start_ms = ?"));
    auto flush = [&](qint64 series, const std::optional<NewRow> &pending) {
        if (!pending || (pending->stored && !pending->changed))
            return true;
        if (pending->stored)
            return execBound(extend, {pending->endMs, pending->value, pending->replicas, series, pending->startMs});
        return execBound(insert, {series, pending->startMs, pending->endMs, pending->value, pending->replicas, from + 1,
                                  cluster.id});
    };
    auto flushFailed = [&] {
        return storageError(failed, insert.lastError().isValid() ? insert.lastError() : extend.lastError());
    };
    for (const auto &[series, acc] : sums) {
        std::optional<NewRow> pending;
        if (auto it = previous.find(series); it != previous.end())
            pending = it->second;
        for (size_t b = 0; b < window.buckets(); ++b) {
            if (acc.covered[b] <= 0)
                continue; // a deployment without GPUs (no row means 0), or no history at all
            const NewRow row = bucketRow(acc, coverage, b, window.startMs + qint64(b + 1) * window.bucketMs);
            if (pending && continueRow(*pending, row))
                continue;
            if (!flush(series, pending))
                return flushFailed();
            pending = row;
        }
        if (!flush(series, pending))
            return flushFailed();
    }
    return Done{};
}

// Series per unit of work: a unit of 10,000 deployments' hour took a quarter of a second; a few hundred series
// take a few milliseconds, so a call stops close to its budget.
constexpr int kSeriesPerUnit = 400;

// The next unit of the window: the lowest `kSeriesPerUnit` series ids (capacity aside) with rows of the tier still
// in the window; or, when those are all that is left, them and the capacity series, which completes the window.
Result<std::pair<UnitSeries, bool>> nextUnit(const QSqlDatabase &db, const ClusterRow &cluster, int from,
                                             const CompactionWindow &window, qint64 capacityId, const QString &failed)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!runQuery(query,
                  QStringLiteral("SELECT DISTINCT series_id FROM history_segments WHERE cluster_id = ? AND tier = ?"
                                 " AND start_ms < ? AND series_id <> ? ORDER BY series_id LIMIT ?"),
                  {cluster.id, from, window.endMs, capacityId, kSeriesPerUnit + 1}))
        return storageError(failed, query.lastError());
    std::vector<qint64> ids;
    while (query.next())
        ids.push_back(query.value(0).toLongLong());
    if (ids.size() > size_t(kSeriesPerUnit)) {
        ids.pop_back();
        return std::pair{UnitSeries{std::move(ids)}, false};
    }
    if (capacityId >= 0) // the last unit completes the window: capacity goes with it
        ids.push_back(capacityId);
    return std::pair{UnitSeries{std::move(ids)}, true};
}

// The capacity series' buckets in the window: where each bucket's history begins, for every series' rows.
Result<BucketAccumulator> coverageOf(const QSqlDatabase &db, const ClusterRow &cluster, int from,
                                     const CompactionWindow &window, qint64 capacityId, const QString &failed)
{
    if (capacityId < 0)
        return BucketAccumulator(window.buckets());
    auto sums = sumWindow(db, cluster, from, window, UnitSeries{{capacityId}}, failed);
    if (!sums)
        return sums.error();
    auto found = sums->find(capacityId);
    return found == sums->end() ? BucketAccumulator(window.buckets()) : std::move(found->second);
}

enum class Step { Nothing, Worked };

// One unit of compaction of tier `from` into tier `from + 1` for one cluster, in one transaction: a few hundred
// series of the due window, the capacity series and the mark last. A window half done is still consistent (every
// series is in one tier or the other for that time, never both), and the next call carries on where this one
// stopped: the series done have no rows of the tier left in the window.
Result<Step> compactUnit(const QSqlDatabase &db, const QString &clusterKey, int from, qint64 nowMs)
{
    const QString failed = QStringLiteral("cannot compact the history of %1").arg(clusterKey);
    StoreTransaction transaction(db);
    if (!transaction.begin(true))
        return storageError(failed, transaction.error());
    auto found = readCluster(db, clusterKey);
    if (!found)
        return found.error();
    if (!found.value())
        return Step::Nothing;
    const ClusterRow cluster = *found.value();
    auto due = dueWindow(db, cluster, from, nowMs, failed);
    if (!due)
        return due.error();
    if (!due.value())
        return Step::Nothing;
    const CompactionWindow window = *due.value();
    auto capacityId = capacitySeriesId(db, cluster.id, failed);
    if (!capacityId)
        return capacityId.error();
    auto unit = nextUnit(db, cluster, from, window, *capacityId, failed);
    if (!unit)
        return unit.error();
    const auto &[series, completes] = *unit;
    auto coverage = coverageOf(db, cluster, from, window, *capacityId, failed);
    if (!coverage)
        return coverage.error();
    auto sums = sumWindow(db, cluster, from, window, series, failed);
    if (!sums)
        return sums.error();
    if (auto removed = removeWindowFromTier(db, from, window, series, failed); !removed)
        return removed.error();
    std::unordered_map<qint64, NewRow> previous;
    if (!sums->empty()) {
        auto ending = rowsEndingAt(db, cluster.id, from + 1, window.startMs, series, failed);
        if (!ending)
            return ending.error();
        previous = std::move(ending).value();
    }
    if (auto written = writeNextTier(db, cluster, from, window, *sums, previous, *coverage, failed); !written)
        return written.error();
    QSqlQuery query(db);
    if (completes && from == 0 &&
        !runQuery(query, QStringLiteral("UPDATE history_clusters SET minute_mark_ms = ? WHERE id = ?"),
                  {window.endMs, cluster.id}))
        return storageError(failed, query.lastError());
    if (!transaction.commit())
        return storageError(failed, transaction.error());
    return Step::Worked;
}
} // namespace

Result<CompactionProgress> HistoryStore::compact(const QString &clusterKey, const QDateTime &nowUtc, int budgetMs)
{
    if (auto opened = open(); !opened)
        return opened.error();
    if (!nowUtc.isValid())
        return makeError(RayErrorKind::Storage, QStringLiteral("cannot compact history without the time"));
    QSqlDatabase db = m_store.database();
    QElapsedTimer timer;
    timer.start();
    // The log's checkpoint, which record() leaves to this call (open()), comes out of the same budget.
    if (!m_store.dialect().isPostgres()) {
        if (auto checkpointed = checkpointWal(db); !checkpointed)
            return checkpointed.error();
    }
    // Units while the budget lasts, at least one per call so that repeated calls always finish; raw segments
    // first (they are what grows).
    bool worked = false;
    for (int from : {0, 1}) {
        for (;;) {
            if (worked && timer.elapsed() >= budgetMs)
                return CompactionProgress::MoreToDo;
            auto step = compactUnit(db, clusterKey, from, nowUtc.toMSecsSinceEpoch());
            if (!step)
                return step.error();
            if (*step == Step::Nothing)
                break;
            worked = true;
        }
    }
    return CompactionProgress::Finished;
}

} // namespace scaledeck
