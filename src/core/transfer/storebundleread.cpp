// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Reading a whole store for one cluster into a StoreBundle. The store is only read: an SQLite file is opened
// read-only on a connection of this reader's own, and a table the store does not have (a store that never
// recorded history) reads as empty.
#include "storebundle.h"

#include "sqliteconnection.h"
#include "storeconnection.h"
#include "storelocation.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

#include <algorithm>
#include <memory>

namespace scaledeck {

namespace {

// The tables whose rows a bundle carries; a database with none of them is no ScaleDeck store.
const char *const kBundleTables[] = {"schedules",        "overrides",        "audit",
                                     "parked_apps",      "prices",           "accelerator_prices",
                                     "always_on_counts", "history_clusters", "history_leases"};

// The store's database, opened for reading: an SQLite file read-only on a connection of its own, a PostgreSQL
// store through a StoreConnection (no schema: nothing is created).
class SourceDatabase {
public:
    explicit SourceDatabase(const QString &store) : m_store(store) {}
    ~SourceDatabase()
    {
        m_db = QSqlDatabase(); // no handle left when the connection is removed
        m_postgres.reset();
        if (!m_sqliteName.isEmpty())
            dropConnection(m_sqliteName);
    }
    SourceDatabase(const SourceDatabase &) = delete;
    SourceDatabase &operator=(const SourceDatabase &) = delete;

    Result<Done> open()
    {
        if (isPostgresUrl(m_store)) {
            m_postgres = std::make_unique<StoreConnection>(m_store, "bundle", "store reader", Durability::Full,
                                                           std::vector<const char *>{}, WriteGuard(true));
            if (auto opened = m_postgres->open(); !opened)
                return opened;
            m_db = m_postgres->database();
        } else if (auto opened = openSqlite(); !opened) {
            return opened;
        }
        const QStringList tables = m_db.tables();
        for (const char *table : kBundleTables) {
            if (tables.contains(QLatin1String(table)))
                m_tables.insert(QLatin1String(table));
        }
        if (m_tables.isEmpty())
            return bad(QStringLiteral("is a database, but not a ScaleDeck store: it has none of ScaleDeck's tables "
                                      "(schedules, parked_apps, prices, history_leases, ...)"));
        return Done{};
    }

    QSqlDatabase database() const { return m_db; }
    bool has(const char *table) const { return m_tables.contains(QLatin1String(table)); }
    bool hasColumn(const char *table, const char *column) const
    {
        return m_db.record(QLatin1String(table)).contains(QLatin1String(column));
    }
    RayError error(const QString &what, const QSqlError &sqlError) const
    {
        return storageError(QStringLiteral("%1 %2").arg(what, displayStore(m_store)), sqlError);
    }

private:
    RayError bad(const QString &why) const
    {
        return RayError{RayErrorKind::BadSetting, 0, QStringLiteral("%1 %2").arg(displayStore(m_store), why)};
    }

    Result<Done> openSqlite()
    {
        const QFileInfo file(m_store);
        if (!file.exists())
            return bad(QStringLiteral("does not exist"));
        if (!file.isFile())
            return bad(QStringLiteral("is not a file"));
        QFile reader(m_store);
        if (!reader.open(QIODevice::ReadOnly))
            return bad(QStringLiteral("cannot be read: %1").arg(reader.errorString()));
        const QByteArray header = reader.read(16);
        if (header.isEmpty())
            return bad(QStringLiteral("is empty, not a ScaleDeck store"));
        if (header != QByteArrayView("SQLite format 3\0", 16))
            return bad(QStringLiteral("is not a ScaleDeck store: not an SQLite database"));
        m_sqliteName = newConnectionName("bundle");
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_sqliteName);
        m_db.setDatabaseName(m_store);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!m_db.open())
            return storageError(QStringLiteral("cannot open %1").arg(m_store), m_db.lastError());
        return Done{};
    }

    QString m_store;
    QString m_sqliteName;
    std::unique_ptr<StoreConnection> m_postgres;
    QSqlDatabase m_db;
    QSet<QString> m_tables;
};

std::optional<qint64> msFrom(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

// Runs `sql` with `values` and hands each row to `row`; an error names the store.
template <typename Row>
Result<Done> readRows(const SourceDatabase &source, const QString &sql, std::initializer_list<QVariant> values, Row row)
{
    QSqlQuery query(source.database());
    if (!runQuery(query, sql, values))
        return source.error(QStringLiteral("cannot read"), query.lastError());
    while (query.next())
        row(query);
    return Done{};
}

Result<Done> readSchedules(const SourceDatabase &source, const QString &cluster, StoreBundle &bundle)
{
    if (source.has("schedules")) {
        auto read =
            readRows(source,
                     QStringLiteral("SELECT target, text, updated_utc FROM schedules WHERE cluster_key = ?"
                                    " ORDER BY target"),
                     {cluster}, [&](const QSqlQuery &q) {
                         bundle.schedules.push_back({q.value(0).toString(), q.value(1).toString(), msFrom(q.value(2))});
                     });
        if (!read)
            return read;
    }
    if (source.has("overrides")) {
        auto read = readRows(source,
                             QStringLiteral("SELECT target, replicas, until_utc, created_utc, created_by, note"
                                            " FROM overrides WHERE cluster_key = ? ORDER BY target"),
                             {cluster}, [&](const QSqlQuery &q) {
                                 bundle.overrides.push_back({q.value(0).toString(), q.value(1).toInt(),
                                                             q.value(2).toLongLong(), q.value(3).toLongLong(),
                                                             q.value(4).toString(), q.value(5).toString()});
                             });
        if (!read)
            return read;
    }
    if (source.has("audit")) {
        auto read =
            readRows(source,
                     QStringLiteral("SELECT at_utc, target, cause, before, after, result, detail, holder"
                                    " FROM audit WHERE cluster_key = ? ORDER BY at_utc, id"),
                     {cluster}, [&](const QSqlQuery &q) {
                         bundle.audit.push_back({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                                                 q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                                                 q.value(6).toString(), q.value(7).toString()});
                     });
        if (!read)
            return read;
    }
    return Done{};
}

Result<Done> readParkedAndPrices(const SourceDatabase &source, const QString &cluster, StoreBundle &bundle)
{
    if (source.has("parked_apps")) {
        auto read = readRows(
            source,
            QStringLiteral("SELECT app, config, summary, parked_at FROM parked_apps WHERE cluster = ? ORDER BY app"),
            {cluster}, [&](const QSqlQuery &q) {
                bundle.parked.push_back(
                    {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
            });
        if (!read)
            return read;
    }
    if (source.has("prices")) {
        auto read =
            readRows(source, QStringLiteral("SELECT currency, gpu_hour, cpu_hour FROM prices WHERE cluster_key = ?"),
                     {cluster}, [&](const QSqlQuery &q) {
                         bundle.prices = BundlePrices{
                             q.value(0).toString(),
                             q.value(1).toDouble(),
                             q.value(2).isNull() ? std::nullopt : std::optional<double>(q.value(2).toDouble()),
                             {}};
                     });
        if (!read)
            return read;
    }
    if (bundle.prices && source.has("accelerator_prices")) {
        auto read = readRows(
            source, QStringLiteral("SELECT accelerator, gpu_hour FROM accelerator_prices WHERE cluster_key = ?"),
            {cluster}, [&](const QSqlQuery &q) {
                bundle.prices->gpuHourByAccelerator[q.value(0).toString()] = q.value(1).toDouble();
            });
        if (!read)
            return read;
    }
    if (source.has("always_on_counts")) {
        auto read = readRows(
            source, QStringLiteral("SELECT target, replicas FROM always_on_counts WHERE cluster_key = ?"), {cluster},
            [&](const QSqlQuery &q) { bundle.alwaysOn[q.value(0).toString()] = q.value(1).toInt(); });
        if (!read)
            return read;
    }
    return Done{};
}

Result<Done> readHistory(const SourceDatabase &source, const QString &cluster, StoreBundle &bundle)
{
    if (source.has("history_clusters")) {
        qint64 clusterId = -1;
        auto read = readRows(source,
                             QStringLiteral("SELECT id, first_ms, last_ms, minute_mark_ms FROM history_clusters"
                                            " WHERE cluster_key = ?"),
                             {cluster}, [&](const QSqlQuery &q) {
                                 clusterId = q.value(0).toLongLong();
                                 bundle.historyRange = BundleHistoryRange{q.value(1).toLongLong(),
                                                                          q.value(2).toLongLong(), msFrom(q.value(3))};
                             });
        if (!read)
            return read;
        if (bundle.historyRange) {
            const qint64 last = bundle.historyRange->lastMs;
            read = readRows(source,
                            QStringLiteral("SELECT s.name, g.start_ms, g.end_ms, g.value, g.replicas, g.tier"
                                           " FROM history_segments g JOIN history_series s ON s.id = g.series_id"
                                           " WHERE s.cluster_id = ? ORDER BY s.name, g.start_ms"),
                            {clusterId}, [&](const QSqlQuery &q) {
                                const qint64 start = q.value(1).toLongLong();
                                const qint64 end = q.value(2).isNull() ? last : q.value(2).toLongLong();
                                if (end > start) // an open segment begun at the last snapshot holds no time yet
                                    bundle.segments.push_back({q.value(0).toString(), start, end, q.value(3).toDouble(),
                                                               q.value(4).toDouble(), q.value(5).toInt()});
                            });
            if (!read)
                return read;
        }
    }
    if (source.has("history_leases")) {
        // Stores older than the CPU and accelerator columns read as their upgrade would: 0 CPUs, untyped.
        const QString cpus = source.hasColumn("history_leases", "cpus") ? QStringLiteral("cpus") : QStringLiteral("0");
        const QString accelerator =
            source.hasColumn("history_leases", "accelerator") ? QStringLiteral("accelerator") : QStringLiteral("''");
        const bool closeActive = bundle.historyRange.has_value();
        const qint64 last = closeActive ? bundle.historyRange->lastMs : 0;
        auto read = readRows(
            source,
            QStringLiteral("SELECT lease_key, app, deployment, replica_id, gpus, start_ms, end_ms, start_from_ray,"
                           " %1, %2 FROM history_leases WHERE cluster_key = ? ORDER BY start_ms, lease_key")
                .arg(cpus, accelerator),
            {cluster}, [&](const QSqlQuery &q) {
                BundleLease lease{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                  q.value(3).toString(), q.value(4).toDouble(), q.value(5).toLongLong(),
                                  msFrom(q.value(6)),    q.value(7).toBool(),   q.value(8).toDouble(),
                                  q.value(9).toString()};
                if (!lease.endMs && closeActive)
                    lease.endMs = std::max(last, lease.startMs);
                bundle.leases.push_back(std::move(lease));
            });
        if (!read)
            return read;
    }
    return Done{};
}

} // namespace

Result<QStringList> storeClusters(const QString &store)
{
    SourceDatabase source(store);
    if (auto opened = source.open(); !opened)
        return opened.error();
    const std::pair<const char *, const char *> keyed[] = {
        {"schedules", "cluster_key"},        {"overrides", "cluster_key"},     {"audit", "cluster_key"},
        {"parked_apps", "cluster"},          {"prices", "cluster_key"},        {"always_on_counts", "cluster_key"},
        {"history_clusters", "cluster_key"}, {"history_leases", "cluster_key"}};
    QStringList clusters;
    for (const auto &[table, column] : keyed) {
        if (!source.has(table))
            continue;
        auto read = readRows(
            source, QStringLiteral("SELECT DISTINCT %1 FROM %2").arg(QLatin1String(column), QLatin1String(table)), {},
            [&](const QSqlQuery &q) {
                if (!clusters.contains(q.value(0).toString()))
                    clusters.append(q.value(0).toString());
            });
        if (!read)
            return read.error();
    }
    clusters.sort();
    return clusters;
}

Result<StoreBundle> readStoreBundle(const QString &store, const QString &clusterKey)
{
    SourceDatabase source(store);
    if (auto opened = source.open(); !opened)
        return opened.error();
    QSqlDatabase db = source.database();
    StoreTransaction transaction(db); // one view of every table, however long the read
    if (!transaction.begin(false))
        return source.error(QStringLiteral("cannot read"), transaction.error());
    StoreBundle bundle;
    bundle.cluster = clusterKey;
    for (auto read : {readSchedules, readParkedAndPrices, readHistory}) {
        if (auto done = read(source, clusterKey, bundle); !done)
            return done.error();
    }
    return bundle;
}

} // namespace scaledeck
