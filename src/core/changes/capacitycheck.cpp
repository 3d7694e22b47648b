// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "capacitycheck.h"

#include "statusreport.h"
#include "targetresources.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace scaledeck {

namespace {

constexpr double kEpsilon = 1e-9; // GPUs are fractional (0.5 per replica): compare with a margin

// The replicas a change leaves a deployment with, as Ray will first target them.
struct Counts {
    int after = 0;
    int upTo = 0;
};

DeploymentDemand &demandFor(std::vector<DeploymentDemand> &demands, const QString &app, const QString &deployment)
{
    for (DeploymentDemand &demand : demands)
        if (demand.app == app && demand.deployment == deployment)
            return demand;
    DeploymentDemand demand;
    demand.app = app;
    demand.deployment = deployment;
    demands.push_back(demand);
    return demands.back();
}

void setCounts(std::vector<DeploymentDemand> &demands, const QString &app, const DeploymentSnapshot &deployment,
               int before, Counts counts)
{
    DeploymentDemand &demand = demandFor(demands, app, deployment.name);
    demand.before = before;
    demand.after = counts.after;
    demand.upTo = std::max(counts.after, counts.upTo);
}

void stopWholeApp(std::vector<DeploymentDemand> &demands, const ApplicationSnapshot &app)
{
    for (const DeploymentSnapshot &deployment : app.deployments)
        setCounts(demands, app.name, deployment, deployment.targetReplicas, {0, 0});
}

// A count of 0 parks the app (Ray's schema refuses num_replicas 0) unless an external scaler runs it.
void addDeploymentChange(std::vector<DeploymentDemand> &demands, const ApplicationSnapshot &app,
                         const DeploymentChange &change)
{
    const DeploymentSnapshot *deployment = app.findDeployment(change.deployment);
    if (!deployment)
        return;
    const int before = deployment->targetReplicas;
    if (change.replicas && *change.replicas == 0 && !app.externalScalerEnabled)
        return stopWholeApp(demands, app);
    if (change.replicas)
        return setCounts(demands, app.name, *deployment, before, {*change.replicas, *change.replicas});
    if (change.autoscaling) {
        const AutoscalingBounds bounds = *change.autoscaling;
        setCounts(demands, app.name, *deployment, before,
                  {std::clamp(before, bounds.minReplicas, std::max(bounds.minReplicas, bounds.maxReplicas)),
                   bounds.maxReplicas});
    }
}

// An unparked app comes back as its stored config says (configuredResources reads it for a parked app).
void addUnpark(std::vector<DeploymentDemand> &demands, const ClusterSnapshot &now, const ApplicationSnapshot &app)
{
    const auto resources = configuredResources(now, ScheduleTarget{app.name, QString()});
    if (!resources)
        return;
    for (const ConfiguredReplicas &entry : resources->deployments)
        if (const DeploymentSnapshot *deployment = app.findDeployment(entry.deployment))
            setCounts(demands, app.name, *deployment, 0, {entry.replicas, entry.replicas});
}

std::vector<DeploymentDemand> demandsOf(const ClusterSnapshot &now, const ChangeSet &changes)
{
    std::vector<DeploymentDemand> demands;
    for (const DeploymentChange &change : changes.deploymentChanges())
        if (const ApplicationSnapshot *app = now.findApplication(change.app))
            addDeploymentChange(demands, *app, change);
    for (const QString &name : changes.parkedApps())
        if (const ApplicationSnapshot *app = now.findApplication(name); app && !app->parked)
            stopWholeApp(demands, *app);
    for (const QString &name : changes.unparkedApps())
        if (const ApplicationSnapshot *app = now.findApplication(name); app && app->parked)
            addUnpark(demands, now, *app);
    std::erase_if(demands, [](const DeploymentDemand &demand) {
        return demand.before == demand.after && demand.upTo == demand.after;
    });
    return demands;
}

bool pricesSet(const PriceList &prices)
{
    return prices.gpuHour > 0 || !prices.gpuHourByAccelerator.empty() || prices.cpuHour.value_or(0) > 0;
}

// What each replica asks for, by the deployment's config (a parked app's from its stored copy), and its price.
void addResourcesAndCost(DeploymentDemand &demand, const ClusterSnapshot &now, const PriceList &prices)
{
    const auto resources = configuredResources(now, ScheduleTarget{demand.app, demand.deployment});
    if (!resources || resources->deployments.empty())
        return;
    const ConfiguredReplicas &replica = resources->deployments.front();
    demand.gpusPerReplica = replica.gpus;
    demand.accelerator = replica.accelerator;
    if (!pricesSet(prices))
        return;
    const double perReplica = resources->costPerHour(prices);
    demand.costPerHourBefore = demand.before * perReplica;
    demand.costPerHourAfter = demand.after * perReplica;
}

// The nodes' GPUs as the check places replicas on them: what each has free, and its GPU type.
struct NodeRoom {
    QString accelerator;
    double free = 0;
};

// One replica to place: what it needs, and the change's demand it belongs to (null: already waiting in Ray).
struct Placement {
    double gpus = 0;
    QString accelerator;
    DeploymentDemand *demand = nullptr;
};

// The node whose GPUs a held replica takes; "" is the whole cluster as one node.
QString roomKey(const ReplicaSnapshot &replica, bool pooled)
{
    return pooled ? QString() : replica.nodeId;
}

// The nodes and the Serve state are read by two requests: a replica on a node the node list does not have (it
// died, or joined, in between) means the two disagree, and the check then weighs the total only. So does a
// snapshot without per-node totals.
bool weighAsOnePool(const ClusterSnapshot &now)
{
    if (now.gpusByNode.empty())
        return true;
    for (const ApplicationSnapshot &app : now.applications)
        for (const DeploymentSnapshot &deployment : app.deployments)
            for (const ReplicaSnapshot &replica : deployment.replicas)
                if (deployment.gpusPerReplica > 0 && replicaHoldsResources(replica) &&
                    !now.gpusByNode.contains(replica.nodeId))
                    return true;
    return false;
}

std::map<QString, NodeRoom> freeRoomOf(const ClusterSnapshot &now, bool pooled)
{
    std::map<QString, NodeRoom> nodes;
    if (pooled) {
        nodes[QString()] = {QString(), now.gpusTotal};
    } else {
        for (const auto &[node, gpus] : now.gpusByNode) {
            const auto type = now.acceleratorByNode.find(node);
            nodes[node] = {type == now.acceleratorByNode.end() ? QString() : type->second, gpus};
        }
    }
    for (const ApplicationSnapshot &app : now.applications)
        for (const DeploymentSnapshot &deployment : app.deployments)
            for (const ReplicaSnapshot &replica : deployment.replicas)
                if (replicaHoldsResources(replica))
                    nodes[roomKey(replica, pooled)].free -= deployment.gpusPerReplica;
    return nodes;
}

const DeploymentDemand *findDemand(const std::vector<DeploymentDemand> &demands, const QString &app,
                                   const QString &deployment)
{
    for (const DeploymentDemand &demand : demands)
        if (demand.app == app && demand.deployment == deployment)
            return &demand;
    return nullptr;
}

// A deployment the change shrinks gives up its waiting replicas first, then placed ones (their node gets the GPUs
// back); what is still waiting after that queues before anything the change adds.
std::vector<Placement> releaseAndQueueWaiting(const ClusterSnapshot &now, const std::vector<DeploymentDemand> &demands,
                                              std::map<QString, NodeRoom> &nodes, bool pooled)
{
    std::vector<Placement> queue;
    for (const ApplicationSnapshot &app : now.applications) {
        for (const DeploymentSnapshot &deployment : app.deployments) {
            const DeploymentDemand *demand = findDemand(demands, app.name, deployment.name);
            int removed = demand ? std::max(0, demand->before - demand->after) : 0;
            int waiting = deployment.replicasWaitingForPlacement();
            const int dropWaiting = std::min(waiting, removed);
            waiting -= dropWaiting;
            removed -= dropWaiting;
            for (auto replica = deployment.replicas.rbegin(); replica != deployment.replicas.rend() && removed > 0;
                 ++replica) {
                if (!replicaHoldsResources(*replica))
                    continue;
                nodes[roomKey(*replica, pooled)].free += deployment.gpusPerReplica;
                --removed;
            }
            for (int i = 0; i < waiting; ++i)
                queue.push_back({deployment.gpusPerReplica, deployment.acceleratorType, nullptr});
        }
    }
    return queue;
}

bool place(const Placement &replica, std::map<QString, NodeRoom> &nodes)
{
    if (replica.gpus <= kEpsilon)
        return true; // a replica without GPUs is not what this check weighs
    for (auto &[id, node] : nodes) {
        if (!replica.accelerator.isEmpty() && node.accelerator != replica.accelerator)
            continue;
        if (node.free + kEpsilon >= replica.gpus) {
            node.free -= replica.gpus;
            return true;
        }
    }
    return false;
}

void placeAddedReplicas(const ClusterSnapshot &now, std::vector<DeploymentDemand> &demands)
{
    const bool pooled = weighAsOnePool(now);
    std::map<QString, NodeRoom> nodes = freeRoomOf(now, pooled);
    std::vector<Placement> queue = releaseAndQueueWaiting(now, demands, nodes, pooled);
    for (DeploymentDemand &demand : demands)
        for (int i = demand.before; i < demand.after; ++i)
            queue.push_back({demand.gpusPerReplica, demand.accelerator, &demand});
    for (const Placement &replica : queue)
        if (!place(replica, nodes) && replica.demand)
            ++replica.demand->unplaced;
}

QString money(double amount, const QString &currency)
{
    return QStringLiteral("%1 %2").arg(QString::number(amount, 'f', 2), currency);
}

QString replicaCount(int replicas, const QString &adjective)
{
    return QStringLiteral("%1 %2%3").arg(replicas).arg(adjective, replicas == 1 ? QStringLiteral("replica")
                                                                                : QStringLiteral("replicas"));
}

} // namespace

bool CapacityCheck::fits() const
{
    return unplacedReplicas() == 0;
}

int CapacityCheck::unplacedReplicas() const
{
    int sum = 0;
    for (const DeploymentDemand &demand : deployments)
        sum += demand.unplaced;
    return sum;
}

std::optional<double> CapacityCheck::costPerHourBefore() const
{
    std::optional<double> sum;
    for (const DeploymentDemand &demand : deployments)
        if (demand.costPerHourBefore)
            sum = sum.value_or(0) + *demand.costPerHourBefore;
    return sum;
}

std::optional<double> CapacityCheck::costPerHourAfter() const
{
    std::optional<double> sum;
    for (const DeploymentDemand &demand : deployments)
        if (demand.costPerHourAfter)
            sum = sum.value_or(0) + *demand.costPerHourAfter;
    return sum;
}

QString CapacityCheck::gpuSummary() const
{
    QStringList parts;
    if (gpusAdded > kEpsilon)
        parts.append(QStringLiteral("needs %1 more %2").arg(formatAmount(gpusAdded), gpuNoun(gpusAdded)));
    if (gpusReleased > kEpsilon)
        parts.append(QStringLiteral("gives back %1").arg(gpuCount(gpusReleased)));
    if (parts.isEmpty())
        parts.append(QStringLiteral("needs no more GPUs"));
    return QStringLiteral("%1; %2 of %3 free now")
        .arg(parts.join(QStringLiteral(", ")), formatAmount(gpusFree), gpuCount(gpusTotal));
}

QString CapacityCheck::costSummary() const
{
    const auto before = costPerHourBefore();
    const auto after = costPerHourAfter();
    if (!before || !after)
        return QString();
    return QStringLiteral("%1 → %2 per hour for the changed deployments")
        .arg(money(*before, currency), money(*after, currency));
}

QStringList CapacityCheck::warnings() const
{
    QStringList lines;
    for (const DeploymentDemand &demand : deployments) {
        if (demand.unplaced == 0)
            continue;
        lines.append(QStringLiteral("%1: %2 of %3 cannot be placed on the current nodes (%4 each, %5 free)")
                         .arg(demand.target())
                         .arg(demand.unplaced)
                         .arg(replicaCount(demand.after - demand.before, QStringLiteral("new ")),
                              gpuCount(demand.gpusPerReplica, demand.accelerator), gpuCount(gpusFree)));
    }
    return lines;
}

CapacityCheck checkCapacity(const ClusterSnapshot &now, const ChangeSet &changes, const PriceList &prices)
{
    CapacityCheck check;
    check.currency = prices.currency;
    check.gpusTotal = now.gpusTotal;
    check.gpusFree = std::max(0.0, now.gpusTotal - now.gpusHeld());
    check.deployments = demandsOf(now, changes);
    for (DeploymentDemand &demand : check.deployments) {
        addResourcesAndCost(demand, now, prices);
        const int shift = demand.after - demand.before;
        (shift > 0 ? check.gpusAdded : check.gpusReleased) += std::abs(shift) * demand.gpusPerReplica;
    }
    placeAddedReplicas(now, check.deployments);
    return check;
}

} // namespace scaledeck
