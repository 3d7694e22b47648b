// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clustersnapshot.h"

#include <algorithm>
#include <climits>
#include <cstdint>

namespace scaledeck {

const DeploymentSnapshot *ApplicationSnapshot::findDeployment(const QString &wanted) const
{
    for (const auto &deployment : deployments)
        if (deployment.name == wanted)
            return &deployment;
    return nullptr;
}

// For some seconds after a deploy (an unpark, a `serve deploy`) Ray echoes an app's config but lists none of
// its deployments yet; the config is what was just deployed, so it stands in for them.
std::optional<DeploymentSnapshot> ApplicationSnapshot::deploymentFromConfig(const QString &wanted) const
{
    if (!deployedConfig || !deployedConfig->is_object())
        return std::nullopt;
    const auto list = deployedConfig->find("deployments");
    if (list == deployedConfig->end() || !list->is_array())
        return std::nullopt;
    const std::string key = wanted.toStdString();
    for (const auto &entry : *list) {
        if (!entry.is_object() || entry.value("name", std::string()) != key)
            continue;
        DeploymentSnapshot deployment;
        deployment.name = wanted;
        if (const auto count = entry.find("num_replicas"); count != entry.end() && count->is_number_unsigned()) {
            deployment.targetReplicas = int(std::min<std::uint64_t>(count->get<std::uint64_t>(), INT_MAX));
            deployment.configuredReplicas = deployment.targetReplicas;
        }
        if (const auto bounds = entry.find("autoscaling_config"); bounds != entry.end() && bounds->is_object()) {
            const auto bound = [&](const char *field, int fallback) {
                const auto value = bounds->find(field);
                return value != bounds->end() && value->is_number_unsigned()
                           ? int(std::min<std::uint64_t>(value->get<std::uint64_t>(), INT_MAX))
                           : fallback;
            };
            deployment.autoscaling = AutoscalingBounds{bound("min_replicas", 1), bound("max_replicas", 1)};
        }
        return deployment;
    }
    return std::nullopt;
}

double ApplicationSnapshot::gpusHeld() const
{
    double sum = 0;
    for (const auto &deployment : deployments)
        sum += deployment.gpusHeld;
    return sum;
}

bool ApplicationSnapshot::sameAs(const ApplicationSnapshot &other) const
{
    if (name != other.name || status != other.status || message != other.message || source != other.source ||
        routePrefix != other.routePrefix || parked != other.parked ||
        externalScalerEnabled != other.externalScalerEnabled || keptConfig != other.keptConfig ||
        keptConfigAt != other.keptConfigAt || deployments != other.deployments)
        return false;
    if (deployedConfig == other.deployedConfig)
        return true;
    if (!deployedConfig || !other.deployedConfig)
        return false;
    return *deployedConfig == *other.deployedConfig;
}

bool DeploymentSnapshot::hasReplicasInTransition() const
{
    for (auto it = replicasByState.cbegin(); it != replicasByState.cend(); ++it)
        if (it.key() != QStringLiteral("RUNNING") && it.value() > 0)
            return true;
    return false;
}

bool DeploymentSnapshot::runsExactly(int replicas) const
{
    return targetReplicas == replicas && runningReplicas == replicas && !hasReplicasInTransition();
}

int DeploymentSnapshot::replicasWaitingForPlacement() const
{
    return int(std::count_if(replicas.begin(), replicas.end(), [](const ReplicaSnapshot &replica) {
        return !replica.placed && replica.state == QStringLiteral("STARTING");
    }));
}

const ApplicationSnapshot *ClusterSnapshot::findApplication(const QString &wanted) const
{
    auto it = std::lower_bound(applications.begin(), applications.end(), wanted,
                               [](const ApplicationSnapshot &app, const QString &name) { return app.name < name; });
    return (it != applications.end() && it->name == wanted) ? &*it : nullptr;
}

double ClusterSnapshot::gpusHeld() const
{
    double sum = 0;
    for (const auto &app : applications)
        sum += app.gpusHeld();
    return sum;
}

QString ClusterSnapshot::acceleratorOf(const DeploymentSnapshot &deployment, const ReplicaSnapshot &replica) const
{
    if (!deployment.acceleratorType.isEmpty())
        return deployment.acceleratorType;
    const auto node = acceleratorByNode.find(replica.nodeId);
    return node == acceleratorByNode.end() ? QString() : node->second;
}

bool replicaStateHoldsResources(const QString &state)
{
    return state == QStringLiteral("RUNNING") || state == QStringLiteral("UPDATING") ||
           state == QStringLiteral("RECOVERING") || state == QStringLiteral("STOPPING") ||
           state == QStringLiteral("PENDING_MIGRATION");
}

bool replicaHoldsResources(const ReplicaSnapshot &replica)
{
    return replicaStateHoldsResources(replica.state) || (replica.state == QStringLiteral("STARTING") && replica.placed);
}

} // namespace scaledeck
