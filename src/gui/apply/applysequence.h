// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "applybackend.h" // with the metatypes of what it sends and receives

#include <QObject>
#include <QPointer>

#include <functional>

namespace scaledeck {

class PendingEdits;

// The order of an apply: a dry run against the cluster's fresh state (conflicts surface here, before
// anything is sent), the operator's confirmation of the exact plan, then the real apply, followed until
// the cluster converges. Once Ray has accepted the change the sequence is following: the applier is still
// busy (no other apply or preview can start) but the change is sent, so editing goes on, and the follow can
// be left with stopFollowing(). What was sent is marked in PendingEdits, and only that is settled when the
// follow ends: edits made meanwhile stay pending. The confirmation is an asynchronous callback so the window can show
// its dialog with open() (never exec()) and tests can answer without one.
//
// The applier runs on the session's apply thread: the sequence only queues calls to it and tracks the
// stage (and so whether it is busy) itself, from what it started and the results that come back.
class ApplySequence : public QObject {
    Q_OBJECT
public:
    // Asks the operator about `plan` without waiting: `answer` is called later (from a dialog's finished
    // signal), true to apply. No nested event loop, so the worker's results keep arriving meanwhile, and an
    // answer that comes after the session changed is ignored.
    using Answer = std::function<void(bool apply)>;
    using Confirmation = std::function<void(const ApplyPlan &plan, Answer answer)>;

    ApplySequence(PendingEdits *edits, Confirmation confirmation, QObject *parent = nullptr);

    void setApplyWorker(ApplyBackend *worker);             // the current session's; null while not connected
    bool isBusy() const { return m_stage != Stage::Idle; } // Apply and Preview wait
    bool isFollowing() const { return m_stage == Stage::Following; }
    // What the last apply sent (once Ray accepted it); kept after the follow ended.
    const ChangeSet &lastSent() const { return m_sending; }

    void preview();                    // dry run only; the plan comes as previewReady
    void apply(bool alreadyConfirmed); // dry run, confirmation (unless already confirmed), real apply
    // Leaves the follow: the change stays sent; applied() comes once the applier has stopped.
    void stopFollowing();

Q_SIGNALS:
    void previewReady(const scaledeck::ApplyPlan &plan);
    void progress(const QString &message);
    void failed(const scaledeck::RayError &error); // nothing changed, or the apply stopped with an error
    // Ray accepted the change (converged or not); the edits it sent are settled in PendingEdits by now.
    void applied(const scaledeck::ApplyOutcome &outcome);
    void cancelled();
    void busyChanged(bool busy);
    void followingChanged(bool following);

private:
    enum class Stage { Idle, Previewing, Planning, Applying, Following };

    void start(Stage stage, bool dryRun);
    void onAccepted();
    void onFinished(const ApplyOutcome &outcome);
    void setStage(Stage stage);
    void onAnswer(quint64 question, bool apply);

    PendingEdits *m_edits;
    Confirmation m_confirmation;
    QPointer<ApplyBackend> m_worker;
    // Bumped whenever the worker changes. Results the old worker queued before it was disconnected can
    // still arrive; they carry the old value and are ignored, so a later session never sees them.
    quint64 m_workerGeneration = 0;
    QMetaObject::Connection m_progressConnection;
    QMetaObject::Connection m_acceptedConnection;
    QMetaObject::Connection m_finishedConnection;
    Stage m_stage = Stage::Idle;
    ChangeSet m_sending; // what the real apply was given
    bool m_skipConfirmation = false;
    quint64 m_question = 0; // bumped by every stage change: a confirmation answers only the question it was asked
};

} // namespace scaledeck
