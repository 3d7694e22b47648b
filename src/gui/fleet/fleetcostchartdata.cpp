// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetcostchartdata.h"

#include <map>

namespace scaledeck {

namespace {
std::array<const CostReport *, FleetCostChartData::kPeriods> periodsOf(const FleetCost &cost)
{
    return {&cost.today, &cost.week, &cost.month};
}

// The currency most priced clusters use (the chart has one money axis); USD when none is priced.
QString commonCurrency(const std::vector<FleetClusterCost> &clusters)
{
    std::map<QString, int> uses;
    for (const FleetClusterCost &cluster : clusters) {
        if (cluster.cost && cluster.cost->known() && cluster.cost->priced)
            ++uses[cluster.cost->month.currency];
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

QStringList FleetCostChartData::periodNames()
{
    return {QStringLiteral("Today"), QStringLiteral("This week"), QStringLiteral("This month")};
}

FleetCostChartData fleetCostChartDataOf(const std::vector<FleetClusterCost> &clusters)
{
    FleetCostChartData data;
    data.currency = commonCurrency(clusters);
    for (const FleetClusterCost &cluster : clusters) {
        const FleetCost *cost = cluster.cost.get();
        if (!cost || !cost->known()) {
            data.leftOut << QStringLiteral("%1: %2").arg(cluster.cluster,
                                                         cost ? cost->unavailable : QStringLiteral("not read yet"));
            continue;
        }
        const bool inCurrency = cost->priced && cost->month.currency == data.currency;
        if (!cost->priced)
            data.leftOut << QStringLiteral("%1: no GPU price (GPU-hours only)").arg(cluster.cluster);
        else if (!inCurrency)
            data.leftOut
                << QStringLiteral("%1: priced in %2 (GPU-hours only)").arg(cluster.cluster, cost->month.currency);
        std::array<double, FleetCostChartData::kPeriods> hours{};
        std::array<double, FleetCostChartData::kPeriods> money{};
        const auto reports = periodsOf(*cost);
        for (int period = 0; period < FleetCostChartData::kPeriods; ++period) {
            hours[size_t(period)] = reports[size_t(period)]->gpuHours;
            money[size_t(period)] = inCurrency ? reports[size_t(period)]->cost : 0.0;
        }
        data.clusters << cluster.cluster;
        data.gpuHours.push_back(hours);
        data.money.push_back(money);
    }
    return data;
}

} // namespace scaledeck
