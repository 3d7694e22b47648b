// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "localperiods.h"

#include <QTimeZone>

namespace scaledeck {

QDateTime localMidnightUtc(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), QTimeZone::systemTimeZone()).toUTC();
}

QDateTime startOfLocalDay(const QDateTime &nowUtc)
{
    return localMidnightUtc(nowUtc.toLocalTime().date());
}

QDateTime startOfLocalWeek(const QDateTime &nowUtc)
{
    const QDate today = nowUtc.toLocalTime().date();
    return localMidnightUtc(today.addDays(1 - today.dayOfWeek()));
}

QDateTime startOfLocalMonth(const QDateTime &nowUtc)
{
    const QDate today = nowUtc.toLocalTime().date();
    return localMidnightUtc(QDate(today.year(), today.month(), 1));
}

} // namespace scaledeck
