// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "parkedstore.h"

#include "storedialect.h"

#include "sqliteconnection.h"

#include <QThread>

#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>

namespace scaledeck {

ParkedStore::ParkedStore(const QString &databasePath, WriteGuard guard)
    // WAL lets the poller thread read while a change is being written; FULL sync makes a committed park record
    // survive a crash or power loss right after the PUT. A failure names the file: a full disk or a read-only
    // store must be something the operator can find and fix before a park goes ahead.
    : m_store(databasePath, "parked", "parked-app store", Durability::Full,
              {"CREATE TABLE IF NOT EXISTS parked_apps ("
               " cluster TEXT NOT NULL, app TEXT NOT NULL, config TEXT NOT NULL,"
               " summary TEXT NOT NULL, parked_at TEXT NOT NULL,"
               " PRIMARY KEY (cluster, app))"},
              guard, StoreConnection::Errors::NamingTheFile)
{
}

ParkedStore::~ParkedStore() = default;

Result<Done> ParkedStore::open()
{
    return m_store.open();
}

Result<Done> ParkedStore::save(const QString &clusterKey, const ParkedApp &app)
{
    auto saved = m_store.write(QStringLiteral("the parked config of %1 was not saved").arg(app.name),
                               upsertStatement("parked_apps", {"cluster", "app", "config", "summary", "parked_at"}, 2),
                               {clusterKey, app.name, QString::fromUtf8(app.configJson),
                                QString::fromUtf8(app.summaryJson), app.parkedAt.toUTC().toString(Qt::ISODateWithMs)},
                               QStringLiteral("cannot save the config of parked app '%1'").arg(app.name));
    if (!saved)
        return saved.error();
    return Done{};
}

Result<std::vector<ParkedApp>> ParkedStore::list(const QString &clusterKey)
{
    auto query = m_store.run(QStringLiteral("SELECT app, config, summary, parked_at FROM parked_apps WHERE cluster = ?"
                                            " ORDER BY app"),
                             {clusterKey}, QStringLiteral("cannot read parked apps"));
    if (!query)
        return query.error();
    QSqlQuery &row = query.value();
    std::vector<ParkedApp> apps;
    while (row.next()) {
        apps.push_back(ParkedApp{row.value(0).toString(), row.value(1).toString().toUtf8(),
                                 row.value(2).toString().toUtf8(),
                                 QDateTime::fromString(row.value(3).toString(), Qt::ISODateWithMs)});
    }
    return apps;
}

Result<Done> ParkedStore::remove(const QString &clusterKey, const QString &appName)
{
    if (auto allowed = m_store.guard().check(QStringLiteral("the parked config of %1 was not removed").arg(appName));
        !allowed)
        return allowed;
    auto deleted = deleteRecords(clusterKey, appName, std::nullopt);
    if (!deleted)
        return deleted.error();
    return Done{};
}

Result<Done> ParkedStore::removeStoredAt(const QString &clusterKey, const QString &appName, const QDateTime &storedAt)
{
    if (auto allowed = m_store.guard().check(QStringLiteral("the stored config of %1 was not discarded").arg(appName));
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
    const QString failure = QStringLiteral("cannot remove the stored config of '%1'").arg(appName);
    auto deleted =
        storedAt
            ? m_store.run(QStringLiteral("DELETE FROM parked_apps WHERE cluster = ? AND app = ? AND parked_at = ?"),
                          {clusterKey, appName, storedAt->toUTC().toString(Qt::ISODateWithMs)}, failure)
            : m_store.run(QStringLiteral("DELETE FROM parked_apps WHERE cluster = ? AND app = ?"),
                          {clusterKey, appName}, failure);
    if (!deleted)
        return deleted.error();
    return deleted.value().numRowsAffected();
}

} // namespace scaledeck
