// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "changeapplier.h"

#include "logging.h"
#include "servestatereader.h"
#include "uncertainoutcome.h"

#include <QDateTime>

namespace scaledeck {

namespace {
// How long an unpark is watched, when not following, for Ray to show the app's config again.
constexpr int unparkConfirmTimeoutMs = 30000;

bool isFailedStatus(const QString &status)
{
    return status == QStringLiteral("DEPLOY_FAILED") || status == QStringLiteral("UNHEALTHY");
}

bool sentAsScaleCall(const ApplyPlan &plan, const DeploymentChange &change)
{
    for (const ScaleCall &call : plan.scaleCalls)
        if (call.app == change.app && call.deployment == change.deployment)
            return true;
    return false;
}
} // namespace

ChangeApplier::ChangeApplier(ClusterClient *client, ParkedStore *store, const Clock *clock, QObject *parent)
    : QObject(parent), m_client(client), m_store(store), m_clock(clock ? clock : &m_systemClock)
{
    m_followTimer.setSingleShot(true);
    connect(&m_followTimer, &QTimer::timeout, this, &ChangeApplier::pollConvergence);
}

void ChangeApplier::apply(SnapshotPtr baseline, ChangeSet changes, ApplyOptions options)
{
    if (m_busy) {
        ApplyOutcome busy;
        busy.error = makeError(RayErrorKind::InvalidChange, QStringLiteral("another change is still being applied"));
        Q_EMIT finished(busy);
        return;
    }
    m_busy = true;
    m_baseline = std::move(baseline);
    m_changes = std::move(changes);
    m_options = options;
    m_outcome = ApplyOutcome{};
    m_confirmingUnparksOnly = false;
    m_following = false;
    if (m_client->endpoint().readOnly && !options.dryRun) {
        finish(makeError(RayErrorKind::ReadOnly, QStringLiteral("no change was sent")), false, {});
        return;
    }
    if (m_changes.isEmpty()) {
        finish(makeError(RayErrorKind::InvalidChange, QStringLiteral("nothing to apply")), false, {});
        return;
    }
    Q_EMIT progress(QStringLiteral("Reading the cluster's current config…"));
    m_client->fetchServeApplications(this, [this](Result<QByteArray> body) { onFreshState(std::move(body)); });
}

void ChangeApplier::onFreshState(Result<QByteArray> body)
{
    if (!body) {
        finish(body.error(), false, QStringLiteral("nothing was sent"));
        return;
    }
    const OrderedJson document = OrderedJson::parse(body->constBegin(), body->constEnd(), nullptr, false);
    auto state = readServeState(*body);
    if (document.is_discarded() || !state) {
        finish(state ? makeError(RayErrorKind::BadPayload, QStringLiteral("Serve applications: the body is not JSON"))
                     : state.error(),
               false, QStringLiteral("nothing was sent"));
        return;
    }
    auto parked = m_store->list(m_client->endpoint().clusterKey());
    if (!parked) {
        finish(parked.error(), false, QStringLiteral("nothing was sent"));
        return;
    }
    static const ClusterSnapshot emptyBaseline;
    const PlanInput input{document, *state, m_baseline ? *m_baseline : emptyBaseline, m_changes, *parked};
    auto plan = planChanges(input);
    if (!plan) {
        finish(plan.error(), false, QStringLiteral("nothing was sent"));
        return;
    }
    m_outcome.plan = std::move(plan).value();
    Q_EMIT planned(m_outcome.plan);
    if (m_options.dryRun) {
        m_outcome.accepted = true;
        finish(std::nullopt, false, QStringLiteral("dry run: nothing was sent"));
        return;
    }
    // The exact config of every app about to be parked is committed before the PUT that removes it.
    for (const ParkRecord &park : m_outcome.plan.parks) {
        const ParkedApp record{park.app, QByteArray::fromStdString(park.config.dump()),
                               QByteArray::fromStdString(park.summary.dump()), m_clock->nowUtc()};
        if (auto saved = m_store->save(m_client->endpoint().clusterKey(), record); !saved) {
            finish(saved.error(), false, QStringLiteral("nothing was sent"));
            return;
        }
        qCInfo(lcChanges).noquote() << "stored the exact config of" << park.app << "before parking it";
    }
    sendPut();
}

void ChangeApplier::sendPut()
{
    if (!m_outcome.plan.putBody) {
        sendScaleCalls(0);
        return;
    }
    Q_EMIT progress(QStringLiteral("Sending the new Serve config…"));
    const QByteArray body = QByteArray::fromStdString(m_outcome.plan.putBody->dump());
    m_client->putServeConfig(this, body, [this](Result<Done> reply) {
        if (!reply) {
            afterFailedPut(reply.error());
            return;
        }
        sendScaleCalls(0);
    });
}

void ChangeApplier::afterFailedPut(const RayError &error)
{
    if (!answerMayBeLost(error)) {
        afterRefusedPut(error);
        return;
    }
    // The PUT may have reached Ray, and a GET shows its effect only seconds later: an app still listed may be
    // about to go. So every stored config stays until the cluster shows what happened.
    Q_EMIT progress(QStringLiteral("The answer to the PUT was lost (%1); reading the cluster to learn whether Ray "
                                   "applied it…")
                        .arg(error.describe()));
    m_watchDeadline = nowMs() + m_options.uncertainWatchMs;
    watchAfterLostAnswer(
        error, QStringLiteral("PUT"), [this](const ServeState &state) { return putIsInEffect(m_outcome.plan, state); },
        [this] { sendScaleCalls(0); });
}

void ChangeApplier::afterRefusedPut(const RayError &error)
{
    // Ray answered and refused the PUT, so none of it was applied: the apps to park are still in the cluster
    // with their configs, and the records written for them are not needed.
    RayError reported = error;
    for (const ParkRecord &park : m_outcome.plan.parks) {
        if (auto removed = m_store->remove(m_client->endpoint().clusterKey(), park.app); !removed)
            reported.message += QStringLiteral(" (its stored config of %1 could not be dropped: %2; "
                                               "scaledeckctl parked discard %1 drops it)")
                                    .arg(park.app, removed.error().describe());
    }
    finish(reported, false, QStringLiteral("the config was not changed"));
}

void ChangeApplier::watchAfterLostAnswer(RayError error, QString request,
                                         std::function<bool(const ServeState &)> inEffect,
                                         std::function<void()> proceed)
{
    m_client->fetchServeApplications(this, [this, error, request, inEffect, proceed](Result<QByteArray> body) {
        std::optional<ServeState> state;
        if (body) {
            if (auto parsed = readServeState(*body))
                state = std::move(parsed).value();
        }
        if (state) {
            dropRestoredUnparks(*state);
            if (inEffect(*state)) {
                Q_EMIT progress(QStringLiteral("The cluster shows the %1: Ray applied it").arg(request));
                proceed();
                return;
            }
        }
        if (nowMs() >= m_watchDeadline) {
            const QString unknown = unknownOutcomeText(request, m_outcome.plan, m_options.uncertainWatchMs);
            RayError reported = error;
            reported.message += QStringLiteral(" — ") + unknown;
            finish(reported, false, QStringLiteral("outcome unknown: ") + unknown);
            return;
        }
        QTimer::singleShot(m_options.followIntervalMs, this, [this, error, request, inEffect, proceed] {
            watchAfterLostAnswer(error, request, inEffect, proceed);
        });
    });
}

void ChangeApplier::dropRestoredUnparks(const ServeState &state)
{
    for (const QString &name : m_outcome.plan.unparks) {
        for (const auto &app : state.applications) {
            if (app.name != name || !app.deployedConfig)
                continue;
            // Ray holds the config again: the stored copy has done its job.
            forgetParkRecord(name);
        }
    }
}

void ChangeApplier::sendScaleCalls(size_t index)
{
    if (index >= m_outcome.plan.scaleCalls.size()) {
        m_outcome.accepted = true;
        Q_EMIT accepted(m_outcome.plan);
        if (!m_options.follow && m_outcome.plan.unparks.isEmpty()) {
            finish(std::nullopt, false, QStringLiteral("accepted by Ray; not following"));
            return;
        }
        // Even when not following, an unpark is watched until Ray shows the app's config again (seconds),
        // so its stored copy is dropped then rather than kept forever.
        m_confirmingUnparksOnly = !m_options.follow;
        m_following = true;
        m_followDeadline = nowMs() + (m_confirmingUnparksOnly ? unparkConfirmTimeoutMs : m_options.followTimeoutMs);
        pollConvergence();
        return;
    }
    const ScaleCall &call = m_outcome.plan.scaleCalls[index];
    Q_EMIT progress(QStringLiteral("Scaling %1/%2 to %3 through the external scaler…")
                        .arg(call.app, call.deployment)
                        .arg(call.replicas));
    m_client->scaleDeployment(this, call.app, call.deployment, call.replicas, [this, index](Result<Done> reply) {
        if (!reply) {
            RayError error = reply.error();
            if (index > 0 || m_outcome.plan.putBody)
                error.message += QStringLiteral(" (the earlier parts of this change were applied)");
            if (answerMayBeLost(error)) {
                m_watchDeadline = nowMs() + m_options.uncertainWatchMs;
                watchAfterLostAnswer(
                    error, QStringLiteral("POST"),
                    [this, index](const ServeState &state) {
                        return scaleCallIsInEffect(m_outcome.plan.scaleCalls[index], state);
                    },
                    [this, index] { sendScaleCalls(index + 1); });
                return;
            }
            finish(error, false, QStringLiteral("partly applied"));
            return;
        }
        sendScaleCalls(index + 1);
    });
}

void ChangeApplier::stopFollowing()
{
    if (!isFollowing())
        return;
    m_followTimer.stop();
    if (m_followRead)
        m_followRead->abort(); // its handler never runs
    m_outcome.followStopped = true;
    const QString summary = m_outcome.stillWaiting.isEmpty()
                                ? QStringLiteral("stopped waiting for the cluster before it was read")
                                : QStringLiteral("stopped waiting for the cluster: ") + m_outcome.stillWaiting;
    finish(std::nullopt, false, summary);
}

void ChangeApplier::pollConvergence()
{
    m_followRead = m_client->fetchServeApplications(this, [this](Result<QByteArray> body) {
        if (body) {
            if (auto state = readServeState(*body)) {
                checkConvergence(*state);
                return;
            }
        }
        if (nowMs() >= m_followDeadline) {
            finish(std::nullopt, false, QStringLiteral("accepted by Ray, but its state could not be read since"));
            return;
        }
        m_followTimer.start(m_options.followIntervalMs);
    });
}

namespace {

bool parkedByPlan(const ApplyPlan &plan, const QString &app)
{
    for (const ParkRecord &park : plan.parks)
        if (park.app == app)
            return true;
    return false;
}

// Ray's PUT is last-writer-wins: a writer whose GET preceded this PUT (another ScaleDeck, serve deploy) can
// replace the count a moment later. Ray applied this PUT before answering it, so a config that no longer holds
// the count means this change was lost: a conflict, not something to wait out. The line saying so, or nothing.
std::optional<QString> replacedCount(const ApplyPlan &plan, const DeploymentChange &change,
                                     const ApplicationSnapshot &app)
{
    if (!change.replicas || *change.replicas <= 0 || !plan.putBody || sentAsScaleCall(plan, change))
        return std::nullopt;
    const auto configured = app.deploymentFromConfig(change.deployment);
    if (!configured || configured->configuredReplicas == change.replicas)
        return std::nullopt;
    return QStringLiteral("%1/%2 num_replicas is now %3, not %4")
        .arg(change.app, change.deployment,
             configured->configuredReplicas ? QString::number(*configured->configuredReplicas)
                                            : QStringLiteral("not set"))
        .arg(*change.replicas);
}

// What a deployment still lacks to be in the state `change` asked for, or nothing when it is there.
std::optional<QString> deploymentNotThereYet(const DeploymentChange &change, const ApplicationSnapshot &app,
                                             const DeploymentSnapshot &deployment)
{
    const QString target = change.app + QLatin1Char('/') + change.deployment;
    if (change.replicas) {
        if (deployment.runsExactly(*change.replicas))
            return std::nullopt;
        QString line =
            QStringLiteral("%1: %2 of %3 running").arg(target).arg(deployment.runningReplicas).arg(*change.replicas);
        if (!deployment.message.isEmpty())
            line += QStringLiteral(" (%1)").arg(deployment.message);
        return line;
    }
    if (change.autoscaling && (deployment.autoscaling != change.autoscaling || app.status != QStringLiteral("RUNNING")))
        return QStringLiteral("%1: autoscaling bounds not in effect yet").arg(target);
    return std::nullopt;
}

// "llm is back: 1 deployment, 2 replicas running, 2 GPUs held": what an unpark brought back, for its outcome.
QString cameBack(const ApplicationSnapshot &app)
{
    int running = 0;
    for (const DeploymentSnapshot &deployment : app.deployments)
        running += deployment.runningReplicas;
    const auto counted = [](qsizetype count, const char *one, const char *many) {
        return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? one : many));
    };
    return QStringLiteral("%1 is back: %2, %3 running, %4 held")
        .arg(app.name, counted(qsizetype(app.deployments.size()), "deployment", "deployments"),
             counted(running, "replica", "replicas"),
             QStringLiteral("%1 %2").arg(QString::number(app.gpusHeld(), 'g', 6),
                                         QLatin1String(app.gpusHeld() == 1 ? "GPU" : "GPUs")));
}

} // namespace

void ChangeApplier::checkConvergence(const ServeState &state)
{
    if (m_confirmingUnparksOnly) {
        confirmUnparks(state);
        return;
    }
    Convergence seen;
    for (const ParkRecord &park : m_outcome.plan.parks)
        if (state.findApplication(park.app))
            seen.waiting.append(QStringLiteral("%1 is being removed").arg(park.app));
    checkUnparks(state, seen);
    for (const DeploymentChange &change : m_changes.deploymentChanges())
        checkDeploymentChange(state, change, seen);
    finishOrKeepFollowing(seen);
}

// Not following the change, only waiting for the unparked apps' configs to be back, so their stored copies
// can go.
void ChangeApplier::confirmUnparks(const ServeState &state)
{
    bool allBack = true;
    for (const QString &name : m_outcome.plan.unparks) {
        const ApplicationSnapshot *app = state.findApplication(name);
        if (app && app->deployedConfig)
            forgetParkRecord(name);
        else
            allBack = false;
    }
    if (allBack || nowMs() >= m_followDeadline) {
        finish(std::nullopt, false, QStringLiteral("accepted by Ray; not following"));
        return;
    }
    m_followTimer.start(m_options.followIntervalMs);
}

void ChangeApplier::checkUnparks(const ServeState &state, Convergence &seen)
{
    for (const QString &name : m_outcome.plan.unparks) {
        const ApplicationSnapshot *app = state.findApplication(name);
        if (!app) {
            seen.waiting.append(QStringLiteral("%1 is not back yet").arg(name));
            continue;
        }
        if (app->deployedConfig) // Ray holds the config again: the stored copy has done its job
            forgetParkRecord(name);
        if (isFailedStatus(app->status))
            seen.failure = QStringLiteral("%1 is %2: %3").arg(name, app->status, app->message);
        else if (app->status != QStringLiteral("RUNNING"))
            seen.waiting.append(QStringLiteral("%1 is %2").arg(name, app->status));
        else
            seen.cameBack.append(cameBack(*app));
    }
}

void ChangeApplier::checkDeploymentChange(const ServeState &state, const DeploymentChange &change,
                                          Convergence &seen) const
{
    if (parkedByPlan(m_outcome.plan, change.app))
        return;
    const ApplicationSnapshot *app = state.findApplication(change.app);
    if (!app) {
        seen.waiting.append(QStringLiteral("%1 is gone").arg(change.app));
        return;
    }
    if (isFailedStatus(app->status))
        seen.failure = QStringLiteral("%1 is %2: %3").arg(change.app, app->status, app->message);
    if (const std::optional<QString> replaced = replacedCount(m_outcome.plan, change, *app)) {
        seen.replaced.append(*replaced);
        return;
    }
    const DeploymentSnapshot *deployment = app->findDeployment(change.deployment);
    if (!deployment) {
        seen.waiting.append(QStringLiteral("%1/%2 not reported yet").arg(change.app, change.deployment));
        return;
    }
    if (const std::optional<QString> missing = deploymentNotThereYet(change, *app, *deployment))
        seen.waiting.append(*missing);
}

// A failure or a replaced count ends the apply; otherwise it converged, ran out of time, or polls again.
void ChangeApplier::finishOrKeepFollowing(const Convergence &seen)
{
    if (!seen.failure.isEmpty()) {
        finish(makeError(RayErrorKind::Rejected, seen.failure), false, seen.failure);
        return;
    }
    if (!seen.replaced.isEmpty()) {
        const QString what = QStringLiteral("the change was applied, then replaced by someone else's config: ") +
                             seen.replaced.join(QStringLiteral("; "));
        finish(makeError(RayErrorKind::Conflict, what), false, QStringLiteral("applied, then replaced"));
        return;
    }
    if (seen.waiting.isEmpty()) {
        m_outcome.stillWaiting.clear();
        QStringList reached{QStringLiteral("the cluster reached the requested state")};
        finish(std::nullopt, true, (reached + seen.cameBack).join(QStringLiteral("; ")));
        return;
    }
    m_outcome.stillWaiting = seen.waiting.join(QStringLiteral("; "));
    Q_EMIT progress(m_outcome.stillWaiting);
    if (!isFollowing())
        return; // stopped by a slot of progress()
    if (nowMs() >= m_followDeadline) {
        finish(std::nullopt, false,
               QStringLiteral("not converged in time: ") + seen.waiting.join(QStringLiteral("; ")));
        return;
    }
    m_followTimer.start(m_options.followIntervalMs);
}

void ChangeApplier::forgetParkRecord(const QString &app)
{
    auto removed = m_store->remove(m_client->endpoint().clusterKey(), app);
    if (removed)
        return;
    RayError error = removed.error();
    error.message =
        QStringLiteral("the stored config of %1 was not deleted (Ray holds it again): %2").arg(app, error.message);
    for (const RayError &known : m_outcome.storeErrors)
        if (known.message == error.message)
            return; // the next convergence poll tries again; say it once
    qCWarning(lcChanges).noquote() << error.describe();
    m_outcome.storeErrors.push_back(std::move(error));
}

void ChangeApplier::finish(std::optional<RayError> error, bool converged, QString summary)
{
    m_busy = false;
    m_following = false;
    m_followTimer.stop();
    m_outcome.error = std::move(error);
    m_outcome.converged = converged;
    m_outcome.summary = std::move(summary);
    if (m_outcome.error)
        qCWarning(lcChanges).noquote() << "change not applied:" << m_outcome.error->describe() << "—"
                                       << m_outcome.summary;
    else
        qCInfo(lcChanges).noquote() << "change:" << m_outcome.summary;
    const ApplyOutcome outcome = m_outcome;
    Q_EMIT finished(outcome);
}

} // namespace scaledeck
