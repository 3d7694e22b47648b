// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeplanner.h"
#include "clock.h"
#include "clusterclient.h"
#include "parkedstore.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

namespace scaledeck {

struct ApplyOptions {
    bool dryRun = false; // plan against fresh state and stop: nothing is sent, nothing stored
    bool follow = true;  // after sending, watch the cluster until it converges
    int followTimeoutMs = 180000;
    int followIntervalMs = 1000;
    // After a PUT or POST whose answer was lost (timeout, reset, 5xx), how long the cluster is read to learn
    // whether the change took effect; past it the outcome is unknown and said so.
    int uncertainWatchMs = 30000;
};

struct ApplyOutcome {
    bool accepted = false;  // Ray accepted every request (or, for a dry run, the plan was made)
    bool converged = false; // the cluster reached the requested state
    std::optional<RayError> error;
    ApplyPlan plan;
    QString summary; // one line: what the cluster shows now, or why it did not get there
    // The follow was ended by stopFollowing() before the cluster got there (accepted, not converged).
    bool followStopped = false;
    // What the last read of the follow still waited for ("llm/LLM: 2 of 3 running"); empty when it converged or
    // no read answered.
    QString stillWaiting;
    // Park records that could not be dropped once Ray held the config again (a stale copy stays in the store;
    // logged under scaledeck.changes too). The change itself is unaffected.
    std::vector<RayError> storeErrors;
};

// Applies a change set safely: fresh GET, conflict check against what the operator saw, park configs
// stored durably, one PUT of the whole rebuilt config, external-scaler calls, then following the cluster.
// One operation at a time; the result comes as finished(), and accepted() comes first once Ray has taken the
// whole change (the follow that comes after can be left with stopFollowing()). Its requests belong to the
// applier: destroyed mid-change, it sends nothing more and reports nothing. `clock` (the system clock when null) times
// the follow and the watch after a lost answer, and dates the park records.
class ChangeApplier : public QObject {
    Q_OBJECT
public:
    ChangeApplier(ClusterClient *client, ParkedStore *store, const Clock *clock = nullptr, QObject *parent = nullptr);

    void apply(SnapshotPtr baseline, ChangeSet changes, ApplyOptions options = {});
    bool isBusy() const { return m_busy; }
    bool isFollowing() const { return m_busy && m_following; }
    // Ends the follow after accepted(): the change stays sent; finished() comes at once with accepted, not
    // converged, followStopped and what the last read saw. Does nothing before Ray has accepted the change
    // (nothing of a change is left half sent) or when no apply runs.
    void stopFollowing();

Q_SIGNALS:
    void planned(const scaledeck::ApplyPlan &plan); // before anything is sent
    // Ray answered every request of the change (the PUT, the scale calls): it is sent. Before the follow starts,
    // and only for a real apply (not a dry run, not one refused or with an outcome left unknown).
    void accepted(const scaledeck::ApplyPlan &plan);
    void progress(const QString &message);
    void finished(const scaledeck::ApplyOutcome &outcome);

private:
    void onFreshState(Result<QByteArray> body);
    void sendPut();
    void sendScaleCalls(size_t index);
    void afterFailedPut(const RayError &error);
    void afterRefusedPut(const RayError &error);
    // After a request whose answer was lost: reads the cluster until it shows the request's effect (then
    // `proceed`) or the watch ends (then the outcome is unknown, and said so). Never sends the request again.
    void watchAfterLostAnswer(RayError error, QString request, std::function<bool(const ServeState &)> inEffect,
                              std::function<void()> proceed);
    void dropRestoredUnparks(const ServeState &state);
    void pollConvergence();
    // What one convergence poll found still missing.
    struct Convergence {
        QStringList waiting;  // not there yet: poll again
        QStringList replaced; // another writer replaced a count this change set: a conflict
        QString failure;      // an application failed: the apply ends
        QStringList cameBack; // what each unparked app brought back, once it runs
    };
    void checkConvergence(const ServeState &state);
    void confirmUnparks(const ServeState &state);
    void checkUnparks(const ServeState &state, Convergence &seen);
    void checkDeploymentChange(const ServeState &state, const DeploymentChange &change, Convergence &seen) const;
    void finishOrKeepFollowing(const Convergence &seen);
    void finish(std::optional<RayError> error, bool converged, QString summary);
    void forgetParkRecord(const QString &app);

    qint64 nowMs() const { return m_clock->nowUtc().toMSecsSinceEpoch(); }

    ClusterClient *m_client;
    ParkedStore *m_store;
    SystemClock m_systemClock;
    const Clock *m_clock;
    QTimer m_followTimer;
    QPointer<ClusterJob> m_followRead; // the follow's read in flight, aborted by stopFollowing()
    bool m_busy = false;
    bool m_following = false; // accepted: reading the cluster until it converges
    SnapshotPtr m_baseline;
    ChangeSet m_changes;
    ApplyOptions m_options;
    ApplyOutcome m_outcome;
    qint64 m_followDeadline = 0;
    qint64 m_watchDeadline = 0;           // end of the watch after a lost answer
    bool m_confirmingUnparksOnly = false; // not following, only waiting for unparked apps' configs
};

} // namespace scaledeck

// For queued delivery between the GUI thread and the thread an applier runs on.
Q_DECLARE_METATYPE(scaledeck::ApplyPlan)
Q_DECLARE_METATYPE(scaledeck::ApplyOutcome)
Q_DECLARE_METATYPE(scaledeck::ApplyOptions)
Q_DECLARE_METATYPE(scaledeck::ChangeSet)
