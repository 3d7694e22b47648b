// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// How the Fleet page words a row's figures: the same texts in the table, its totals and the search's matches.

#include "fleetrow.h"

#include <QString>

#include <map>
#include <optional>

namespace scaledeck {

// Shown for a figure nobody knows (a cluster that never answered, a dashboard member's controller).
inline const QString kUnknownFigure = QStringLiteral("—");

// "3", "1.5": a GPU count as Ray counts them (fractions are real).
QString gpuCountText(double gpus);
// "3 of 8": held (running) of present (target).
QString ofText(double part, double whole);
// "answering", "unreachable: connection refused", "auth refused: …", "stale since 14:02:11: …", "waiting for the
// first answer". `now` decides whether the stale time needs its date.
QString fleetStateText(const FleetRow &row, const QDateTime &now);
// A controller member's controller: "acting · last tick 14:02:11 · overrides: 2", "not acting (lock: head:42) · …";
// a dashboard member's: "—" (it has no controller the fleet can ask).
QString controllerText(const FleetRow &row);
// "$12.40" (formatMoney: the Cost tab's form).
QString formatMoneyText(double amount, const QString &currency);
// "$12.40"; several currencies joined ("$12.40 + €3.00"); empty map: "—".
QString moneyText(const std::map<QString, double> &byCurrency);
// "$12.40/h"; several currencies joined ("$12.40/h + €3.00/h"); empty map: "—".
QString costPerHourText(const std::map<QString, double> &byCurrency);

} // namespace scaledeck
