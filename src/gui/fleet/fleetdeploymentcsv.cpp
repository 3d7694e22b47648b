// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetdeploymentcsv.h"

#include "csvtext.h"

#include <QStringList>

#include <algorithm>

namespace scaledeck {

namespace {
QString isoText(const QDateTime &at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODate) : QString();
}

// Money as a plain number (a spreadsheet reads it): two decimals, no currency sign, no grouping.
QString amountText(double amount)
{
    return QString::number(amount, 'f', 2);
}

QString record(const QStringList &fields)
{
    QStringList quoted;
    quoted.reserve(fields.size());
    for (const QString &field : fields)
        quoted << csvField(field);
    return quoted.join(QLatin1Char(',')) + QLatin1Char('\n');
}

// A cluster with no deployment record: its name, its window when read, and why.
QString noteRecord(const QString &cluster, const FleetWindowCost *cost, const QString &note)
{
    return record({cluster,
                   {},
                   {},
                   {},
                   cost ? isoText(cost->fromUtc) : QString(),
                   cost ? isoText(cost->readAtUtc) : QString(),
                   {},
                   cost && cost->known() ? cost->report.currency : QString(),
                   {},
                   {},
                   {},
                   note});
}

// What the figures of a priced deployment need said: the history starting inside the window covers less of it.
QString coverageNote(const FleetWindowCost &cost)
{
    return cost.report.startsAfterAsked()
               ? QStringLiteral("history on record from %1 only").arg(isoText(cost.report.fromUtc))
               : QString();
}

QString deploymentRecord(const QString &cluster, const FleetWindowCost &cost, const DeploymentCost &row)
{
    const CostReport &report = cost.report;
    const bool priced = cost.priced;
    return record({cluster, row.app, row.deployment, row.accelerator, isoText(cost.fromUtc), isoText(cost.readAtUtc),
                   QString::number(row.gpuHours, 'f', 3), priced ? report.currency : QString(),
                   priced ? amountText(row.cost) : QString(), priced ? amountText(row.alwaysOnCost) : QString(),
                   priced ? amountText(std::max(0.0, row.alwaysOnCost - row.cost)) : QString(),
                   priced ? coverageNote(cost) : QStringLiteral("no GPU price set for this cluster")});
}
} // namespace

QString fleetDeploymentCostCsv(const std::vector<FleetClusterCost> &clusters)
{
    QString csv = record({QStringLiteral("cluster"), QStringLiteral("application"), QStringLiteral("deployment"),
                          QStringLiteral("accelerator"), QStringLiteral("from_utc"), QStringLiteral("to_utc"),
                          QStringLiteral("gpu_hours"), QStringLiteral("currency"), QStringLiteral("cost"),
                          QStringLiteral("always_on_cost"), QStringLiteral("saved"), QStringLiteral("note")});
    for (const FleetClusterCost &cluster : clusters) {
        const FleetWindowCost *cost = cluster.cost.get();
        if (!cost) {
            csv += noteRecord(cluster.cluster, nullptr, QStringLiteral("not read yet"));
        } else if (!cost->known()) {
            csv += noteRecord(cluster.cluster, cost, cost->unavailable);
        } else if (cost->report.deployments.empty()) {
            csv +=
                noteRecord(cluster.cluster, cost,
                           QStringLiteral("no deployment held GPUs in the last %1").arg(costWindowName(cost->window)));
        } else {
            for (const DeploymentCost &row : cost->report.deployments)
                csv += deploymentRecord(cluster.cluster, *cost, row);
        }
    }
    return csv;
}

} // namespace scaledeck
