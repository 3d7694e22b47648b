// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "walcheckpoint.h"

#include "sqliteconnection.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace scaledeck {

Result<Done> deferWalCheckpoints(const QSqlDatabase &db, int safetyPages)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA wal_autocheckpoint=%1").arg(safetyPages)))
        return storageError(QStringLiteral("cannot set when the store checkpoints its log"), query.lastError());
    return Done{};
}

Result<Done> checkpointWal(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")))
        return storageError(QStringLiteral("cannot checkpoint the store's log"), query.lastError());
    return Done{};
}

} // namespace scaledeck
