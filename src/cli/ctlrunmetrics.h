// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// `scaledeckctl run --metrics-listen`: the controller's metrics and health over HTTP, fed by its ticks, priced at
// the store's prices of the cluster. Internal to scaledeck_cli.

#include "clock.h"
#include "controllermetrics.h"
#include "listenaddress.h"
#include "metricsserver.h"
#include "pricestore.h"
#include "result.h"

#include <QString>
#include <QTextStream>

#include <memory>

namespace scaledeck {

class RunMetrics {
public:
    // Listening at `address`, or why not (the port in use, an address not this machine's, the store).
    static Result<std::unique_ptr<RunMetrics>> start(const ListenAddress &address, const Clock *clock,
                                                     const QString &clusterKey, int tickMs, const QString &storePath);
    // "127.0.0.1:9464", "[::1]:9464": where it listens, with the port the system chose for 0.
    QString address() const;
    // One finished tick. Prices are read again each tick (`scaledeckctl prices` may change them meanwhile); if
    // they cannot be, the last ones stay and `err` says so once.
    void observe(const TickReport &report, QTextStream &err);

private:
    RunMetrics(const Clock *clock, const QString &clusterKey, int tickMs, const QString &storePath);

    QString m_clusterKey;
    ControllerMetrics m_metrics;
    MetricsServer m_server;
    PriceStore m_prices;
    PriceList m_lastPrices;
    QString m_lastPriceError;
    QHostAddress m_host;
    quint16 m_port = 0;
};

} // namespace scaledeck
