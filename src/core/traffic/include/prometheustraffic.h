// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "deploymenttraffic.h"
#include "prometheusclient.h"
#include "prometheusresponse.h"
#include "rateseries.h"
#include "recentrequests.h"

#include <functional>
#include <optional>

namespace scaledeck {

// Every deployment's traffic over the last `windowS`, read with one query (trafficQuery) from Prometheus.
using TrafficHandler = std::function<void(Result<TrafficReading>)>;
ClusterJob *readPrometheusTraffic(PrometheusClient *client, QObject *owner, int windowS, const QDateTime &nowUtc,
                                  TrafficHandler done);

// The reading in the samples of trafficQuery's answer (pure: what readPrometheusTraffic does with the answer).
TrafficReading trafficFromSamples(const std::vector<PromSample> &samples, int windowS);

// A target's request rate from `start` to `end`, one point per `stepS` (requestRateQuery): what a schedule is
// suggested from. Prometheus answers at most 11,000 points a series, so a step that would ask more is an error
// that names the coarsest step allowed (answered through `done` as every answer; no job is made, nullptr is
// returned). Steps without data have no point (unknown, not idle).
using RateSeriesHandler = std::function<void(Result<RateSeries>)>;
ClusterJob *readRequestRate(PrometheusClient *client, QObject *owner, const QString &app, const QString &deployment,
                            const QDateTime &start, const QDateTime &end, int stepS, RateSeriesHandler done);

// How long a replica of the deployment takes to start, in seconds, as Ray measured it in the last `weeks`
// (coldStartQuery, one instant query): nothing when Prometheus saw no start of it; an error when it could not answer.
using ColdStartHandler = std::function<void(Result<std::optional<double>>)>;
ClusterJob *readColdStart(PrometheusClient *client, QObject *owner, const QString &app, const QString &deployment,
                          int weeks, ColdStartHandler done);

// The series in a range answer, summed into one (pure: what readRequestRate does with the answer).
RateSeries rateSeriesFromMatrix(const std::vector<PromSeries> &matrix, int stepS);

// Every deployment's request rate from `start` to `end`, one point per `stepS`, with one range query
// (requestRatesByDeploymentQuery): what the main window's sparklines draw. The same step limit as readRequestRate.
using RequestRatesHandler = std::function<void(Result<RequestRates>)>;
ClusterJob *readRequestRates(PrometheusClient *client, QObject *owner, const QDateTime &start, const QDateTime &end,
                             int stepS, RequestRatesHandler done);

// The series of a by-deployment range answer, by (application, deployment) (pure: what readRequestRates does with
// the answer). A series without both labels is left out.
RequestRates requestRatesFromMatrix(const std::vector<PromSeries> &matrix, int stepS);

// RecentRequests from Prometheus: increase() of the request counter over the window. A target Prometheus has no
// series of at all is an error ("has no series of llm/LLM…: is it scraping Ray?"), never 0 requests.
class PrometheusRecentRequests final : public RecentRequests {
public:
    explicit PrometheusRecentRequests(PrometheusClient *client) : m_client(client) {}
    ClusterJob *recentRequests(QObject *owner, const QString &app, const QString &deployment,
                               std::chrono::seconds window, Handler done) override;

private:
    PrometheusClient *m_client;
};

} // namespace scaledeck
