// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeapplier.h"
#include "clusterpoller.h" // the SnapshotPtr and RayError metatypes

#include <QDateTime>
#include <QObject>

namespace scaledeck {

// Where the window's changes go, on a thread of its own: to Ray directly (ApplyWorker, the single-user mode) or
// to the team's controller, which applies them between its ticks (ControllerApplyWorker). ApplySequence and the
// window see only this, so an apply's order (plan, confirmation, send, follow) is the same either way.
//
// Other threads only invoke the slots queued and receive the signals queued.
class ApplyBackend : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

public Q_SLOTS:
    // One apply at a time; the result comes as finished(). A dry run plans against the cluster as it is and sends
    // nothing; finished() then carries the plan.
    virtual void apply(scaledeck::SnapshotPtr baseline, scaledeck::ChangeSet changes,
                       scaledeck::ApplyOptions options) = 0;
    // Leaves the follow of a change already sent: it stays sent, finished() comes at once.
    virtual void stopFollowing() = 0;
    // Drops the config ScaleDeck keeps of a live app; the result comes as keptConfigDiscarded() or
    // keptConfigDiscardFailed().
    virtual void discardKeptConfig(const QString &app, const QDateTime &storedAt) = 0;

Q_SIGNALS:
    void planned(const scaledeck::ApplyPlan &plan);
    void accepted(const scaledeck::ApplyPlan &plan); // the whole change was taken; the follow starts
    void progress(const QString &message);
    void finished(const scaledeck::ApplyOutcome &outcome);
    void keptConfigDiscarded(const QString &app);
    void keptConfigDiscardFailed(const QString &app, const scaledeck::RayError &error);
};

} // namespace scaledeck
