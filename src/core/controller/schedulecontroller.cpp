// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulecontroller.h"

#include "effectiveschedule.h"
#include "idlegate_p.h"
#include "logging.h"
#include "manualrequests.h"
#include "scheduleevaluator.h"
#include "snapshotfetcher.h"
#include "targetrules_p.h"

#include <algorithm>

namespace scaledeck {

namespace {

// Where a target stands by its stored schedule at `now`, or why its schedule cannot be evaluated.
ScheduleSummary summaryOf(const ScheduleTarget &target, const ScheduleLoad &load, const QDateTime &now)
{
    ScheduleSummary summary;
    summary.target = target;
    if (!load) {
        summary.error = load.error().describe();
        return summary;
    }
    const ScheduleEvaluator evaluator = load->evaluator();
    summary.timeZone = load->schedule.timeZone;
    summary.drift = load->schedule.drift;
    summary.parkWhenIdle = load->schedule.parkWhenIdle;
    summary.activeOverride = load->activeOverride();
    summary.desired = evaluator.effectiveAt(now);
    const auto next = evaluator.nextTransitions(now, 1);
    if (!next.empty())
        summary.next = next.front();
    return summary;
}

// What an apply did, for its decisions and audit rows: why it failed, or the changes it made.
QString outcomeDetail(const ApplyOutcome &outcome)
{
    if (outcome.error)
        return outcome.error->describe();
    QStringList changes;
    for (const FieldChange &change : outcome.plan.preview)
        changes.append(change.describe());
    return changes.isEmpty() ? QStringLiteral("nothing to send") : changes.join(QStringLiteral("; "));
}

qint64 lockNowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

ScheduleController::ScheduleController(ClusterClient *client, ParkedStore *parkedStore, ScheduleStore *scheduleStore,
                                       const Clock *clock, QString clusterKey, ControllerOptions options,
                                       QObject *parent)
    : QObject(parent), m_client(client), m_parkedStore(parkedStore), m_scheduleStore(scheduleStore), m_clock(clock),
      m_clusterKey(std::move(clusterKey)), m_options(std::move(options)), m_applierClock(clock),
      m_applier(client, parkedStore, &m_applierClock), m_idleGate(std::make_unique<IdleGate>(this))
{
    m_options.tickMs = std::clamp(m_options.tickMs, 100, 10000);
    m_timer.setInterval(m_options.tickMs);
    connect(&m_timer, &QTimer::timeout, this, &ScheduleController::tickNow);
    connect(&m_applier, &ChangeApplier::finished, this, &ScheduleController::onApplied);
}

ScheduleController::~ScheduleController()
{
    if (m_holdsLock)
        releaseLockLogged();
}

void ScheduleController::releaseLockLogged()
{
    // Nobody is left to show this to: another controller takes the lock over once its heartbeat is stale.
    if (auto released = m_scheduleStore->releaseLock(m_clusterKey, m_options.holder); !released)
        qCWarning(lcController).noquote() << "the controller lock of" << m_clusterKey
                                          << "was not released (taken over once stale):" << released.error().describe();
}

void ScheduleController::noteStoreFailure(const RayError &error, const QString &what)
{
    RayError noted = error;
    noted.message = what + QStringLiteral(": ") + error.message;
    qCWarning(lcController).noquote() << m_clusterKey << noted.describe();
    if (m_ticking)
        m_report.storeErrors.push_back(std::move(noted));
    else
        m_storeErrorsBeforeTick.push_back(std::move(noted));
}

void ScheduleController::start()
{
    m_stopping = false;
    // Entries a killed controller left pending are closed first, so the log never shows them as running.
    if (!m_options.dryRun) {
        if (auto marked = m_scheduleStore->markInterrupted(m_clusterKey); !marked)
            noteStoreFailure(marked.error(),
                             QStringLiteral("pending audit entries of a stopped controller were not closed"));
    }
    m_timer.start();
    tickNow();
}

void ScheduleController::stop()
{
    m_stopping = true;
    m_timer.stop();
    if (m_ticking)
        return; // finishTick() completes the stop
    if (m_holdsLock)
        releaseLockLogged();
    m_holdsLock = false;
    Q_EMIT stopped();
}

void ScheduleController::tickNow()
{
    if (m_ticking || m_stopping)
        return;
    m_ticking = true;
    m_report = TickReport{};
    m_tickTimer.start();
    m_report.atUtc = m_clock->nowUtc();
    m_report.storeErrors = std::exchange(m_storeErrorsBeforeTick, {});
    m_pending.clear();
    m_gated.clear();

    summarize();
    // A dry run sends nothing, so it never takes the lock from a controller that does.
    const QDateTime lockNow = QDateTime::fromMSecsSinceEpoch(lockNowMs(), Qt::UTC);
    if (m_options.dryRun) {
        auto current = m_scheduleStore->currentLock(m_clusterKey);
        if (!current) {
            finishTick(current.error());
            return;
        }
        if (current->has_value())
            m_report.lock = **current;
        m_report.holdsLock = false;
    } else {
        // The heartbeat is real time, not schedule time: it measures whether this process is alive.
        auto lock = m_scheduleStore->acquireLock(m_clusterKey, m_options.holder, false, lockNow,
                                                 qint64(m_options.staleTicks) * m_options.tickMs);
        if (!lock) {
            finishTick(lock.error());
            return;
        }
        m_report.lock = *lock;
        m_holdsLock = lock->holder == m_options.holder;
        m_report.holdsLock = m_holdsLock;
        if (!m_holdsLock) {
            if (m_recorder)
                m_recorder->forget(); // the holder records meanwhile
            finishTick();
            return;
        }
    }
    fetchSnapshot(m_client, this, m_parkedStore,
                  [this](Result<SnapshotPtr> snapshot) { onSnapshot(std::move(snapshot)); });
}

void ScheduleController::summarize()
{
    auto stored = readStoredSchedules(*m_scheduleStore, m_clusterKey, m_report.atUtc);
    if (!stored) {
        m_report.error = stored.error();
        return;
    }
    m_report.schedules = stored->schedules;
    for (const StoredSchedule &entry : stored->schedules)
        m_report.summaries.push_back(
            summaryOf(entry.target, effectiveSchedule(entry, stored->overrides), m_report.atUtc));
}

void ScheduleController::onSnapshot(Result<SnapshotPtr> snapshot)
{
    if (!snapshot) {
        finishTick(snapshot.error());
        return;
    }
    m_snapshot = snapshot.value();
    m_report.snapshot = m_snapshot;
    // The read may have outlasted the lock's stale limit: decide (and audit) only while the lock is still ours.
    if (!confirmLockBeforeActing()) {
        finishTick();
        return;
    }
    if (m_recorder && m_holdsLock) {
        if (auto recorded = m_recorder->record(*m_snapshot); !recorded)
            m_report.historyError = recorded.error();
    }
    decide(m_snapshot);
    askIdleGate(); // applies once every park that waits for idleness is answered
}

void ScheduleController::decide(const SnapshotPtr &snapshot)
{
    // The schedules were read, parsed and evaluated once this tick, by summarize().
    for (const ScheduleSummary &summary : m_report.summaries)
        decideTarget(summary, *snapshot);
}

void ScheduleController::decideTarget(const ScheduleSummary &summary, const ClusterSnapshot &snapshot)
{
    TargetDecision decision;
    decision.target = summary.target.toString();
    if (!summary.error.isEmpty()) {
        addFailed(std::move(decision), QStringLiteral("stored schedule does not parse: %1").arg(summary.error));
        return;
    }
    const ObservedTarget observed = observeTarget(snapshot, summary.target);
    decision.desired = summary.desired.replicas;
    decision.actual = observed.text;
    decision.actualReplicas = observed.replicas;
    decision.reason = summary.desired.reason;
    auto loaded = m_scheduleStore->targetState(m_clusterKey, decision.target);
    if (!loaded) {
        addFailed(std::move(decision), loaded.error().describe());
        return;
    }
    const TargetState state = loaded->value_or(TargetState{decision.target, {}, {}, {}, false, {}});
    const TargetVerdict verdict = judgeTarget(summary, observed, state, m_report.atUtc, m_options.dryRun);
    decision.cause = verdict.cause;
    if (settleContest(verdict, decision, summary.target, observed))
        return;
    if (parkWaitsForIdle(summary, verdict))
        gatePark(std::move(decision), summary, observed);
    else if (verdict.action == TargetVerdict::Send)
        startChange(std::move(decision), summary.target, observed);
    else
        holdBack(verdict, std::move(decision), summary.target, observed, state);
}

void ScheduleController::addFailed(TargetDecision decision, QString detail)
{
    decision.result = DecisionResult::Failed;
    decision.detail = std::move(detail);
    m_report.decisions.push_back(std::move(decision));
}

void ScheduleController::holdBack(const TargetVerdict &verdict, TargetDecision decision, const ScheduleTarget &target,
                                  const ObservedTarget &observed, const TargetState &state)
{
    describeHeldDecision(verdict, state, decision);
    if (verdict.action == TargetVerdict::Missing)
        forgetSettledCount(state);
    else if (verdict.action == TargetVerdict::InStep)
        rememberInStep(state, decision.desired);
    else if (verdict.action == TargetVerdict::KeepDrift && !m_options.dryRun && state.driftNoted != observed.text)
        recordKeptDrift(decision, target, state, observed.text); // once per outside value, as the log has it
    m_report.decisions.push_back(std::move(decision));
}

void ScheduleController::startChange(TargetDecision decision, const ScheduleTarget &target,
                                     const ObservedTarget &observed)
{
    m_report.decisions.push_back(std::move(decision));
    startChangeAt(m_report.decisions.size() - 1, target, observed);
}

void ScheduleController::startChangeAt(size_t index, const ScheduleTarget &target, const ObservedTarget &observed)
{
    TargetDecision &decision = m_report.decisions[index];
    // Audited before anything is sent: a controller killed mid-change leaves a pending row, closed as
    // interrupted by the next one, never a change without a row.
    const AuditEntry row{.atUtc = m_report.atUtc,
                         .target = decision.target,
                         .cause = decision.cause,
                         .before = observed.text,
                         .after = desiredText(target, decision.desired),
                         .result = AuditResult::Pending,
                         .detail = decision.reason,
                         .holder = m_options.holder};
    auto id = m_scheduleStore->appendAudit(m_clusterKey, row);
    if (!id) {
        decision.result = DecisionResult::Failed;
        decision.detail = id.error().describe();
        return;
    }
    decision.result = DecisionResult::Pending;
    PendingApply &apply = pendingApplyOf(target.app);
    addTargetChange(apply.changes, target, observed, decision.desired);
    const bool reachesDesired = target.isApplication() || !observed.parked;
    apply.targets.push_back(PendingTarget{*id, index, reachesDesired});
}

ScheduleController::PendingApply &ScheduleController::pendingApplyOf(const QString &app)
{
    // One change set per application: the planner checks and rebuilds each app's config once.
    auto found = std::find_if(m_pending.begin(), m_pending.end(),
                              [&app](const PendingApply &pending) { return pending.app == app; });
    if (found != m_pending.end())
        return *found;
    m_pending.push_back(PendingApply{app, ChangeSet{}, {}});
    return m_pending.back();
}

void ScheduleController::rememberInStep(TargetState state, int desired)
{
    // The cluster holds the schedule's count: moving away from it later is drift, and a failed try is over.
    if (state.settledDesired == desired && !state.driftNoted && !state.attemptFailed)
        return;
    state.settledDesired = desired;
    state.driftNoted.reset();
    state.attemptFailed = false;
    if (auto saved = m_scheduleStore->saveTargetState(m_clusterKey, state); !saved)
        noteStoreFailure(saved.error(), QStringLiteral("%1: its settled state was not saved").arg(state.target));
}

void ScheduleController::forgetSettledCount(TargetState state)
{
    // The app is gone (a Ray head restarted, or it was deleted): when it is deployed again, the count it
    // comes with is its deployer's, not an operator's change to keep as drift. Forgetting what the cluster
    // last held makes that tick a first sight, which converges to the schedule at once.
    if (!state.settledDesired && !state.driftNoted)
        return;
    state.settledDesired.reset();
    state.driftNoted.reset();
    if (auto saved = m_scheduleStore->saveTargetState(m_clusterKey, state); !saved)
        noteStoreFailure(saved.error(), QStringLiteral("%1: its settled state was not cleared").arg(state.target));
}

void ScheduleController::recordKeptDrift(const TargetDecision &decision, const ScheduleTarget &target,
                                         TargetState state, const QString &observedText)
{
    const AuditEntry row{.atUtc = m_report.atUtc,
                         .target = decision.target,
                         .cause = AuditCause::DriftKept,
                         .before = observedText,
                         .after = desiredText(target, decision.desired),
                         .result = AuditResult::Kept,
                         .detail = decision.detail,
                         .holder = m_options.holder};
    // Without its audit row the drift is not marked noted either, so the next tick tries to record it again.
    if (auto audited = m_scheduleStore->appendAudit(m_clusterKey, row); !audited) {
        noteStoreFailure(audited.error(),
                         QStringLiteral("%1: the audit row of kept drift was not written").arg(row.target));
        return;
    }
    state.driftNoted = observedText;
    if (auto saved = m_scheduleStore->saveTargetState(m_clusterKey, state); !saved)
        noteStoreFailure(saved.error(), QStringLiteral("%1: its drift state was not saved").arg(row.target));
}

void ScheduleController::logTickError()
{
    // Once per distinct error, not every tick: an unreachable cluster would otherwise log every 10 s.
    const QString text = m_report.error ? m_report.error->describe() : QString();
    if (text == m_lastLoggedError)
        return;
    if (!text.isEmpty())
        qCWarning(lcController).noquote() << m_clusterKey << "tick failed:" << text;
    else
        qCInfo(lcController).noquote() << m_clusterKey << "ticks again";
    m_lastLoggedError = text;
}

void ScheduleController::applyNext()
{
    const bool manualDue = m_manualRequests && m_manualRequests->hasQueued() && m_snapshot;
    // Each application's change, and the manual requests, go out only under a lock confirmed just now.
    if ((!m_pending.empty() || manualDue) && !confirmLockBeforeActing()) {
        abandonPending();
        finishTick();
        return;
    }
    if (m_pending.empty()) {
        // Then the manual requests, on the same applier and snapshot: never sent alongside the schedule's own.
        if (manualDue) {
            ApplyOptions manual;
            manual.dryRun = m_options.dryRun;
            manual.follow = false;
            manual.uncertainWatchMs = std::min(manual.uncertainWatchMs, m_options.tickMs);
            m_applierClock.restart();
            m_manualRequests->drain(&m_applier, m_snapshot, manual, [this] { finishTick(m_report.error); });
            return;
        }
        finishTick(m_report.error);
        return;
    }
    ApplyOptions options;
    options.dryRun = m_options.dryRun;
    options.follow = false; // the next tick sees where the cluster got; a tick never waits on replicas
    // Nor does it watch a lost answer's outcome for longer than a tick: past that the outcome is reported
    // unknown (a park keeps its stored config), and the next tick reads where the cluster got.
    options.uncertainWatchMs = std::min(options.uncertainWatchMs, m_options.tickMs);
    m_applierClock.restart();
    m_applier.apply(m_snapshot, m_pending.front().changes, options);
}

void ScheduleController::onApplied(const ApplyOutcome &outcome)
{
    if (m_pending.empty())
        return;
    const PendingApply apply = std::move(m_pending.front());
    m_pending.pop_front();
    const QString detail = outcomeDetail(outcome);
    for (const PendingTarget &target : apply.targets)
        finishTarget(target, outcome, detail);
    applyNext();
}

void ScheduleController::finishTarget(const PendingTarget &target, const ApplyOutcome &outcome, const QString &detail)
{
    // The decision and its audit row end the same way.
    const auto [result, audited] = outcome.error      ? std::pair(DecisionResult::Failed, AuditResult::Failed)
                                   : m_options.dryRun ? std::pair(DecisionResult::DryRun, AuditResult::DryRun)
                                                      : std::pair(DecisionResult::Sent, AuditResult::Sent);
    TargetDecision &decision = m_report.decisions[target.decision];
    decision.result = result;
    decision.detail = detail;
    const TargetState state = attemptedState(decision, outcome.error.has_value(), target.reachesDesired);
    const QString auditDetail = decision.reason.isEmpty() ? detail : decision.reason + QStringLiteral(": ") + detail;
    qCInfo(lcController).noquote() << decision.target << decision.actual << "->" << decision.desired
                                   << decisionResultName(result) << auditDetail;
    if (auto recorded = m_scheduleStore->finishAction(m_clusterKey, target.auditId, audited, auditDetail, state);
        !recorded)
        m_report.error = recorded.error();
}

TargetState ScheduleController::attemptedState(const TargetDecision &decision, bool failed, bool reachesDesired)
{
    auto loaded = m_scheduleStore->targetState(m_clusterKey, decision.target);
    TargetState state =
        (loaded && loaded->has_value()) ? **loaded : TargetState{decision.target, {}, {}, {}, false, {}};
    state.attemptedDesired = decision.desired;
    state.attemptedUtc = m_report.atUtc;
    state.attemptFailed = failed;
    // Ray accepted the config: the cluster holds this count from now on, so moving away from it later is
    // drift, and the schedule's next change is a transition even if no tick saw the replicas settle.
    if (!failed && !m_options.dryRun && reachesDesired) {
        state.settledDesired = decision.desired;
        state.driftNoted.reset();
    }
    return state;
}

void ScheduleController::finishTick(std::optional<RayError> error)
{
    if (error)
        m_report.error = std::move(error);
    logTickError();
    m_report.durationNs = m_tickTimer.nsecsElapsed();
    m_ticking = false;
    Q_EMIT tickFinished(m_report);
    if (m_stopping)
        stop();
}

} // namespace scaledeck
