// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rayerror.h"
#include "result.h"

#include <QByteArray>
#include <QSet>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace scaledeck {

// One sample of the Prometheus text exposition format (version 0.0.4), as a Ray node's metrics export port
// serves it: `name{label="value",...} value [timestamp]`.
struct MetricSample {
    QString name;
    std::vector<std::pair<QString, QString>> labels; // sorted by label name, values unescaped
    double value = 0;                                // may be NaN or +-Inf
    std::optional<qint64> timestampMs;

    // The value of label `labelName`, or an empty optional when the sample has no such label.
    std::optional<QString> label(const QString &labelName) const;
};

// Why an exposition could not be read: the line (from 1) and what was expected there.
struct ExpositionError {
    int line = 0;
    QString message; // "expected '=' after the label name"

    // "line 12: expected '=' after the label name", as a BadPayload error for banners and logs.
    RayError toRayError() const;
};

struct Exposition {
    std::vector<MetricSample> samples; // in the order of the text
    int lineCount = 0;                 // every line read, kept or not
};

// Reads a whole exposition and keeps the samples whose name is in `keepNames` (sample names, so a
// histogram's `_bucket`, `_sum` and `_count` are listed one by one); an empty set keeps every sample.
// Every line is checked, kept or not: one malformed line fails the whole read, as it fails a Prometheus
// scrape, because a body that breaks somewhere cannot be trusted to be whole anywhere.
[[nodiscard]] Result<Exposition, ExpositionError> parseMetricsExposition(const QByteArray &text,
                                                                         const QSet<QString> &keepNames = {});

} // namespace scaledeck
