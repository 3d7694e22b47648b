// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "prometheustraffic.h"

#include "trafficqueries.h"

#include <QTimer>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

namespace scaledeck {

namespace {
QString labelOf(const PromSample &sample, const char *name)
{
    const auto it = sample.labels.find(QLatin1String(name));
    return it == sample.labels.end() ? QString() : it->second;
}

QString describeTarget(const QString &app, const QString &deployment)
{
    return deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment;
}

// `query`'s answer as an instant vector (or a range's as a matrix), parsed, or why there is none: what every reader
// below starts from.
using SamplesHandler = std::function<void(Result<std::vector<PromSample>>)>;
using MatrixHandler = std::function<void(Result<std::vector<PromSeries>>)>;

ClusterJob *queryVector(PrometheusClient *client, QObject *owner, const QString &query, const QDateTime &at,
                        SamplesHandler done)
{
    return client->query(
        owner, query, at, [done = std::move(done), server = client->describe()](Result<QByteArray> body) {
            done(body ? parseInstantVector(*body, server) : Result<std::vector<PromSample>>(body.error()));
        });
}

ClusterJob *queryMatrix(PrometheusClient *client, QObject *owner, const QString &query, const QDateTime &start,
                        const QDateTime &end, int stepS, MatrixHandler done)
{
    return client->queryRange(owner, query, start, end, stepS,
                              [done = std::move(done), server = client->describe()](Result<QByteArray> body) {
                                  done(body ? parseRangeMatrix(*body, server)
                                            : Result<std::vector<PromSeries>>(body.error()));
                              });
}

// Prometheus answers at most 11,000 points a series: a step that would ask more is refused here, answered (later, as
// every answer) with the coarsest step allowed. True when refused.
template <typename Handler>
bool refuseTooFineStep(QObject *owner, const QDateTime &start, const QDateTime &end, int stepS, const Handler &done)
{
    constexpr qint64 kMaxPoints = 11000;
    const qint64 points = start.secsTo(end) / std::max(1, stepS) + 1;
    if (stepS > 0 && points <= kMaxPoints)
        return false;
    const qint64 coarsest = (start.secsTo(end) + kMaxPoints - 2) / (kMaxPoints - 1);
    QTimer::singleShot(0, owner, [done, stepS, coarsest] {
        done(makeError(RayErrorKind::InvalidChange,
                       QStringLiteral("a step of %1 s asks Prometheus for more than 11,000 points; use %2 s or more")
                           .arg(stepS)
                           .arg(coarsest)));
    });
    return true;
}
} // namespace

TrafficReading trafficFromSamples(const std::vector<PromSample> &samples, int windowS)
{
    // Keyed by (app, deployment): three samples a deployment find their entry in log time, and the map's order is
    // the reading's (by app, then deployment).
    std::map<std::pair<QString, QString>, DeploymentTraffic> byDeployment;
    for (const PromSample &sample : samples) {
        const QString app = labelOf(sample, "application");
        const QString deployment = labelOf(sample, "deployment");
        if (app.isEmpty() || deployment.isEmpty())
            continue;
        auto [it, added] = byDeployment.try_emplace({app, deployment});
        DeploymentTraffic &traffic = it->second;
        if (added) {
            traffic.app = app;
            traffic.deployment = deployment;
        }
        const QString figure = labelOf(sample, "figure");
        if (figure == QLatin1String("requests_per_s"))
            traffic.requestsPerS = sample.value;
        else if (figure == QLatin1String("error_rate"))
            traffic.errorRate = sample.value;
        else if (figure == QLatin1String("p95_ms"))
            traffic.p95Ms = sample.value;
    }
    TrafficReading reading;
    reading.source = TrafficSource::Prometheus;
    reading.windowS = windowS;
    reading.deployments.reserve(byDeployment.size());
    for (auto &[key, traffic] : byDeployment)
        reading.deployments.push_back(std::move(traffic));
    return reading;
}

ClusterJob *readPrometheusTraffic(PrometheusClient *client, QObject *owner, int windowS, const QDateTime &nowUtc,
                                  TrafficHandler done)
{
    const QString address = client->baseUrl().toString(QUrl::RemoveUserInfo);
    return queryVector(client, owner, trafficQuery(windowS), nowUtc,
                       [done = std::move(done), address, windowS, nowUtc](Result<std::vector<PromSample>> samples) {
                           if (!samples)
                               return done(samples.error());
                           TrafficReading reading = trafficFromSamples(*samples, windowS);
                           reading.sourceAddress = address;
                           reading.takenAtUtc = nowUtc;
                           done(std::move(reading));
                       });
}

RateSeries rateSeriesFromMatrix(const std::vector<PromSeries> &matrix, int stepS)
{
    std::map<qint64, double> byTime; // ms since the epoch -> summed rate
    for (const PromSeries &series : matrix)
        for (const auto &[atS, value] : series.points)
            if (value)
                byTime[std::llround(atS * 1000)] += *value;
    RateSeries series;
    series.stepS = stepS;
    series.points.reserve(byTime.size());
    for (const auto &[atMs, perSecond] : byTime)
        series.points.push_back({QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC), perSecond});
    return series;
}

ClusterJob *readRequestRate(PrometheusClient *client, QObject *owner, const QString &app, const QString &deployment,
                            const QDateTime &start, const QDateTime &end, int stepS, RateSeriesHandler done)
{
    if (refuseTooFineStep(owner, start, end, stepS, done))
        return nullptr;
    return queryMatrix(client, owner, requestRateQuery(app, deployment, stepS), start, end, stepS,
                       [done = std::move(done), stepS](Result<std::vector<PromSeries>> matrix) {
                           if (!matrix)
                               return done(matrix.error());
                           done(rateSeriesFromMatrix(*matrix, stepS));
                       });
}

ClusterJob *readColdStart(PrometheusClient *client, QObject *owner, const QString &app, const QString &deployment,
                          int weeks, ColdStartHandler done)
{
    return queryVector(client, owner, coldStartQuery(app, deployment, weeks), QDateTime(),
                       [done = std::move(done)](Result<std::vector<PromSample>> samples) {
                           if (!samples)
                               return done(samples.error());
                           if (samples->empty() || !samples->front().value)
                               return done(std::optional<double>());
                           done(std::optional<double>(*samples->front().value / 1000.0));
                       });
}

RequestRates requestRatesFromMatrix(const std::vector<PromSeries> &matrix, int stepS)
{
    RequestRates rates;
    for (const PromSeries &series : matrix) {
        const auto app = series.labels.find(QStringLiteral("application"));
        const auto deployment = series.labels.find(QStringLiteral("deployment"));
        if (app == series.labels.end() || deployment == series.labels.end())
            continue;
        rates[{app->second, deployment->second}] = rateSeriesFromMatrix({series}, stepS);
    }
    return rates;
}

ClusterJob *readRequestRates(PrometheusClient *client, QObject *owner, const QDateTime &start, const QDateTime &end,
                             int stepS, RequestRatesHandler done)
{
    if (refuseTooFineStep(owner, start, end, stepS, done))
        return nullptr;
    return queryMatrix(client, owner, requestRatesByDeploymentQuery(stepS), start, end, stepS,
                       [done = std::move(done), stepS](Result<std::vector<PromSeries>> matrix) {
                           if (!matrix)
                               return done(matrix.error());
                           done(requestRatesFromMatrix(*matrix, stepS));
                       });
}

ClusterJob *PrometheusRecentRequests::recentRequests(QObject *owner, const QString &app, const QString &deployment,
                                                     std::chrono::seconds window, Handler done)
{
    const int windowS = int(window.count());
    const QString server = m_client->describe();
    return queryVector(
        m_client, owner, recentRequestsQuery(app, deployment, windowS), QDateTime(),
        [done = std::move(done), server, app, deployment, windowS](Result<std::vector<PromSample>> samples) {
            if (!samples)
                return done(samples.error());
            if (samples->empty() || !samples->front().value)
                return done(makeError(RayErrorKind::BadPayload,
                                      QStringLiteral("%1 has no series of %2 in the last %3: is it scraping Ray?")
                                          .arg(server, describeTarget(app, deployment), promqlDuration(windowS))));
            const double requests = *samples->front().value;
            done(RecentRequestCount{requests, requests * 60.0 / std::max(1, windowS), server});
        });
}

} // namespace scaledeck
