// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeapplier.h"
#include "clock.h"
#include "clusterclient.h"
#include "parkedstore.h"
#include "scheduleevaluator.h"
#include "schedulestore.h"
#include "targetdecision.h"
#include "usagerecorder.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <deque>
#include <memory>

namespace scaledeck {

struct ObservedTarget;    // what the cluster holds for a target (targetrules_p.h)
struct TargetVerdict;     // what the rules say about it this tick (targetrules_p.h)
struct GatedPark;         // a park that waits for idleness (idlegate_p.h)
struct ContestStep;       // what to do about a fight over a target (contestrules_p.h)
struct GateVerdict;       // whether it goes out this tick (idlegate_p.h)
class IdleGate;           // asks the traffic source (idlegate_p.h)
class RecentRequests;     // the traffic source (recentrequests.h)
class ManualRequestQueue; // manual changes asked from outside (manualrequests.h)

struct ControllerOptions {
    int tickMs = 10000;  // at most 10 s (the bound); tests use less
    bool dryRun = false; // decide and audit, send nothing
    QString holder;      // who this controller is, as shown to others holding the lock
    // A lock whose heartbeat is older than this many ticks is taken over. Two: the holder renews it before each
    // change it sends (lockfence.cpp), so a tick longer than that loses the lock without acting, and a waiting
    // controller takes over within three ticks of the holder's death.
    int staleTicks = 2;
};

// Where a scheduled target stands by its schedule, computed once every tick whether or not this controller
// holds the lock: for views ("2 now · 0 at 17:00") and for the tick's decisions.
struct ScheduleSummary {
    ScheduleTarget target;
    QByteArray timeZone;
    DriftPolicy drift = DriftPolicy::Keep;
    std::optional<ParkWhenIdle> parkWhenIdle;
    DesiredState desired;
    std::optional<ScheduleTransition> next;
    std::optional<ScheduleOverride> activeOverride;
    QString error; // the stored schedule does not parse
};

struct TickReport {
    QDateTime atUtc;
    bool holdsLock = false;
    ControllerLock lock;
    std::vector<TargetDecision> decisions;
    std::vector<ScheduleSummary> summaries;
    // The schedules as stored at this tick (read once, for the decisions and for the views); unset when the
    // store could not be read.
    std::optional<std::vector<StoredSchedule>> schedules;
    std::optional<RayError> error;        // the tick could not run (cluster unreachable, store error)
    std::optional<RayError> historyError; // the snapshot could not be recorded (the tick itself went on)
    // Store writes that failed this tick while the tick went on (audit rows, target state, the lock's
    // release): each one is also logged under scaledeck.controller, and shown by the GUI and `run`.
    std::vector<RayError> storeErrors;
    // The cluster as this tick read it (unset when it read none: lock held elsewhere, or the read failed), for
    // what watches the controller from outside (the metrics endpoint's gauges).
    SnapshotPtr snapshot;
    // How long the tick ran, on a monotonic timer (not the injected clock, which a trial may shift or stop).
    qint64 durationNs = 0;
};

// Enforces the stored schedules of one cluster. Each tick: take or renew the lock, read the cluster, and for
// every scheduled target compare the effective desired count (pre-warm included) with the cluster; act
// through the change-set path (ChangeApplier: conflict checks, parking), one application at a time, and
// audit every decision. State-based: after downtime it converges at once and never replays transitions.
class ScheduleController : public QObject {
    Q_OBJECT
public:
    ScheduleController(ClusterClient *client, ParkedStore *parkedStore, ScheduleStore *scheduleStore,
                       const Clock *clock, QString clusterKey, ControllerOptions options, QObject *parent = nullptr);
    ~ScheduleController() override;

    void start();   // first tick now, then every tickMs
    void stop();    // finishes nothing new, releases the lock once idle; emits stopped()
    void tickNow(); // one tick (ignored while one runs)
    // Records GPU leases and usage from each tick's snapshot while this controller holds the lock (optional).
    void setUsageRecorder(UsageRecorder *recorder) { m_recorder = recorder; }
    // Where a "park-when-idle" schedule's park asks whether its target is idle. Without one (nullptr, the
    // default: no traffic source configured) such a park waits until its "max", if it has one, and says why.
    void setRecentRequests(RecentRequests *source);
    bool isTicking() const { return m_ticking; }
    // Manual requests (the HTTP API's scale, park, unpark), applied in each tick after the schedule's changes
    // (optional; nullptr: none). See manualrequests.h.
    void setManualRequests(ManualRequestQueue *queue) { m_manualRequests = queue; }
    const ControllerOptions &options() const { return m_options; }

Q_SIGNALS:
    void tickFinished(const scaledeck::TickReport &report);
    void stopped();

private:
    struct PendingTarget {
        qint64 auditId = 0;
        size_t decision = 0;        // index into m_report.decisions
        bool reachesDesired = true; // false for an unpark that is only the first step to the count
    };
    struct PendingApply {
        QString app;
        ChangeSet changes;
        std::vector<PendingTarget> targets;
    };
    void summarize();
    void onSnapshot(Result<SnapshotPtr> snapshot);
    // Each tick's decisions, one target at a time (the rules themselves are in targetrules_p.h).
    void decide(const SnapshotPtr &snapshot);
    void decideTarget(const ScheduleSummary &summary, const ClusterSnapshot &snapshot);
    void addFailed(TargetDecision decision, QString detail);
    // A decision that sends nothing this tick, and what the controller remembers of it.
    void holdBack(const TargetVerdict &verdict, TargetDecision decision, const ScheduleTarget &target,
                  const ObservedTarget &observed, const TargetState &state);
    // A change is due: audited as pending, then queued with the other changes to its application.
    void startChange(TargetDecision decision, const ScheduleTarget &target, const ObservedTarget &observed);
    void startChangeAt(size_t index, const ScheduleTarget &target, const ObservedTarget &observed);
    // Park-when-idle (idlegating.cpp): a due park waits for the traffic source's answer before it is sent.
    void gatePark(TargetDecision decision, const ScheduleSummary &summary, const ObservedTarget &observed);
    void askIdleGate();
    void onIdleAnswers();
    void deferPark(const GatedPark &park, const GateVerdict &verdict);
    PendingApply &pendingApplyOf(const QString &app);
    void rememberInStep(TargetState state, int desired);
    void applyNext();
    // The lock's fence (lockfence.cpp): renews the lock right before acting; false when it is another's now (or
    // could not be confirmed), and then the tick's pending changes are closed unsent (abandonPending).
    bool confirmLockBeforeActing();
    void abandonPending();
    void onApplied(const ApplyOutcome &outcome);
    // One target of an apply that finished: its decision, audit row and memory of the attempt.
    void finishTarget(const PendingTarget &target, const ApplyOutcome &outcome, const QString &detail);
    TargetState attemptedState(const TargetDecision &decision, bool failed, bool reachesDesired);
    void finishTick(std::optional<RayError> error = std::nullopt);
    // A store write that failed while the controller goes on: logged, and carried in the (next) tick's report.
    void noteStoreFailure(const RayError &error, const QString &what);
    void releaseLockLogged();
    void logTickError();
    void recordKeptDrift(const TargetDecision &decision, const ScheduleTarget &target, TargetState state,
                         const QString &observedText);
    void forgetSettledCount(TargetState state);
    // Fights over targets (contesting.cpp): true when the contest decided the target this tick (held back).
    bool settleContest(const TargetVerdict &verdict, TargetDecision &decision, const ScheduleTarget &target,
                       const ObservedTarget &observed);
    void saveContest(const TargetContest &contest);
    void startContest(const TargetContest &contest, TargetDecision decision, const ObservedTarget &observed,
                      const QString &desired);
    void holdContested(const ContestStep &step, TargetDecision decision);
    void endContest(const TargetContest &contest, const QString &target, const QString &desired, const QString &why);

    ClusterClient *m_client;
    ParkedStore *m_parkedStore;
    ScheduleStore *m_scheduleStore;
    const Clock *m_clock;
    UsageRecorder *m_recorder = nullptr;
    QString m_clusterKey;
    ControllerOptions m_options;
    QTimer m_timer;
    // The applier times its watch after a lost answer on the controller's clock (so a test that moves the
    // clock sees the watch end when a tick's worth of it has passed), but never slower than real time: a
    // clock that stands still during a tick must not keep the tick watching for ever.
    AtLeastRealTimeClock m_applierClock;
    ChangeApplier m_applier;
    bool m_ticking = false;
    bool m_stopping = false;
    bool m_holdsLock = false;
    SnapshotPtr m_snapshot;
    std::deque<PendingApply> m_pending;
    std::unique_ptr<IdleGate> m_idleGate;
    std::vector<GatedPark> m_gated; // this tick's parks that wait for the idle gate's answers
    TickReport m_report;
    QElapsedTimer m_tickTimer;
    std::vector<RayError> m_storeErrorsBeforeTick;
    QString m_lastLoggedError; // failed between ticks (start()): in the next report
    ManualRequestQueue *m_manualRequests = nullptr;
};

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::TickReport)
