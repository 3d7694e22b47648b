// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// How ScheduleStore's values are written to and read from their columns, shared by its .cpp files. Private to
// scaledeck_schedules.

#include "result.h"
#include "schedule.h"
#include "storeconnection.h"

#include <QDateTime>
#include <QString>
#include <QVariant>

#include <optional>

namespace scaledeck::storecolumns {

// Times are stored as ms since the epoch (UTC); an invalid QDateTime is NULL.
inline QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

inline QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// Text columns are NOT NULL; a null QString (an override without a note) would bind as NULL.
inline QVariant textValue(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

inline QVariant intValue(const std::optional<int> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<int>());
}

inline std::optional<int> intFrom(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<int>(value.toInt());
}

// The store's key for a target: the same "app" / "app/deployment" form as ScheduleTarget::toString(),
// written out here so that reading back never depends on the parser's rules for typed input.
inline QString targetKey(const ScheduleTarget &target)
{
    return target.isApplication() ? target.app : target.app + QLatin1Char('/') + target.deployment;
}

inline ScheduleTarget targetFromKey(const QString &key)
{
    const qsizetype slash = key.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return ScheduleTarget{key, QString()};
    return ScheduleTarget{key.left(slash), key.mid(slash + 1)};
}

// Drops what the controller remembers of a fight over `target` (a schedule saved or removed): the target_contest
// row of ScheduleStore (schedulestorecontest.cpp).
Result<Done> forgetContest(StoreConnection &store, const QString &clusterKey, const QString &target);

} // namespace scaledeck::storecolumns
