// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterclient.h"
#include "deploymenttraffic.h"
#include "noderates.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace scaledeck {

// The metrics export endpoints ("ip:port") of the ALIVE nodes in the dashboard's node summary
// (/nodes?view=summary: data.summary[].ip and .raylet.metricsExportPort), sorted; a BadPayload error for a body
// of another shape.
Result<std::vector<QString>> metricsEndpointsFromSummary(const QByteArray &body);

// Traffic without a Prometheus: reads every node's metrics export endpoint, waits `windowS`, reads them again, and
// computes each deployment's rates from the two reads (computeNodeRates). Live values only: there is no history to
// ask. One read at a time; destroying the reader stops it, and its handler never runs afterwards.
class NodeTrafficReader : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(Result<TrafficReading>)>;
    NodeTrafficReader(ClusterClient *client, QNetworkAccessManager *network, QObject *parent = nullptr);

    void read(int windowS, Handler done);

private:
    void onSummary(Result<QByteArray> body);
    void readEndpoints();
    void onEndpoint(size_t index, Result<QByteArray> body);
    void finish(Result<TrafficReading> result);

    ClusterClient *m_client;
    QNetworkAccessManager *m_network;
    Handler m_done;
    int m_windowS = 60;
    std::vector<QString> m_endpoints;
    std::optional<NodeMetricsRead> m_first;
    NodeMetricsRead m_reading; // the read under way
    size_t m_pending = 0;
    bool m_failed = false;
    QTimer m_interval;
    QObject *m_jobs = nullptr; // owns this read's requests: deleting it stops them
};

} // namespace scaledeck
