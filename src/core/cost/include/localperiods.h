// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDate>
#include <QDateTime>

namespace scaledeck {

// Local midnight of `date` (the machine's zone) in UTC. A midnight inside a DST gap (a few zones) becomes the
// gap's end: Qt moves invalid local times forward.
QDateTime localMidnightUtc(const QDate &date);

// Period starts in the machine's local zone, returned in UTC: today 00:00, this Monday 00:00, the 1st 00:00.
QDateTime startOfLocalDay(const QDateTime &nowUtc);
QDateTime startOfLocalWeek(const QDateTime &nowUtc);
QDateTime startOfLocalMonth(const QDateTime &nowUtc);

} // namespace scaledeck
