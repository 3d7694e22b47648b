#include "pricestore.h"

#include "sqliteconnection.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace scaledeck {

namespace {
} // namespace

PriceStore::PriceStore(const QString &databasePath) : m_path(databasePath), m_connectionName(newConnectionName("prices")) {}

PriceStore::~PriceStore()
{
    dropConnection(m_connectionName);
}

Result<Done> PriceStore::open()
{
    if (m_open)
        return Done{};
    // Same file and settings as the other stores (see ScheduleStore::open()).
    if (auto opened = openConnection(m_path, m_connectionName, Durability::Full,
                                     {"CREATE TABLE IF NOT EXISTS prices ("
                                      " cluster_key TEXT NOT NULL PRIMARY KEY, currency TEXT NOT NULL, gpu_hour REAL NOT NULL,"
                                      " cpu_hour REAL)"});
        !opened)
        return opened;
    m_open = true;
    return Done{};
}

Result<PriceList> PriceStore::prices(const QString &clusterKey)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.prepare(QStringLiteral("SELECT currency, gpu_hour, cpu_hour FROM prices WHERE cluster_key = ?")))
        return storageError(QStringLiteral("cannot read the prices"), query.lastError());
    query.addBindValue(clusterKey);
    if (!query.exec())
        return storageError(QStringLiteral("cannot read the prices"), query.lastError());
    PriceList list;
    if (!query.next())
        return list;
    list.currency = query.value(0).toString();
    list.gpuHour = query.value(1).toDouble();
    if (!query.value(2).isNull())
        list.cpuHour = query.value(2).toDouble();
    return list;
}

Result<Done> PriceStore::setPrices(const QString &clusterKey, const PriceList &prices)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    if (!query.prepare(QStringLiteral("INSERT OR REPLACE INTO prices (cluster_key, currency, gpu_hour, cpu_hour)"
                                      " VALUES (?, ?, ?, ?)")))
        return storageError(QStringLiteral("cannot save the prices"), query.lastError());
    query.addBindValue(clusterKey);
    query.addBindValue(prices.currency.isNull() ? QStringLiteral("") : prices.currency);
    query.addBindValue(prices.gpuHour);
    query.addBindValue(prices.cpuHour ? QVariant(*prices.cpuHour) : QVariant(QMetaType::fromType<double>()));
    if (!query.exec())
        return storageError(QStringLiteral("cannot save the prices"), query.lastError());
    return Done{};
}

} // namespace scaledeck
