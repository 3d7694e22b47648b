// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"
#include "storedialect.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <vector>

class QThread;

namespace scaledeck {

// What the stores (parked apps, schedules, history, prices) share: each owns one uniquely named QSqlDatabase
// connection to ScaleDeck's SQLite file, used in one thread, opened the same way.

// "scaledeck-<store>-N", unique in the process.
QString newConnectionName(const char *store);
// Closes and removes the connection (a store's destructor).
void dropConnection(const QString &connectionName);
RayError storageError(const QString &what, const QSqlError &error);
// The same, followed by what is wrong with the file at `path` when something visibly is (a full disk, a
// read-only file, folder or file system): SQLite alone says "disk I/O error" or "unable to open database
// file" for these, and names no file.
RayError storageError(const QString &what, const QSqlError &error, const QString &path);

// A connection belongs to the thread that opened it: Qt's SQL connections must not be used from another
// thread, and a store used from the GUI thread would freeze the window for the busy timeout. Every store
// method goes through open(), which calls this once open: use from another thread is refused with an error
// naming the store and both threads, and logged as critical. It is a programming error, but refusing it
// (instead of aborting) keeps the operator's window and pending edits alive, and the tests can see it.
Result<Done> checkOpeningThread(const QThread *openedOn, const char *store);

// Prepares `sql`, binds `values` in order and runs it, forward-only (every read of the stores is one pass).
bool runQuery(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values);

// FULL: a committed record survives a crash (parked configs, the audit log, the lock). NORMAL: the last
// few commits may be lost, and a commit does not wait for the disk (history samples).
enum class Durability { Full, Normal };

// Creates the folder, opens `path` on the named connection with a busy timeout, in WAL mode (readers and a
// writer in other threads and processes do not block each other) at the given durability, then runs the
// store's schema statements (CREATE ... IF NOT EXISTS).
Result<Done> openConnection(const QString &path, const QString &connectionName, Durability durability,
                            const std::vector<const char *> &schema);

// A transaction that writes begins with the connection's StoreDialect::beginWrite() (SQLite: BEGIN IMMEDIATE,
// so a transaction that reads and then writes waits for the write lock instead of failing with "busy").
// Rolled back unless committed.
class StoreTransaction {
public:
    explicit StoreTransaction(const QSqlDatabase &db) : m_db(db) {}
    ~StoreTransaction()
    {
        if (m_open)
            QSqlQuery(m_db).exec(QStringLiteral("ROLLBACK"));
    }
    bool begin(bool write)
    {
        QSqlQuery query(m_db);
        m_open = query.exec(write ? dialectOf(m_db).beginWrite() : QStringLiteral("BEGIN"));
        m_error = query.lastError();
        return m_open;
    }
    bool commit()
    {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("COMMIT"))) {
            m_error = query.lastError();
            return false;
        }
        m_open = false;
        return true;
    }
    QSqlError error() const { return m_error; }

private:
    QSqlDatabase m_db;
    QSqlError m_error;
    bool m_open = false;
};

} // namespace scaledeck
