// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QByteArrayView>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <memory>

namespace scaledeck {

// The rows of one SELECT, read forward one at a time, for reads of hundreds of thousands of rows (a month of
// leases, the usage segments). QSqlQuery turns every value of every row into a QVariant, and every text into a
// QString, whether it is read or not: for half a million leases that was most of the Cost tab's worker time. On
// SQLite the cursor reads the connection's own statement through SQLite's C API and hands out texts as the
// UTF-8 bytes SQLite holds, so a caller can compare a row's names with the last row's before making a QString
// of them. On PostgreSQL it reads through QSqlQuery as before.
class RowCursor {
public:
    virtual ~RowCursor() = default;
    // The next row; false at the end, or when reading failed (finished() then says why).
    virtual bool next() = 0;
    virtual bool isNull(int column) const = 0;
    virtual qint64 integer(int column) const = 0;
    virtual double real(int column) const = 0;
    // The column's text in UTF-8, valid until the next call of next().
    virtual QByteArrayView text(int column) const = 0;
    // After next() returned false: whether all the rows were read, or the error that stopped it.
    virtual Result<Done> finished() const = 0;
};

// Prepares `sql` on `db` (the thread's own connection), binds `values` in order (texts, integers, reals, null)
// and runs it; an error starting with `failure` when it cannot.
Result<std::unique_ptr<RowCursor>> openRowCursor(const QSqlDatabase &db, const QString &sql,
                                                 std::initializer_list<QVariant> values, const QString &failure);

} // namespace scaledeck
