// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "scheduleevaluator.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace scaledeck {

// How schedule facts read in the editor and the override dialog: plain functions, testable without widgets.
// Day names are English (as in the text form), whatever the system locale.

// "1 replica", "2 replicas"
QString replicaCount(int count);

// A local instant relative to now: "17:00" today, "Tue 17:00" within the coming week,
// "Tue 2026-12-01 17:00" otherwise.
QString relativeMoment(const QDateTime &local, const QDateTime &nowLocal);

// The zone of a shown time, short: "CET", "CEST" (the abbreviation in force at that time). tzdata names many zones
// only by their offset ("-03" for Chile): those read "UTC-03", so that the text does not look like a count.
QString zoneAbbreviation(const QDateTime &local);

// "3 replicas until Tue 19:00 (18:00 UTC), set by scaledeckctl: <note>"
QString overrideText(const ScheduleOverride &override_, const QTimeZone &zone, const QDateTime &nowUtc);

// Monday 00:00 of the local week that holds nowUtc, as UTC (what "this week" means for the projection).
QDateTime weekStartUtc(const QDateTime &nowUtc, const QTimeZone &zone);

// "Projected this week: 100.0 GPU-h of 336.0 always-on (−70%)"; with no GPUs a replica the same in
// replica-hours (the projection must then have been made with 1 GPU a replica).
QString projectionText(const WeekProjection &projection, double gpusPerReplica);

} // namespace scaledeck
