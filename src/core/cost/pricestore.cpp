// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "pricestore.h"

#include "storedialect.h"

#include "sqliteconnection.h"

#include <QThread>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace scaledeck {

PriceStore::PriceStore(const QString &databasePath, WriteGuard guard)
    // Same file and settings as the other stores (see ScheduleStore's constructor).
    : m_store(databasePath, "prices", "price store", Durability::Full,
              {"CREATE TABLE IF NOT EXISTS prices ("
               " cluster_key TEXT NOT NULL PRIMARY KEY, currency TEXT NOT NULL, gpu_hour REAL NOT NULL,"
               " cpu_hour REAL)",
               "CREATE TABLE IF NOT EXISTS accelerator_prices ("
               " cluster_key TEXT NOT NULL, accelerator TEXT NOT NULL, gpu_hour REAL NOT NULL,"
               " PRIMARY KEY (cluster_key, accelerator))",
               "CREATE TABLE IF NOT EXISTS always_on_counts ("
               " cluster_key TEXT NOT NULL, target TEXT NOT NULL, replicas INTEGER NOT NULL,"
               " PRIMARY KEY (cluster_key, target))"},
              guard)
{
}

PriceStore::~PriceStore() = default;

Result<Done> PriceStore::open()
{
    return m_store.open();
}

Result<PriceList> PriceStore::prices(const QString &clusterKey)
{
    const QString failed = QStringLiteral("cannot read the prices");
    auto defaults = m_store.run(QStringLiteral("SELECT currency, gpu_hour, cpu_hour FROM prices WHERE cluster_key = ?"),
                                {clusterKey}, failed);
    if (!defaults)
        return defaults.error();
    PriceList list;
    if (QSqlQuery &row = defaults.value(); row.next()) {
        list.currency = row.value(0).toString();
        list.gpuHour = row.value(1).toDouble();
        if (!row.value(2).isNull())
            list.cpuHour = row.value(2).toDouble();
    }
    auto perType =
        m_store.run(QStringLiteral("SELECT accelerator, gpu_hour FROM accelerator_prices WHERE cluster_key = ?"),
                    {clusterKey}, failed);
    if (!perType)
        return perType.error();
    while (perType.value().next())
        list.gpuHourByAccelerator[perType.value().value(0).toString()] = perType.value().value(1).toDouble();
    return list;
}
Result<Done> PriceStore::setPrices(const QString &clusterKey, const PriceList &prices)
{
    if (auto allowed = m_store.guard().check(QStringLiteral("the prices of %1 were not saved").arg(clusterKey));
        !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    const QString failed = QStringLiteral("cannot save the prices");
    QSqlDatabase db = m_store.database();
    StoreTransaction transaction(db); // all or nothing: the default and the per-type rows
    if (!transaction.begin(true))
        return storageError(failed, transaction.error());
    QSqlQuery query(db);
    if (!runQuery(query, upsertStatement("prices", {"cluster_key", "currency", "gpu_hour", "cpu_hour"}, 1),
                  {clusterKey, prices.currency.isNull() ? QStringLiteral("") : prices.currency, prices.gpuHour,
                   prices.cpuHour ? QVariant(*prices.cpuHour) : QVariant(QMetaType::fromType<double>())}) ||
        !runQuery(query, QStringLiteral("DELETE FROM accelerator_prices WHERE cluster_key = ?"), {clusterKey}))
        return storageError(failed, query.lastError());
    for (const auto &[accelerator, gpuHour] : prices.gpuHourByAccelerator) {
        if (!runQuery(
                query,
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
    auto query = m_store.run(QStringLiteral("SELECT target, replicas FROM always_on_counts WHERE cluster_key = ?"),
                             {clusterKey}, QStringLiteral("cannot read the always-on counts"));
    if (!query)
        return query.error();
    std::map<QString, int> counts;
    while (query.value().next())
        counts[query.value().value(0).toString()] = query.value().value(1).toInt();
    return counts;
}

Result<Done> PriceStore::setAlwaysOnCount(const QString &clusterKey, const QString &target, std::optional<int> replicas)
{
    const QString refused = QStringLiteral("the always-on count of %1 was not %2")
                                .arg(target, replicas ? QStringLiteral("saved") : QStringLiteral("removed"));
    const QString failed = QStringLiteral("cannot save the always-on count of %1").arg(target);
    auto written =
        replicas ? m_store.write(refused, upsertStatement("always_on_counts", {"cluster_key", "target", "replicas"}, 2),
                                 {clusterKey, target, *replicas}, failed)
                 : m_store.write(refused,
                                 QStringLiteral("DELETE FROM always_on_counts WHERE cluster_key = ? AND target = ?"),
                                 {clusterKey, target}, failed);
    if (!written)
        return written.error();
    return Done{};
}

} // namespace scaledeck
