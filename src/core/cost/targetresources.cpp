// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "targetresources.h"

namespace scaledeck {

namespace {

// Nodes that name their GPUs' type all name the same one, and they have every GPU: a deployment that asks for no
// type runs on that type whichever node it lands on.
QString onlyAcceleratorOf(const ClusterSnapshot &snapshot)
{
    if (snapshot.gpusByAccelerator.size() != 1)
        return QString();
    const auto &[type, gpus] = *snapshot.gpusByAccelerator.begin();
    return gpus >= snapshot.gpusTotal ? type : QString();
}

// A parked app is not in Ray: its deployments' counts are in the config ScaleDeck stored for it. num_replicas, else
// an autoscaling deployment's initial (else minimum) count, else Ray's default of 1.
int storedReplicas(const ApplicationSnapshot &app, const QString &deployment)
{
    if (!app.deployedConfig || !app.deployedConfig->contains("deployments"))
        return 1;
    const nlohmann::json &list = (*app.deployedConfig)["deployments"];
    if (!list.is_array())
        return 1;
    for (const nlohmann::json &entry : list) {
        if (!entry.is_object() || entry.value("name", std::string()) != deployment.toStdString())
            continue;
        if (const auto count = entry.find("num_replicas"); count != entry.end() && count->is_number_integer())
            return count->get<int>();
        if (const auto autoscaling = entry.find("autoscaling_config");
            autoscaling != entry.end() && autoscaling->is_object()) {
            for (const char *field : {"initial_replicas", "min_replicas"}) {
                const auto count = autoscaling->find(field);
                if (count != autoscaling->end() && count->is_number_integer())
                    return count->get<int>();
            }
        }
    }
    return 1;
}

// How many replicas the deployment runs when its application runs as configured.
int configuredCount(const ApplicationSnapshot &app, const DeploymentSnapshot &deployment)
{
    if (app.parked)
        return storedReplicas(app, deployment.name);
    return deployment.configuredReplicas.value_or(deployment.targetReplicas);
}

ConfiguredReplicas replicasOf(const ClusterSnapshot &snapshot, const DeploymentSnapshot &deployment, int replicas)
{
    ConfiguredReplicas configured;
    configured.deployment = deployment.name;
    configured.gpus = deployment.gpusPerReplica;
    configured.cpus = deployment.cpusPerReplica;
    configured.accelerator =
        deployment.acceleratorType.isEmpty() ? onlyAcceleratorOf(snapshot) : deployment.acceleratorType;
    configured.replicas = replicas;
    return configured;
}

} // namespace

double TargetResources::gpus() const
{
    double total = 0;
    for (const ConfiguredReplicas &entry : deployments)
        total += entry.gpus * entry.replicas;
    return total;
}

double TargetResources::costPerHour(const PriceList &prices) const
{
    double total = 0;
    for (const ConfiguredReplicas &entry : deployments)
        total += entry.replicas *
                 (entry.gpus * prices.gpuHourFor(entry.accelerator) + entry.cpus * prices.cpuHour.value_or(0));
    return total;
}

std::optional<TargetResources> configuredResources(const ClusterSnapshot &snapshot, const ScheduleTarget &target)
{
    const ApplicationSnapshot *app = snapshot.findApplication(target.app);
    if (!app)
        return std::nullopt;
    TargetResources resources;
    if (!target.isApplication()) {
        const DeploymentSnapshot *deployment = app->findDeployment(target.deployment);
        if (!deployment)
            return std::nullopt;
        resources.deployments.push_back(replicasOf(snapshot, *deployment, 1));
        return resources;
    }
    for (const DeploymentSnapshot &deployment : app->deployments)
        resources.deployments.push_back(replicasOf(snapshot, deployment, configuredCount(*app, deployment)));
    return resources;
}

} // namespace scaledeck
