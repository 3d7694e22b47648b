#include "parkedstore.h"

#include "sqliteconnection.h"

#include <QThread>

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace scaledeck {

ParkedStore::ParkedStore(const QString &databasePath, WriteGuard guard)
    : m_path(databasePath), m_connectionName(newConnectionName("parked")), m_guard(guard)
{
}

ParkedStore::~ParkedStore()
{
    dropConnection(m_connectionName);
}

QString ParkedStore::defaultPath()
{
    const QString fromEnv = qEnvironmentVariable("SCALEDECK_STORE");
    if (!fromEnv.isEmpty())
        return fromEnv;
    QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share");
    return dir + QStringLiteral("/scaledeck/scaledeck.sqlite");
}

Result<Done> ParkedStore::open()
{
    if (m_open)
        return checkOpeningThread(m_openedOn, "parked-app store");
    // WAL lets the poller thread read while a change is being written; FULL sync makes a committed
    // park record survive a crash or power loss right after the PUT.
    if (auto opened = openConnection(m_path, m_connectionName, Durability::Full,
                                     {"CREATE TABLE IF NOT EXISTS parked_apps ("
                                      " cluster TEXT NOT NULL, app TEXT NOT NULL, config TEXT NOT NULL,"
                                      " summary TEXT NOT NULL, parked_at TEXT NOT NULL,"
                                      " PRIMARY KEY (cluster, app))"});
        !opened)
        return opened;
    m_open = true;
    m_openedOn = QThread::currentThread();
    return Done{};
}

Result<Done> ParkedStore::save(const QString &clusterKey, const ParkedApp &app)
{
    if (auto allowed = m_guard.check(QStringLiteral("the parked config of %1 was not saved").arg(app.name)); !allowed)
        return allowed;
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO parked_apps (cluster, app, config, summary, parked_at)"
                                 " VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(clusterKey);
    query.addBindValue(app.name);
    query.addBindValue(QString::fromUtf8(app.configJson));
    query.addBindValue(QString::fromUtf8(app.summaryJson));
    query.addBindValue(app.parkedAt.toUTC().toString(Qt::ISODateWithMs));
    if (!query.exec())
        return storageError(QStringLiteral("cannot save the config of parked app '%1'").arg(app.name),
                            query.lastError(), m_path);
    return Done{};
}

Result<std::vector<ParkedApp>> ParkedStore::list(const QString &clusterKey)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(QStringLiteral("SELECT app, config, summary, parked_at FROM parked_apps WHERE cluster = ?"
                                 " ORDER BY app"));
    query.addBindValue(clusterKey);
    if (!query.exec())
        return storageError(QStringLiteral("cannot read parked apps"), query.lastError(), m_path);
    std::vector<ParkedApp> apps;
    while (query.next()) {
        apps.push_back(ParkedApp{query.value(0).toString(), query.value(1).toString().toUtf8(),
                                 query.value(2).toString().toUtf8(),
                                 QDateTime::fromString(query.value(3).toString(), Qt::ISODateWithMs)});
    }
    return apps;
}

Result<Done> ParkedStore::remove(const QString &clusterKey, const QString &appName)
{
    if (auto allowed = m_guard.check(QStringLiteral("the parked config of %1 was not removed").arg(appName)); !allowed)
        return allowed;
    auto deleted = deleteRecords(clusterKey, appName, std::nullopt);
    if (!deleted)
        return deleted.error();
    return Done{};
}

Result<Done> ParkedStore::removeStoredAt(const QString &clusterKey, const QString &appName, const QDateTime &storedAt)
{
    if (auto allowed = m_guard.check(QStringLiteral("the stored config of %1 was not discarded").arg(appName));
        !allowed)
        return allowed;
    auto deleted = deleteRecords(clusterKey, appName, storedAt);
    if (!deleted)
        return deleted.error();
    if (*deleted != 1)
        return makeError(
            RayErrorKind::InvalidChange,
            QStringLiteral("the stored config of %1 changed meanwhile and was not discarded").arg(appName));
    return Done{};
}

Result<int> ParkedStore::deleteRecords(const QString &clusterKey, const QString &appName,
                                       const std::optional<QDateTime> &storedAt)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(QSqlDatabase::database(m_connectionName, false));
    query.prepare(storedAt ? QStringLiteral("DELETE FROM parked_apps WHERE cluster = ? AND app = ? AND parked_at = ?")
                           : QStringLiteral("DELETE FROM parked_apps WHERE cluster = ? AND app = ?"));
    query.addBindValue(clusterKey);
    query.addBindValue(appName);
    if (storedAt)
        query.addBindValue(storedAt->toUTC().toString(Qt::ISODateWithMs));
    if (!query.exec())
        return storageError(QStringLiteral("cannot remove the stored config of '%1'").arg(appName), query.lastError(),
                            m_path);
    return query.numRowsAffected();
}

} // namespace scaledeck
