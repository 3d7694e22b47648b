// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "prometheustraffic.h"

#include "trafficqueries.h"

#include <algorithm>

namespace scaledeck {

namespace {
QString labelOf(const PromSample &sample, const char *name)
{
    const auto it = sample.labels.find(QLatin1String(name));
    return it == sample.labels.end() ? QString() : it->second;
}

DeploymentTraffic &entryFor(std::vector<DeploymentTraffic> &deployments, const QString &app, const QString &deployment)
{
    auto it = std::find_if(deployments.begin(), deployments.end(), [&](const DeploymentTraffic &traffic) {
        return traffic.app == app && traffic.deployment == deployment;
    });
    if (it != deployments.end())
        return *it;
    deployments.push_back(DeploymentTraffic{app, deployment, std::nullopt, std::nullopt, std::nullopt});
    return deployments.back();
}

QString describeTarget(const QString &app, const QString &deployment)
{
    return deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment;
}
} // namespace

TrafficReading trafficFromSamples(const std::vector<PromSample> &samples, int windowS)
{
    TrafficReading reading;
    reading.source = TrafficSource::Prometheus;
    reading.windowS = windowS;
    for (const PromSample &sample : samples) {
        const QString app = labelOf(sample, "application");
        const QString deployment = labelOf(sample, "deployment");
        if (app.isEmpty() || deployment.isEmpty())
            continue;
        DeploymentTraffic &traffic = entryFor(reading.deployments, app, deployment);
        const QString figure = labelOf(sample, "figure");
        if (figure == QLatin1String("requests_per_s"))
            traffic.requestsPerS = sample.value;
        else if (figure == QLatin1String("error_rate"))
            traffic.errorRate = sample.value;
        else if (figure == QLatin1String("p95_ms"))
            traffic.p95Ms = sample.value;
    }
    std::sort(reading.deployments.begin(), reading.deployments.end(),
              [](const DeploymentTraffic &a, const DeploymentTraffic &b) {
                  return std::tie(a.app, a.deployment) < std::tie(b.app, b.deployment);
              });
    return reading;
}

ClusterJob *readPrometheusTraffic(PrometheusClient *client, QObject *owner, int windowS, const QDateTime &nowUtc,
                                  TrafficHandler done)
{
    const QString server = client->describe();
    const QString address = client->baseUrl().toString(QUrl::RemoveUserInfo);
    return client->query(owner, trafficQuery(windowS), nowUtc,
                         [done = std::move(done), server, address, windowS, nowUtc](Result<QByteArray> body) {
                             if (!body)
                                 return done(body.error());
                             auto samples = parseInstantVector(*body, server);
                             if (!samples)
                                 return done(samples.error());
                             TrafficReading reading = trafficFromSamples(*samples, windowS);
                             reading.sourceAddress = address;
                             reading.takenAtUtc = nowUtc;
                             done(std::move(reading));
                         });
}

ClusterJob *PrometheusRecentRequests::recentRequests(QObject *owner, const QString &app, const QString &deployment,
                                                     std::chrono::seconds window, Handler done)
{
    const int windowS = int(window.count());
    const QString server = m_client->describe();
    return m_client->query(
        owner, recentRequestsQuery(app, deployment, windowS), QDateTime(),
        [done = std::move(done), server, app, deployment, windowS](Result<QByteArray> body) {
            if (!body)
                return done(body.error());
            auto samples = parseInstantVector(*body, server);
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
