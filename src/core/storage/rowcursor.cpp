// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "rowcursor.h"

#include "sqliteconnection.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <vector>

namespace scaledeck {

namespace {

RayError cursorError(const QString &failure, const QString &reason)
{
    return makeError(RayErrorKind::Storage, QStringLiteral("%1: %2").arg(failure, reason));
}

// The connection's sqlite3 handle, when `db` is an open SQLite connection (Qt's driver hands it out for exactly
// this: QSqlDriver::handle()). Debian's Qt SQLite driver links the system libsqlite3 this library links too, so
// the handle belongs to the same SQLite.
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

class SqliteRowCursor final : public RowCursor {
public:
    SqliteRowCursor(sqlite3 *db, sqlite3_stmt *statement, QString failure)
        : m_db(db), m_statement(statement), m_failure(std::move(failure))
    {
    }
    ~SqliteRowCursor() override { sqlite3_finalize(m_statement); }

    bool next() override
    {
        if (m_done)
            return false;
        const int stepped = sqlite3_step(m_statement);
        if (stepped == SQLITE_ROW)
            return true;
        m_done = true;
        if (stepped != SQLITE_DONE)
            m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    bool isNull(int column) const override { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }
    qint64 integer(int column) const override { return sqlite3_column_int64(m_statement, column); }
    double real(int column) const override { return sqlite3_column_double(m_statement, column); }
    QByteArrayView text(int column) const override
    {
        const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return QByteArrayView(bytes, bytes ? sqlite3_column_bytes(m_statement, column) : 0);
    }
    Result<Done> finished() const override
    {
        if (!m_error.isEmpty())
            return cursorError(m_failure, m_error);
        return Done{};
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
    QString m_failure;
    QString m_error;
    bool m_done = false;
};

// Binds `value` as QtSql's SQLite driver would: a null QVariant or null QString as NULL.
int bindValue(sqlite3_stmt *statement, int index, const QVariant &value, QString *unsupported)
{
    if (value.isNull())
        return sqlite3_bind_null(statement, index);
    switch (value.typeId()) {
    case QMetaType::QString: {
        const QString text = value.toString();
        if (text.isNull())
            return sqlite3_bind_null(statement, index);
        const QByteArray utf8 = text.toUtf8();
        return sqlite3_bind_text(statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    }
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    case QMetaType::Double:
    case QMetaType::Float:
        return sqlite3_bind_double(statement, index, value.toDouble());
    default:
        *unsupported = QStringLiteral("a value of type %1 cannot be bound").arg(QLatin1String(value.typeName()));
        return SQLITE_MISUSE;
    }
}

Result<std::unique_ptr<RowCursor>> openSqliteCursor(sqlite3 *db, const QString &sql,
                                                    std::initializer_list<QVariant> values, const QString &failure)
{
    sqlite3_stmt *statement = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &statement, nullptr) != SQLITE_OK) {
        const QString reason = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_finalize(statement);
        return cursorError(failure, reason);
    }
    std::unique_ptr<RowCursor> cursor = std::make_unique<SqliteRowCursor>(db, statement, failure);
    int index = 1;
    for (const QVariant &value : values) {
        QString unsupported;
        if (bindValue(statement, index++, value, &unsupported) != SQLITE_OK)
            return cursorError(failure, unsupported.isEmpty() ? QString::fromUtf8(sqlite3_errmsg(db)) : unsupported);
    }
    return Result<std::unique_ptr<RowCursor>>(std::move(cursor));
}

class QueryRowCursor final : public RowCursor {
public:
    QueryRowCursor(QSqlQuery query, QString failure) : m_query(std::move(query)), m_failure(std::move(failure)) {}

    bool next() override { return m_query.next(); }
    bool isNull(int column) const override { return m_query.isNull(column); }
    qint64 integer(int column) const override { return m_query.value(column).toLongLong(); }
    double real(int column) const override { return m_query.value(column).toDouble(); }
    QByteArrayView text(int column) const override
    {
        if (size_t(column) >= m_texts.size())
            m_texts.resize(size_t(column) + 1);
        m_texts[size_t(column)] = m_query.value(column).toString().toUtf8();
        return m_texts[size_t(column)];
    }
    Result<Done> finished() const override
    {
        if (m_query.lastError().isValid())
            return storageError(m_failure, m_query.lastError());
        return Done{};
    }

private:
    QSqlQuery m_query;
    QString m_failure;
    mutable std::vector<QByteArray> m_texts; // what text() handed out, kept until it is asked again
};

} // namespace

Result<std::unique_ptr<RowCursor>> openRowCursor(const QSqlDatabase &db, const QString &sql,
                                                 std::initializer_list<QVariant> values, const QString &failure)
{
    if (sqlite3 *handle = sqliteHandle(db))
        return openSqliteCursor(handle, sql, values, failure);
    QSqlQuery query(db);
    if (!runQuery(query, sql, values))
        return storageError(failure, query.lastError());
    return std::unique_ptr<RowCursor>(std::make_unique<QueryRowCursor>(std::move(query), failure));
}

} // namespace scaledeck
