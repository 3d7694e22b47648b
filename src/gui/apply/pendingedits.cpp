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
    // What was sent is the target now, whatever the baseline says: moving back to it is no edit, and moving
    // back to the baseline's count is one.
    const DeploymentChange *sent = m_sent ? m_sent->find(app, deployment) : nullptr;
    const ApplicationSnapshot *baseApp = m_baseline ? m_baseline->findApplication(app) : nullptr;
    const DeploymentSnapshot *baseDeployment = baseApp ? baseApp->findDeployment(deployment) : nullptr;
    if (sent && sent->replicas == replicas)
        m_changes.set(*sent);
    else if (!sent && baseDeployment && baseDeployment->targetReplicas == replicas)
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
    restoreSent(app, {}, true, true);
    finishEdit(app);
}

void PendingEdits::discardDeployment(const QString &app, const QString &deployment)
{
    m_changes.discard(app, deployment);
    restoreSent(app, deployment, true, false);
    finishEdit(app);
}

void PendingEdits::discardParking(const QString &app)
{
    m_changes.discardApp(app);
    restoreSent(app, {}, false, true);
    finishEdit(app);
}

void PendingEdits::restoreSent(const QString &app, const QString &deployment, bool deployments, bool parking)
{
    if (!m_sent)
        return;
    if (deployments)
        for (const DeploymentChange &change : m_sent->deploymentChanges())
            if (change.app == app && (deployment.isEmpty() || change.deployment == deployment))
                m_changes.set(change);
    if (parking && m_sent->parkedApps().contains(app))
        m_changes.park(app);
    if (parking && m_sent->unparkedApps().contains(app))
        m_changes.unpark(app);
}

void PendingEdits::clear()
{
    const QStringList touched = m_changes.touchedApps();
    m_changes.clear();
    m_baseline.reset();
    m_sent.reset();
    if (!touched.isEmpty())
        Q_EMIT editsChanged(touched);
}

void PendingEdits::markSent(const ChangeSet &sent)
{
    m_sent = sent;
}

int PendingEdits::unsentCount() const
{
    if (!m_sent)
        return size();
    int unsent = 0;
    for (const DeploymentChange &change : m_changes.deploymentChanges())
        unsent += m_sent->holds(change) ? 0 : 1;
    for (const QString &app : m_changes.parkedApps())
        unsent += m_sent->parkedApps().contains(app) ? 0 : 1;
    for (const QString &app : m_changes.unparkedApps())
        unsent += m_sent->unparkedApps().contains(app) ? 0 : 1;
    return unsent;
}

void PendingEdits::discardUnsent()
{
    if (!m_sent) {
        clear();
        return;
    }
    QStringList touched = m_changes.touchedApps() + m_sent->touchedApps();
    touched.sort();
    touched.removeDuplicates();
    m_changes = *m_sent;
    Q_EMIT editsChanged(touched);
}

void PendingEdits::settleSent()
{
    if (!m_sent)
        return;
    const ChangeSet sent = *std::exchange(m_sent, std::nullopt);
    QStringList touched;
    for (const DeploymentChange &change : sent.deploymentChanges())
        if (m_changes.holds(change)) {
            m_changes.discard(change.app, change.deployment);
            touched.append(change.app);
        }
    for (const QString &app : sent.parkedApps())
        if (m_changes.parkedApps().contains(app)) {
            m_changes.discardApp(app);
            touched.append(app);
        }
    for (const QString &app : sent.unparkedApps())
        if (m_changes.unparkedApps().contains(app)) {
            m_changes.discardApp(app);
            touched.append(app);
        }
    if (m_changes.isEmpty())
        m_baseline.reset();
    touched.removeDuplicates();
    if (!touched.isEmpty())
        Q_EMIT editsChanged(touched);
}

void PendingEdits::rebase(const SnapshotPtr &current)
{
    if (!m_changes.isEmpty() && current)
        m_baseline = current;
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
