// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "historystore.h"

#include "rowcursor.h"
#include "sqliteconnection.h"
#include "walcheckpoint.h"

#include "historystore_p.h"
#include "usagesamples_p.h"

#include <QThread>

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

// Schema (times are ms since the epoch, UTC):
// - history_clusters: one row per cluster key: first_ms (the first snapshot), last_ms (the
//   last recorded snapshot) and the compaction mark (everything before minute_mark_ms is in tier 1 or 2).
// - history_series: one row per (cluster, "app/deployment" or "capacity").
// - history_segments: the step functions. A segment holds `value` over [start_ms, end_ms); at most one segment
//   per series is open (end_ms NULL): it still holds and its end is the cluster's last_ms, so a poll that
//   changes nothing writes one row (last_ms), not one per deployment. A deployment has no segment while it
//   holds no GPUs; "capacity" always has one while recording, so its segments are also the time with
//   history at all. Tiers split time by the marks, so segments never overlap within a series.
// - history_leases: one row per lease, end_ms NULL while active.
namespace scaledeck {

namespace historydetail {
// One series as record() last left it: its id and, while open, its segment's value.
struct SeriesState {
    qint64 id = -1;
    bool open = false;
    double value = 0;
    double replicas = 0;
};
// A cluster's series by name, as of the cluster's last_ms (which record() moves on with every snapshot, so a
// different last_ms in the store means another process recorded meanwhile and this is stale).
struct KnownSeries {
    qint64 clusterId = 0;
    qint64 lastMs = 0;
    QHash<QString, SeriesState> series;
    // What the snapshot recorded at lastMs held, once one was recorded through these: the next one's samples are
    // then made only for what changed.
    std::optional<SampledApps> sampled;
};
} // namespace historydetail

struct HistoryStore::RecordedSeries {
    QHash<QString, std::optional<historydetail::KnownSeries>> clusters; // by cluster key
};

using historydetail::capacityName;
using historydetail::ClusterRow;
using historydetail::execBound;
using historydetail::isTypedCapacityName;
using historydetail::kHourMs;
using historydetail::KnownSeries;
using historydetail::readCluster;
using historydetail::runQuery;
using historydetail::Sample;
using historydetail::SampledApps;
using historydetail::samplesOf;
using historydetail::SeriesSample;
using historydetail::SeriesState;
using historydetail::storageError;

namespace {
// A snapshot more than this after the previous one (three polls and then some) does not continue the step
// functions: what happened in between is unknown (ScaleDeck was not running or the cluster did not answer),
// so the segments end at the last snapshot before the gap and new ones begin after it. Nothing is
// extrapolated: the gap adds no GPU-hours and has no chart points.
constexpr qint64 kMaxSampleGapMs = 60'000;
constexpr qint64 kNoLowerBound = std::numeric_limits<qint64>::min() / 4;
constexpr qint64 kNoUpperBound = std::numeric_limits<qint64>::max() / 4;

QVariant textValue(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QVariant nullTime()
{
    return QVariant(QMetaType::fromType<qint64>());
}

struct Segment {
    qint64 seriesId = 0;
    qint64 startMs = 0;
    qint64 endMs = 0; // the cluster's last_ms for the open segment
    double value = 0;
};

// The segments of the cluster's series (or only of `onlySeries`) that may overlap [fromMs, toMs), any tier: per
// series the one that starts at or before fromMs and those starting inside, found through the primary key.
Result<std::vector<Segment>> overlappingSegments(const QSqlDatabase &db, const ClusterRow &cluster, qint64 fromMs,
                                                 qint64 toMs, const QString &onlySeries = QString())
{
    QString sql = QStringLiteral(
        "SELECT g.series_id, g.start_ms, g.end_ms, g.value FROM history_series s JOIN history_segments g"
        " ON g.series_id = s.id AND g.start_ms >= COALESCE((SELECT MAX(h.start_ms) FROM history_segments h"
        " WHERE h.series_id = s.id AND h.start_ms <= ?), ?) AND g.start_ms < ?"
        " WHERE s.cluster_id = ?");
    if (!onlySeries.isEmpty())
        sql += QStringLiteral(" AND s.name = ?");
    const QString failure = QStringLiteral("cannot read the usage history");
    auto opened = onlySeries.isEmpty()
                      ? openRowCursor(db, sql, {fromMs, fromMs, toMs, cluster.id}, failure)
                      : openRowCursor(db, sql, {fromMs, fromMs, toMs, cluster.id, onlySeries}, failure);
    if (!opened)
        return opened.error();
    RowCursor &row = *opened.value();
    std::vector<Segment> segments;
    while (row.next()) {
        const qint64 end = row.isNull(2) ? cluster.lastMs : row.integer(2);
        if (end > fromMs)
            segments.push_back(Segment{row.integer(0), row.integer(1), end, row.real(3)});
    }
    if (auto read = row.finished(); !read)
        return read.error();
    return segments;
}

// The cluster's series by id: "app/deployment", "capacity" and "capacity:<type>".
Result<QHash<qint64, QString>> namesOfSeries(const QSqlDatabase &db, const ClusterRow &cluster)
{
    QSqlQuery query(db);
    if (!runQuery(query, QStringLiteral("SELECT id, name FROM history_series WHERE cluster_id = ?"), {cluster.id}))
        return storageError(QStringLiteral("cannot read the usage history"), query.lastError());
    QHash<qint64, QString> names;
    while (query.next())
        names.insert(query.value(0).toLongLong(), query.value(1).toString());
    return names;
}

// Integrals of step functions over the buckets [fromMs + i * width, ...) of [fromMs, toMs) (the last one may be
// shorter), O(1) per segment: the partial first and last bucket directly, the whole buckets in between as a
// rate through a difference array.
class BucketSums {
public:
    BucketSums(qint64 fromMs, qint64 toMs, qint64 width)
        : m_from(fromMs), m_to(toMs), m_width(width), m_sums(size_t((toMs - fromMs + width - 1) / width)),
          m_rates(m_sums.size() + 1)
    {
    }
    void add(qint64 startMs, qint64 endMs, double value)
    {
        startMs = std::max(startMs, m_from);
        endMs = std::min(endMs, m_to);
        if (endMs <= startMs)
            return;
        const qint64 first = (startMs - m_from) / m_width;
        const qint64 last = (endMs - 1 - m_from) / m_width;
        if (first == last) {
            m_sums[size_t(first)] += value * double(endMs - startMs);
            return;
        }
        m_sums[size_t(first)] += value * double(m_from + (first + 1) * m_width - startMs);
        m_sums[size_t(last)] += value * double(endMs - (m_from + last * m_width));
        m_rates[size_t(first + 1)] += value;
        m_rates[size_t(last)] -= value;
    }
    std::vector<double> sums() const
    {
        std::vector<double> sums = m_sums;
        double rate = 0;
        for (size_t i = 0; i < sums.size(); ++i) {
            rate += m_rates[i];
            sums[i] += rate * double(m_width);
        }
        return sums;
    }

private:
    qint64 m_from, m_to, m_width;
    std::vector<double> m_sums;
    std::vector<double> m_rates;
};

// The id a "... RETURNING id" statement gave (RETURNING rather than lastInsertId(): QPSQL's is an OID, which
// PostgreSQL tables no longer have); none when it gave no row.
std::optional<qint64> returnedId(QSqlQuery &query)
{
    if (!query.next())
        return std::nullopt;
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    return id;
}

Result<Done> writeLeases(const QSqlDatabase &db, const QString &clusterKey, const LeaseTracker::Update &update,
                         qint64 takenAtMs)
{
    if (update.started.empty() && update.ended.empty())
        return Done{}; // most polls: nothing to prepare
    // DO NOTHING: a lease seen again (the same replica and start, or a replica that already has an active lease)
    // is not added twice, e.g. after a restart that observed it anew.
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO history_leases (cluster_key, lease_key, app, deployment,"
                                  " replica_id, gpus, start_ms, end_ms, start_from_ray, cpus, accelerator)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"));
    // A lease always has a start; one without is taken to start at this snapshot rather than in 1970.
    auto startOf = [&](const GpuLease &lease) {
        return lease.startUtc.isValid() ? lease.startUtc.toMSecsSinceEpoch() : takenAtMs;
    };
    auto insertLease = [&](const GpuLease &lease, const QVariant &endMs) {
        return execBound(insert, {clusterKey, lease.key(), textValue(lease.app), textValue(lease.deployment),
                                  textValue(lease.replicaId), lease.gpus, startOf(lease), endMs,
                                  int(lease.startFromRay), lease.cpus, textValue(lease.accelerator)});
    };
    for (const GpuLease &lease : update.started) {
        if (!insertLease(lease, lease.endUtc.isValid() ? QVariant(lease.endUtc.toMSecsSinceEpoch()) : nullTime()))
            return storageError(QStringLiteral("cannot record lease %1").arg(lease.key()), insert.lastError());
    }
    QSqlQuery endExact(db);
    endExact.prepare(QStringLiteral("UPDATE history_leases SET end_ms = ? WHERE cluster_key = ? AND lease_key = ?"
                                    " AND start_ms = ? AND end_ms IS NULL"));
    QSqlQuery insertEnded(db);
    insertEnded.prepare(
        // The casts: PostgreSQL takes an untyped parameter in a SELECT list as text.
        QStringLiteral("INSERT INTO history_leases (cluster_key, lease_key, app,"
                       " deployment, replica_id, gpus, start_ms, end_ms, start_from_ray, cpus, accelerator)"
                       " SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
                       " CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT),"
                       " CAST(? AS DOUBLE PRECISION), CAST(? AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM history_leases"
                       " WHERE cluster_key = ? AND lease_key = ?) ON CONFLICT DO NOTHING"));
    QSqlQuery endActive(db);
    endActive.prepare(QStringLiteral("UPDATE history_leases SET end_ms = ? WHERE cluster_key = ? AND lease_key = ?"
                                     " AND end_ms IS NULL AND start_ms <= ?"));
    for (const GpuLease &lease : update.ended) {
        const qint64 end = lease.endUtc.isValid() ? lease.endUtc.toMSecsSinceEpoch() : takenAtMs;
        // The active row as it was stored; else the replica's active row under another start; else, when the
        // store has no lease of that replica at all (another process recorded its start), it goes in whole.
        // A replica id names one replica's life, so a lease that already ended is not ended again.
        const qint64 start = startOf(lease);
        bool ok = execBound(endExact, {end, clusterKey, lease.key(), start});
        if (ok && endExact.numRowsAffected() == 0)
            ok = execBound(endActive, {end, clusterKey, lease.key(), end});
        if (ok && endExact.numRowsAffected() == 0 && endActive.numRowsAffected() == 0)
            ok = execBound(insertEnded, {clusterKey, lease.key(), textValue(lease.app), textValue(lease.deployment),
                                         textValue(lease.replicaId), lease.gpus, start, end, int(lease.startFromRay),
                                         lease.cpus, textValue(lease.accelerator), clusterKey, lease.key()});
        if (!ok)
            return storageError(QStringLiteral("cannot record the end of lease %1").arg(lease.key()),
                                endExact.lastError().isValid()    ? endExact.lastError()
                                : endActive.lastError().isValid() ? endActive.lastError()
                                                                  : insertEnded.lastError());
    }
    return Done{};
}

// The cluster's series by name with their ids and open segments, as the store has them.
Result<KnownSeries> loadKnownSeries(const QSqlDatabase &db, const ClusterRow &cluster, const QString &failed)
{
    KnownSeries known{cluster.id, cluster.lastMs, {}, std::nullopt};
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!runQuery(query, QStringLiteral("SELECT id, name FROM history_series WHERE cluster_id = ?"), {cluster.id}))
        return storageError(failed, query.lastError());
    QHash<qint64, QString> names;
    while (query.next()) {
        const qint64 id = query.value(0).toLongLong();
        const QString name = query.value(1).toString();
        known.series.insert(name, SeriesState{id, false, 0, 0});
        names.insert(id, name);
    }
    if (!runQuery(query,
                  QStringLiteral("SELECT series_id, value, replicas FROM history_segments WHERE cluster_id = ?"
                                 " AND end_ms IS NULL"),
                  {cluster.id}))
        return storageError(failed, query.lastError());
    while (query.next()) {
        const auto name = names.constFind(query.value(0).toLongLong());
        if (name != names.cend())
            known.series[*name] = SeriesState{name.key(), true, query.value(1).toDouble(), query.value(2).toDouble()};
    }
    return known;
}

// The id of series `name`, added when the store has none (a deployment seen holding GPUs for the first time).
Result<qint64> seriesIdOf(const QSqlDatabase &db, qint64 clusterId, const QString &name, const QString &failed)
{
    QSqlQuery query(db);
    // Looked up first: another writer (a bundle import) may have added it since the known series were read.
    if (!runQuery(query, QStringLiteral("SELECT id FROM history_series WHERE cluster_id = ? AND name = ?"),
                  {clusterId, name}))
        return storageError(failed, query.lastError());
    if (query.next())
        return query.value(0).toLongLong();
    if (!runQuery(query, QStringLiteral("INSERT INTO history_series (cluster_id, name) VALUES (?, ?) RETURNING id"),
                  {clusterId, name}))
        return storageError(failed, query.lastError());
    const std::optional<qint64> inserted = returnedId(query);
    if (!inserted)
        return storageError(failed, query.lastError());
    return *inserted;
}

// Every series the store knows and every one the snapshot has a value for, with that value (none: no segment).
std::vector<SeriesSample> everySeriesSample(const KnownSeries &known, const ClusterSnapshot &snapshot)
{
    QHash<QString, Sample> samples = samplesOf(snapshot);
    std::vector<SeriesSample> all;
    all.reserve(size_t(known.series.size() + samples.size()));
    for (auto it = known.series.cbegin(); it != known.series.cend(); ++it) {
        const auto found = samples.constFind(it.key());
        if (found == samples.cend()) {
            all.emplace_back(it.key(), std::nullopt);
        } else {
            all.emplace_back(it.key(), *found);
            samples.erase(found);
        }
    }
    for (auto it = samples.cbegin(); it != samples.cend(); ++it)
        all.emplace_back(it.key(), it.value());
    return all;
}

// The segments a poll ends and begins.
struct SegmentChanges {
    std::vector<qint64> toClose;                   // series ids
    std::vector<std::pair<qint64, Sample>> toOpen; // series ids and their new values
};

// What `samples` change of the open segments `known` has, which it then stands for. A series the store does not
// have yet is added.
Result<SegmentChanges> segmentChangesOf(const QSqlDatabase &db, qint64 clusterId,
                                        const std::vector<SeriesSample> &samples, KnownSeries &known,
                                        const QString &failed)
{
    SegmentChanges changes;
    for (const auto &[name, sample] : samples) {
        auto state = known.series.find(name);
        if (state == known.series.end()) {
            if (!sample)
                continue;
            auto id = seriesIdOf(db, clusterId, name, failed);
            if (!id)
                return id.error();
            state = known.series.insert(name, SeriesState{*id, false, 0, 0});
        }
        if (!state->open && !sample)
            continue;
        if (state->open && sample && sample->value == state->value && sample->replicas == state->replicas)
            continue; // unchanged: the open segment goes on
        if (state->open)
            changes.toClose.push_back(state->id);
        state->open = sample.has_value();
        if (sample) {
            state->value = sample->value;
            state->replicas = sample->replicas;
            changes.toOpen.emplace_back(state->id, *sample);
        }
    }
    return changes;
}

Result<Done> writeSegmentChanges(const QSqlDatabase &db, qint64 clusterId, qint64 at, const SegmentChanges &changes,
                                 const QString &failed)
{
    if (!changes.toClose.empty()) {
        QSqlQuery closeSegment(db);
        closeSegment.prepare(QStringLiteral("UPDATE history_segments SET end_ms = ? WHERE cluster_id = ?"
                                            " AND series_id = ? AND end_ms IS NULL"));
        for (qint64 seriesId : changes.toClose) {
            if (!execBound(closeSegment, {at, clusterId, seriesId}))
                return storageError(failed, closeSegment.lastError());
        }
    }
    if (!changes.toOpen.empty()) {
        QSqlQuery openSegment(db);
        openSegment.prepare(QStringLiteral("INSERT INTO history_segments (series_id, start_ms, end_ms, value,"
                                           " replicas, tier, cluster_id) VALUES (?, ?, NULL, ?, ?, 0, ?)"));
        for (const auto &[seriesId, sample] : changes.toOpen) {
            if (!execBound(openSegment, {seriesId, at, sample.value, sample.replicas, clusterId}))
                return storageError(failed, openSegment.lastError());
        }
    }
    return Done{};
}

// Writes the usage of one snapshot: only the series whose value changed (their open segment ends here and the next
// begins) and the cluster's last_ms. `known` is what the previous call left of the cluster's series; it is read
// again when absent or when the store's last_ms says someone else has recorded since. Only the applications that
// changed since the snapshot `known` stands for are sampled (SampledApps); every series is compared when `known` was
// just read, after a gap, and where names are ambiguous.
Result<Done> writeUsage(const QSqlDatabase &db, const QString &clusterKey, const ClusterSnapshot &snapshot,
                        qint64 firstMs, std::optional<KnownSeries> &known)
{
    const qint64 at = snapshot.takenAt.toMSecsSinceEpoch();
    const QString failed = QStringLiteral("cannot record the usage of %1").arg(clusterKey);
    // first_ms is lowered with CASE (the bound time given twice): SQLite's two-argument MIN() is not PostgreSQL's.
    auto cluster = readCluster(db, clusterKey);
    if (!cluster)
        return cluster.error();
    QSqlQuery query(db);
    if (!cluster.value()) {
        if (!runQuery(query,
                      QStringLiteral("INSERT INTO history_clusters (cluster_key, first_ms, last_ms) VALUES (?, ?, ?)"
                                     " RETURNING id"),
                      {clusterKey, std::min(firstMs, at), at}))
            return storageError(failed, query.lastError());
        const std::optional<qint64> id = returnedId(query);
        if (!id)
            return storageError(failed, query.lastError());
        cluster.value() = ClusterRow{*id, std::min(firstMs, at), at, {}};
        known = KnownSeries{*id, at, {}, std::nullopt}; // a new cluster has no series yet
    } else if (at <= cluster.value()->lastMs) {
        // Not after the last snapshot (a repeat, or a clock that went back): the usage at that time is known.
        if (!runQuery(query,
                      QStringLiteral("UPDATE history_clusters SET first_ms = CASE WHEN first_ms < ? THEN first_ms ELSE "
                                     "? END WHERE id = ?"),
                      {firstMs, firstMs, cluster.value()->id}))
            return storageError(failed, query.lastError());
        return Done{};
    }
    const qint64 clusterId = cluster.value()->id;
    if (!known || known->clusterId != clusterId || known->lastMs != cluster.value()->lastMs) {
        auto loaded = loadKnownSeries(db, *cluster.value(), failed);
        if (!loaded)
            return loaded.error();
        known = std::move(loaded).value();
    }
    if (at - cluster.value()->lastMs > kMaxSampleGapMs) {
        const qint64 last = cluster.value()->lastMs;
        if (!runQuery(query,
                      QStringLiteral(
                          "DELETE FROM history_segments WHERE cluster_id = ? AND end_ms IS NULL AND start_ms >= ?"),
                      {clusterId, last}) ||
            !runQuery(query,
                      QStringLiteral("UPDATE history_segments SET end_ms = ? WHERE cluster_id = ? AND end_ms IS NULL"),
                      {last, clusterId}))
            return storageError(failed, query.lastError());
        for (SeriesState &state : known->series)
            state.open = false;
        known->sampled.reset(); // every series that has a value opens again
    }

    // Compared in memory with what is open: unchanged series cost neither a read nor a write.
    std::optional<std::vector<SeriesSample>> changed;
    if (known->sampled)
        changed = known->sampled->advanceTo(snapshot);
    else
        known->sampled.emplace(snapshot);
    if (!changed)
        changed = everySeriesSample(*known, snapshot);
    auto segments = segmentChangesOf(db, clusterId, *changed, *known, failed);
    if (!segments)
        return segments.error();
    if (auto written = writeSegmentChanges(db, clusterId, at, segments.value(), failed); !written)
        return written.error();
    if (!runQuery(query,
                  QStringLiteral("UPDATE history_clusters SET last_ms = ?, first_ms = CASE WHEN first_ms < ? THEN "
                                 "first_ms ELSE ? END WHERE id = ?"),
                  {at, firstMs, firstMs, clusterId}))
        return storageError(failed, query.lastError());
    known->lastMs = at;
    return Done{};
}

// One QString per distinct text of a column: a month of leases names each deployment hundreds of times, and the
// copies share one string instead of each allocating its own. A text equal to the last one asked for (an accelerator
// type, mostly) is not even looked up.
class SharedTexts {
public:
    const QString &of(QByteArrayView bytes)
    {
        if (m_last && bytes == QByteArrayView(m_key.data(), qsizetype(m_key.size())))
            return *m_last;
        m_key.assign(bytes.data(), size_t(bytes.size()));
        auto [found, added] = m_texts.try_emplace(m_key);
        if (added)
            found->second = QString::fromUtf8(bytes);
        m_last = &found->second; // unordered_map keeps its elements where they are
        return found->second;
    }

private:
    std::unordered_map<std::string, QString> m_texts;
    std::string m_key; // the last text asked for
    const QString *m_last = nullptr;
};

// The leases a cursor selected (app, deployment, replica_id, gpus, start_ms, end_ms, start_from_ray, cpus,
// accelerator), by start and then by key. Sorted here: SQLite's sort of a month of leases took longer than reading
// them.
Result<std::vector<GpuLease>> leasesFrom(RowCursor &row)
{
    std::vector<GpuLease> read;
    std::vector<qint64> starts;
    SharedTexts apps, deployments, accelerators;
    while (row.next()) {
        GpuLease lease;
        lease.app = apps.of(row.text(0));
        lease.deployment = deployments.of(row.text(1));
        lease.replicaId = QString::fromUtf8(row.text(2));
        lease.gpus = row.real(3);
        starts.push_back(row.integer(4));
        lease.startUtc = QDateTime::fromMSecsSinceEpoch(starts.back(), Qt::UTC);
        if (!row.isNull(5))
            lease.endUtc = QDateTime::fromMSecsSinceEpoch(row.integer(5), Qt::UTC);
        lease.startFromRay = row.integer(6) != 0;
        lease.cpus = row.real(7);
        lease.accelerator = accelerators.of(row.text(8));
        read.push_back(std::move(lease));
    }
    if (auto finished = row.finished(); !finished)
        return finished.error();
    std::vector<size_t> order(read.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (starts[a] != starts[b])
            return starts[a] < starts[b];
        const GpuLease &x = read[a], &y = read[b];
        return std::tie(x.app, x.deployment, x.replicaId) < std::tie(y.app, y.deployment, y.replicaId);
    });
    std::vector<GpuLease> leases;
    leases.reserve(read.size());
    for (size_t i : order)
        leases.push_back(std::move(read[i]));
    return leases;
}

qint64 lowerBound(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : kNoLowerBound;
}
qint64 upperBound(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : kNoUpperBound;
}
} // namespace

namespace {
std::vector<const char *> historySchema()
{
    return {"CREATE TABLE IF NOT EXISTS history_clusters ("
            " id INTEGER PRIMARY KEY, cluster_key TEXT NOT NULL UNIQUE, first_ms INTEGER NOT NULL,"
            " last_ms INTEGER NOT NULL, minute_mark_ms INTEGER)",
            "CREATE TABLE IF NOT EXISTS history_series ("
            " id INTEGER PRIMARY KEY, cluster_id INTEGER NOT NULL, name TEXT NOT NULL, UNIQUE (cluster_id, name))",
            "CREATE TABLE IF NOT EXISTS history_segments ("
            " series_id INTEGER NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER, value REAL NOT NULL,"
            " replicas REAL NOT NULL, tier INTEGER NOT NULL, cluster_id INTEGER NOT NULL,"
            " PRIMARY KEY (series_id, start_ms)) WITHOUT ROWID",
            "CREATE UNIQUE INDEX IF NOT EXISTS history_segments_open ON history_segments (cluster_id, series_id)"
            " WHERE end_ms IS NULL",
            "CREATE INDEX IF NOT EXISTS history_segments_by_tier ON history_segments (cluster_id, tier, start_ms)",
            "CREATE TABLE IF NOT EXISTS history_leases ("
            " cluster_key TEXT NOT NULL, lease_key TEXT NOT NULL, app TEXT NOT NULL, deployment TEXT NOT NULL,"
            " replica_id TEXT NOT NULL, gpus REAL NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER,"
            " start_from_ray INTEGER NOT NULL, cpus REAL NOT NULL DEFAULT 0,"
            " accelerator TEXT NOT NULL DEFAULT '',"
            " PRIMARY KEY (cluster_key, lease_key, start_ms))",
            "CREATE UNIQUE INDEX IF NOT EXISTS history_leases_active ON history_leases (cluster_key, lease_key)"
            " WHERE end_ms IS NULL",
            "CREATE INDEX IF NOT EXISTS history_leases_by_end ON history_leases (cluster_key, end_ms)"};
}
} // namespace

HistoryStore::HistoryStore(const QString &databasePath)
    // Same file as the other stores, WAL so the GUI reads while the controller records. synchronous=NORMAL
    // (the other stores use FULL) on this connection only: a crash may lose the last few samples, which
    // history can afford, and a poll's commit does not wait for the disk.
    : m_store(databasePath, "history", "history store", Durability::Normal, historySchema(), WriteGuard()),
      m_recorded(std::make_unique<RecordedSeries>())
{
}

HistoryStore::~HistoryStore() = default;

namespace {
// Stores written before leases had CPUs and an accelerator type gain the columns (old leases: 0 CPUs, untyped,
// which is what they were priced as), so an upgrade keeps all history.
Result<Done> addLeaseColumns(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA table_info(history_leases)")))
        return storageError(QStringLiteral("cannot read the lease table's columns"), query.lastError());
    QStringList columns;
    while (query.next())
        columns.append(query.value(1).toString());
    query.finish();
    const std::pair<const char *, const char *> wanted[] = {{"cpus", "REAL NOT NULL DEFAULT 0"},
                                                            {"accelerator", "TEXT NOT NULL DEFAULT ''"}};
    for (const auto &[name, type] : wanted) {
        if (columns.contains(QLatin1String(name)))
            continue;
        if (!query.exec(QStringLiteral("ALTER TABLE history_leases ADD COLUMN %1 %2")
                            .arg(QLatin1String(name), QLatin1String(type))))
            return storageError(QStringLiteral("cannot add the lease column %1").arg(QLatin1String(name)),
                                query.lastError());
    }
    return Done{};
}
} // namespace

Result<Done> HistoryStore::open()
{
    if (auto opened = m_store.open(); !opened)
        return opened;
    // record()'s commits stay short: compact() checkpoints the log, a commit only past 10,000 pages (40 MB, a
    // writer that stopped compacting).
    if (!m_checkpointsDeferred && !m_store.dialect().isPostgres()) {
        if (auto deferred = deferWalCheckpoints(m_store.database(), 10'000); !deferred)
            return deferred;
    }
    m_checkpointsDeferred = true;
    // A PostgreSQL store is created with today's columns; only SQLite files can predate them.
    if (!m_migrated && m_store.dialect().isPostgres())
        m_migrated = true;
    if (!m_migrated) { // once, and again on the next call if it failed
        if (auto migrated = addLeaseColumns(m_store.database()); !migrated)
            return migrated;
        m_migrated = true;
    }
    return Done{};
}

Result<Done> HistoryStore::record(const QString &clusterKey, const ClusterSnapshot &snapshot,
                                  const LeaseTracker::Update &leases)
{
    if (auto opened = open(); !opened)
        return opened.error();
    if (!snapshot.takenAt.isValid())
        return makeError(RayErrorKind::Storage, QStringLiteral("cannot record a snapshot without its time"));
    const qint64 at = snapshot.takenAt.toMSecsSinceEpoch();
    // History begins with the first snapshot: a lease may have started earlier (Ray's start_time_s), but
    // capacity and idle are known only from here, so periods (cost, charts) start here too.
    const qint64 firstMs = at;
    QSqlDatabase db = m_store.database();
    StoreTransaction transaction(db);
    if (!transaction.begin(true))
        return m_store.error(QStringLiteral("cannot record the history of %1").arg(clusterKey), transaction.error());
    if (auto written = writeLeases(db, clusterKey, leases, at); !written)
        return written.error();
    std::optional<KnownSeries> &known = m_recorded->clusters[clusterKey];
    if (auto written = writeUsage(db, clusterKey, snapshot, firstMs, known); !written) {
        known.reset(); // rolled back: read again what the store has
        return written.error();
    }
    if (!transaction.commit()) {
        known.reset();
        return m_store.error(QStringLiteral("cannot record the history of %1").arg(clusterKey), transaction.error());
    }
    return Done{};
}

Result<std::vector<GpuLease>> HistoryStore::leases(const QString &clusterKey, const QDateTime &fromUtc,
                                                   const QDateTime &toUtc)
{
    if (auto opened = open(); !opened)
        return opened.error();
    // An invalid bound is open: from the first lease, to now. Ended leases through their end (a lease ending
    // at fromUtc does not overlap), active ones through the partial index.
    const qint64 from = lowerBound(fromUtc);
    const qint64 to = upperBound(toUtc);
    if (to <= from)
        return std::vector<GpuLease>();
    const QString columns =
        QStringLiteral("app, deployment, replica_id, gpus, start_ms, end_ms, start_from_ray, cpus, accelerator"
                       " FROM history_leases WHERE cluster_key = ?");
    auto rows = openRowCursor(m_store.database(),
                              QStringLiteral("SELECT %1 AND end_ms > ? AND start_ms < ? UNION ALL"
                                             " SELECT %1 AND end_ms IS NULL AND start_ms < ?")
                                  .arg(columns),
                              {clusterKey, from, to, clusterKey, to},
                              QStringLiteral("cannot read the leases of %1").arg(clusterKey));
    if (!rows)
        return rows.error();
    return leasesFrom(*rows.value());
}

Result<std::vector<GpuLease>> HistoryStore::activeLeases(const QString &clusterKey)
{
    if (auto opened = open(); !opened)
        return opened.error();
    auto rows =
        openRowCursor(m_store.database(),
                      QStringLiteral("SELECT app, deployment, replica_id, gpus, start_ms, end_ms, start_from_ray,"
                                     " cpus, accelerator FROM history_leases WHERE cluster_key = ? AND end_ms IS NULL"),
                      {clusterKey}, QStringLiteral("cannot read the active leases of %1").arg(clusterKey));
    if (!rows)
        return rows.error();
    return leasesFrom(*rows.value());
}

Result<std::vector<DeploymentLeaseTotals>> HistoryStore::leaseTotals(const QString &clusterKey, const TimeRange &read,
                                                                     const std::vector<TimeRange> &periods,
                                                                     const DeploymentLeaseVisitor &visit)
{
    if (auto opened = open(); !opened)
        return opened.error();
    const qint64 from = lowerBound(read.fromUtc);
    const qint64 to = upperBound(read.toUtc);
    std::vector<DeploymentLeaseTotals> totals;
    if (to <= from)
        return totals;
    // The rows as leases() selects them (through the end index and the active one), in no order: sorting half a
    // million rows costs SQLite five times what reading them does, so each is summed into its deployment's builder
    // as it comes (by start within a deployment once all are in).
    const QString columns = QStringLiteral("app, deployment, accelerator, gpus, cpus, start_ms, end_ms"
                                           " FROM history_leases WHERE cluster_key = ?");
    auto rows = openRowCursor(
        m_store.database(),
        QStringLiteral(
            "SELECT %1 AND end_ms > ? AND start_ms < ? UNION ALL SELECT %1 AND end_ms IS NULL AND start_ms < ?")
            .arg(columns),
        {clusterKey, from, to, clusterKey, to}, QStringLiteral("cannot read the leases of %1").arg(clusterKey));
    if (!rows)
        return rows.error();
    RowCursor &row = *rows.value();
    // Hashed, not a map: consecutive rows are mostly of different deployments. Keyed by the names' UTF-8 bytes as
    // SQLite holds them, so a row makes no QString unless its deployment or accelerator is new.
    std::vector<LeaseTotalsBuilder> builders;
    std::unordered_map<std::string, size_t> builderOf; // "app\0deployment"
    std::string key;
    SharedTexts accelerators;
    while (row.next()) {
        const QByteArrayView app = row.text(0);
        const QByteArrayView deployment = row.text(1);
        key.assign(app.data(), size_t(app.size()));
        key.push_back('\0');
        key.append(deployment.data(), size_t(deployment.size()));
        auto [found, added] = builderOf.try_emplace(key, builders.size());
        if (added)
            builders.emplace_back(QString::fromUtf8(app), QString::fromUtf8(deployment), periods);
        builders[found->second].add(accelerators.of(row.text(2)), row.real(3), row.real(4), row.integer(5),
                                    row.isNull(6) ? std::nullopt : std::optional<qint64>(row.integer(6)));
    }
    if (auto read = row.finished(); !read)
        return read.error();
    std::vector<size_t> order(builders.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return std::tie(builders[a].app(), builders[a].deployment()) <
               std::tie(builders[b].app(), builders[b].deployment());
    });
    totals.reserve(builders.size());
    for (size_t i : order) {
        totals.push_back(builders[i].finish());
        if (visit)
            visit(totals.back(), builders[i].leases());
    }
    return totals;
}

Result<double> HistoryStore::capacityGpuHours(const QString &clusterKey, const QDateTime &fromUtc,
                                              const QDateTime &toUtc)
{
    auto recorded = recordedUsage(clusterKey, fromUtc, toUtc);
    if (!recorded)
        return recorded.error();
    return recorded->capacityGpuHours;
}

qint64 usageBucketMs(qint64 fromMs, qint64 toMs, int maxPoints)
{
    // No chart has a million pixels across; the cap keeps a careless maxPoints from allocating gigabytes.
    const qint64 points = std::clamp(maxPoints, 1, 1'000'000);
    return std::max<qint64>(1, (toMs - fromMs + points - 1) / points);
}

Result<RecordedUsage> HistoryStore::recordedUsage(const QString &clusterKey, const QDateTime &fromUtc,
                                                  const QDateTime &toUtc)
{
    auto recorded = recordedUsage(clusterKey, std::vector<TimeRange>{TimeRange{fromUtc, toUtc}});
    if (!recorded)
        return recorded.error();
    return std::move(recorded->front());
}

Result<std::vector<RecordedUsage>> HistoryStore::recordedUsage(const QString &clusterKey,
                                                               const std::vector<TimeRange> &periods)
{
    auto read = readUsage(clusterKey, std::nullopt, periods);
    if (!read)
        return read.error();
    return std::move(read->periods);
}

Result<std::vector<UsageSeries>> HistoryStore::usage(const QString &clusterKey, const UsageQuery &query)
{
    auto read = readUsage(clusterKey, query, {});
    if (!read)
        return read.error();
    return std::move(read->series);
}

Result<UsageReading> HistoryStore::usageAndRecorded(const QString &clusterKey, const UsageQuery &query,
                                                    const std::vector<TimeRange> &periods)
{
    return readUsage(clusterKey, query, periods);
}

namespace {

// What one read of a cluster's segments holds: those that may overlap [fromMs, toMs), and their series' names.
struct SegmentsRead {
    std::vector<Segment> segments;
    QHash<qint64, QString> names;
    qint64 capacityId = -1;
};

// Over each of `bounds`: the time with history, the capacity (total and by type) and what each deployment held.
std::vector<RecordedUsage> integrateOverPeriods(const SegmentsRead &read,
                                                const std::vector<std::pair<qint64, qint64>> &bounds)
{
    const QString typedPrefix = capacityName(QString());
    std::vector<RecordedUsage> recorded(bounds.size());
    for (size_t p = 0; p < bounds.size(); ++p) {
        const auto [from, to] = bounds[p];
        std::unordered_map<qint64, double> valueMs; // series -> integral over [from, to)
        double recordedMs = 0;
        for (const Segment &segment : read.segments) {
            const qint64 overlap = std::min(segment.endMs, to) - std::max(segment.startMs, from);
            if (overlap <= 0)
                continue;
            valueMs[segment.seriesId] += segment.value * double(overlap);
            if (segment.seriesId == read.capacityId)
                recordedMs += double(overlap); // capacity has a segment whenever something recorded
        }
        RecordedUsage &period = recorded[p];
        period.heldGpuHours.emplace();
        period.recordedHours = recordedMs / double(kHourMs);
        for (const auto &[seriesId, integral] : valueMs) {
            const QString name = read.names.value(seriesId);
            const double gpuHours = integral / double(kHourMs);
            if (seriesId == read.capacityId)
                period.capacityGpuHours = gpuHours;
            else if (isTypedCapacityName(name))
                period.capacityByAccelerator[name.mid(typedPrefix.size())] = gpuHours;
            else
                (*period.heldGpuHours)[name] = gpuHours;
        }
    }
    return recorded;
}

// The chart's series over [from, to) in buckets of `width`: the top N deployments by GPU-hours in the range, the
// rest as "other", then capacity. Segments of a wider read that lie outside the range count for nothing.
std::vector<UsageSeries> bucketSeries(const SegmentsRead &read, qint64 from, qint64 to, qint64 width, int topN)
{
    auto inRange = [&](const Segment &segment) { return segment.endMs > from && segment.startMs < to; };
    // Rank the deployments by GPU-hours in the range; the top N get their own series, the rest one "other".
    std::unordered_map<qint64, double> gpuMs;
    for (const Segment &segment : read.segments) {
        if (!inRange(segment) || segment.seriesId == read.capacityId ||
            isTypedCapacityName(read.names.value(segment.seriesId)))
            continue;
        gpuMs[segment.seriesId] +=
            segment.value * double(std::max<qint64>(0, std::min(segment.endMs, to) - std::max(segment.startMs, from)));
    }
    std::vector<std::pair<qint64, double>> ranked(gpuMs.begin(), gpuMs.end());
    std::sort(ranked.begin(), ranked.end(), [&](const auto &a, const auto &b) {
        return a.second != b.second ? a.second > b.second : read.names.value(a.first) < read.names.value(b.first);
    });
    const size_t top = std::min(ranked.size(), size_t(std::max(0, topN)));
    const bool hasOther = ranked.size() > top;
    std::unordered_map<qint64, size_t> slotOf; // series -> index into sums; "other", capacity, coverage follow
    for (size_t i = 0; i < ranked.size(); ++i)
        slotOf.emplace(ranked[i].first, std::min(i, top));
    const size_t capacitySlot = top + 1;
    const size_t coverageSlot = top + 2;
    std::vector<BucketSums> sums(top + 3, BucketSums(from, to, width));
    for (const Segment &segment : read.segments) {
        if (segment.seriesId == read.capacityId) {
            sums[capacitySlot].add(segment.startMs, segment.endMs, segment.value);
            sums[coverageSlot].add(segment.startMs, segment.endMs, 1.0);
        } else if (const auto slot = slotOf.find(segment.seriesId); slot != slotOf.end()) {
            sums[slot->second].add(segment.startMs, segment.endMs, segment.value);
        }
    }

    // Each point is its bucket's average over the part with history; buckets without any history have no point
    // (a gap in the chart, not zeros), the same buckets in every series so they stack.
    const std::vector<double> coverage = sums[coverageSlot].sums();
    auto series = [&](const QString &name, size_t slot) {
        const std::vector<double> integrals = sums[slot].sums();
        UsageSeries out{name, {}};
        for (size_t i = 0; i < coverage.size(); ++i) {
            if (coverage[i] > 0)
                out.points.push_back(UsagePoint{from + qint64(i) * width, integrals[i] / coverage[i]});
        }
        return out;
    };
    std::vector<UsageSeries> result;
    for (size_t i = 0; i < top; ++i)
        result.push_back(series(read.names.value(ranked[i].first), i));
    if (hasOther)
        result.push_back(series(QStringLiteral("other"), top));
    result.push_back(series(capacityName(), capacitySlot));
    return result;
}

} // namespace

Result<UsageReading> HistoryStore::readUsage(const QString &clusterKey, const std::optional<UsageQuery> &query,
                                             const std::vector<TimeRange> &periods)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlDatabase db = m_store.database();
    StoreTransaction transaction(db); // one consistent view of last_ms and the segments
    if (!transaction.begin(false))
        return storageError(QStringLiteral("cannot read the history of %1").arg(clusterKey), transaction.error());
    auto cluster = readCluster(db, clusterKey);
    if (!cluster)
        return cluster.error();
    UsageReading reading;
    reading.periods.resize(periods.size());
    for (RecordedUsage &period : reading.periods)
        period.heldGpuHours.emplace();
    const UsageSeries noPoints{capacityName(), {}};
    if (query)
        reading.series.push_back(noPoints); // unless the history has some
    if (!cluster.value())
        return reading;

    // The segments are read once, over the range that holds the chart's and every period's: a month, the 30 days
    // before now and last week are mostly the same segments.
    std::vector<std::pair<qint64, qint64>> bounds;
    qint64 first = kNoUpperBound;
    qint64 last = kNoLowerBound;
    for (const TimeRange &period : periods) {
        bounds.emplace_back(lowerBound(period.fromUtc), upperBound(period.toUtc));
        first = std::min(first, bounds.back().first);
        last = std::max(last, bounds.back().second);
    }
    // The chart's range: an invalid bound means the first (last) snapshot.
    const qint64 chartFrom =
        query && query->fromUtc.isValid() ? query->fromUtc.toMSecsSinceEpoch() : cluster.value()->firstMs;
    const qint64 chartTo = query && query->toUtc.isValid() ? query->toUtc.toMSecsSinceEpoch() : cluster.value()->lastMs;
    const bool chart = query && chartTo > chartFrom;
    if (chart) {
        first = std::min(first, chartFrom);
        last = std::max(last, chartTo);
    }
    if (bounds.empty() && !chart)
        return reading;

    SegmentsRead read;
    auto segments = overlappingSegments(db, *cluster.value(), first, last);
    if (!segments)
        return segments.error();
    read.segments = std::move(segments).value();
    auto seriesNames = namesOfSeries(db, *cluster.value());
    if (!seriesNames)
        return seriesNames.error();
    read.names = std::move(seriesNames).value();
    read.capacityId = read.names.key(capacityName(), -1);

    reading.periods = integrateOverPeriods(read, bounds);
    if (chart)
        reading.series =
            bucketSeries(read, chartFrom, chartTo, usageBucketMs(chartFrom, chartTo, query->maxPoints), query->topN);
    return reading;
}

Result<std::optional<QDateTime>> HistoryStore::firstRecord(const QString &clusterKey)
{
    return recordedEnd(clusterKey, false);
}

Result<std::optional<QDateTime>> HistoryStore::lastRecord(const QString &clusterKey)
{
    return recordedEnd(clusterKey, true);
}

Result<std::optional<QDateTime>> HistoryStore::recordedEnd(const QString &clusterKey, bool last)
{
    if (auto opened = open(); !opened)
        return opened.error();
    auto cluster = readCluster(m_store.database(), clusterKey);
    if (!cluster)
        return cluster.error();
    if (!cluster.value())
        return std::optional<QDateTime>();
    return std::optional<QDateTime>(
        QDateTime::fromMSecsSinceEpoch(last ? cluster.value()->lastMs : cluster.value()->firstMs, Qt::UTC));
}

} // namespace scaledeck
