// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What bundleimport.cpp and bundleimporthistory.cpp share: one import in its transaction. Private to
// scaledeck_transfer.

#include "bundleimport.h"
#include "sqliteconnection.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

#include <initializer_list>

namespace scaledeck::importdetail {

struct ImportRun {
    QSqlDatabase db;
    QString cluster; // the store's cluster the bundle goes into
    const ImportOptions &options;
    ImportOutcome &outcome;

    ImportCount &count(BundleKind kind) { return outcome.counts[size_t(kind)]; }
    // Whether a row that differs is written: only when replacing (a refused import is rolled back anyway, but
    // nothing is written that would be).
    bool replaces() const { return options.replace; }
    void conflict(BundleKind kind, const QString &key, const QString &description)
    {
        outcome.conflicts.push_back(ImportConflict{kind, key, description});
    }
    RayError error(const QString &what, const QSqlError &sqlError) const
    {
        return storageError(QStringLiteral("cannot import %1").arg(what), sqlError);
    }
};

// Text columns are NOT NULL; an empty text read from JSON may be a null QString.
inline QVariant textValue(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

inline QVariant msValue(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<qint64>());
}

inline bool execBound(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec();
}

// Leases and usage segments (bundleimporthistory.cpp).
Result<Done> importHistory(ImportRun &run, const StoreBundle &bundle);

} // namespace scaledeck::importdetail
