// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "storeconnection.h"

#include "postgresconnection.h"

#include <QSqlError>
#include <QThread>

#include <utility>

namespace scaledeck {

StoreConnection::StoreConnection(QString databasePath, const char *name, const char *description, Durability durability,
                                 std::vector<const char *> schema, WriteGuard guard, Errors errors)
    : m_path(std::move(databasePath)), m_connectionName(newConnectionName(name)), m_description(description),
      m_durability(durability), m_schema(std::move(schema)), m_guard(guard), m_errors(errors)
{
    auto location = StoreLocation::parse(m_path);
    if (location)
        m_location = location.value();
    else
        m_locationError = location.error().message;
}

StoreConnection::~StoreConnection()
{
    dropConnection(m_connectionName);
}

namespace {
// SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server shut down or restarts), libpq's own
// words when the socket closed before the server could say anything, or no words at all (what a statement on a
// connection libpq already knows is dead gets). A reconnect that was not needed costs one connection.
bool connectionWasLost(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (code.startsWith(QLatin1String("08")) || code.startsWith(QLatin1String("57P0")))
        return true;
    const QString text = error.databaseText();
    if (code.isEmpty() && text.trimmed().isEmpty())
        return true;
    return text.contains(QLatin1String("server closed the connection")) ||
           text.contains(QLatin1String("no connection to the server")) ||
           text.contains(QLatin1String("terminating connection"));
}
} // namespace

Result<Done> StoreConnection::open()
{
    if (m_open && m_lost && m_location.backend == StoreLocation::Backend::Postgres) {
        if (auto thread = checkOpeningThread(m_openedOn, m_description); !thread)
            return thread;
        m_open = false; // openPostgresConnection reopens the same named connection
    }
    if (m_open)
        return checkOpeningThread(m_openedOn, m_description);
    if (!m_locationError.isEmpty())
        return makeError(RayErrorKind::BadSetting, m_locationError);
    auto opened = m_location.backend == StoreLocation::Backend::Postgres
                      ? openPostgresConnection(m_location, m_connectionName, m_durability, m_schema)
                      : openConnection(m_path, m_connectionName, m_durability, m_schema);
    if (!opened)
        return opened;
    m_open = true;
    m_lost = false;
    m_openedOn = QThread::currentThread();
    return Done{};
}

QSqlDatabase StoreConnection::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<QSqlQuery> StoreConnection::run(const QString &sql, std::initializer_list<QVariant> values,
                                       const QString &failure)
{
    if (auto opened = open(); !opened)
        return opened.error();
    QSqlQuery query(database());
    if (!runQuery(query, sql, values))
        return error(failure, query.lastError());
    return query;
}

Result<QSqlQuery> StoreConnection::write(const QString &refused, const QString &sql,
                                         std::initializer_list<QVariant> values, const QString &failure)
{
    if (auto allowed = m_guard.check(refused); !allowed)
        return allowed.error();
    return run(sql, values, failure);
}

RayError StoreConnection::error(const QString &failure, const QSqlError &sqlError) const
{
    if (m_location.backend == StoreLocation::Backend::Postgres && connectionWasLost(sqlError))
        m_lost = true;
    return m_errors == Errors::NamingTheFile ? fileError(failure, sqlError) : storageError(failure, sqlError);
}

RayError StoreConnection::fileError(const QString &failure, const QSqlError &sqlError) const
{
    if (m_location.backend == StoreLocation::Backend::Postgres && connectionWasLost(sqlError))
        m_lost = true;
    if (m_location.backend == StoreLocation::Backend::Postgres) // no file to look at; the server said why
        return storageError(failure + QStringLiteral(" (store %1)").arg(m_location.display()), sqlError);
    return storageError(failure, sqlError, m_path);
}

} // namespace scaledeck
