// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>

#include <map>
#include <utility>

#include <vector>

namespace scaledeck {

// A request rate over time, as a range query returns it: one point per step, oldest first. A step with no
// point is unknown (no scrape, Prometheus down), not idle.
struct RatePoint {
    QDateTime atUtc;
    double perSecond = 0;
};

struct RateSeries {
    int stepS = 300; // the range query's step: each point stands for the rate over the step ending at atUtc
    std::vector<RatePoint> points;
};

// Request rates of many deployments at once, by (application, deployment).
using DeploymentKey = std::pair<QString, QString>;
using RequestRates = std::map<DeploymentKey, RateSeries>;

} // namespace scaledeck
