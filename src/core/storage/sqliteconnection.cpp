// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "sqliteconnection.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QThread>

namespace scaledeck {

namespace {
// The opening thread may have ended since: only its address is printed, it is never dereferenced.
QString threadAddress(const QThread *thread)
{
    return QStringLiteral("0x%1").arg(quintptr(thread), 0, 16);
}
} // namespace

Result<Done> checkOpeningThread(const QThread *openedOn, const char *store)
{
    const QThread *current = QThread::currentThread();
    if (openedOn == current)
        return Done{};
    const QString message =
        QStringLiteral("the %1 was opened on thread %2 and used on thread %3 %4")
            .arg(QLatin1String(store), threadAddress(openedOn), threadAddress(current), current->objectName());
    qCritical("%s", qPrintable(message));
    return makeError(RayErrorKind::Storage, message);
}

QString newConnectionName(const char *store)
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("scaledeck-%1-%2").arg(QLatin1String(store)).arg(counter.fetchAndAddRelaxed(1));
}

void dropConnection(const QString &connectionName)
{
    if (QSqlDatabase::contains(connectionName)) {
        QSqlDatabase::database(connectionName, false).close();
        QSqlDatabase::removeDatabase(connectionName);
    }
}

bool runQuery(QSqlQuery &query, const QString &sql, std::initializer_list<QVariant> values)
{
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return false;
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec();
}

RayError storageError(const QString &what, const QSqlError &error)
{
    return makeError(RayErrorKind::Storage, QStringLiteral("%1: %2").arg(what, error.text()));
}

namespace {
// Less than this free and a write of a few pages (a config, the WAL's frames) cannot land.
constexpr qint64 nearlyFullBytes = 64 * 1024;

// Why the file at `path` cannot be written, when that can be seen from outside SQLite; empty otherwise.
QString fileCondition(const QString &path)
{
    const QFileInfo file(path);
    const QFileInfo folder(file.absolutePath());
    const QStorageInfo storage(file.exists() ? file.absoluteFilePath() : folder.absoluteFilePath());
    if (storage.isValid() && storage.isReadOnly())
        return QStringLiteral("%1 is on a read-only file system").arg(path);
    if (file.exists() && !file.isWritable())
        return QStringLiteral("%1 is read-only").arg(path);
    if (!folder.isWritable())
        return QStringLiteral("the folder of %1 is read-only (SQLite writes its journal beside the file)").arg(path);
    if (storage.isValid() && storage.bytesAvailable() < nearlyFullBytes)
        return QStringLiteral("the disk is full (%1 bytes free on the file system of %2)")
            .arg(storage.bytesAvailable())
            .arg(path);
    return {};
}
} // namespace

RayError storageError(const QString &what, const QSqlError &error, const QString &path)
{
    RayError out = storageError(what, error);
    const QString condition = fileCondition(path);
    out.message += condition.isEmpty() ? QStringLiteral(" (store %1)").arg(path) : QStringLiteral(": ") + condition;
    return out;
}

Result<Done> openConnection(const QString &path, const QString &connectionName, Durability durability,
                            const std::vector<const char *> &schema)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(RayErrorKind::Storage, QStringLiteral("cannot create the folder of %1").arg(path));
    QSqlDatabase db = QSqlDatabase::contains(connectionName)
                          ? QSqlDatabase::database(connectionName, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return storageError(QStringLiteral("cannot open the store"), db.lastError(), path);
    QSqlQuery query(db);
    const QString synchronous = durability == Durability::Full ? QStringLiteral("PRAGMA synchronous=FULL")
                                                               : QStringLiteral("PRAGMA synchronous=NORMAL");
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !query.exec(synchronous))
        return storageError(QStringLiteral("cannot prepare the store"), query.lastError(), path);
    for (const char *statement : schema) {
        if (!query.exec(QString::fromLatin1(statement)))
            return storageError(QStringLiteral("cannot prepare the store"), query.lastError(), path);
    }
    return Done{};
}

} // namespace scaledeck
