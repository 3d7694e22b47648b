// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl fleet`'s text: one row a cluster, aligned, then the totals of what is known. An unknown figure is
// "-", and a total that leaves out a cluster's unknown figure says so ("+?").
#include "ctlfleetcommand.h"

namespace scaledeck {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

QString money(double value, const QString &currency)
{
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 2).arg(currency).trimmed();
}

// What the NOTE column says: the error, and for a controller who acts.
QString noteOf(const FleetRow &row)
{
    if (row.error && !row.reachable())
        return row.error->describe();
    if (row.controller) {
        const FleetControllerState &c = row.controller.value();
        QString note = c.holdsLock ? QStringLiteral("controller acting") : QStringLiteral("controller standing by");
        if (c.activeOverrides)
            note += QStringLiteral(", %1 overrides").arg(*c.activeOverrides);
        if (!c.error.isEmpty())
            note += QStringLiteral(", %1").arg(c.error);
        return note;
    }
    return {};
}

QStringList cellsOf(const FleetRow &row)
{
    const QString none = QStringLiteral("-");
    if (!row.figures)
        return {row.name, fleetStateName(row.state), none, none, none, none, none, none, none, noteOf(row)};
    const FleetFigures &f = row.figures.value();
    return {row.name,
            fleetStateName(row.state),
            f.rayVersion.value_or(none),
            QString::number(f.deployments),
            QStringLiteral("%1/%2").arg(f.replicasRunning).arg(f.replicasTarget),
            QStringLiteral("%1/%2").arg(number(f.gpusHeld), number(f.gpusTotal)),
            QStringLiteral("%1/%2").arg(f.deploymentsPending).arg(f.deploymentsUnplaceable),
            QString::number(f.parkedApps),
            f.costPerHour ? money(*f.costPerHour, f.currency) : none,
            noteOf(row)};
}

QStringList totalsOf(const std::vector<FleetRow> &rows)
{
    int answered = 0, deployments = 0, running = 0, target = 0, pending = 0, unplaceable = 0, parked = 0;
    double held = 0, total = 0, cost = 0;
    bool costUnknown = false;
    QString currency;
    for (const FleetRow &row : rows) {
        answered += row.reachable() ? 1 : 0;
        if (!row.figures) {
            costUnknown = true;
            continue;
        }
        const FleetFigures &f = row.figures.value();
        deployments += f.deployments;
        running += f.replicasRunning;
        target += f.replicasTarget;
        held += f.gpusHeld;
        total += f.gpusTotal;
        pending += f.deploymentsPending;
        unplaceable += f.deploymentsUnplaceable;
        parked += f.parkedApps;
        costUnknown = costUnknown || !f.costPerHour;
        cost += f.costPerHour.value_or(0);
        if (f.costPerHour && currency.isEmpty())
            currency = f.currency;
    }
    const QString costText = currency.isEmpty()
                                 ? QStringLiteral("-")
                                 : money(cost, currency) + (costUnknown ? QStringLiteral(" +?") : QString());
    return {QStringLiteral("total"),
            QStringLiteral("%1/%2 answering").arg(answered).arg(rows.size()),
            QString(),
            QString::number(deployments),
            QStringLiteral("%1/%2").arg(running).arg(target),
            QStringLiteral("%1/%2").arg(number(held), number(total)),
            QStringLiteral("%1/%2").arg(pending).arg(unplaceable),
            QString::number(parked),
            costText,
            QString()};
}

} // namespace

QString fleetTable(const std::vector<FleetRow> &rows)
{
    std::vector<QStringList> table{{QStringLiteral("CLUSTER"), QStringLiteral("STATE"), QStringLiteral("RAY"),
                                    QStringLiteral("DEPLOYMENTS"), QStringLiteral("REPLICAS"), QStringLiteral("GPUS"),
                                    QStringLiteral("PENDING/UNPLACEABLE"), QStringLiteral("PARKED"),
                                    QStringLiteral("COST/H"), QStringLiteral("NOTE")}};
    for (const FleetRow &row : rows)
        table.push_back(cellsOf(row));
    table.push_back(totalsOf(rows));
    return tableRows(table, QStringLiteral("LLLRRRRRRL")).join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace scaledeck
