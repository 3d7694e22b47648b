// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterendpoint.h"
#include "deploymenttraffic.h"
#include "rateseries.h"
#include "rayerror.h"

#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QTimer;

namespace scaledeck {

class ClusterClient;
class NodeTrafficReader;
class PrometheusClient;

struct TrafficPollerOptions {
    QUrl prometheusUrl;            // empty: read the nodes' metrics endpoints instead (live values only)
    int intervalMs = 15000;        // how often every deployment's traffic is read
    int prometheusWindowS = 60;    // the window of a Prometheus reading
    int nodesWindowS = 30;         // the time between the two reads of the nodes
    int historyIntervalMs = 60000; // how often the last hour of request rates is read (Prometheus only)
    int historyRangeS = 3600;      // how far back the sparklines reach
    int historyStepS = 60;         // one point a minute
};

// Every deployment's traffic, read on a worker thread beside the ClusterPoller: with a Prometheus, one instant
// query every interval and one range query for the last hour every historyInterval; without one, the nodes read
// twice a window apart (a reading every window, at most one at a time). The GUI thread only receives the results
// (queued signals): it never waits on the network nor parses an answer.
class TrafficPoller : public QObject {
    Q_OBJECT
public:
    TrafficPoller(ClusterEndpoint endpoint, TrafficPollerOptions options, QObject *parent = nullptr);
    ~TrafficPoller() override;

    // In the worker thread: setUp() makes the network objects and starts reading; tearDown() destroys them (a
    // read in flight is dropped, it never calls back).
    void setUp();
    void tearDown();

    // Every deployment's traffic over the last `windowS` now, for a confirmation (answered once, with `question`):
    // with Prometheus, one query over that window; without one, the nodes' last reading over their own window
    // (reading them again would keep the operator waiting a whole window), or a failure before the first.
    void readRecentTraffic(quint64 question, int windowS);

Q_SIGNALS:
    void trafficReady(const scaledeck::TrafficReading &reading);
    void trafficFailed(const scaledeck::RayError &error);
    void rateHistoryReady(const scaledeck::RequestRates &rates);
    void recentTrafficRead(quint64 question, const scaledeck::TrafficReading &reading);
    void recentTrafficFailed(quint64 question, const scaledeck::RayError &error);

private:
    void readTraffic();
    void readPrometheus();
    void readNodes();
    void readHistory();
    void onReading(Result<TrafficReading> reading);

    ClusterEndpoint m_endpoint;
    TrafficPollerOptions m_options;
    QNetworkAccessManager *m_network = nullptr;
    ClusterClient *m_client = nullptr; // a DashboardClient, for the nodes' summary
    std::unique_ptr<PrometheusClient> m_prometheus;
    NodeTrafficReader *m_nodes = nullptr;
    QObject *m_jobs = nullptr; // owns the Prometheus jobs: deleted by tearDown()
    QTimer *m_timer = nullptr;
    QTimer *m_historyTimer = nullptr;
    std::optional<TrafficReading> m_lastNodesReading; // what readRecentTraffic answers without a Prometheus
    bool m_inFlight = false;
    bool m_historyInFlight = false;
};

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::TrafficReading)
Q_DECLARE_METATYPE(scaledeck::RequestRates)
