// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "storelocation.h"

#include <QSqlDatabase>
#include <QString>

#include <initializer_list>

namespace scaledeck {

// What differs between the two engines a store can live in, chosen once per connection. Everything else the
// stores write in SQL both accept: INSERT ... ON CONFLICT for upserts and ignored duplicates, RETURNING for a
// new row's id, CASE instead of the two-argument MIN()/MAX() SQLite alone has.
class StoreDialect {
public:
    explicit StoreDialect(StoreLocation::Backend backend) : m_backend(backend) {}

    StoreLocation::Backend backend() const { return m_backend; }
    bool isPostgres() const { return m_backend == StoreLocation::Backend::Postgres; }

    // The schemas are written in SQLite's words. For PostgreSQL: INTEGER becomes BIGINT (SQLite's INTEGER is
    // 64-bit: the times are ms since 1970), REAL becomes DOUBLE PRECISION (PostgreSQL's REAL is 4 bytes), an
    // `INTEGER PRIMARY KEY` id (AUTOINCREMENT or not) becomes an identity column, and WITHOUT ROWID goes.
    QString schemaStatement(const char *sqliteStatement) const;

    // Starts a transaction that will write. SQLite: BEGIN IMMEDIATE takes the write lock up front (a deferred
    // transaction that reads and then writes fails with "busy" when another connection wrote in between).
    // PostgreSQL takes row locks as it writes, so a plain BEGIN.
    QString beginWrite() const;

private:
    StoreLocation::Backend m_backend;
};

// "INSERT INTO table (columns) VALUES (?, ...) ON CONFLICT (the first keyColumns) DO UPDATE SET" the others:
// a row replaced whole, in words both engines accept (SQLite's INSERT OR REPLACE is its own).
QString upsertStatement(const char *table, std::initializer_list<const char *> columns, int keyColumns);

// The dialect of an open connection, from its driver.
StoreDialect dialectOf(const QSqlDatabase &db);

} // namespace scaledeck
