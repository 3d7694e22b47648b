// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QMap>
#include <QString>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace scaledeck {

struct SnapshotDiff;

using OrderedJson = nlohmann::ordered_json;

struct AutoscalingBounds {
    int minReplicas = 1;
    int maxReplicas = 1;
    bool operator==(const AutoscalingBounds &) const = default;
};

// One replica as Ray reported it: what lease accounting needs.
struct ReplicaSnapshot {
    QString id;            // replica_id
    QString state;         // RUNNING, STARTING, STOPPING, ...
    double startTimeS = 0; // start_time_s (seconds since the epoch); 0 when Ray gave none
    bool placed = false;   // has a node_id: its resources are reserved
    QString nodeId;        // node_id: where it runs (its node's accelerator type prices its GPUs)
    bool operator==(const ReplicaSnapshot &) const = default;
};

// One deployment as the cluster reported it at one moment.
struct DeploymentSnapshot {
    QString name;
    QString status; // HEALTHY, UPDATING, UPSCALING, DOWNSCALING, UNHEALTHY, ...
    QString statusTrigger;
    QString message;
    int targetReplicas = 0;             // target_num_replicas as Ray reports it
    QMap<QString, int> replicasByState; // RUNNING, STARTING, STOPPING, ... -> count
    int runningReplicas = 0;
    double gpusPerReplica = 0;
    double cpusPerReplica = 0;
    QString acceleratorType; // from required_resources "accelerator_type:X" (ray_actor_options); empty if none
    double gpusHeld = 0;     // replicas holding resources x GPUs a replica
    std::optional<int> configuredReplicas;        // num_replicas when fixed
    std::optional<AutoscalingBounds> autoscaling; // when autoscaling_config is set
    std::vector<ReplicaSnapshot> replicas;        // sorted by id (Ray's order is not stable between GETs)

    bool hasReplicasInTransition() const; // a replica in any state but RUNNING (starting, stopping, ...)
    // Settled at `replicas`: that target, that many running, none on the way in or out.
    bool runsExactly(int replicas) const;
    // Replicas Ray created but could not place on any node yet (STARTING without a node_id): they wait for
    // resources, usually GPUs, and hold none.
    int replicasWaitingForPlacement() const;

    bool operator==(const DeploymentSnapshot &) const = default;
};

// One Serve application. A parked application is not in the cluster: ScaleDeck shows it from its store.
struct ApplicationSnapshot {
    QString name;
    QString status; // RUNNING, DEPLOYING, DEPLOY_FAILED, UNHEALTHY, DELETING, NOT_STARTED, or PARKED
    QString message;
    QString source; // "declarative" (serve deploy / PUT) or "imperative" (serve.run): read-only
    QString routePrefix;
    bool parked = false;
    bool externalScalerEnabled = false;
    // A live app of which ScaleDeck's store also keeps a config (from a park or unpark whose outcome was
    // unknown): the operator may discard that copy, since the cluster has one. Never set on a parked app,
    // whose stored config is its only copy. `keptConfigAt` is when the copy was stored.
    bool keptConfig = false;
    QDateTime keptConfigAt;
    std::vector<DeploymentSnapshot> deployments;
    // deployed_app_config as Ray echoed it (null for imperative apps), for comparing by value; key order is
    // not kept here: the change path rebuilds PUT bodies from its own order-keeping read.
    std::shared_ptr<const nlohmann::json> deployedConfig;

    bool isDeclarative() const { return source == QStringLiteral("declarative"); }
    const DeploymentSnapshot *findDeployment(const QString &name) const;
    // A deployment the deployed config names, with the replica settings the config gives it (no replicas,
    // no status): what stands in while Ray is still deploying the app and lists none of its deployments.
    std::optional<DeploymentSnapshot> deploymentFromConfig(const QString &name) const;
    double gpusHeld() const;
    // Same visible state and same config (the config compared by value).
    bool sameAs(const ApplicationSnapshot &other) const;
};

// The whole cluster as one immutable value; the GUI and CLI only ever see these.
struct ClusterSnapshot {
    QString rayVersion;
    double gpusTotal = 0; // GPUs of the alive nodes: what the cloud bills
    double cpusTotal = 0;
    int nodesAlive = 0;
    // Alive nodes by accelerator type (Ray's "ray.io/accelerator-type" label or "accelerator_type:X" resource):
    // GPUs per type, and the type of each node that has one. Empty when no node names a type (logical GPUs).
    std::map<QString, double> gpusByAccelerator;
    std::map<QString, QString> acceleratorByNode;
    std::map<QString, double> gpusByNode; // alive nodes that have GPUs: where a replica can be placed
    std::optional<double> targetCapacity;
    std::vector<ApplicationSnapshot> applications; // sorted by name
    QDateTime takenAt;
    // What differs from the snapshot its producer made before this one, computed where this one was built (the
    // poller's thread), so that the GUI thread does not compare every application to find the few that changed.
    // Filled by noteChangesSince() and read by changesBetween() (snapshotdiff.h), which falls back to comparing
    // when the shown snapshot is another one.
    struct Changes {
        std::shared_ptr<const SnapshotDiff> diff;
        std::weak_ptr<const ClusterSnapshot> since;
        const ClusterSnapshot *of = nullptr; // this snapshot: a copy, perhaps modified, does not inherit them
    };
    Changes changes;

    const ApplicationSnapshot *findApplication(const QString &name) const;
    double gpusHeld() const;
    // The accelerator type a replica's GPUs are billed as: its deployment's required type, else its node's.
    QString acceleratorOf(const DeploymentSnapshot &deployment, const ReplicaSnapshot &replica) const;
};

using SnapshotPtr = std::shared_ptr<const ClusterSnapshot>;

// Replica states in which a replica holds its resources whether or not it is placed (STARTING is not one).
bool replicaStateHoldsResources(const QString &state);
// Whether a replica holds its resources: in one of those states, or STARTING once Ray has placed it on a node
// (a replica waiting for a GPU is STARTING with no node_id, and costs nothing). The one rule the Serve-state
// reader (a deployment's held count) and the lease tracker (GPU leases, so cost) share.
bool replicaHoldsResources(const ReplicaSnapshot &replica);

} // namespace scaledeck
