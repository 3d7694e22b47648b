// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// Where a traffic figure came from: the operator's Prometheus (rates over any window, history), or the nodes'
// own metrics export endpoints read twice (live rates only).
enum class TrafficSource { Prometheus, Nodes };
QString trafficSourceName(TrafficSource source); // "prometheus", "nodes"

// What one deployment served over a window. A figure that could not be known is empty, never 0: 0 requests/s
// means Ray counted no request, an empty one means nobody could say.
struct DeploymentTraffic {
    QString app;
    QString deployment;
    std::optional<double> requestsPerS;
    std::optional<double> errorRate; // 0..1: answers with a 5xx status among all answers
    std::optional<double> p95Ms;     // the deployment's processing latency
};

// One reading of every deployment's traffic over the same window.
struct TrafficReading {
    TrafficSource source = TrafficSource::Prometheus;
    QString sourceAddress; // the Prometheus URL, or the node endpoints read
    int windowS = 60;
    QDateTime takenAtUtc;
    std::vector<DeploymentTraffic> deployments; // sorted by app, then deployment

    const DeploymentTraffic *find(const QString &app, const QString &deployment) const;
};

} // namespace scaledeck
