// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "controllermetrics.h"
#include "listenaddress.h"
#include "result.h"

#include <QHttpServer>

namespace scaledeck {

// Serves a controller's metrics over HTTP: GET /metrics (the Prometheus text exposition) and GET /healthz (200
// or 503 with the reason, ControllerMetrics::health()); anything else is 404. Runs on the thread that owns it,
// as the controller does, so it reads the metrics without a lock.
class MetricsServer {
public:
    explicit MetricsServer(const ControllerMetrics *metrics);

    // Listens at `address`: the port it listens on (the one the system chose when `address` gives 0), or why it
    // cannot (the address is in use, not this machine's, ...).
    [[nodiscard]] Result<quint16> listen(const ListenAddress &address);

private:
    const ControllerMetrics *m_metrics;
    QHttpServer m_server;
};

} // namespace scaledeck
