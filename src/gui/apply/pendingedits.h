// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeset.h"
#include "clustersnapshot.h"

#include <QObject>
#include <QStringList>

#include <optional>

namespace scaledeck {

// The operator's edit session: the pending ChangeSet plus the snapshot they were looking at when the
// first edit began. The baseline is what the core compares against to detect conflicts, so it is captured
// once and kept until the edits are applied or discarded, however many refreshes come in between.
//
// While an apply's change is followed, what it sent is known (markSent): its edits stay here, shown as they
// were sent, until the follow ends (settleSent) and only they are forgotten. An edit made meanwhile, to any
// target, stays pending; discarding meanwhile drops only what was edited since, back to what was sent.
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
    void clear();                            // everything, what was sent included

    // The edits an apply sent, which Ray accepted; set until settleSent() or clear().
    void markSent(const ChangeSet &sent);
    bool hasSent() const { return m_sent.has_value(); }
    // The pending edits that are not exactly what was sent (all of them when nothing was): made meanwhile.
    int unsentCount() const;
    // Drops every edit made since markSent(): each target edited meanwhile goes back to what was sent.
    void discardUnsent();
    // The follow ended: forgets the edits that are exactly what was sent. What remains was made meanwhile and
    // stays pending (against the old baseline until rebase()).
    void settleSent();
    // Edits pending from now on are compared against `current`: after an apply, the cluster the operator
    // edits is the one that holds the sent change, not the one they first looked at.
    void rebase(const SnapshotPtr &current);

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
    // Puts back what was sent for `app` (its park or unpark, and the deployments `deployment` selects: all
    // when empty) after its pending edits were dropped.
    void restoreSent(const QString &app, const QString &deployment, bool deployments, bool parking);

    ChangeSet m_changes;
    SnapshotPtr m_baseline;
    std::optional<ChangeSet> m_sent;
};

} // namespace scaledeck
