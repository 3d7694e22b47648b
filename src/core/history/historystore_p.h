// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to historystore.cpp and historycompaction.cpp: the tier constants and the SQL helpers both use.
// The schema is described in historystore.cpp.

#include "historystore.h"
#include "sqliteconnection.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <optional>

namespace scaledeck::historydetail {

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 60 * kMinuteMs;

inline QString capacityName()
{
    return QStringLiteral("capacity");
}

// The capacity of the nodes of one accelerator type ("capacity:A100"), kept beside the total when nodes name
// their type. Deployment series are "app/deployment", so a name without '/' is never a deployment's.
inline QString capacityName(const QString &accelerator)
{
    return QStringLiteral("capacity:") + accelerator;
}
inline bool isTypedCapacityName(const QString &name)
{
    return name.startsWith(QStringLiteral("capacity:")) && !name.contains(QLatin1Char('/'));
}

using scaledeck::storageError; // sqliteconnection.h

using scaledeck::runQuery; // sqliteconnection.h

inline bool execBound(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    for (const QVariant &value : values)
        query.addBindValue(value);
    return query.exec();
}

struct ClusterRow {
    qint64 id = 0;
    qint64 firstMs = 0;
    qint64 lastMs = 0;
    std::optional<qint64> minuteMark;
};

inline Result<std::optional<ClusterRow>> readCluster(const QSqlDatabase &db, const QString &clusterKey)
{
    QSqlQuery query(db);
    if (!runQuery(query,
                  QStringLiteral("SELECT id, first_ms, last_ms, minute_mark_ms FROM history_clusters"
                                 " WHERE cluster_key = ?"),
                  {clusterKey}))
        return storageError(QStringLiteral("cannot read the history of %1").arg(clusterKey), query.lastError());
    if (!query.next())
        return std::optional<ClusterRow>();
    const std::optional<qint64> mark =
        query.value(3).isNull() ? std::nullopt : std::optional<qint64>(query.value(3).toLongLong());
    return std::optional<ClusterRow>(
        ClusterRow{query.value(0).toLongLong(), query.value(1).toLongLong(), query.value(2).toLongLong(), mark});
}

} // namespace scaledeck::historydetail
