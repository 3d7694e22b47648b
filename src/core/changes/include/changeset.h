// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace scaledeck {

// One pending edit of one deployment: a fixed replica count, or new autoscaling bounds.
struct DeploymentChange {
    QString app;
    QString deployment;
    std::optional<int> replicas;                  // 0 means: external scaler, else park the app
    std::optional<AutoscalingBounds> autoscaling; // min may be 0, max >= 1

    bool operator==(const DeploymentChange &) const = default;
};

// The operator's pending edits, applied together or not at all.
class ChangeSet {
public:
    void setReplicas(const QString &app, const QString &deployment, int replicas);
    void setAutoscaling(const QString &app, const QString &deployment, AutoscalingBounds bounds);
    void set(const DeploymentChange &change); // this deployment's edit becomes `change`
    void park(const QString &app);
    void unpark(const QString &app);
    void discard(const QString &app, const QString &deployment); // forget one deployment's edit
    void discardApp(const QString &app);                         // forget its park / unpark
    void clear();

    const std::vector<DeploymentChange> &deploymentChanges() const { return m_deployments; }
    const QStringList &parkedApps() const { return m_park; }
    const QStringList &unparkedApps() const { return m_unpark; }
    const DeploymentChange *find(const QString &app, const QString &deployment) const;
    QStringList touchedApps() const; // sorted, unique
    int size() const { return int(m_deployments.size()) + m_park.size() + m_unpark.size(); }
    bool isEmpty() const { return size() == 0; }
    bool holds(const DeploymentChange &change) const; // this very edit: the same deployment, count or bounds

private:
    DeploymentChange &entry(const QString &app, const QString &deployment);
    std::vector<DeploymentChange> m_deployments;
    QStringList m_park;
    QStringList m_unpark;
};

} // namespace scaledeck
