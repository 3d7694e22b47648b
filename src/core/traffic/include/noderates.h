// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "deploymenttraffic.h"
#include "metricsexposition.h"
#include "result.h"

#include <QDateTime>
#include <QSet>
#include <QString>

#include <optional>
#include <utility>
#include <vector>

namespace scaledeck {

// What one node's metrics export port served (the samples parseMetricsExposition kept).
struct NodeExport {
    QString address; // host:port of the node's metrics export port: a series is one node's
    std::vector<MetricSample> samples;
};

// Every node read once, at about the same time.
struct NodeMetricsRead {
    QDateTime takenAtUtc;
    std::vector<NodeExport> nodes;
};

// The sample names computeNodeRates reads, to pass to parseMetricsExposition as its filter.
QSet<QString> serveRateSampleNames();

// Per (application, deployment), from Serve's replica-side series read twice (`first` before `second`):
// requests/s, the share of them that failed, and the p95 processing latency, summed over replicas and nodes.
//  - Ray counts a request in serve_deployment_request_counter when it succeeds and in
//    serve_deployment_error_counter when it fails, never both (replica.py, record_request_metrics), so the
//    requests are the sum of both counters' increases and the error rate errors / that sum.
//  - A counter lower than before was reset (the replica's worker restarted): as Prometheus' rate() does,
//    its whole new value is the increase.
//  - A series only in `second`, on a node that `first` read too, is a replica that started in between: its
//    whole value is its increase (Ray exports a counter from its first increment, so it started at 0).
//  - A series on a node that `first` did not read has an unknown increase: that deployment's figures are
//    all empty rather than a partial sum that would look like a real, lower figure.
//  - A series only in `first` is a replica that stopped: what it served after `first` is lost, as it is
//    for Prometheus.
// Error rate and p95 are empty when no request came in; requests/s is then 0. A deployment in neither
// read is absent. Fails only when `second` is not later than `first`.
[[nodiscard]] Result<TrafficReading> computeNodeRates(const NodeMetricsRead &first, const NodeMetricsRead &second);

// The q-quantile (0..1) of a histogram given as (upper bound, cumulative count) buckets, as PromQL's
// histogram_quantile computes it: linear interpolation inside the bucket the rank falls in, the highest
// finite bound when it falls in the +Inf bucket. Empty without a +Inf bucket, with fewer than two buckets,
// or with no observation.
std::optional<double> histogramQuantile(double q, std::vector<std::pair<double, double>> buckets);

} // namespace scaledeck
