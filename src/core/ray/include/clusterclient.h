// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterendpoint.h"
#include "clusterjob.h"
#include "result.h"

#include <QByteArray>
#include <QString>

#include <functional>

class QObject;

namespace scaledeck {

// What the rest of ScaleDeck needs of a Ray cluster (the applier, the controller, the poller, the CLI), in
// its terms rather than Ray's paths: DashboardClient is the implementation; tests use an in-process fake.
//
// Every call answers asynchronously (never before it returns) through a job that `owner` owns: destroying
// the owner, or the client, stops the request, and its handler never runs after that (see ClusterJob).
// The returned job may be kept to abort() it; most callers need not keep it. Each answer is a value or a
// specific RayError. A read may be repeated once on a transient failure; a change (PUT, scale) is never sent
// twice: when its answer is lost (timeout, reset, 5xx) Ray may or may not have applied it.
class ClusterClient {
public:
    using BodyHandler = ClusterJob::BodyHandler;
    using DoneHandler = std::function<void(Result<Done>)>;

    virtual ~ClusterClient() = default;

    // The cluster this client talks to: its key in ScaleDeck's store, read-only, the per-request timeout.
    virtual const ClusterEndpoint &endpoint() const = 0;

    // Ray's version: {version, ray_version, ray_commit, session_name} (parseRayVersion).
    virtual ClusterJob *fetchVersion(QObject *owner, BodyHandler done) = 0;
    // The whole Serve instance: applications with their deployed configs and deployments, target_capacity...
    virtual ClusterJob *fetchServeApplications(QObject *owner, BodyHandler done) = 0;
    // The nodes and their resource totals (parseNodeTotals).
    virtual ClusterJob *fetchNodes(QObject *owner, BodyHandler done) = 0;
    // The dashboard's node summary (/nodes?view=summary): per node its address and the port its metrics are
    // exported on (metricsEndpointsFromSummary), for traffic read without Prometheus.
    virtual ClusterJob *fetchNodeSummary(QObject *owner, BodyHandler done) = 0;
    // Replaces the whole declarative Serve config with `config` (JSON). Done means Ray accepted it, not that
    // the cluster shows it yet.
    virtual ClusterJob *putServeConfig(QObject *owner, const QByteArray &config, DoneHandler done) = 0;
    // The external scaler's call: sets the target replica count of one deployment of an app deployed with
    // external_scaler_enabled (newer Ray only).
    virtual ClusterJob *scaleDeployment(QObject *owner, const QString &app, const QString &deployment, int replicas,
                                        DoneHandler done) = 0;

protected:
    // For implementations: a body handler that passes on only whether the call succeeded.
    static BodyHandler bodyIgnored(DoneHandler done)
    {
        return [done = std::move(done)](Result<QByteArray> body) {
            done(body ? Result<Done>(Done{}) : Result<Done>(body.error()));
        };
    }
};

} // namespace scaledeck
