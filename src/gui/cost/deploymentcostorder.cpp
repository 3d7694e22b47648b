// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "deploymentcostorder.h"

#include <QString>

#include <algorithm>
#include <optional>

namespace scaledeck {

namespace {
// A figure to sort a row by; nullopt when unknown (no traffic read).
using SortNumber = std::optional<double>;

SortNumber costNumber(const DeploymentCost &row, int column)
{
    switch (column) {
    case 2:
        return row.gpuHours;
    case 3:
        return row.cost;
    case 4:
        return row.share;
    case 5:
        return row.peakReplicas;
    case 6:
        return row.alwaysOnReplicas;
    case 7:
        return row.alwaysOnGpuHours;
    case 8:
        return row.reduction;
    default:
        return std::nullopt;
    }
}

SortNumber servingNumber(const ServingFigures &figures, const DeploymentCost &row, int servingColumn)
{
    const DeploymentServing *serving =
        figures.state == ServingFigures::State::Read ? figures.serving.find(row.app, row.deployment) : nullptr;
    if (!serving)
        return std::nullopt;
    switch (servingColumn) {
    case 0:
        return serving->requests;
    case 1:
        return costPer1000Requests(row.cost, serving->requests);
    case 2:
        return serving->idleGpuHours;
    default:
        return std::nullopt;
    }
}

QString nameOf(const DeploymentCost &row, int column)
{
    return column == 0 ? row.app + QLatin1Char('/') + row.deployment : row.accelerator;
}
} // namespace

std::vector<int> deploymentCostOrder(const std::vector<DeploymentCost> &rows, const ServingFigures &serving, int column,
                                     Qt::SortOrder sortOrder)
{
    if (column < 0 || rows.empty())
        return {};
    std::vector<int> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    const bool descending = sortOrder == Qt::DescendingOrder;
    if (column < 2) {
        // Case folded once a row: a case-insensitive compare of every pair took 30 ms for 10,000 rows.
        std::vector<QString> names(rows.size());
        for (size_t i = 0; i < rows.size(); ++i)
            names[i] = nameOf(rows[i], column).toCaseFolded();
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return descending ? names[size_t(b)] < names[size_t(a)] : names[size_t(a)] < names[size_t(b)];
        });
        return order;
    }
    std::vector<SortNumber> numbers(rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        numbers[i] = column < kDeploymentCostColumns ? costNumber(rows[i], column)
                                                     : servingNumber(serving, rows[i], column - kDeploymentCostColumns);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const SortNumber &x = numbers[size_t(a)], &y = numbers[size_t(b)];
        if (!x || !y)
            return x.has_value() && !y.has_value(); // unknown last, ascending or descending
        return descending ? *x > *y : *x < *y;
    });
    return order;
}

} // namespace scaledeck
