// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulecontroller.h"

#include "effectiveschedule.h"
#include "logging.h"
#include "scheduleevaluator.h"
#include "snapshotfetcher.h"

#include <algorithm>
#include <map>

namespace scaledeck {

namespace {

// A failed action is retried after this long, so a cluster that keeps refusing does not fill the audit log.
constexpr qint64 retryAfterFailureMs = 60000;
// Ray applies a PUT asynchronously: for a few seconds its GET may still show the old config. Within this
// time after a change was sent, a cluster that does not show it yet is waited for, not taken for drift.
constexpr qint64 settleGraceMs = 30000;

// The count the cluster holds for a target, as the controller compares it with the schedule.
struct Observed {
    std::optional<int> replicas; // empty: not a plain count (autoscaling) or not there
    QString text;                // for the audit log: "2", "parked", "autoscaling 0..4", "missing"
    bool missing = false;
    bool parked = false;
};

Observed observe(const ClusterSnapshot &snapshot, const ScheduleTarget &target)
{
    const ApplicationSnapshot *app = snapshot.findApplication(target.app);
    if (!app)
        return {std::nullopt, QStringLiteral("missing"), true, false};
    // An app being deleted is on its way out (a park the last tick sent): it counts as parked.
    if (app->parked || app->status == QStringLiteral("DELETING"))
        return {0, QStringLiteral("parked"), false, true};
    if (target.isApplication())
        return {std::nullopt, QStringLiteral("running"), false, false};
    std::optional<DeploymentSnapshot> fromConfig;
    const DeploymentSnapshot *deployment = app->findDeployment(target.deployment);
    if (!deployment && (fromConfig = app->deploymentFromConfig(target.deployment)))
        deployment = &*fromConfig; // just deployed: Ray lists its deployments only seconds later
    if (!deployment)
        return {std::nullopt, QStringLiteral("missing"), true, false};
    // An externally scaled app is steered through Ray's scale endpoint: its target is what counts.
    if (app->externalScalerEnabled)
        return {deployment->targetReplicas, QString::number(deployment->targetReplicas), false, false};
    if (deployment->configuredReplicas)
        return {*deployment->configuredReplicas, QString::number(*deployment->configuredReplicas), false, false};
    if (deployment->autoscaling)
        return {std::nullopt,
                QStringLiteral("autoscaling %1..%2")
                    .arg(deployment->autoscaling->minReplicas)
                    .arg(deployment->autoscaling->maxReplicas),
                false, false};
    return {deployment->targetReplicas, QString::number(deployment->targetReplicas), false, false};
}

// Whether the cluster already holds what the schedule asks for. An application target is "running" at any
// count >= 1 (it is unparked as it was configured), and parked at 0.
bool inStep(const Observed &observed, const ScheduleTarget &target, int desired)
{
    if (target.isApplication())
        return desired == 0 ? observed.parked : !observed.parked;
    return observed.replicas && *observed.replicas == desired;
}

QString desiredText(const ScheduleTarget &target, int desired)
{
    if (target.isApplication())
        return desired == 0 ? QStringLiteral("parked") : QStringLiteral("running");
    return QString::number(desired);
}

void addChange(ChangeSet &changes, const ScheduleTarget &target, const Observed &observed, int desired)
{
    if (target.isApplication()) {
        if (desired == 0)
            changes.park(target.app);
        else
            changes.unpark(target.app);
        return;
    }
    // A parked app comes back as it was parked; its count is set at the next tick if it differs.
    if (observed.parked)
        changes.unpark(target.app);
    else
        changes.setReplicas(target.app, target.deployment, desired); // 0: external scaler, else park
}

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
    summary.activeOverride = load->activeOverride();
    summary.desired = evaluator.effectiveAt(now);
    const auto next = evaluator.nextTransitions(now, 1);
    if (!next.empty())
        summary.next = next.front();
    return summary;
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
      m_clusterKey(std::move(clusterKey)), m_options(std::move(options)), m_applier(client, parkedStore)
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
    m_report.atUtc = m_clock->nowUtc();
    m_report.storeErrors = std::exchange(m_storeErrorsBeforeTick, {});
    m_pending.clear();

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
    if (m_recorder && m_holdsLock) {
        if (auto recorded = m_recorder->record(*m_snapshot); !recorded)
            m_report.historyError = recorded.error();
    }
    decide(m_snapshot);
    applyNext();
}

void ScheduleController::decide(const SnapshotPtr &snapshot)
{
    // The schedules were read, parsed and evaluated once this tick, by summarize().
    const QDateTime now = m_report.atUtc;
    std::map<QString, size_t> pendingByApp;
    for (const ScheduleSummary &summary : m_report.summaries) {
        const ScheduleSummary &entry = summary;
        TargetDecision decision;
        decision.target = entry.target.toString();
        if (!summary.error.isEmpty()) {
            decision.result = DecisionResult::Failed;
            decision.detail = QStringLiteral("stored schedule does not parse: %1").arg(summary.error);
            m_report.decisions.push_back(decision);
            continue;
        }
        const DesiredState &desired = summary.desired;
        const Observed observed = observe(*snapshot, entry.target);
        decision.desired = desired.replicas;
        decision.actual = observed.text;
        decision.reason = desired.reason;
        decision.cause = desired.tier == ScheduleTier::Override ? AuditCause::Override : AuditCause::Schedule;

        auto loaded = m_scheduleStore->targetState(m_clusterKey, decision.target);
        if (!loaded) {
            decision.result = DecisionResult::Failed;
            decision.detail = loaded.error().describe();
            m_report.decisions.push_back(decision);
            continue;
        }
        TargetState state = loaded->value_or(TargetState{decision.target, {}, {}, {}, false, {}});

        if (observed.missing) {
            decision.result = DecisionResult::Missing;
            decision.detail = QStringLiteral("%1 is not on the cluster").arg(decision.target);
            forgetSettledCount(state);
            m_report.decisions.push_back(decision);
            continue;
        }
        if (inStep(observed, entry.target, desired.replicas)) {
            decision.result = DecisionResult::InStep;
            if (state.settledDesired != desired.replicas || state.driftNoted || state.attemptFailed) {
                state.settledDesired = desired.replicas;
                state.driftNoted.reset();
                state.attemptFailed = false;
                if (auto saved = m_scheduleStore->saveTargetState(m_clusterKey, state); !saved)
                    noteStoreFailure(saved.error(),
                                     QStringLiteral("%1: its settled state was not saved").arg(decision.target));
            }
            m_report.decisions.push_back(decision);
            continue;
        }
        // A transition: the schedule asks for something the cluster was not last seen holding (also the
        // first tick and the first after downtime, which converge at once). Otherwise the cluster moved
        // away from a value it held: drift.
        const bool transition = state.settledDesired != desired.replicas;
        if (!transition && state.attemptedDesired == desired.replicas && !state.attemptFailed &&
            state.attemptedUtc.isValid() && state.attemptedUtc.msecsTo(now) < settleGraceMs) {
            decision.result = DecisionResult::Waiting;
            decision.detail = QStringLiteral("Ray is still applying the change sent at %1")
                                  .arg(state.attemptedUtc.toString(Qt::ISODate));
            m_report.decisions.push_back(decision);
            continue;
        }
        if (!transition) {
            decision.cause = AuditCause::DriftCorrection;
            if (summary.drift == DriftPolicy::Keep) {
                decision.cause = AuditCause::DriftKept;
                decision.result = DecisionResult::Kept;
                decision.detail = QStringLiteral("changed outside ScaleDeck; kept until the next transition");
                if (state.driftNoted != observed.text) {
                    AuditEntry entryRow{.atUtc = now,
                                        .target = decision.target,
                                        .cause = AuditCause::DriftKept,
                                        .before = observed.text,
                                        .after = desiredText(entry.target, desired.replicas),
                                        .result = AuditResult::Kept,
                                        .detail = decision.detail,
                                        .holder = m_options.holder};
                    if (!m_options.dryRun)
                        recordKeptDrift(entryRow, state, observed.text);
                }
                m_report.decisions.push_back(decision);
                continue;
            }
        }
        const bool sameAttempt = state.attemptedDesired == desired.replicas;
        if (m_options.dryRun && sameAttempt && !state.attemptFailed) {
            decision.result = DecisionResult::DryRun;
            decision.detail = QStringLiteral("already logged");
            decision.alreadyLogged = true;
            m_report.decisions.push_back(decision);
            continue;
        }
        if (sameAttempt && state.attemptFailed && state.attemptedUtc.isValid() &&
            state.attemptedUtc.msecsTo(now) < retryAfterFailureMs) {
            decision.result = DecisionResult::Waiting;
            decision.detail = QStringLiteral("retrying a failed change after %1 s").arg(retryAfterFailureMs / 1000);
            m_report.decisions.push_back(decision);
            continue;
        }
        decision.result = DecisionResult::Pending;
        m_report.decisions.push_back(decision);

        AuditEntry row{.atUtc = now,
                       .target = decision.target,
                       .cause = decision.cause,
                       .before = observed.text,
                       .after = desiredText(entry.target, desired.replicas),
                       .result = AuditResult::Pending,
                       .detail = desired.reason,
                       .holder = m_options.holder};
        auto id = m_scheduleStore->appendAudit(m_clusterKey, row);
        if (!id) {
            m_report.decisions.back().result = DecisionResult::Failed;
            m_report.decisions.back().detail = id.error().describe();
            continue;
        }
        // One change set per application: the planner checks and rebuilds each app's config once.
        auto [it, inserted] = pendingByApp.try_emplace(entry.target.app, m_pending.size());
        if (inserted)
            m_pending.push_back(PendingApply{entry.target.app, ChangeSet{}, {}});
        PendingApply &apply = m_pending[it->second];
        addChange(apply.changes, entry.target, observed, desired.replicas);
        const bool reachesDesired = entry.target.isApplication() || !observed.parked;
        apply.targets.push_back(PendingTarget{*id, m_report.decisions.size() - 1, reachesDesired});
    }
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

void ScheduleController::recordKeptDrift(const AuditEntry &row, TargetState state, const QString &observedText)
{
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
    if (m_pending.empty()) {
        finishTick(m_report.error);
        return;
    }
    ApplyOptions options;
    options.dryRun = m_options.dryRun;
    options.follow = false; // the next tick sees where the cluster got; a tick never waits on replicas
    // Nor does it watch a lost answer's outcome for longer than a tick: past that the outcome is reported
    // unknown (a park keeps its stored config), and the next tick reads where the cluster got.
    options.uncertainWatchMs = std::min(options.uncertainWatchMs, m_options.tickMs);
    m_applier.apply(m_snapshot, m_pending.front().changes, options);
}

void ScheduleController::onApplied(const ApplyOutcome &outcome)
{
    if (m_pending.empty())
        return;
    const PendingApply apply = std::move(m_pending.front());
    m_pending.pop_front();
    // The decision and its audit row end the same way.
    const auto [result, audited] = outcome.error      ? std::pair(DecisionResult::Failed, AuditResult::Failed)
                                   : m_options.dryRun ? std::pair(DecisionResult::DryRun, AuditResult::DryRun)
                                                      : std::pair(DecisionResult::Sent, AuditResult::Sent);
    QString detail;
    if (outcome.error)
        detail = outcome.error->describe();
    else {
        QStringList changes;
        for (const FieldChange &change : outcome.plan.preview)
            changes.append(change.describe());
        detail = changes.isEmpty() ? QStringLiteral("nothing to send") : changes.join(QStringLiteral("; "));
    }
    for (const PendingTarget &target : apply.targets) {
        TargetDecision &decision = m_report.decisions[target.decision];
        decision.result = result;
        decision.detail = detail;
        auto loaded = m_scheduleStore->targetState(m_clusterKey, decision.target);
        TargetState state =
            (loaded && loaded->has_value()) ? **loaded : TargetState{decision.target, {}, {}, {}, false, {}};
        state.attemptedDesired = decision.desired;
        state.attemptedUtc = m_report.atUtc;
        state.attemptFailed = outcome.error.has_value();
        // Ray accepted the config: the cluster holds this count from now on, so moving away from it later
        // is drift, and the schedule's next change is a transition even if no tick saw the replicas settle.
        if (!outcome.error && !m_options.dryRun && target.reachesDesired) {
            state.settledDesired = decision.desired;
            state.driftNoted.reset();
        }
        const QString auditDetail =
            decision.reason.isEmpty() ? detail : decision.reason + QStringLiteral(": ") + detail;
        qCInfo(lcController).noquote() << decision.target << decision.actual << "->" << decision.desired
                                       << decisionResultName(result) << auditDetail;
        if (auto recorded = m_scheduleStore->finishAction(m_clusterKey, target.auditId, audited, auditDetail, state);
            !recorded)
            m_report.error = recorded.error();
    }
    applyNext();
}

void ScheduleController::finishTick(std::optional<RayError> error)
{
    if (error)
        m_report.error = std::move(error);
    logTickError();
    m_ticking = false;
    Q_EMIT tickFinished(m_report);
    if (m_stopping)
        stop();
}

} // namespace scaledeck
