#pragma once

#include "result.h"

class QSqlQuery;

#include <QSqlError>
#include <QVariant>
#include <QString>

#include <initializer_list>

namespace scaledeck {

// What the stores (parked apps, schedules, history, prices) share: each owns one uniquely named QSqlDatabase
// connection to ScaleDeck's SQLite file, used in one thread, opened the same way.

// "scaledeck-<store>-N", unique in the process.
QString newConnectionName(const char *store);
// Closes and removes the connection (a store's destructor).
void dropConnection(const QString &connectionName);
RayError storageError(const QString &what, const QSqlError &error);

// Prepares `sql`, binds `values` in order and runs it, forward-only (every read of the stores is one pass).
bool runQuery(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values);

// FULL: a committed record survives a crash (parked configs, the audit log, the lock). NORMAL: the last
// few commits may be lost, and a commit does not wait for the disk (history samples).
enum class Durability { Full, Normal };

// Creates the folder, opens `path` on the named connection with a busy timeout, in WAL mode (readers and a
// writer in other threads and processes do not block each other) at the given durability, then runs the
// store's schema statements (CREATE ... IF NOT EXISTS).
Result<Done> openConnection(const QString &path, const QString &connectionName, Durability durability,
                            std::initializer_list<const char *> schema);

}  // namespace scaledeck
