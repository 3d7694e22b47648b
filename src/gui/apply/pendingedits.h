// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeset.h"
#include "clustersnapshot.h"

#include <QObject>
#include <QStringList>

namespace scaledeck {

// The operator's edit session: the pending ChangeSet plus the snapshot they were looking at when the
// first edit began. The baseline is what the core compares against to detect conflicts, so it is captured
// once and kept until the edits are applied or discarded, however many refreshes come in between.
class PendingEdits : public QObject {
    Q_OBJECT
public:
    explicit PendingEdits(QObject *parent = nullptr);

    const ChangeSet &changes() const { return m_changes; }
    SnapshotPtr baseline() const { return m_baseline; }
    bool isEmpty() const { return m_changes.isEmpty(); }
    int size() const { return m_changes.size(); }

    // Each edit takes the snapshot currently shown; it becomes the baseline when no edit is pending yet.
    // Setting a deployment back to the baseline's target forgets its edit instead of recording a no-op.
    void setReplicas(const SnapshotPtr &current, const QString &app, const QString &deployment, int replicas);
    void park(const SnapshotPtr &current, const QString &app);
    void unpark(const SnapshotPtr &current, const QString &app);
    void discardApp(const QString &app); // its park/unpark and every deployment edit
    void discardDeployment(const QString &app, const QString &deployment);
    void discardParking(const QString &app); // its park/unpark only
    void clear();

    std::optional<int> pendingReplicas(const QString &app, const QString &deployment) const;
    bool isParkPending(const QString &app) const { return m_changes.parkedApps().contains(app); }
    bool isUnparkPending(const QString &app) const { return m_changes.unparkedApps().contains(app); }
    bool touches(const QString &app) const;

Q_SIGNALS:
    // The pending state of these applications (and their deployments) changed.
    void editsChanged(const QStringList &apps);

private:
    void beginEdit(const SnapshotPtr &current);
    void finishEdit(const QString &app);

    ChangeSet m_changes;
    SnapshotPtr m_baseline;
};

} // namespace scaledeck
