// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "targetrules_p.h"

#include <limits>

namespace scaledeck {

namespace {
// Whether the cluster already holds what the schedule asks for. An application target is "running" at any
// count >= 1 (it is unparked as it was configured), and parked at 0.
bool inStep(const ObservedTarget &observed, const ScheduleTarget &target, int desired)
{
    if (target.isApplication())
        return desired == 0 ? observed.parked : !observed.parked;
    return observed.replicas && *observed.replicas == desired;
}

AuditCause scheduledCause(const DesiredState &desired)
{
    return desired.tier == ScheduleTier::Override ? AuditCause::Override : AuditCause::Schedule;
}

qint64 msSinceAttempt(const TargetState &state, const QDateTime &nowUtc)
{
    return state.attemptedUtc.isValid() ? state.attemptedUtc.msecsTo(nowUtc) : std::numeric_limits<qint64>::max();
}
} // namespace

ObservedTarget observeTarget(const ClusterSnapshot &snapshot, const ScheduleTarget &target)
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

QString desiredText(const ScheduleTarget &target, int desired)
{
    if (target.isApplication())
        return desired == 0 ? QStringLiteral("parked") : QStringLiteral("running");
    return QString::number(desired);
}

void addTargetChange(ChangeSet &changes, const ScheduleTarget &target, const ObservedTarget &observed, int desired)
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

TargetVerdict judgeTarget(const ScheduleSummary &summary, const ObservedTarget &observed, const TargetState &state,
                          const QDateTime &nowUtc, bool dryRun)
{
    const int desired = summary.desired.replicas;
    const AuditCause scheduled = scheduledCause(summary.desired);
    if (observed.missing)
        return {TargetVerdict::Missing, scheduled};
    if (inStep(observed, summary.target, desired))
        return {TargetVerdict::InStep, scheduled};
    // A transition: the schedule asks for something the cluster was not last seen holding (also the first
    // tick and the first after downtime, which converge at once). Otherwise the cluster moved away from a
    // value it held: drift.
    const bool transition = state.settledDesired != desired;
    const bool sameAttempt = state.attemptedDesired == desired;
    const qint64 sinceAttemptMs = msSinceAttempt(state, nowUtc);
    if (!transition && sameAttempt && !state.attemptFailed && sinceAttemptMs < settleGraceMs)
        return {TargetVerdict::WaitForRay, scheduled};
    if (!transition && summary.drift == DriftPolicy::Keep)
        return {TargetVerdict::KeepDrift, AuditCause::DriftKept};
    const AuditCause cause = transition ? scheduled : AuditCause::DriftCorrection;
    if (dryRun && sameAttempt && !state.attemptFailed)
        return {TargetVerdict::AlreadyLogged, cause};
    if (sameAttempt && state.attemptFailed && sinceAttemptMs < retryAfterFailureMs)
        return {TargetVerdict::WaitToRetry, cause};
    return {TargetVerdict::Send, cause, state.attemptFailed};
}

void describeHeldDecision(const TargetVerdict &verdict, const TargetState &state, TargetDecision &decision)
{
    switch (verdict.action) {
    case TargetVerdict::Missing:
        decision.result = DecisionResult::Missing;
        decision.detail = QStringLiteral("%1 is not on the cluster").arg(decision.target);
        return;
    case TargetVerdict::InStep:
        decision.result = DecisionResult::InStep;
        return;
    case TargetVerdict::WaitForRay:
        decision.result = DecisionResult::Waiting;
        decision.detail =
            QStringLiteral("Ray is still applying the change sent at %1").arg(state.attemptedUtc.toString(Qt::ISODate));
        return;
    case TargetVerdict::KeepDrift:
        decision.result = DecisionResult::Kept;
        decision.detail = QStringLiteral("changed outside ScaleDeck; kept until the next transition");
        return;
    case TargetVerdict::AlreadyLogged:
        decision.result = DecisionResult::DryRun;
        decision.detail = QStringLiteral("already logged");
        decision.alreadyLogged = true;
        return;
    case TargetVerdict::WaitToRetry:
        decision.result = DecisionResult::Waiting;
        decision.detail = QStringLiteral("retrying a failed change after %1 s").arg(retryAfterFailureMs / 1000);
        return;
    case TargetVerdict::Send:
        return; // sent, not held: the controller's startChange() describes it
    }
}

} // namespace scaledeck
