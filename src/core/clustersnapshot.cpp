#include "clustersnapshot.h"

#include <algorithm>

namespace scaledeck {

const DeploymentSnapshot *ApplicationSnapshot::findDeployment(const QString &wanted) const
{
    for (const auto &deployment : deployments)
        if (deployment.name == wanted)
            return &deployment;
    return nullptr;
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
        externalScalerEnabled != other.externalScalerEnabled || deployments != other.deployments)
        return false;
    if (deployedConfig == other.deployedConfig)
        return true;
    if (!deployedConfig || !other.deployedConfig)
        return false;
    return *deployedConfig == *other.deployedConfig;
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

}  // namespace scaledeck
