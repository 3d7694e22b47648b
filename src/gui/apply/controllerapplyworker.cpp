// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllerapplyworker.h"

#include "apijson.h"

#include <QNetworkAccessManager>

namespace scaledeck {

namespace {

QString countText(const DeploymentSnapshot *deployment)
{
    if (!deployment)
        return QStringLiteral("?");
    return QString::number(deployment->configuredReplicas.value_or(deployment->targetReplicas));
}

QString boundsText(const std::optional<AutoscalingBounds> &bounds)
{
    return bounds ? QStringLiteral("%1..%2").arg(bounds->minReplicas).arg(bounds->maxReplicas)
                  : QStringLiteral("(none)");
}

// The preview of a change, as the local planner words it: bounds as "autoscaling", 0 as the external scaler's
// count or a park of the app (what the controller's planner makes of it), any other count as num_replicas.
FieldChange previewOf(const ApplicationSnapshot *app, const DeploymentSnapshot *deployment,
                      const DeploymentChange &change)
{
    if (change.autoscaling)
        return {change.app,
                change.deployment,
                QStringLiteral("autoscaling"),
                boundsText(deployment ? deployment->autoscaling : std::nullopt),
                boundsText(change.autoscaling),
                false};
    const bool external = app && app->externalScalerEnabled;
    if (*change.replicas == 0 && !external)
        return {change.app, {}, QStringLiteral("parked"), QStringLiteral("no"), QStringLiteral("yes"), true};
    return {change.app,
            change.deployment,
            external ? QStringLiteral("target replicas (external scaler)") : QStringLiteral("num_replicas"),
            countText(deployment),
            QString::number(*change.replicas),
            *change.replicas == 0};
}

Result<ControllerRequest> requestFor(const ClusterSnapshot &baseline, const DeploymentChange &change,
                                     FieldChange &preview)
{
    const QString target = change.app + QLatin1Char('/') + change.deployment;
    if (!change.autoscaling && (!change.replicas || *change.replicas < 0))
        return makeError(RayErrorKind::InvalidChange,
                         QStringLiteral("%1: the controller scales a deployment to a count of 0 or more, or to "
                                        "autoscaling bounds")
                             .arg(target));
    const ApplicationSnapshot *app = baseline.findApplication(change.app);
    const DeploymentSnapshot *deployment = app ? app->findDeployment(change.deployment) : nullptr;
    preview = previewOf(app, deployment, change);
    return ControllerRequest{QStringLiteral("scale"), change.app, change.deployment, change.replicas.value_or(0),
                             change.autoscaling};
}

} // namespace

QString ControllerRequest::scaledTo() const
{
    return autoscaling
               ? QStringLiteral("autoscaling %1..%2").arg(autoscaling->minReplicas).arg(autoscaling->maxReplicas)
               : QString::number(replicas);
}

Result<ControllerPlan> planControllerRequests(const ClusterSnapshot &baseline, const ChangeSet &changes)
{
    ControllerPlan planned;
    // Unparks first: a deployment of an app being unparked is scaled only once the app is back.
    for (const QString &app : changes.unparkedApps()) {
        planned.requests.push_back({QStringLiteral("unpark"), app, {}, 0, std::nullopt});
        planned.plan.unparks.append(app);
        planned.plan.preview.push_back(
            {app, {}, QStringLiteral("parked"), QStringLiteral("yes"), QStringLiteral("no"), false});
    }
    for (const DeploymentChange &change : changes.deploymentChanges()) {
        FieldChange preview;
        auto request = requestFor(baseline, change, preview);
        if (!request)
            return request.error();
        planned.requests.push_back(*request);
        planned.plan.preview.push_back(preview);
    }
    for (const QString &app : changes.parkedApps()) {
        planned.requests.push_back({QStringLiteral("park"), app, {}, 0, std::nullopt});
        planned.plan.preview.push_back(
            {app, {}, QStringLiteral("parked"), QStringLiteral("no"), QStringLiteral("yes"), true});
    }
    return planned;
}

ControllerApplyWorker::ControllerApplyWorker(ControllerConnection connection) : m_connection(std::move(connection)) {}

ControllerApplyWorker::~ControllerApplyWorker() = default;

void ControllerApplyWorker::setUp()
{
    m_network = new QNetworkAccessManager(this);
    m_client = new ControllerClient(m_network, m_connection.url, m_connection.token, m_connection.tokenSource, this);
    m_followTimer = new QTimer(this);
    m_followTimer->setSingleShot(true);
    connect(m_followTimer, &QTimer::timeout, this, &ControllerApplyWorker::follow);
}

void ControllerApplyWorker::tearDown()
{
    delete m_client; // aborts its calls: no handler runs after this
    m_client = nullptr;
    delete m_network;
    m_network = nullptr;
}

void ControllerApplyWorker::apply(SnapshotPtr baseline, ChangeSet changes, ApplyOptions options)
{
    if (!m_client || m_busy) {
        ApplyOutcome outcome;
        outcome.error = makeError(RayErrorKind::InvalidChange, m_busy ? QStringLiteral("an apply is running")
                                                                      : QStringLiteral("the session is closing"));
        Q_EMIT finished(outcome);
        return;
    }
    auto made = planControllerRequests(baseline ? *baseline : ClusterSnapshot{}, changes);
    if (!made) {
        ApplyOutcome outcome;
        outcome.error = made.error();
        Q_EMIT finished(outcome);
        return;
    }
    m_plan = made->plan;
    Q_EMIT planned(m_plan);
    if (options.dryRun) {
        ApplyOutcome outcome;
        outcome.accepted = true;
        outcome.plan = m_plan;
        Q_EMIT finished(outcome);
        return;
    }
    m_options = options;
    m_busy = true;
    ++m_generation; // a read of the previous apply's requests still on its way is dropped
    m_reading = 0;
    m_toSend = std::move(made->requests);
    m_sent.clear();
    sendNext();
}

// One request at a time, in the plan's order: the controller queues them in the order they come.
void ControllerApplyWorker::sendNext()
{
    if (m_toSend.empty()) {
        Q_EMIT accepted(m_plan);
        if (!m_options.follow)
            return finish(false);
        m_followClock.start();
        follow();
        return;
    }
    const ControllerRequest &request = m_toSend.front();
    nlohmann::json body = nlohmann::json{{"app", request.app.toStdString()}};
    if (request.verb == QStringLiteral("scale") && request.autoscaling)
        body = nlohmann::json{
            {"target", request.target().toStdString()},
            {"autoscaling", {{"min", request.autoscaling->minReplicas}, {"max", request.autoscaling->maxReplicas}}}};
    else if (request.verb == QStringLiteral("scale"))
        body = nlohmann::json{{"target", request.target().toStdString()}, {"replicas", request.replicas}};
    Q_EMIT progress(tr("Asking the controller: %1 %2…").arg(request.verb, request.target()));
    m_client->call("POST", request.verb, {}, QByteArray::fromStdString(body.dump()), this,
                   [this, generation = m_generation](const Result<ControllerReply, ControllerError> &answer) {
                       if (generation == m_generation)
                           onPosted(answer);
                   });
}

void ControllerApplyWorker::onPosted(const Result<ControllerReply, ControllerError> &answer)
{
    ControllerRequest request = m_toSend.front();
    m_toSend.erase(m_toSend.begin());
    if (!answer) {
        RayError error = asRayError(answer.error());
        error.message = QStringLiteral("%1 %2: %3").arg(request.verb, request.target(), error.message);
        if (!m_sent.empty())
            error.message +=
                tr(" (already queued, and kept: %n earlier request(s) of this apply)", nullptr, int(m_sent.size()));
        return fail(error);
    }
    const auto id = answer->body.is_object() ? answer->body.find("id") : answer->body.end();
    Sent sent;
    sent.request = request;
    sent.id = id != answer->body.end() && id->is_number_integer() ? id->get<qint64>() : 0;
    m_sent.push_back(sent);
    sendNext();
}

void ControllerApplyWorker::follow()
{
    if (!m_busy)
        return;
    if (m_followClock.elapsed() > m_options.followTimeoutMs)
        return finish(false);
    for (size_t i = 0; i < m_sent.size(); ++i) {
        if (m_sent[i].state != QStringLiteral("pending") || m_sent[i].id == 0)
            continue;
        ++m_reading;
        m_client->get(QStringLiteral("requests/%1").arg(m_sent[i].id), this,
                      [this, i, generation = m_generation](const Result<ControllerReply, ControllerError> &answer) {
                          if (generation == m_generation)
                              onRequestRead(i, answer);
                      });
    }
    if (m_reading == 0)
        finish(true);
}

void ControllerApplyWorker::onRequestRead(size_t index, const Result<ControllerReply, ControllerError> &answer)
{
    --m_reading;
    if (answer) { // a failed read is tried again on the next round
        m_sent[index].state = textAt(answer->body, "state");
        m_sent[index].detail = textAt(answer->body, "detail");
    }
    if (m_reading > 0 || !m_busy)
        return;
    const bool waiting = std::any_of(m_sent.begin(), m_sent.end(),
                                     [](const Sent &sent) { return sent.state == QStringLiteral("pending"); });
    if (!waiting)
        return finish(true);
    Q_EMIT progress(tr("Waiting for the controller's next tick: %1").arg(waitingText()));
    m_followTimer->start(m_options.followIntervalMs);
}

QString ControllerApplyWorker::waitingText() const
{
    QStringList waiting;
    for (const Sent &sent : m_sent)
        if (sent.state == QStringLiteral("pending"))
            waiting.append(sent.request.target());
    return waiting.join(QStringLiteral(", "));
}

void ControllerApplyWorker::stopFollowing()
{
    if (m_busy && m_toSend.empty())
        finish(false, true);
}

void ControllerApplyWorker::finish(bool converged, bool stopped)
{
    m_busy = false;
    m_followTimer->stop();
    ApplyOutcome outcome;
    outcome.accepted = true;
    outcome.plan = m_plan;
    outcome.followStopped = stopped;
    QStringList done;
    QStringList refused;
    for (const Sent &sent : m_sent) {
        if (sent.state == QStringLiteral("failed"))
            refused.append(QStringLiteral("%1: %2").arg(sent.request.target(), sent.detail));
        else if (sent.state == QStringLiteral("sent"))
            done.append(sent.request.verb == QStringLiteral("scale")
                            ? QStringLiteral("%1 → %2").arg(sent.request.target(), sent.request.scaledTo())
                            : QStringLiteral("%1 %2").arg(sent.request.verb, sent.request.target()));
    }
    outcome.converged = converged && refused.isEmpty();
    outcome.stillWaiting = waitingText();
    outcome.summary = done.isEmpty() ? tr("nothing sent to Ray yet")
                                     : tr("the controller sent %1 to Ray").arg(done.join(QStringLiteral(", ")));
    if (!refused.isEmpty())
        outcome.error = makeError(RayErrorKind::Rejected,
                                  tr("the controller did not apply %1").arg(refused.join(QStringLiteral("; "))));
    Q_EMIT finished(outcome);
}

void ControllerApplyWorker::fail(const RayError &error)
{
    m_busy = false;
    m_toSend.clear();
    ApplyOutcome outcome;
    outcome.accepted = !m_sent.empty(); // requests already queued stand: the controller applies them
    outcome.plan = m_plan;
    outcome.error = error;
    Q_EMIT finished(outcome);
}

void ControllerApplyWorker::discardKeptConfig(const QString &app, const QDateTime &storedAt)
{
    if (!m_client) {
        Q_EMIT keptConfigDiscardFailed(
            app, makeError(RayErrorKind::InvalidChange, QStringLiteral("the session is closing")));
        return;
    }
    // The copy the operator agreed to drop, to the millisecond: one stored since (a new park) is not it (409).
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("storedAt"), storedAt.toUTC().toString(Qt::ISODateWithMs));
    m_client->call("DELETE", QStringLiteral("parked/") + app, query, {}, this,
                   [this, app](const Result<ControllerReply, ControllerError> &answer) {
                       if (!answer)
                           return Q_EMIT keptConfigDiscardFailed(app, asRayError(answer.error()));
                       const auto id = answer->body.is_object() ? answer->body.find("id") : answer->body.end();
                       followDiscard(app, id != answer->body.end() && id->is_number_integer() ? id->get<qint64>() : 0,
                                     0);
                   });
}

// The discard is the controller's next tick's: its request is read until it is done or failed.
void ControllerApplyWorker::followDiscard(const QString &app, qint64 id, int round)
{
    const ApplyOptions waits;
    if (id == 0 || round * waits.followIntervalMs > waits.followTimeoutMs) {
        Q_EMIT keptConfigDiscardFailed(
            app, makeError(RayErrorKind::Timeout,
                           tr("the controller has not discarded the stored config of %1 yet; it may still do so at "
                              "its next tick")
                               .arg(app)));
        return;
    }
    m_client->get(QStringLiteral("requests/%1").arg(id), this,
                  [this, app, id, round, waits](const Result<ControllerReply, ControllerError> &answer) {
                      const QString state = answer ? textAt(answer->body, "state") : QStringLiteral("pending");
                      if (state == QStringLiteral("sent"))
                          return Q_EMIT keptConfigDiscarded(app);
                      if (state == QStringLiteral("failed"))
                          return Q_EMIT keptConfigDiscardFailed(
                              app, makeError(RayErrorKind::InvalidChange, textAt(answer->body, "detail")));
                      QTimer::singleShot(waits.followIntervalMs, this,
                                         [this, app, id, round] { followDiscard(app, id, round + 1); });
                  });
}

} // namespace scaledeck
