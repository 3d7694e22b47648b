// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <optional>
#include <vector>

namespace scaledeck {

using PromLabels = std::map<QString, QString>;

// One element of an instant vector. A value Prometheus gives as NaN or ±Inf (0/0: a rate with nothing to divide,
// a quantile of no observation) is empty: unknown, not 0.
struct PromSample {
    PromLabels labels;
    double atS = 0;
    std::optional<double> value;
};

// One series of a range query, points oldest first (a step without a sample has no point).
struct PromSeries {
    PromLabels labels;
    std::vector<std::pair<double, std::optional<double>>> points; // (unix seconds, value)
};

// The body of a successful /api/v1/query answer (resultType vector or scalar), or a BadPayload error naming
// `server` and what was wrong. A body with status "error" is a Rejected error carrying Prometheus' own words.
Result<std::vector<PromSample>> parseInstantVector(const QByteArray &body, const QString &server);
// The body of a successful /api/v1/query_range answer (resultType matrix).
Result<std::vector<PromSeries>> parseRangeMatrix(const QByteArray &body, const QString &server);

} // namespace scaledeck
