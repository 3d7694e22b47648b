// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "changeset.h"

#include <algorithm>

namespace scaledeck {

DeploymentChange &ChangeSet::entry(const QString &app, const QString &deployment)
{
    for (auto &change : m_deployments)
        if (change.app == app && change.deployment == deployment)
            return change;
    m_deployments.push_back(DeploymentChange{app, deployment, std::nullopt, std::nullopt});
    return m_deployments.back();
}

void ChangeSet::setReplicas(const QString &app, const QString &deployment, int replicas)
{
    auto &change = entry(app, deployment);
    change.replicas = replicas;
    change.autoscaling.reset();
}

void ChangeSet::setAutoscaling(const QString &app, const QString &deployment, AutoscalingBounds bounds)
{
    auto &change = entry(app, deployment);
    change.autoscaling = bounds;
    change.replicas.reset();
}

void ChangeSet::set(const DeploymentChange &change)
{
    entry(change.app, change.deployment) = change;
}

void ChangeSet::park(const QString &app)
{
    m_unpark.removeAll(app);
    if (!m_park.contains(app))
        m_park.append(app);
}

void ChangeSet::unpark(const QString &app)
{
    m_park.removeAll(app);
    if (!m_unpark.contains(app))
        m_unpark.append(app);
}

void ChangeSet::discard(const QString &app, const QString &deployment)
{
    std::erase_if(m_deployments,
                  [&](const DeploymentChange &change) { return change.app == app && change.deployment == deployment; });
}

void ChangeSet::discardApp(const QString &app)
{
    m_park.removeAll(app);
    m_unpark.removeAll(app);
}

void ChangeSet::clear()
{
    m_deployments.clear();
    m_park.clear();
    m_unpark.clear();
}

const DeploymentChange *ChangeSet::find(const QString &app, const QString &deployment) const
{
    for (const auto &change : m_deployments)
        if (change.app == app && change.deployment == deployment)
            return &change;
    return nullptr;
}

bool ChangeSet::holds(const DeploymentChange &change) const
{
    const DeploymentChange *held = find(change.app, change.deployment);
    return held && *held == change;
}

QStringList ChangeSet::touchedApps() const
{
    QStringList apps = m_park + m_unpark;
    for (const auto &change : m_deployments)
        apps.append(change.app);
    apps.sort();
    apps.removeDuplicates();
    return apps;
}

} // namespace scaledeck
