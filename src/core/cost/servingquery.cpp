// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "servingquery.h"

#include "prometheustraffic.h"

namespace scaledeck {

namespace {
constexpr qint64 kMaxPoints = 11000; // Prometheus' limit a series
constexpr qint64 kMinute = 60;
} // namespace

ServingQuery servingQuery(const QDateTime &fromUtc, const QDateTime &toUtc)
{
    const qint64 windowS = std::max<qint64>(1, fromUtc.secsTo(toUtc));
    // Steps = ceil(window / step) points; the fewest whole minutes a step with no more than kMaxPoints of them.
    const qint64 minutes = std::max<qint64>(1, (windowS + kMinute * kMaxPoints - 1) / (kMinute * kMaxPoints));
    const qint64 stepS = minutes * kMinute;
    const qint64 steps = (windowS + stepS - 1) / stepS;
    ServingQuery query;
    query.stepS = int(stepS);
    query.lastPointUtc = toUtc;
    query.firstPointUtc = toUtc.addSecs(-(steps - 1) * stepS);
    return query;
}

ClusterJob *readServingCost(PrometheusClient *client, QObject *owner, std::vector<GpuLease> leases,
                            const QDateTime &fromUtc, const QDateTime &toUtc, ServingCostHandler done)
{
    return readServingCost(client, owner, heldGpusOf(leases, fromUtc, toUtc), fromUtc, toUtc, std::move(done));
}

ClusterJob *readServingCost(PrometheusClient *client, QObject *owner, HeldGpusByDeployment held,
                            const QDateTime &fromUtc, const QDateTime &toUtc, ServingCostHandler done)
{
    const ServingQuery query = servingQuery(fromUtc, toUtc);
    return readRequestRates(
        client, owner, query.firstPointUtc, query.lastPointUtc, query.stepS,
        [held = std::move(held), fromUtc, toUtc, done = std::move(done)](Result<RequestRates> rates) {
            if (!rates)
                return done(rates.error());
            done(servingCost(held, *rates, fromUtc, toUtc));
        });
}

} // namespace scaledeck
