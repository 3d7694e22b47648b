// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where a store test keeps its store: an SQLite file in the test's temporary folder, or, when CTest runs the
// test's PostgreSQL variant (SCALEDECK_TEST_STORE=postgresql, label "postgres"), an empty PostgreSQL database
// on the server SCALEDECK_PG_URL names (scripts/postgres.sh). Each test process gets a database of its own,
// so variants running at once do not meet; each call empties it.

#include "storelocation.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUrl>

namespace scaledeck::testing {

inline bool storeTestsUsePostgres()
{
    return qEnvironmentVariable("SCALEDECK_TEST_STORE") == QLatin1String("postgresql");
}

namespace detail {
inline bool runOn(const QString &url, const QStringList &statements, QString *error)
{
    const QString name = QStringLiteral("scaledeck-test-admin");
    bool ok = true;
    {
        const auto location = StoreLocation::parse(url);
        if (!location) {
            *error = location.error().message;
            return false;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(location.value().host);
        db.setPort(location.value().port);
        db.setDatabaseName(location.value().database);
        db.setUserName(location.value().user);
        db.setPassword(location.value().password);
        ok = db.open();
        QSqlQuery query(db);
        ok = ok && query.exec(QStringLiteral("SET client_min_messages = warning"));
        for (const QString &statement : statements) {
            if (!ok)
                break;
            ok = query.exec(statement);
        }
        if (!ok)
            *error = (query.lastError().isValid() ? query.lastError() : db.lastError()).text();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}
} // namespace detail

// The URL of this process's database on the test server (another one for each `name`, for a test that keeps two
// stores), emptied; or an error that says what is missing.
inline QString freshPostgresStore(QString *error, const QString &name = QString())
{
    const QString server = qEnvironmentVariable("SCALEDECK_PG_URL");
    if (server.isEmpty()) {
        *error = QStringLiteral("SCALEDECK_PG_URL is not set: start a server with scripts/postgres.sh start and"
                                " export what it writes (scripts/test.sh does)");
        return {};
    }
    QUrl url(server);
    QString database = QStringLiteral("scaledeck_test_%1").arg(QCoreApplication::applicationPid());
    for (const QChar c : name) // a store's file name, as a database name
        database += c.isLetterOrNumber() ? c.toLower() : QLatin1Char('_');
    static QSet<QString> created;
    if (!created.contains(database) && !detail::runOn(server,
                                                      {QStringLiteral("DROP DATABASE IF EXISTS %1").arg(database),
                                                       QStringLiteral("CREATE DATABASE %1").arg(database)},
                                                      error))
        return {};
    created.insert(database);
    url.setPath(QLatin1Char('/') + database);
    if (!detail::runOn(url.toString(),
                       {QStringLiteral("DROP SCHEMA public CASCADE"), QStringLiteral("CREATE SCHEMA public")}, error))
        return {};
    return url.toString();
}

// An SQLite file `name` in `folder`, or for the PostgreSQL variant an emptied database (empty, with `error`
// set, when there is no server to use: the test must fail, not skip).
inline QString testStoreLocation(const QString &folder, const QString &name, QString *error)
{
    if (storeTestsUsePostgres())
        return freshPostgresStore(error);
    return folder + QLatin1Char('/') + name;
}

} // namespace scaledeck::testing
