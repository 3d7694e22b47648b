// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "noderates.h"

#include <QStringList>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace scaledeck {

namespace {

// Names as Ray exports them: Ray prefixes "ray_", and a counter's exposition adds "_total" (Ray also
// exports each counter as a gauge without the suffix, for compatibility; that one is not read).
const QString requestCounterName = QStringLiteral("ray_serve_deployment_request_counter_total");
const QString errorCounterName = QStringLiteral("ray_serve_deployment_error_counter_total");
const QString latencyBucketName = QStringLiteral("ray_serve_deployment_processing_latency_ms_bucket");

// Labels Ray Serve adds to a replica's metrics (python/ray/serve/metrics.py). "application" is left out
// when the replica's app has no name; such a deployment is reported under an empty app name.
const QString applicationLabel = QStringLiteral("application");
const QString deploymentLabel = QStringLiteral("deployment");
const QString bucketBoundLabel = QStringLiteral("le");

using DeploymentKey = std::pair<QString, QString>;                                        // app, deployment
using SeriesKey = std::tuple<QString, QString, std::vector<std::pair<QString, QString>>>; // node, name, labels

// What the series of one deployment added up to between the reads.
struct DeploymentIncrease {
    double requests = 0; // successful requests
    double errors = 0;
    bool countersSeen = false;        // a request or error counter of `second` was counted
    bool unknownPart = false;         // some series' increase could not be known
    std::map<double, double> buckets; // upper bound -> increase of the cumulative count
};

std::map<SeriesKey, double> valuesBySeries(const NodeMetricsRead &read)
{
    std::map<SeriesKey, double> values;
    for (const NodeExport &node : read.nodes) {
        for (const MetricSample &sample : node.samples)
            values[{node.address, sample.name, sample.labels}] = sample.value;
    }
    return values;
}

std::optional<DeploymentKey> deploymentOf(const MetricSample &sample)
{
    const std::optional<QString> deployment = sample.label(deploymentLabel);
    if (!deployment)
        return std::nullopt;
    return DeploymentKey{sample.label(applicationLabel).value_or(QString()), *deployment};
}

bool isServeRateSample(const MetricSample &sample)
{
    return sample.name == requestCounterName || sample.name == errorCounterName || sample.name == latencyBucketName;
}

// A counter's increase between two reads, as rate() takes it: a lower value means the counter restarted
// from 0, so all of the new value is new.
double counterIncrease(double before, double after)
{
    return after >= before ? after - before : after;
}

std::optional<double> bucketUpperBound(const MetricSample &sample)
{
    const std::optional<QString> bound = sample.label(bucketBoundLabel);
    if (!bound)
        return std::nullopt;
    if (*bound == QLatin1String("+Inf"))
        return INFINITY;
    bool ok = false;
    const double value = bound->toDouble(&ok);
    return ok && !std::isnan(value) ? std::optional<double>(value) : std::nullopt;
}

// The increase of one series of `second`, or empty when it cannot be known.
std::optional<double> seriesIncrease(const SeriesKey &key, double after, const std::map<SeriesKey, double> &before,
                                     bool nodeReadBefore)
{
    if (std::isnan(after))
        return std::nullopt;
    auto it = before.find(key);
    if (it != before.end())
        return std::isnan(it->second) ? std::nullopt : std::optional<double>(counterIncrease(it->second, after));
    // New since `first`: a replica that started in between counts from 0, unless its node was not read.
    return nodeReadBefore ? std::optional<double>(after) : std::nullopt;
}

void addIncrease(DeploymentIncrease &total, const MetricSample &sample, std::optional<double> increase)
{
    if (!increase) {
        total.unknownPart = true;
        return;
    }
    if (sample.name == latencyBucketName) {
        const std::optional<double> bound = bucketUpperBound(sample);
        if (!bound)
            total.unknownPart = true;
        else
            total.buckets[*bound] += *increase;
        return;
    }
    total.countersSeen = true;
    (sample.name == requestCounterName ? total.requests : total.errors) += *increase;
}

void addSecondRead(std::map<DeploymentKey, DeploymentIncrease> &totals, const NodeMetricsRead &first,
                   const NodeMetricsRead &second)
{
    const std::map<SeriesKey, double> before = valuesBySeries(first);
    QSet<QString> nodesReadBefore;
    for (const NodeExport &node : first.nodes)
        nodesReadBefore.insert(node.address);
    for (const NodeExport &node : second.nodes) {
        for (const MetricSample &sample : node.samples) {
            const std::optional<DeploymentKey> deployment = deploymentOf(sample);
            if (!deployment || !isServeRateSample(sample))
                continue;
            const SeriesKey key{node.address, sample.name, sample.labels};
            addIncrease(totals[*deployment], sample,
                        seriesIncrease(key, sample.value, before, nodesReadBefore.contains(node.address)));
        }
    }
}

// A deployment only `first` saw (its replicas all stopped since): present, every figure unknown.
void addFirstOnlyDeployments(std::map<DeploymentKey, DeploymentIncrease> &totals, const NodeMetricsRead &first)
{
    for (const NodeExport &node : first.nodes) {
        for (const MetricSample &sample : node.samples) {
            const std::optional<DeploymentKey> deployment = deploymentOf(sample);
            if (deployment && isServeRateSample(sample))
                totals.try_emplace(*deployment);
        }
    }
}

std::vector<std::pair<double, double>> cumulativeBuckets(const std::map<double, double> &buckets)
{
    return {buckets.begin(), buckets.end()};
}

DeploymentTraffic trafficOf(const DeploymentKey &key, const DeploymentIncrease &increase, double elapsedS)
{
    DeploymentTraffic traffic{key.first, key.second, std::nullopt, std::nullopt, std::nullopt};
    if (increase.unknownPart || !increase.countersSeen)
        return traffic;
    const double answered = increase.requests + increase.errors;
    traffic.requestsPerS = answered / elapsedS;
    if (answered > 0)
        traffic.errorRate = increase.errors / answered;
    traffic.p95Ms = histogramQuantile(0.95, cumulativeBuckets(increase.buckets));
    return traffic;
}

QString addressesOf(const NodeMetricsRead &read)
{
    QStringList addresses;
    for (const NodeExport &node : read.nodes)
        addresses << node.address;
    return addresses.join(QStringLiteral(", "));
}

// PromQL's histogram_quantile treats a bucket lower than the one below it (an artefact of rates taken series
// by series) as equal to it.
void makeMonotonic(std::vector<std::pair<double, double>> &buckets)
{
    double highest = 0;
    for (auto &bucket : buckets) {
        highest = std::max(highest, bucket.second);
        bucket.second = highest;
    }
}

} // namespace

QSet<QString> serveRateSampleNames()
{
    return {requestCounterName, errorCounterName, latencyBucketName};
}

Result<TrafficReading> computeNodeRates(const NodeMetricsRead &first, const NodeMetricsRead &second)
{
    const qint64 elapsedMs = first.takenAtUtc.msecsTo(second.takenAtUtc);
    if (!first.takenAtUtc.isValid() || !second.takenAtUtc.isValid() || elapsedMs <= 0)
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("the second read of the node metrics must be taken after the first"));
    std::map<DeploymentKey, DeploymentIncrease> totals;
    addSecondRead(totals, first, second);
    addFirstOnlyDeployments(totals, first);

    TrafficReading reading;
    reading.source = TrafficSource::Nodes;
    reading.sourceAddress = addressesOf(second);
    reading.windowS = std::max(1, int(std::lround(double(elapsedMs) / 1000)));
    reading.takenAtUtc = second.takenAtUtc;
    for (const auto &[key, increase] : totals) // std::map: sorted by app, then deployment
        reading.deployments.push_back(trafficOf(key, increase, double(elapsedMs) / 1000));
    return reading;
}

std::optional<double> histogramQuantile(double q, std::vector<std::pair<double, double>> buckets)
{
    std::sort(buckets.begin(), buckets.end());
    if (buckets.size() < 2 || !std::isinf(buckets.back().first) || buckets.back().first < 0 || std::isnan(q))
        return std::nullopt;
    makeMonotonic(buckets);
    const double observations = buckets.back().second;
    if (!(observations > 0))
        return std::nullopt;
    double rank = std::clamp(q, 0.0, 1.0) * observations;
    const auto found = std::find_if(buckets.begin(), buckets.end(),
                                    [&](const std::pair<double, double> &bucket) { return bucket.second >= rank; });
    const size_t b = size_t(found - buckets.begin());
    if (b >= buckets.size() - 1)
        return buckets[buckets.size() - 2].first; // in the +Inf bucket: the highest finite bound
    if (b == 0 && buckets[0].first <= 0)
        return buckets[0].first;
    double bucketStart = 0;
    double count = buckets[b].second;
    if (b > 0) {
        bucketStart = buckets[b - 1].first;
        count -= buckets[b - 1].second;
        rank -= buckets[b - 1].second;
    }
    if (count <= 0)
        return bucketStart; // q = 0 on an empty first bucket: PromQL would divide 0 by 0
    return bucketStart + (buckets[b].first - bucketStart) * (rank / count);
}

} // namespace scaledeck
