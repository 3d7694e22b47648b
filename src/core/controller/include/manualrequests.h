// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeapplier.h"
#include "clock.h"
#include "clustersnapshot.h"
#include "parkedstore.h"
#include "schedulestore.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <deque>
#include <functional>
#include <map>
#include <optional>

namespace scaledeck {

// A change of the cluster an operator asked for from outside the controller (the controller's HTTP API):
// scale one deployment to a count (0: through its external scaler, else by parking its app, as the planner does)
// or to autoscaling bounds, park or unpark an application, or discard the config the store kept of a live app.
enum class ManualAction { Scale, Park, Unpark, Discard };
QString manualActionName(ManualAction action); // "scale", "park", "unpark", "discard"

enum class ManualRequestState {
    Pending, // queued: the controller applies it in its next tick that holds the lock and reads the cluster
    Sent,    // Ray accepted it (or, in a dry run, it was planned)
    Failed,  // refused, or the apply failed: the detail says why
};
QString manualRequestStateName(ManualRequestState state); // "pending", "sent", "failed"

struct ManualRequest {
    qint64 id = 0;
    ManualAction action = ManualAction::Scale;
    QString app;
    QString deployment;                           // Scale only
    int replicas = 0;                             // Scale only, without autoscaling
    std::optional<AutoscalingBounds> autoscaling; // Scale only: bounds instead of a count
    QDateTime storedAt;                           // Discard only: when the copy the operator agreed to drop was stored
    bool force = false;  // Discard only: even when it is the app's only copy (`parked discard --force`)
    QString requestedBy; // who asked, as the audit log names them
    QDateTime requestedUtc;
    ManualRequestState state = ManualRequestState::Pending;
    QString detail;         // why it waits, what was sent, or why it failed
    qint64 auditId = 0;     // its audit row, once the controller wrote it
    QString target() const; // "app/deployment" for a scale, "app" for a park or unpark
};

// The controller's queue of manual requests. Whoever asks (the API) enqueues; the controller drains the queue
// in its tick, after the schedule's own changes and with the same applier, so schedules, overrides and manual
// changes are never sent at the same time. Each request is audited (cause "operator", holder: who asked) before
// it is sent and finished with what Ray said. Requests are remembered (bounded) for their status.
class ManualRequestQueue : public QObject {
    Q_OBJECT
public:
    // `parked`: where a discard drops the kept config from.
    ManualRequestQueue(ScheduleStore *store, ParkedStore *parked, QString clusterKey, const Clock *clock,
                       QObject *parent = nullptr);

    // Queues one request and returns its id (1, 2, ...). The target is checked when it is applied, against the
    // cluster as the tick read it.
    qint64 enqueue(ManualAction action, const QString &app, const QString &deployment, int replicas,
                   const QString &requestedBy);
    // The same for any request: its action, target, what it asks for and who asks; id, time and state are the
    // queue's.
    qint64 enqueue(ManualRequest request);
    std::optional<ManualRequest> request(qint64 id) const;
    bool hasQueued() const { return !m_queue.empty(); }

    // Called by the controller: applies the queued requests one after another with `applier` against this tick's
    // `snapshot`, then calls `done`. The applier must be idle and stay the queue's until `done`.
    void drain(ChangeApplier *applier, SnapshotPtr snapshot, ApplyOptions options, std::function<void()> done);

Q_SIGNALS:
    void requestFinished(qint64 id); // sent or failed

private:
    void applyNextRequest();
    void discardKept(ManualRequest &request);
    void onApplied(const ApplyOutcome &outcome);
    void finish(ManualRequest &request, ManualRequestState state, const QString &detail);

    ScheduleStore *m_store;
    ParkedStore *m_parked;
    QString m_clusterKey;
    const Clock *m_clock;
    qint64 m_nextId = 1;
    std::deque<qint64> m_queue;                 // ids still pending, oldest first
    std::map<qint64, ManualRequest> m_requests; // the last kMaxRemembered, by id
    ChangeApplier *m_applier = nullptr;
    SnapshotPtr m_snapshot;
    ApplyOptions m_options;
    std::function<void()> m_done;
    qint64 m_inFlight = 0;
    QMetaObject::Connection m_connection;
};

} // namespace scaledeck
