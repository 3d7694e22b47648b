// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleettexts.h"

#include "costview.h"

#include <QLocale>
#include <QStringList>

#include <cmath>

namespace scaledeck {

namespace {
// A time of today as the clock shows it, an older one with its date: "stale since" may be days old.
QString momentText(const QDateTime &at, const QDateTime &now)
{
    const QDateTime local = at.toLocalTime();
    if (local.date() == now.toLocalTime().date())
        return local.toString(QStringLiteral("HH:mm:ss"));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString errorText(const FleetRow &row)
{
    return row.error ? row.error->message : QString();
}

QString withReason(const QString &state, const QString &reason)
{
    return reason.isEmpty() ? state : state + QStringLiteral(": ") + reason;
}
} // namespace

QString gpuCountText(double gpus)
{
    if (std::abs(gpus - std::round(gpus)) < 1e-9)
        return QString::number(static_cast<long long>(std::llround(gpus)));
    return QLocale(QLocale::English).toString(gpus, 'f', 1);
}

QString ofText(double part, double whole)
{
    return QStringLiteral("%1 of %2").arg(gpuCountText(part), gpuCountText(whole));
}

QString fleetStateText(const FleetRow &row, const QDateTime &now)
{
    switch (row.state) {
    case FleetState::Waiting:
        return QStringLiteral("waiting for the first answer");
    case FleetState::Answering:
        return fleetStateName(row.state);
    case FleetState::Unreachable:
    case FleetState::AuthRefused:
        return withReason(fleetStateName(row.state), errorText(row));
    case FleetState::Stale:
        return withReason(QStringLiteral("stale since %1").arg(momentText(row.staleSince(), now)), errorText(row));
    }
    return {};
}

QString controllerText(const FleetRow &row)
{
    if (row.kind != FleetMember::Kind::Controller || !row.controller)
        return kUnknownFigure;
    const FleetControllerState &controller = *row.controller;
    QStringList parts;
    if (controller.holdsLock)
        parts << QStringLiteral("acting");
    else if (controller.lockHolder.isEmpty())
        parts << QStringLiteral("not acting (nobody holds the lock)");
    else
        parts << QStringLiteral("not acting (lock: %1)").arg(controller.lockHolder);
    parts << (controller.lastTickAt.isValid()
                  ? QStringLiteral("last tick %1").arg(momentText(controller.lastTickAt, controller.lastTickAt))
                  : QStringLiteral("no tick yet"));
    if (controller.activeOverrides)
        parts << QStringLiteral("overrides: %1").arg(*controller.activeOverrides);
    if (!controller.healthy && !controller.error.isEmpty())
        parts << QStringLiteral("error: %1").arg(controller.error);
    return parts.join(QStringLiteral(" · "));
}

QString formatMoneyText(double amount, const QString &currency)
{
    return formatMoney(amount, currency);
}

QString moneyText(const std::map<QString, double> &byCurrency)
{
    if (byCurrency.empty())
        return kUnknownFigure;
    QStringList parts;
    for (const auto &[currency, amount] : byCurrency)
        parts << formatMoney(amount, currency);
    return parts.join(QStringLiteral(" + "));
}

QString costPerHourText(const std::map<QString, double> &byCurrency)
{
    if (byCurrency.empty())
        return kUnknownFigure;
    QStringList parts;
    for (const auto &[currency, amount] : byCurrency)
        parts << formatMoney(amount, currency) + QStringLiteral("/h");
    return parts.join(QStringLiteral(" + "));
}

} // namespace scaledeck
