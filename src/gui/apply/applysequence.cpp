// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "applysequence.h"

#include "applybackend.h"
#include "pendingedits.h"

namespace scaledeck {

ApplySequence::ApplySequence(PendingEdits *edits, Confirmation confirmation, QObject *parent)
    : QObject(parent), m_edits(edits), m_confirmation(std::move(confirmation))
{
}

void ApplySequence::setApplyWorker(ApplyBackend *worker)
{
    disconnect(m_progressConnection);
    disconnect(m_acceptedConnection);
    disconnect(m_finishedConnection);
    m_worker = worker;
    const quint64 generation = ++m_workerGeneration;
    // An apply in flight belonged to the old session, which is gone. What it sent is no longer pending.
    if (m_stage == Stage::Following)
        m_edits->settleSent();
    setStage(Stage::Idle);
    if (!worker)
        return;
    // The worker emits in its own thread: these are queued into this (the GUI) thread.
    m_progressConnection = connect(worker, &ApplyBackend::progress, this, [this, generation](const QString &message) {
        if (generation == m_workerGeneration && (m_stage == Stage::Applying || m_stage == Stage::Following))
            Q_EMIT progress(message);
    });
    m_acceptedConnection = connect(worker, &ApplyBackend::accepted, this, [this, generation] {
        if (generation == m_workerGeneration)
            onAccepted();
    });
    m_finishedConnection =
        connect(worker, &ApplyBackend::finished, this, [this, generation](const ApplyOutcome &outcome) {
            if (generation == m_workerGeneration)
                onFinished(outcome);
        });
}

void ApplySequence::preview()
{
    start(Stage::Previewing, true);
}

void ApplySequence::apply(bool alreadyConfirmed)
{
    m_skipConfirmation = alreadyConfirmed;
    start(Stage::Planning, true);
}

void ApplySequence::start(Stage stage, bool dryRun)
{
    if (isBusy() && stage != Stage::Applying)
        return;
    if (!m_worker) {
        Q_EMIT failed(makeError(RayErrorKind::InvalidChange, tr("not connected to a cluster")));
        return;
    }
    setStage(stage);
    if (stage == Stage::Applying)
        m_sending = m_edits->changes();
    ApplyOptions options;
    options.dryRun = dryRun;
    options.follow = !dryRun;
    if (stage == Stage::Applying)
        Q_EMIT progress(tr("Applying %n change(s)…", nullptr, m_edits->size()));
    else
        Q_EMIT progress(tr("Checking the plan against the cluster…"));
    // Queued into the worker's thread; dropped there if the worker is destroyed before it runs (the
    // session went, and with it this apply: setApplyWorker() has already reset the stage).
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker.data(), baseline = m_edits->baseline(), changes = m_edits->changes(), options]() mutable {
            worker->apply(std::move(baseline), std::move(changes), options);
        },
        Qt::QueuedConnection);
}

void ApplySequence::stopFollowing()
{
    if (m_stage != Stage::Following || !m_worker)
        return;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker.data()] { worker->stopFollowing(); }, Qt::QueuedConnection);
}

void ApplySequence::onAccepted()
{
    if (m_stage != Stage::Applying)
        return;
    m_edits->markSent(m_sending);
    setStage(Stage::Following);
}

void ApplySequence::onFinished(const ApplyOutcome &outcome)
{
    const Stage stage = m_stage;
    if (stage == Stage::Idle)
        return;
    if (outcome.error && !outcome.accepted) {
        setStage(Stage::Idle);
        Q_EMIT failed(*outcome.error);
        return;
    }
    switch (stage) {
    case Stage::Previewing:
        setStage(Stage::Idle);
        Q_EMIT previewReady(outcome.plan);
        return;
    case Stage::Planning:
        if (m_skipConfirmation) {
            start(Stage::Applying, false);
            return;
        }
        m_confirmation(outcome.plan, [self = QPointer<ApplySequence>(this), question = m_question](bool apply) {
            if (self)
                self->onAnswer(question, apply);
        });
        return;
    case Stage::Applying:
    case Stage::Following:
        if (!m_edits->hasSent())
            m_edits->markSent(m_sending); // accepted() comes first; this keeps the edits right if it did not
        setStage(Stage::Idle);
        m_edits->settleSent();
        Q_EMIT applied(outcome);
        if (outcome.error)
            Q_EMIT failed(*outcome.error); // accepted, then the follow saw a failure
        else if (!outcome.storeErrors.empty())
            Q_EMIT failed(outcome.storeErrors.front()); // applied, but a stale park record stays in the store
        return;
    case Stage::Idle:
        return;
    }
}

void ApplySequence::onAnswer(quint64 question, bool apply)
{
    if (question != m_question || m_stage != Stage::Planning)
        return; // the session changed, or another apply started, while the operator was deciding
    if (apply) {
        start(Stage::Applying, false);
    } else {
        setStage(Stage::Idle);
        Q_EMIT cancelled();
    }
}

void ApplySequence::setStage(Stage stage)
{
    const bool wasBusy = isBusy();
    const bool wasFollowing = isFollowing();
    m_stage = stage;
    ++m_question;
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
    if (wasFollowing != isFollowing())
        Q_EMIT followingChanged(isFollowing());
}

} // namespace scaledeck
