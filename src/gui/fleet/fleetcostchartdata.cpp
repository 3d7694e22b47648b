// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetcostchartdata.h"

#include <map>

namespace scaledeck {

namespace {
// The currency most priced clusters use (the chart has one money axis); USD when none is priced.
QString commonCurrency(const std::vector<const FleetWindowCost *> &costs)
{
    std::map<QString, int> uses;
    for (const FleetWindowCost *cost : costs) {
        if (cost && cost->known() && cost->priced)
            ++uses[cost->report.currency];
    }
    QString most = QStringLiteral("USD");
    int count = 0;
    for (const auto &[currency, n] : uses) {
        if (n > count) {
            most = currency;
            count = n;
        }
    }
    return most;
}
} // namespace

QString fleetChartWindowLabel(CostWindow window)
{
    return QStringLiteral("Last %1").arg(costWindowName(window));
}

QString fleetChartLabelFormat(double top)
{
    if (top < 1)
        return QStringLiteral("%.2f");
    return top < 10 ? QStringLiteral("%.1f") : QStringLiteral("%.0f");
}

FleetCostChartData fleetCostChartDataOf(const std::vector<FleetClusterCost> &clusters, CostWindow window)
{
    FleetCostChartData data;
    data.window = window;
    std::vector<const FleetWindowCost *> costs;
    costs.reserve(clusters.size());
    for (const FleetClusterCost &cluster : clusters) {
        const FleetWindowCost *cost = cluster.cost.get();
        costs.push_back(cost && cost->window == window ? cost : nullptr);
    }
    data.currency = commonCurrency(costs);
    for (size_t i = 0; i < clusters.size(); ++i) {
        const QString &name = clusters[i].cluster;
        const FleetWindowCost *cost = costs[i];
        if (!cost || !cost->known()) {
            data.leftOut << QStringLiteral("%1: %2").arg(name,
                                                         cost ? cost->unavailable : QStringLiteral("not read yet"));
            continue;
        }
        const bool inCurrency = cost->priced && cost->report.currency == data.currency;
        if (!cost->priced)
            data.leftOut << QStringLiteral("%1: no GPU price (GPU-hours only)").arg(name);
        else if (!inCurrency)
            data.leftOut << QStringLiteral("%1: priced in %2 (GPU-hours only)").arg(name, cost->report.currency);
        data.clusters << name;
        data.gpuHours.push_back(cost->report.gpuHours);
        data.money.push_back(inCurrency ? cost->report.cost : 0.0);
    }
    return data;
}

} // namespace scaledeck
