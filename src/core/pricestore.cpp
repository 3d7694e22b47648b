#include "pricestore.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace scaledeck {

namespace {
QString uniqueConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("scaledeck-prices-%1").arg(counter.fetchAndAddRelaxed(1));
}

RayError storageError(const QString &what, const QSqlError &error)
{
    return makeError(RayErrorKind::Storage, QStringLiteral("%1: %2").arg(what, error.text()));
}
} // namespace

PriceStore::PriceStore(const QString &databasePath) : m_path(databasePath), m_connectionName(uniqueConnectionName()) {}

PriceStore::~PriceStore()
{
    if (QSqlDatabase::contains(m_connectionName)) {
        QSqlDatabase::database(m_connectionName, false).close();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

Result<Done> PriceStore::open()
{
    if (m_open)
        return Done{};
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return makeError(RayErrorKind::Storage, QStringLiteral("cannot create the folder of %1").arg(m_path));
    QSqlDatabase db = QSqlDatabase::contains(m_connectionName)
                          ? QSqlDatabase::database(m_connectionName, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return storageError(QStringLiteral("cannot open the store %1").arg(m_path), db.lastError());
    QSqlQuery query(db);
    // Same file and settings as the other stores (see ScheduleStore::open()).
    for (const char *statement :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
          "CREATE TABLE IF NOT EXISTS prices ("
          " cluster_key TEXT NOT NULL PRIMARY KEY, currency TEXT NOT NULL, gpu_hour REAL NOT NULL,"
          " cpu_hour REAL)"}) {
        if (!query.exec(QString::fromLatin1(statement)))
            return storageError(QStringLiteral("cannot prepare the store %1").arg(m_path), query.lastError());
    }
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
