// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "pendingedits.h"

namespace scaledeck {

PendingEdits::PendingEdits(QObject *parent) : QObject(parent) {}

void PendingEdits::beginEdit(const SnapshotPtr &current)
{
    if (m_changes.isEmpty())
        m_baseline = current;
}

void PendingEdits::finishEdit(const QString &app)
{
    if (m_changes.isEmpty())
        m_baseline.reset();
    Q_EMIT editsChanged({app});
}

void PendingEdits::setReplicas(const SnapshotPtr &current, const QString &app, const QString &deployment, int replicas)
{
    beginEdit(current);
    const ApplicationSnapshot *baseApp = m_baseline ? m_baseline->findApplication(app) : nullptr;
    const DeploymentSnapshot *baseDeployment = baseApp ? baseApp->findDeployment(deployment) : nullptr;
    if (baseDeployment && baseDeployment->targetReplicas == replicas)
        m_changes.discard(app, deployment);
    else
        m_changes.setReplicas(app, deployment, replicas);
    finishEdit(app);
}

void PendingEdits::park(const SnapshotPtr &current, const QString &app)
{
    beginEdit(current);
    m_changes.park(app);
    finishEdit(app);
}

void PendingEdits::unpark(const SnapshotPtr &current, const QString &app)
{
    beginEdit(current);
    m_changes.unpark(app);
    finishEdit(app);
}

void PendingEdits::discardApp(const QString &app)
{
    m_changes.discardApp(app);
    std::vector<QString> deployments;
    for (const DeploymentChange &change : m_changes.deploymentChanges())
        if (change.app == app)
            deployments.push_back(change.deployment);
    for (const QString &deployment : deployments)
        m_changes.discard(app, deployment);
    finishEdit(app);
}

void PendingEdits::discardDeployment(const QString &app, const QString &deployment)
{
    m_changes.discard(app, deployment);
    finishEdit(app);
}

void PendingEdits::discardParking(const QString &app)
{
    m_changes.discardApp(app);
    finishEdit(app);
}

void PendingEdits::clear()
{
    const QStringList touched = m_changes.touchedApps();
    m_changes.clear();
    m_baseline.reset();
    if (!touched.isEmpty())
        Q_EMIT editsChanged(touched);
}

std::optional<int> PendingEdits::pendingReplicas(const QString &app, const QString &deployment) const
{
    if (const DeploymentChange *change = m_changes.find(app, deployment))
        return change->replicas;
    return std::nullopt;
}

bool PendingEdits::touches(const QString &app) const
{
    return m_changes.touchedApps().contains(app);
}

} // namespace scaledeck
