// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The traffic figures of `scaledeckctl cost`: requests, cost per 1,000 requests and GPU-hours idle while held,
// from one range query to the operator's Prometheus over the report's period.
#include "ctlcontext.h"
#include "ctlcostcommon.h"
#include "servingquery.h"

#include <QNetworkAccessManager>

namespace scaledeck {

CostTraffic readCostTraffic(CostCommand &command, const QUrl &prometheus, const std::vector<GpuLease> &leases,
                            const QDateTime &fromUtc, const QDateTime &toUtc)
{
    CostTraffic traffic;
    if (prometheus.isEmpty()) {
        traffic.error = QStringLiteral("no Prometheus (--prometheus URL or RAY_PROMETHEUS_HOST)");
        return traffic;
    }
    QNetworkAccessManager network;
    PrometheusClient client(&network, prometheus);
    QObject receiver; // owns the request: none outlives this function
    traffic.source = client.describe();
    traffic.stepS = servingQuery(fromUtc, toUtc).stepS;
    auto serving =
        awaitAnswer<ServingCost>([&](auto done) { readServingCost(&client, &receiver, leases, fromUtc, toUtc, done); });
    if (serving) {
        traffic.serving = std::move(serving).value();
    } else {
        traffic.error = serving.error().message;
        command.err << "scaledeckctl: warning: no traffic figures (the report has none): " << traffic.error << Qt::endl;
    }
    return traffic;
}

} // namespace scaledeck
