// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotfetcher.h"

#include "incrementalservereader.h"
#include "servestatereader.h"
#include "snapshotdiff.h"

#include <algorithm>
#include <memory>

namespace scaledeck {

namespace {
// The range a parked deployment scales in when it is back: as it ran when parked (the summary), else as its
// stored config sets it; nothing for a fixed count.
std::optional<AutoscalingBounds> parkedAutoscaling(const nlohmann::json &summaryEntry, const ApplicationSnapshot &app,
                                                   const QString &deployment)
{
    const auto bounds = summaryEntry.find("autoscaling");
    if (bounds != summaryEntry.end() && bounds->is_object()) {
        const auto bound = [&](const char *field) {
            const auto value = bounds->find(field);
            return value != bounds->end() && value->is_number_integer() ? value->get<int>() : 1;
        };
        return AutoscalingBounds{bound("min_replicas"), bound("max_replicas")};
    }
    const std::optional<DeploymentSnapshot> configured = app.deploymentFromConfig(deployment);
    return configured ? configured->autoscaling : std::nullopt;
}

ApplicationSnapshot parkedApplication(const ParkedApp &parked)
{
    ApplicationSnapshot app;
    app.name = parked.name;
    app.status = QStringLiteral("PARKED");
    app.source = QStringLiteral("declarative");
    app.parked = true;
    app.message = QStringLiteral("parked by ScaleDeck at %1").arg(parked.parkedAt.toString(Qt::ISODate));
    const auto config =
        nlohmann::json::parse(parked.configJson.constBegin(), parked.configJson.constEnd(), nullptr, false);
    if (config.is_object()) {
        app.deployedConfig = std::make_shared<const nlohmann::json>(config);
        app.externalScalerEnabled = config.value("external_scaler_enabled", false);
    }
    const auto summary =
        nlohmann::json::parse(parked.summaryJson.constBegin(), parked.summaryJson.constEnd(), nullptr, false);
    if (summary.is_object()) {
        app.routePrefix = QString::fromStdString(summary.value("route_prefix", std::string()));
        if (summary.contains("deployments") && summary["deployments"].is_array()) {
            for (const auto &entry : summary["deployments"]) {
                if (!entry.is_object())
                    continue;
                DeploymentSnapshot deployment;
                deployment.name = QString::fromStdString(entry.value("name", std::string()));
                deployment.status = QStringLiteral("PARKED");
                deployment.gpusPerReplica = entry.value("gpus_per_replica", 0.0);
                deployment.cpusPerReplica = entry.value("cpus_per_replica", 0.0);
                deployment.configuredReplicas = 0;
                deployment.autoscaling = parkedAutoscaling(entry, app, deployment.name);
                app.deployments.push_back(std::move(deployment));
            }
        }
    }
    return app;
}
// A live app that also has a stored config (kept after a park or unpark whose outcome was unknown) is shown
// once, as what Ray runs; the flag lets the GUI and the CLI offer to drop the copy, and the message says a copy
// is kept and how to drop it, so it is neither lost nor hidden.
void noteKeptConfig(ClusterSnapshot &snapshot, const ParkedApp &kept)
{
    const QString &name = kept.name;
    for (ApplicationSnapshot &app : snapshot.applications) {
        if (app.name != name)
            continue;
        app.keptConfig = true;
        app.keptConfigAt = kept.parkedAt;
        const QString note = QStringLiteral("ScaleDeck also keeps a stored config of %1 from a park or unpark whose "
                                            "outcome was unknown (scaledeckctl parked discard %1 drops it)")
                                 .arg(name);
        app.message = app.message.isEmpty() ? note : app.message + QStringLiteral(" — ") + note;
    }
}
} // namespace

SnapshotPtr buildSnapshot(const QString &rayVersion, ServeState serve, const NodeTotals &nodes,
                          const std::vector<ParkedApp> &parked, const QDateTime &takenAt, const SnapshotPtr &previous)
{
    auto snapshot = std::make_shared<ClusterSnapshot>();
    snapshot->rayVersion = rayVersion;
    snapshot->gpusTotal = nodes.gpusTotal;
    snapshot->cpusTotal = nodes.cpusTotal;
    snapshot->nodesAlive = nodes.nodesAlive;
    snapshot->gpusByAccelerator = nodes.gpusByAccelerator;
    snapshot->acceleratorByNode = nodes.acceleratorByNode;
    snapshot->gpusByNode = nodes.gpusByNode;
    snapshot->targetCapacity = serve.targetCapacity;
    snapshot->takenAt = takenAt;
    snapshot->applications = std::move(serve.applications);
    bool added = false;
    for (const ParkedApp &app : parked) {
        if (snapshot->findApplication(app.name)) {
            noteKeptConfig(*snapshot, app);
            continue;
        }
        snapshot->applications.push_back(parkedApplication(app));
        added = true;
    }
    if (added)
        std::sort(snapshot->applications.begin(), snapshot->applications.end(),
                  [](const ApplicationSnapshot &a, const ApplicationSnapshot &b) { return a.name < b.name; });
    noteChangesSince(*snapshot, previous);
    return snapshot;
}

void fetchSnapshot(ClusterClient *client, QObject *owner, ParkedStore *store,
                   std::function<void(Result<SnapshotPtr>)> done, IncrementalServeReader *serveReader,
                   SnapshotPtr previous)
{
    struct Pending {
        std::optional<Result<QString>> version;
        std::optional<Result<ServeState>> serve;
        std::optional<Result<NodeTotals>> nodes;
        std::function<void(Result<SnapshotPtr>)> done;
        SnapshotPtr previous;
    };
    auto pending = std::make_shared<Pending>();
    pending->done = std::move(done);
    pending->previous = std::move(previous);
    auto complete = [pending, client, store] {
        if (!pending->version || !pending->serve || !pending->nodes)
            return;
        for (const RayError *error : {pending->version->ok() ? nullptr : &pending->version->error(),
                                      pending->serve->ok() ? nullptr : &pending->serve->error(),
                                      pending->nodes->ok() ? nullptr : &pending->nodes->error()}) {
            if (error) {
                pending->done(*error);
                return;
            }
        }
        std::vector<ParkedApp> parked;
        if (store) {
            auto listed = store->list(client->endpoint().clusterKey());
            if (!listed) {
                pending->done(listed.error());
                return;
            }
            parked = std::move(listed).value();
        }
        pending->done(buildSnapshot(pending->version->value(), std::move(pending->serve->value()),
                                    pending->nodes->value(), parked, QDateTime::currentDateTimeUtc(),
                                    pending->previous));
    };
    client->fetchVersion(owner, [pending, complete](Result<QByteArray> body) {
        pending->version = body ? parseRayVersion(*body) : Result<QString>(body.error());
        complete();
    });
    client->fetchServeApplications(owner, [pending, complete, serveReader](Result<QByteArray> body) {
        if (!body)
            pending->serve = Result<ServeState>(body.error());
        else
            pending->serve = serveReader ? serveReader->read(*body) : readServeState(*body);
        complete();
    });
    client->fetchNodes(owner, [pending, complete](Result<QByteArray> body) {
        pending->nodes = body ? parseNodeTotals(*body) : Result<NodeTotals>(body.error());
        complete();
    });
}

} // namespace scaledeck
