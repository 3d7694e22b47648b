#include "pricestore.h"

#include "sqliteconnection.h"

#include <QThread>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace scaledeck {

PriceStore::PriceStore(const QString &databasePath, WriteGuard guard)
    : m_path(databasePath), m_connectionName(newConnectionName("prices")), m_guard(guard)
{
}

PriceStore::~PriceStore()
{
    dropConnection(m_connectionName);
}

Result<Done> PriceStore::open()
{
    if (m_open)
        return checkOpeningThread(m_openedOn, "price store");
    // Same file and settings as the other stores (see ScheduleStore::open()).
    if (auto opened = openConnection(m_path, m_connectionName, Durability::Full,
                                     {"CREATE TABLE IF NOT EXISTS prices ("
                                      " cluster_key TEXT NOT NULL PRIMARY KEY, currency TEXT NOT NULL, gpu_hour REAL NOT NULL,"
                                      " cpu_hour REAL)",
                                      "CREATE TABLE IF NOT EXISTS accelerator_prices ("
                                      " cluster_key TEXT NOT NULL, accelerator TEXT NOT NULL, gpu_hour REAL NOT NULL,"
                                      " PRIMARY KEY (cluster_key, accelerator))",
                                      "CREATE TABLE IF NOT EXISTS always_on_counts ("
                                      " cluster_key TEXT NOT NULL, target TEXT NOT NULL, replicas INTEGER NOT NULL,"
                                      " PRIMARY KEY (cluster_key, target))"});
        !opened)
        return opened;
    m_open = true;
    m_openedOn = QThread::currentThread();
    return Done{};
}

Result<PriceList> PriceStore::prices(const QString &clusterKey)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    PriceList list;
    if (!runQuery(query, QStringLiteral("SELECT currency, gpu_hour, cpu_hour FROM prices WHERE cluster_key = ?"), {clusterKey}))
        return storageError(QStringLiteral("cannot read the prices"), query.lastError());
    if (query.next()) {
        list.currency = query.value(0).toString();
        list.gpuHour = query.value(1).toDouble();
        if (!query.value(2).isNull())
            list.cpuHour = query.value(2).toDouble();
    }
    if (!runQuery(query, QStringLiteral("SELECT accelerator, gpu_hour FROM accelerator_prices WHERE cluster_key = ?"),
             {clusterKey}))
        return storageError(QStringLiteral("cannot read the prices"), query.lastError());
    while (query.next())
        list.gpuHourByAccelerator[query.value(0).toString()] = query.value(1).toDouble();
    return list;
}

Result<Done> PriceStore::setPrices(const QString &clusterKey, const PriceList &prices)
{
    if (auto allowed = m_guard.check(QStringLiteral("the prices of %1 were not saved").arg(clusterKey)); !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    const QString failed = QStringLiteral("cannot save the prices");
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    SqliteTransaction transaction(db);  // all or nothing: the default and the per-type rows
    if (!transaction.begin(true))
        return storageError(failed, transaction.error());
    QSqlQuery query(db);
    if (!runQuery(query,
             QStringLiteral("INSERT OR REPLACE INTO prices (cluster_key, currency, gpu_hour, cpu_hour) VALUES (?, ?, ?, ?)"),
             {clusterKey, prices.currency.isNull() ? QStringLiteral("") : prices.currency, prices.gpuHour,
              prices.cpuHour ? QVariant(*prices.cpuHour) : QVariant(QMetaType::fromType<double>())}) ||
        !runQuery(query, QStringLiteral("DELETE FROM accelerator_prices WHERE cluster_key = ?"), {clusterKey}))
        return storageError(failed, query.lastError());
    for (const auto &[accelerator, gpuHour] : prices.gpuHourByAccelerator) {
        if (!runQuery(query,
                 QStringLiteral("INSERT INTO accelerator_prices (cluster_key, accelerator, gpu_hour) VALUES (?, ?, ?)"),
                 {clusterKey, accelerator, gpuHour}))
            return storageError(failed, query.lastError());
    }
    if (!transaction.commit())
        return storageError(failed, transaction.error());
    return Done{};
}

Result<std::map<QString, int>> PriceStore::alwaysOnCounts(const QString &clusterKey)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!runQuery(query, QStringLiteral("SELECT target, replicas FROM always_on_counts WHERE cluster_key = ?"), {clusterKey}))
        return storageError(QStringLiteral("cannot read the always-on counts"), query.lastError());
    std::map<QString, int> counts;
    while (query.next())
        counts[query.value(0).toString()] = query.value(1).toInt();
    return counts;
}

Result<Done> PriceStore::setAlwaysOnCount(const QString &clusterKey, const QString &target, std::optional<int> replicas)
{
    if (auto allowed = m_guard.check(QStringLiteral("the always-on count of %1 was not %2").arg(target, replicas ? QStringLiteral("saved") : QStringLiteral("removed"))); !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    const bool ok = replicas ? runQuery(query,
                                   QStringLiteral("INSERT OR REPLACE INTO always_on_counts (cluster_key, target, replicas)"
                                                  " VALUES (?, ?, ?)"),
                                   {clusterKey, target, *replicas})
                             : runQuery(query, QStringLiteral("DELETE FROM always_on_counts WHERE cluster_key = ? AND target = ?"),
                                   {clusterKey, target});
    if (!ok)
        return storageError(QStringLiteral("cannot save the always-on count of %1").arg(target), query.lastError());
    return Done{};
}

} // namespace scaledeck
