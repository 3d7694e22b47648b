// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "nodetrafficreader.h"

#include "prometheusjob_p.h"

#include <QStringList>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace scaledeck {

namespace {
constexpr int kEndpointTimeoutMs = 10000;
// A counter every replica exports from its start on (Ray's replica_healthy gauge comes and goes between exports):
// its deployment runs, whether or not a request came.
const QString kReplicaStarts = QStringLiteral("ray_serve_deployment_replica_starts_total");

// Ray exports a request counter from a replica's first request on. A deployment whose replicas both reads saw,
// on nodes that both answered, and that has no counter at all, served nothing: 0 requests/s, not unknown.
void addIdleDeployments(TrafficReading &reading, const NodeMetricsRead &first, const NodeMetricsRead &second)
{
    std::set<std::pair<QString, QString>> inFirst;
    for (const NodeExport &node : first.nodes)
        for (const MetricSample &sample : node.samples)
            if (sample.name == kReplicaStarts)
                inFirst.insert({sample.label(QStringLiteral("application")).value_or(QString()),
                                sample.label(QStringLiteral("deployment")).value_or(QString())});
    for (const NodeExport &node : second.nodes)
        for (const MetricSample &sample : node.samples) {
            const std::pair<QString, QString> key{sample.label(QStringLiteral("application")).value_or(QString()),
                                                  sample.label(QStringLiteral("deployment")).value_or(QString())};
            if (sample.name != kReplicaStarts || !inFirst.count(key) || reading.find(key.first, key.second))
                continue;
            reading.deployments.push_back(DeploymentTraffic{key.first, key.second, 0.0, std::nullopt, std::nullopt});
        }
    std::sort(reading.deployments.begin(), reading.deployments.end(),
              [](const DeploymentTraffic &a, const DeploymentTraffic &b) {
                  return std::tie(a.app, a.deployment) < std::tie(b.app, b.deployment);
              });
}

QUrl metricsUrl(const QString &endpoint)
{
    return QUrl(QStringLiteral("http://%1/metrics").arg(endpoint));
}
} // namespace

Result<std::vector<QString>> metricsEndpointsFromSummary(const QByteArray &body)
{
    const auto json = nlohmann::json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    const auto bad = [](const char *what) {
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("the node summary (/nodes?view=summary) %1").arg(QLatin1String(what)));
    };
    if (!json.is_object() || !json.contains("data") || !json["data"].is_object() || !json["data"].contains("summary") ||
        !json["data"]["summary"].is_array())
        return bad("has no data.summary list");
    std::vector<QString> endpoints;
    for (const auto &node : json["data"]["summary"]) {
        if (!node.is_object() || !node.contains("raylet") || !node["raylet"].is_object())
            return bad("lists a node without its raylet");
        const auto &raylet = node["raylet"];
        if (raylet.value("state", std::string()) != "ALIVE")
            continue;
        const auto port = raylet.find("metricsExportPort");
        const auto ip = node.find("ip");
        if (port == raylet.end() || !port->is_number_integer() || ip == node.end() || !ip->is_string())
            return bad("lists a live node without its ip and metricsExportPort");
        endpoints.push_back(
            QStringLiteral("%1:%2").arg(QString::fromStdString(ip->get<std::string>())).arg(port->get<int>()));
    }
    std::sort(endpoints.begin(), endpoints.end());
    return endpoints;
}

NodeTrafficReader::NodeTrafficReader(ClusterClient *client, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent), m_client(client), m_network(network)
{
    m_interval.setSingleShot(true);
    m_interval.setTimerType(Qt::PreciseTimer); // the reads are at least the window apart, never 5% less

    connect(&m_interval, &QTimer::timeout, this, &NodeTrafficReader::readEndpoints);
}

void NodeTrafficReader::read(int windowS, Handler done)
{
    m_done = std::move(done);
    m_windowS = windowS;
    m_first.reset();
    delete m_jobs;
    m_jobs = new QObject(this);
    m_client->fetchNodeSummary(m_jobs, [this](Result<QByteArray> body) { onSummary(std::move(body)); });
}

void NodeTrafficReader::onSummary(Result<QByteArray> body)
{
    if (!body)
        return finish(body.error());
    auto endpoints = metricsEndpointsFromSummary(*body);
    if (!endpoints)
        return finish(endpoints.error());
    if (endpoints->empty())
        return finish(makeError(RayErrorKind::BadPayload, QStringLiteral("the cluster lists no live node to read")));
    m_endpoints = std::move(*endpoints);
    readEndpoints();
}

void NodeTrafficReader::readEndpoints()
{
    m_reading = NodeMetricsRead{};
    m_reading.nodes.resize(m_endpoints.size());
    m_pending = m_endpoints.size();
    m_failed = false;
    for (size_t i = 0; i < m_endpoints.size(); ++i) {
        m_reading.nodes[i].address = m_endpoints[i];
        const QUrl url = metricsUrl(m_endpoints[i]);
        auto *job = new PrometheusJob(
            m_jobs, m_network, url, QStringLiteral("the metrics endpoint at %1").arg(url.toString()),
            kEndpointTimeoutMs, [this, i](Result<QByteArray> answer) { onEndpoint(i, std::move(answer)); });
        job->start();
    }
}

void NodeTrafficReader::onEndpoint(size_t index, Result<QByteArray> body)
{
    if (m_failed)
        return;
    if (!body) {
        m_failed = true;
        return finish(body.error());
    }
    auto exposition = parseMetricsExposition(*body, serveRateSampleNames() + QSet<QString>{kReplicaStarts});
    if (!exposition) {
        m_failed = true;
        RayError error = exposition.error().toRayError();
        error.message = QStringLiteral("the metrics of %1: %2").arg(m_endpoints[index], error.message);
        return finish(error);
    }
    m_reading.nodes[index].samples = std::move(exposition->samples);
    if (--m_pending > 0)
        return;
    // Every node answered: the read's time is when the last answer came, the closest to all of them.
    m_reading.takenAtUtc = QDateTime::currentDateTimeUtc();
    if (!m_first) {
        m_first = std::move(m_reading);
        m_interval.start(m_windowS * 1000);
        return;
    }
    auto reading = computeNodeRates(*m_first, m_reading);
    if (reading) { // its window is the time that really passed between the reads
        addIdleDeployments(reading.value(), *m_first, m_reading);
        reading.value().sourceAddress = QStringList(m_endpoints.begin(), m_endpoints.end()).join(QStringLiteral(", "));
    }
    finish(std::move(reading));
}

void NodeTrafficReader::finish(Result<TrafficReading> result)
{
    m_interval.stop();
    if (m_jobs) {
        m_jobs->deleteLater(); // a job may be answering right now: not deleted under its feet
        m_jobs = nullptr;
    }
    if (Handler done = std::exchange(m_done, nullptr))
        done(std::move(result));
}

} // namespace scaledeck
