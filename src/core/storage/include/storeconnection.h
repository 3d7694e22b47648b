// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"
#include "sqliteconnection.h"
#include "storedialect.h"
#include "storelocation.h"
#include "writeguard.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <vector>

class QThread;

namespace scaledeck {

// One store's connection to ScaleDeck's database (an SQLite file, or a PostgreSQL database when the store is a
// postgresql:// URL; see StoreLocation), and the steps each of its methods would otherwise repeat:
// open on first use (WAL, the store's durability and schema, in the thread that uses it, refusing any other
// thread afterwards), refuse a write the session's guard forbids, run one statement and turn its failure into
// a specific error that says what was not done and SQLite's reason.
class StoreConnection {
public:
    // Whether run()'s errors end with the file's condition or path (see fileError()).
    enum class Errors { Plain, NamingTheFile };

    // `name` goes into the connection's name ("scaledeck-<name>-N"); `description` ("schedule store") into
    // the wrong-thread error.
    StoreConnection(QString databasePath, const char *name, const char *description, Durability durability,
                    std::vector<const char *> schema, WriteGuard guard, Errors errors = Errors::Plain);
    ~StoreConnection();
    StoreConnection(const StoreConnection &) = delete;
    StoreConnection &operator=(const StoreConnection &) = delete;

    Result<Done> open();
    QSqlDatabase database() const;
    const QString &path() const { return m_path; }
    // The store as it may be shown: a URL's password removed.
    QString displayName() const { return m_location.display(); }
    StoreDialect dialect() const { return StoreDialect(m_location.backend); }
    const WriteGuard &guard() const { return m_guard; }

    // Opens if needed, prepares `sql`, binds `values` in order and runs it forward-only; the query to read
    // the rows from, or an error that starts with `failure` ("cannot read the audit log").
    Result<QSqlQuery> run(const QString &sql, std::initializer_list<QVariant> values, const QString &failure);
    // The same for a change: refused first, with `refused` ("the schedule of llm/LLM was not saved"), when
    // the guard is read-only.
    Result<QSqlQuery> write(const QString &refused, const QString &sql, std::initializer_list<QVariant> values,
                            const QString &failure);

    // An error for a failure met outside run(), in the same words as run()'s. A failure that says the server
    // dropped the connection (PostgreSQL restarted, a proxy cut it) marks it for reopening: the next call
    // connects again, since Qt's PSQL driver never does by itself.
    RayError error(const QString &failure, const QSqlError &sqlError) const;
    // The same, followed by what is wrong with the file (full disk, read-only) or else its path: for the
    // writes an operator must be able to fix (the audit log, the lock, the parked configs).
    RayError fileError(const QString &failure, const QSqlError &sqlError) const;

private:
    QString m_path;
    StoreLocation m_location;
    QString m_locationError; // a URL that cannot be used: open() fails with this
    QString m_connectionName;
    const char *m_description;
    Durability m_durability;
    std::vector<const char *> m_schema;
    WriteGuard m_guard;
    Errors m_errors;
    bool m_open = false;
    mutable bool m_lost = false;         // the server dropped the connection: open() connects again (see error())
    const QThread *m_openedOn = nullptr; // see checkOpeningThread()
};

} // namespace scaledeck
