// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterjob.h"
#include "leasetracker.h"
#include "prometheusclient.h"
#include "result.h"
#include "servingcost.h"

#include <QDateTime>

#include <functional>
#include <vector>

namespace scaledeck {

// The range query a window's serving figures are read with: points from firstPointUtc to lastPointUtc (= the
// window's end) every stepS, so that the steps they stand for tile the window, the first one reaching back to its
// start or before it.
struct ServingQuery {
    int stepS = 60;
    QDateTime firstPointUtc;
    QDateTime lastPointUtc;
};

// A minute a step while that stays within Prometheus' 11,000 points a series (windows up to 7.6 days), else the
// fewest whole minutes that do (30 days: 4 min). Not finer than a minute: rate() needs two scrapes inside a step,
// and Ray's metrics are scraped every 10 to 15 s; whole minutes keep the steps on the clock's minutes.
ServingQuery servingQuery(const QDateTime &fromUtc, const QDateTime &toUtc);

// Reads every deployment's request rate over [fromUtc, toUtc) from Prometheus (one range query) and answers with
// servingCost of `leases` against it, computed where the answer arrives (the caller's thread). The job is owned by
// `owner`; an error names the server.
using ServingCostHandler = std::function<void(Result<ServingCost>)>;
ClusterJob *readServingCost(PrometheusClient *client, QObject *owner, std::vector<GpuLease> leases,
                            const QDateTime &fromUtc, const QDateTime &toUtc, ServingCostHandler done);
// The same against the GPUs held in that window (heldGpusOf).
ClusterJob *readServingCost(PrometheusClient *client, QObject *owner, HeldGpusByDeployment held,
                            const QDateTime &fromUtc, const QDateTime &toUtc, ServingCostHandler done);

} // namespace scaledeck
