// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "costoverview.h"
#include "servingfigures.h"

#include <Qt>

#include <vector>

namespace scaledeck {

// The deployments table's cost columns; the traffic columns (ServingColumns) follow them.
constexpr int kDeploymentCostColumns = 9;

// The order of the Cost tab's deployments table sorted on `column` (DeploymentCostModel's columns): the index in
// `rows` shown in each row, ties in `rows`' order; empty for no column. Numbers sort as numbers, an unknown figure
// (no traffic read) last in either order; names as case-folded text. Reads only its arguments, so any thread may run
// it on shared, unchanging rows.
std::vector<int> deploymentCostOrder(const std::vector<DeploymentCost> &rows, const ServingFigures &serving, int column,
                                     Qt::SortOrder order);

} // namespace scaledeck
