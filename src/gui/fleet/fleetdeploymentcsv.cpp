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

// A cluster with no deployment record: its name, its period when known, and why.
QString noteRecord(const QString &cluster, const FleetCost *cost, const QString &note)
{
    const CostReport *month = cost && cost->known() ? &cost->month : nullptr;
    return record({cluster,
                   {},
                   {},
                   {},
                   month ? isoText(month->fromUtc) : QString(),
                   month ? isoText(month->toUtc) : QString(),
                   {},
                   month ? month->currency : QString(),
                   {},
                   {},
                   {},
                   note});
}

QString deploymentRecord(const QString &cluster, const FleetCost &cost, const DeploymentCost &row)
{
    const CostReport &month = cost.month;
    const bool priced = cost.priced;
    return record({cluster, row.app, row.deployment, row.accelerator, isoText(month.fromUtc), isoText(month.toUtc),
                   QString::number(row.gpuHours, 'f', 3), priced ? month.currency : QString(),
                   priced ? amountText(row.cost) : QString(), priced ? amountText(row.alwaysOnCost) : QString(),
                   priced ? amountText(std::max(0.0, row.alwaysOnCost - row.cost)) : QString(),
                   priced ? QString() : QStringLiteral("no GPU price set for this cluster")});
}
} // namespace

QString fleetDeploymentCostCsv(const std::vector<FleetClusterCost> &clusters)
{
    QString csv = record({QStringLiteral("cluster"), QStringLiteral("application"), QStringLiteral("deployment"),
                          QStringLiteral("accelerator"), QStringLiteral("from_utc"), QStringLiteral("to_utc"),
                          QStringLiteral("gpu_hours"), QStringLiteral("currency"), QStringLiteral("cost"),
                          QStringLiteral("always_on_cost"), QStringLiteral("saved"), QStringLiteral("note")});
    for (const FleetClusterCost &cluster : clusters) {
        const FleetCost *cost = cluster.cost.get();
        if (!cost) {
            csv += noteRecord(cluster.cluster, nullptr, QStringLiteral("not read yet"));
        } else if (!cost->known()) {
            csv += noteRecord(cluster.cluster, cost, cost->unavailable);
        } else if (cost->month.deployments.empty()) {
            csv += noteRecord(cluster.cluster, cost, QStringLiteral("no deployment held GPUs this month"));
        } else {
            for (const DeploymentCost &row : cost->month.deployments)
                csv += deploymentRecord(cluster.cluster, *cost, row);
        }
    }
    return csv;
}

} // namespace scaledeck
