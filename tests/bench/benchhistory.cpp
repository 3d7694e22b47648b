// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "benchhistory.h"

#include "historystore.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <cmath>
#include <limits>
#include <optional>
#include <queue>

namespace scaledeck::bench {

namespace {
constexpr qint64 kNever = std::numeric_limits<qint64>::max();
constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kChurnMeanMs = 6 * 3'600'000LL;

// splitmix64: a whole generator in 8 bytes, so 10,000 deployments can each have their own.
quint64 nextRandom(quint64 &state)
{
    quint64 z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// The minutes of the day (before the deployment's offset) at which a scheduled deployment changes.
constexpr int kScheduleMinutes[] = {7 * 60, 12 * 60, 18 * 60, 22 * 60};
} // namespace

BenchFleet::BenchFleet(const BenchFleetOptions &options) : m_options(options)
{
    quint64 random = options.seed;
    const double perReplica[] = {0.5, 1, 1, 1, 2, 2, 4, 8};
    const int perApp = std::max(1, options.deploymentsPerApp);
    for (int i = 0; i < options.deployments; ++i) {
        if (i % perApp == 0) {
            ApplicationSnapshot app;
            app.name = QStringLiteral("app-%1").arg(i / perApp, 4, 10, QLatin1Char('0'));
            app.status = QStringLiteral("RUNNING");
            m_snapshot.applications.push_back(app);
        }
        ApplicationSnapshot &app = m_snapshot.applications.back();
        Deployment dep;
        dep.kind = i % 10 < 7 ? Kind::Steady : i % 10 < 9 ? Kind::Scheduled : Kind::Churning;
        dep.app = app.name;
        dep.name = QStringLiteral("dep-%1").arg(i % perApp);
        dep.gpusPerReplica = perReplica[nextRandom(random) % 8];
        dep.replicas = 1 + int(nextRandom(random) % 4);
        dep.low = i % 3 == 0 ? 0 : 1;
        dep.mid = 2 + int(nextRandom(random) % 2);
        dep.high = dep.mid + 1 + int(nextRandom(random) % 3);
        dep.offsetMinutes = int(nextRandom(random) % 120);
        dep.random = nextRandom(random);
        dep.nextChurnMs = options.startMs + qint64(nextRandom(random) % (6 * 3600)) * 1000;
        m_deployments.push_back(dep);
        DeploymentSnapshot snapshot;
        snapshot.name = dep.name;
        snapshot.status = QStringLiteral("HEALTHY");
        snapshot.gpusPerReplica = dep.gpusPerReplica;
        app.deployments.push_back(snapshot);
    }
}

qint64 BenchFleet::pollAtOrAfter(qint64 ms) const
{
    if (ms <= m_options.startMs)
        return m_options.startMs;
    const qint64 steps = (ms - m_options.startMs + m_options.pollMs - 1) / m_options.pollMs;
    return m_options.startMs + steps * m_options.pollMs;
}

int BenchFleet::replicasAt(const Deployment &dep, qint64 ms) const
{
    if (dep.kind == Kind::Scheduled) {
        const qint64 minuteOfDay = ((ms / kMinuteMs - dep.offsetMinutes) % 1440 + 1440) % 1440;
        if (minuteOfDay >= 7 * 60 && minuteOfDay < 12 * 60)
            return dep.high;
        if (minuteOfDay >= 12 * 60 && minuteOfDay < 18 * 60)
            return dep.mid;
        if (minuteOfDay >= 18 * 60 && minuteOfDay < 22 * 60)
            return dep.high;
        return dep.low;
    }
    if (dep.kind == Kind::Churning && ms < dep.dipUntilMs)
        return dep.replicas - 1;
    return dep.replicas;
}

int BenchFleet::plannedAt(const Deployment &dep, qint64 ms) const
{
    return dep.kind == Kind::Churning ? dep.replicas : replicasAt(dep, ms);
}

double BenchFleet::nextChurnGapMs(Deployment &dep) const
{
    // Exponential, mean 6 h; u in (0, 1].
    const double u = double((nextRandom(dep.random) >> 11) + 1) / 9007199254740992.0;
    return -std::log(u) * double(kChurnMeanMs);
}

bool BenchFleet::step(size_t i, qint64 ms, LeaseTracker::Update &update)
{
    Deployment &dep = m_deployments[i];
    if (dep.kind == Kind::Churning && ms >= dep.nextChurnMs) {
        dep.dipUntilMs = ms + 20'000;
        dep.nextChurnMs = ms + std::max<qint64>(1, qint64(nextChurnGapMs(dep)));
    }
    const int replicas = replicasAt(dep, ms);
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    while (int(dep.leases.size()) > replicas) {
        GpuLease ended = dep.leases.front();
        ended.endUtc = now;
        update.ended.push_back(ended);
        dep.leases.pop_front();
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
    // Sums of multiples of 0.5: exact in doubles, whatever the order of the steps.
    const int planned = plannedAt(dep, ms);
    m_planned += double(planned - dep.planned) * dep.gpusPerReplica;
    dep.planned = planned;
    const bool changed = replicas != dep.held;
    dep.held = replicas;
    return changed;
}

qint64 BenchFleet::nextChange(size_t i, qint64 ms) const
{
    const Deployment &dep = m_deployments[i];
    switch (dep.kind) {
    case Kind::Steady:
        return kNever;
    case Kind::Churning:
        return pollAtOrAfter(
            std::max(ms + 1, dep.dipUntilMs > ms ? std::min(dep.dipUntilMs, dep.nextChurnMs) : dep.nextChurnMs));
    case Kind::Scheduled:
        break;
    }
    const qint64 minute = ms / kMinuteMs;
    const qint64 minuteOfDay = ((minute - dep.offsetMinutes) % 1440 + 1440) % 1440;
    qint64 ahead = 1440 - minuteOfDay + kScheduleMinutes[0];
    for (int boundary : kScheduleMinutes) {
        if (boundary > minuteOfDay) {
            ahead = boundary - minuteOfDay;
            break;
        }
    }
    return pollAtOrAfter((minute + ahead) * kMinuteMs);
}

QString BenchFleet::seriesName(size_t i) const
{
    return m_deployments[i].app + QLatin1Char('/') + m_deployments[i].name;
}

double BenchFleet::gpusHeld(size_t i) const
{
    return m_deployments[i].held * m_deployments[i].gpusPerReplica;
}

double BenchFleet::replicasHeld(size_t i) const
{
    return m_deployments[i].held;
}

double BenchFleet::capacity() const
{
    // Nodes of 8 GPUs with some headroom; restarts do not move them.
    return 8 * std::ceil((m_planned + 16) / 8);
}

std::vector<GpuLease> BenchFleet::activeLeases() const
{
    std::vector<GpuLease> active;
    for (const Deployment &dep : m_deployments)
        active.insert(active.end(), dep.leases.begin(), dep.leases.end());
    return active;
}

const ClusterSnapshot &BenchFleet::poll(qint64 ms, LeaseTracker::Update &update)
{
    const int perApp = std::max(1, m_options.deploymentsPerApp);
    for (size_t i = 0; i < m_deployments.size(); ++i) {
        step(i, ms, update);
        DeploymentSnapshot &snapshot = m_snapshot.applications[i / size_t(perApp)].deployments[i % size_t(perApp)];
        snapshot.gpusHeld = gpusHeld(i);
        snapshot.runningReplicas = m_deployments[i].held;
    }
    m_snapshot.gpusTotal = capacity();
    m_snapshot.takenAt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    return m_snapshot;
}

namespace {

// Buffers rows and writes them in large transactions through statements prepared once.
class RowWriter {
public:
    explicit RowWriter(QSqlDatabase db) : m_db(std::move(db)), m_lease(m_db), m_segment(m_db)
    {
        m_lease.prepare(QStringLiteral("INSERT INTO history_leases (cluster_key, lease_key, app, deployment,"
                                       " replica_id, gpus, start_ms, end_ms, start_from_ray, cpus, accelerator)"
                                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '')"));
        m_segment.prepare(QStringLiteral("INSERT INTO history_segments (series_id, start_ms, end_ms, value, replicas,"
                                         " tier, cluster_id) VALUES (?, ?, ?, ?, ?, 0, ?)"));
    }
    bool lease(const QString &clusterKey, const GpuLease &lease)
    {
        const QVariant end = lease.endUtc.isValid() ? QVariant(lease.endUtc.toMSecsSinceEpoch())
                                                    : QVariant(QMetaType::fromType<qint64>());
        return exec(m_lease, {clusterKey, lease.key(), lease.app, lease.deployment, lease.replicaId, lease.gpus,
                              lease.startUtc.toMSecsSinceEpoch(), end});
    }
    bool segment(qint64 seriesId, qint64 startMs, std::optional<qint64> endMs, double value, double replicas,
                 qint64 clusterId)
    {
        const QVariant end = endMs ? QVariant(*endMs) : QVariant(QMetaType::fromType<qint64>());
        return exec(m_segment, {seriesId, startMs, end, value, replicas, clusterId});
    }
    QString error() const { return m_error; }

private:
    bool exec(QSqlQuery &query, std::initializer_list<QVariant> values)
    {
        int i = 0;
        for (const QVariant &value : values)
            query.bindValue(i++, value);
        if (query.exec())
            return ++m_pending < kRowsPerTransaction || flush();
        m_error = query.lastError().text();
        return false;
    }
    bool flush()
    {
        m_pending = 0;
        if (m_db.commit() && m_db.transaction())
            return true;
        m_error = m_db.lastError().text();
        return false;
    }
    static constexpr int kRowsPerTransaction = 200'000;
    QSqlDatabase m_db;
    QSqlQuery m_lease;
    QSqlQuery m_segment;
    int m_pending = 0;
    QString m_error;
};

struct OpenSegment {
    qint64 seriesId = -1; // -1: the series has no row yet
    qint64 startMs = 0;
    double value = 0;
    double replicas = 0;
    bool open = false;
};

RayError generatorError(const QString &what)
{
    return makeError(RayErrorKind::Storage, QStringLiteral("cannot generate bench history: %1").arg(what));
}

// The generation proper, on an open connection in a transaction.
Result<GeneratedHistory> writeHistory(QSqlDatabase &db, const QString &clusterKey, BenchFleet &fleet, qint64 lastMs)
{
    GeneratedHistory generated;
    const qint64 startMs = fleet.options().startMs;
    generated.polls = (lastMs - startMs) / fleet.options().pollMs + 1;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO history_clusters (cluster_key, first_ms, last_ms) VALUES (?, ?, ?)"));
    query.addBindValue(clusterKey);
    query.addBindValue(startMs);
    query.addBindValue(lastMs);
    if (!query.exec())
        return generatorError(query.lastError().text());
    const qint64 clusterId = query.lastInsertId().toLongLong();
    QSqlQuery series(db);
    series.prepare(QStringLiteral("INSERT INTO history_series (cluster_id, name) VALUES (?, ?)"));
    auto seriesId = [&](const QString &name) -> qint64 {
        series.bindValue(0, clusterId);
        series.bindValue(1, name);
        return series.exec() ? series.lastInsertId().toLongLong() : -1;
    };

    RowWriter writer(db);
    // What record() does with one series at one poll: an unchanged value goes on, a changed one ends the open
    // segment here and opens the next (none while a deployment holds nothing).
    auto sample = [&](OpenSegment &open, const QString &name, qint64 at, double value, double replicas, bool keepZero) {
        if (open.open && open.value == value && open.replicas == replicas)
            return true;
        if (open.open) {
            if (!writer.segment(open.seriesId, open.startMs, at, open.value, open.replicas, clusterId))
                return false;
            ++generated.segments;
            open.open = false;
        }
        if (value <= 0 && !keepZero)
            return true;
        if (open.seriesId < 0 && (open.seriesId = seriesId(name)) < 0)
            return false;
        open = OpenSegment{open.seriesId, at, value, replicas, true};
        return true;
    };
    auto writeEnded = [&](const LeaseTracker::Update &update) {
        for (const GpuLease &lease : update.ended) {
            if (!writer.lease(clusterKey, lease))
                return false;
            ++generated.leases;
        }
        return true;
    };

    std::vector<OpenSegment> segments(fleet.size());
    OpenSegment capacity;
    using Event = std::pair<qint64, size_t>;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> events;
    {
        LeaseTracker::Update update;
        for (size_t i = 0; i < fleet.size(); ++i) {
            fleet.step(i, startMs, update);
            if (!sample(segments[i], fleet.seriesName(i), startMs, fleet.gpusHeld(i), fleet.replicasHeld(i), false))
                return generatorError(writer.error() + series.lastError().text());
            events.emplace(fleet.nextChange(i, startMs), i);
        }
        if (!sample(capacity, QStringLiteral("capacity"), startMs, fleet.capacity(), 0, true) || !writeEnded(update))
            return generatorError(writer.error() + series.lastError().text());
    }
    while (!events.empty() && events.top().first <= lastMs) {
        const qint64 at = events.top().first;
        LeaseTracker::Update update;
        while (!events.empty() && events.top().first == at) {
            const size_t i = events.top().second;
            events.pop();
            if (fleet.step(i, at, update) &&
                !sample(segments[i], fleet.seriesName(i), at, fleet.gpusHeld(i), fleet.replicasHeld(i), false))
                return generatorError(writer.error() + series.lastError().text());
            events.emplace(fleet.nextChange(i, at), i);
        }
        if (!sample(capacity, QStringLiteral("capacity"), at, fleet.capacity(), 0, true) || !writeEnded(update))
            return generatorError(writer.error() + series.lastError().text());
    }
    // The fleet as the last poll saw it: every deployment at lastMs (nothing changes between events).
    for (const GpuLease &lease : fleet.activeLeases()) {
        if (!writer.lease(clusterKey, lease))
            return generatorError(writer.error());
        ++generated.leases;
    }
    segments.push_back(capacity);
    for (const OpenSegment &open : segments) {
        if (!open.open)
            continue;
        if (!writer.segment(open.seriesId, open.startMs, std::nullopt, open.value, open.replicas, clusterId))
            return generatorError(writer.error());
        ++generated.segments;
    }
    return generated;
}
} // namespace

Result<GeneratedHistory> generateBenchHistory(const QString &databasePath, const QString &clusterKey, BenchFleet &fleet,
                                              qint64 endMs)
{
    QElapsedTimer timer;
    timer.start();
    {
        HistoryStore store(databasePath); // the schema, as the store makes it
        if (auto opened = store.open(); !opened)
            return opened.error();
        auto last = store.lastRecord(clusterKey);
        if (!last)
            return last.error();
        if (last->has_value())
            return generatorError(QStringLiteral("the store already has history of %1").arg(clusterKey));
    }
    const qint64 startMs = fleet.options().startMs;
    if (endMs < startMs)
        return generatorError(QStringLiteral("the end is before the start"));
    const qint64 lastMs = startMs + (endMs - startMs) / fleet.options().pollMs * fleet.options().pollMs;
    const QString connection = QStringLiteral("benchhistory-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Result<GeneratedHistory> result = generatorError(QStringLiteral("not run"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(databasePath);
        if (!db.open()) {
            result = generatorError(db.lastError().text());
        } else {
            QSqlQuery pragma(db);
            // A bench store: a crash while generating loses it, so the writes need not wait for the disk.
            pragma.exec(QStringLiteral("PRAGMA synchronous = OFF"));
            pragma.exec(QStringLiteral("PRAGMA cache_size = -262144"));
            if (!db.transaction()) {
                result = generatorError(db.lastError().text());
            } else {
                result = writeHistory(db, clusterKey, fleet, lastMs);
                if (result.ok() && !db.commit())
                    result = generatorError(db.lastError().text());
                if (!result.ok())
                    db.rollback();
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    if (result.ok())
        result.value().seconds = double(timer.elapsed()) / 1000;
    return result;
}

} // namespace scaledeck::bench
