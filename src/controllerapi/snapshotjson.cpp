// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotjson.h"

#include "apicall.h"

namespace scaledeck {

namespace {

OrderedJson deploymentJson(const DeploymentSnapshot &deployment)
{
    OrderedJson byState = OrderedJson::object();
    for (auto it = deployment.replicasByState.cbegin(); it != deployment.replicasByState.cend(); ++it)
        byState[jsonText(it.key())] = it.value();
    OrderedJson replicas = OrderedJson::array();
    for (const ReplicaSnapshot &replica : deployment.replicas)
        replicas.push_back(OrderedJson{
            {"id", jsonText(replica.id)}, {"state", jsonText(replica.state)}, {"nodeId", jsonText(replica.nodeId)}});
    OrderedJson json{{"name", jsonText(deployment.name)},
                     {"status", jsonText(deployment.status)},
                     {"message", jsonText(deployment.message)},
                     {"targetReplicas", deployment.targetReplicas},
                     {"runningReplicas", deployment.runningReplicas},
                     {"replicasByState", byState}};
    json["configuredReplicas"] =
        deployment.configuredReplicas ? OrderedJson(*deployment.configuredReplicas) : OrderedJson(nullptr);
    json["autoscaling"] = deployment.autoscaling ? OrderedJson{{"min", deployment.autoscaling->minReplicas},
                                                               {"max", deployment.autoscaling->maxReplicas}}
                                                 : OrderedJson(nullptr);
    json["gpusPerReplica"] = deployment.gpusPerReplica;
    json["cpusPerReplica"] = deployment.cpusPerReplica;
    json["acceleratorType"] = jsonText(deployment.acceleratorType);
    json["replicas"] = std::move(replicas);
    return json;
}

OrderedJson applicationJson(const ApplicationSnapshot &app)
{
    OrderedJson deployments = OrderedJson::array();
    for (const DeploymentSnapshot &deployment : app.deployments)
        deployments.push_back(deploymentJson(deployment));
    return OrderedJson{{"name", jsonText(app.name)},           {"status", jsonText(app.status)},
                       {"message", jsonText(app.message)},     {"routePrefix", jsonText(app.routePrefix)},
                       {"source", jsonText(app.source)},       {"parked", app.parked},
                       {"deployments", std::move(deployments)}};
}

} // namespace

OrderedJson snapshotJson(const ClusterSnapshot &snapshot, qint64 version, const QDateTime &tickAt)
{
    OrderedJson applications = OrderedJson::array();
    for (const ApplicationSnapshot &app : snapshot.applications)
        applications.push_back(applicationJson(app));
    OrderedJson json{{"version", version},
                     {"tickAt", isoUtcText(tickAt)},
                     {"takenAt", isoUtcText(snapshot.takenAt)},
                     {"rayVersion", jsonText(snapshot.rayVersion)},
                     {"nodesAlive", snapshot.nodesAlive},
                     {"gpusTotal", snapshot.gpusTotal},
                     {"cpusTotal", snapshot.cpusTotal},
                     {"gpusHeld", snapshot.gpusHeld()}};
    json["targetCapacity"] = snapshot.targetCapacity ? OrderedJson(*snapshot.targetCapacity) : OrderedJson(nullptr);
    json["applications"] = std::move(applications);
    return json;
}

} // namespace scaledeck
