// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "postgresconnection.h"

#include "storedialect.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace scaledeck {

namespace {
const QString driverName = QStringLiteral("QPSQL");

// libpq's own words say what went wrong (refused, no such host, password authentication failed, database
// does not exist); only the missing-password case gets a hint, since ScaleDeck never asks for one.
QString connectFailure(const QSqlError &error)
{
    QString reason = error.databaseText().trimmed();
    if (reason.isEmpty())
        reason = error.text().trimmed();
    reason.replace(QLatin1Char('\n'), QLatin1Char(' '));
    reason.replace(QLatin1Char('\t'), QLatin1Char(' '));
    if (reason.contains(QLatin1String("no password supplied")))
        reason += QStringLiteral(" (give it in ~/.pgpass, the file PGPASSFILE names, or PGPASSWORD)");
    return reason;
}

QSqlDatabase connectionFor(const StoreLocation &location, const QString &connectionName)
{
    QSqlDatabase db = QSqlDatabase::contains(connectionName) ? QSqlDatabase::database(connectionName, false)
                                                             : QSqlDatabase::addDatabase(driverName, connectionName);
    db.setHostName(location.host);
    if (location.port > 0)
        db.setPort(location.port);
    db.setDatabaseName(location.database);
    db.setUserName(location.user);
    db.setPassword(location.password);
    db.setConnectOptions(location.connectOptions);
    return db;
}

// Two processes creating the same tables at once can both pass IF NOT EXISTS and one then fails on the
// catalog; a transaction-scoped advisory lock (released at COMMIT) makes them take turns. The error, or none.
QSqlError createSchema(QSqlQuery &query, Durability durability, const std::vector<const char *> &schema)
{
    const StoreDialect dialect(StoreLocation::Backend::Postgres);
    // The server's NOTICEs ("relation ... already exists, skipping") would go to stderr through libpq.
    if (!query.exec(QStringLiteral("SET client_min_messages = warning")))
        return query.lastError();
    if (durability == Durability::Normal && !query.exec(QStringLiteral("SET synchronous_commit = off")))
        return query.lastError();
    if (!query.exec(QStringLiteral("BEGIN")) ||
        !query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(7236014852601738)"))) // any fixed number
        return query.lastError();
    for (const char *statement : schema) {
        if (!query.exec(dialect.schemaStatement(statement))) {
            const QSqlError error = query.lastError();
            query.exec(QStringLiteral("ROLLBACK"));
            return error;
        }
    }
    query.exec(QStringLiteral("COMMIT"));
    return query.lastError();
}
} // namespace

Result<Done> openPostgresConnection(const StoreLocation &location, const QString &connectionName, Durability durability,
                                    const std::vector<const char *> &schema)
{
    const QString shown = location.display();
    if (!QSqlDatabase::isDriverAvailable(driverName))
        return makeError(RayErrorKind::Storage,
                         QStringLiteral("cannot open the store %1: Qt's PostgreSQL driver (QPSQL) is not installed"
                                        " (Debian: apt-get install libqt6sql6-psql)")
                             .arg(shown));
    QSqlDatabase db = connectionFor(location, connectionName);
    if (!db.open())
        return makeError(
            RayErrorKind::Storage,
            QStringLiteral("cannot connect to the store %1: %2").arg(shown, connectFailure(db.lastError())));
    QSqlQuery query(db);
    if (const QSqlError error = createSchema(query, durability, schema); error.isValid())
        return storageError(QStringLiteral("cannot prepare the store %1").arg(shown), error);
    return Done{};
}

} // namespace scaledeck
