// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "manualrequests.h"

#include "logging.h"
#include "targetrules_p.h"

namespace scaledeck {

namespace {
constexpr size_t kMaxRemembered = 1000; // finished requests kept for GET /requests/ID

QString outcomeText(const ApplyOutcome &outcome)
{
    if (outcome.error)
        return outcome.error->describe();
    QStringList changes;
    for (const FieldChange &change : outcome.plan.preview)
        changes.append(change.describe());
    return changes.isEmpty() ? QStringLiteral("nothing to send") : changes.join(QStringLiteral("; "));
}
} // namespace

QString manualActionName(ManualAction action)
{
    switch (action) {
    case ManualAction::Scale:
        return QStringLiteral("scale");
    case ManualAction::Park:
        return QStringLiteral("park");
    case ManualAction::Unpark:
        return QStringLiteral("unpark");
    case ManualAction::Discard:
        return QStringLiteral("discard");
    }
    return {};
}

QString manualRequestStateName(ManualRequestState state)
{
    switch (state) {
    case ManualRequestState::Pending:
        return QStringLiteral("pending");
    case ManualRequestState::Sent:
        return QStringLiteral("sent");
    case ManualRequestState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString ManualRequest::target() const
{
    return deployment.isEmpty() ? app : app + u'/' + deployment;
}

ManualRequestQueue::ManualRequestQueue(ScheduleStore *store, ParkedStore *parked, QString clusterKey,
                                       const Clock *clock, QObject *parent)
    : QObject(parent), m_store(store), m_parked(parked), m_clusterKey(std::move(clusterKey)), m_clock(clock)
{
}

qint64 ManualRequestQueue::enqueue(ManualAction action, const QString &app, const QString &deployment, int replicas,
                                   const QString &requestedBy)
{
    ManualRequest request;
    request.action = action;
    request.app = app;
    request.deployment = deployment;
    request.replicas = replicas;
    request.requestedBy = requestedBy;
    return enqueue(std::move(request));
}

qint64 ManualRequestQueue::enqueue(ManualRequest request)
{
    const qint64 id = m_nextId++;
    request.id = id;
    if (request.action != ManualAction::Scale)
        request.deployment.clear();
    request.requestedUtc = m_clock->nowUtc();
    request.state = ManualRequestState::Pending;
    request.detail = QStringLiteral("waits for the controller's next tick");
    request.auditId = 0;
    m_requests[id] = std::move(request);
    m_queue.push_back(id);
    while (m_requests.size() > kMaxRemembered && m_requests.begin()->second.state != ManualRequestState::Pending)
        m_requests.erase(m_requests.begin());
    return id;
}

std::optional<ManualRequest> ManualRequestQueue::request(qint64 id) const
{
    const auto found = m_requests.find(id);
    if (found == m_requests.end())
        return std::nullopt;
    return found->second;
}

void ManualRequestQueue::drain(ChangeApplier *applier, SnapshotPtr snapshot, ApplyOptions options,
                               std::function<void()> done)
{
    m_applier = applier;
    m_snapshot = std::move(snapshot);
    m_options = options;
    m_done = std::move(done);
    m_connection = connect(m_applier, &ChangeApplier::finished, this, &ManualRequestQueue::onApplied);
    applyNextRequest();
}

void ManualRequestQueue::applyNextRequest()
{
    if (m_queue.empty()) {
        disconnect(m_connection);
        m_applier = nullptr;
        m_snapshot.reset();
        if (auto done = std::exchange(m_done, {}))
            done();
        return;
    }
    const qint64 id = m_queue.front();
    m_queue.pop_front();
    ManualRequest &request = m_requests[id];
    if (request.action == ManualAction::Discard) {
        discardKept(request);
        applyNextRequest();
        return;
    }
    const ScheduleTarget target{request.app, request.deployment};
    const ObservedTarget observed = observeTarget(*m_snapshot, target);
    QString after;
    ChangeSet changes;
    switch (request.action) {
    case ManualAction::Scale:
        // Through the planner the window's and the CLI's changes go through: bounds become autoscaling_config,
        // 0 the external scaler's call or a park of the app.
        if (request.autoscaling) {
            after = QStringLiteral("autoscaling %1..%2")
                        .arg(request.autoscaling->minReplicas)
                        .arg(request.autoscaling->maxReplicas);
            changes.setAutoscaling(request.app, request.deployment, *request.autoscaling);
        } else {
            after = QString::number(request.replicas);
            changes.setReplicas(request.app, request.deployment, request.replicas);
        }
        break;
    case ManualAction::Park:
        after = QStringLiteral("parked");
        changes.park(request.app);
        break;
    case ManualAction::Unpark:
        after = QStringLiteral("running");
        changes.unpark(request.app);
        break;
    case ManualAction::Discard:
        break; // handled above: Ray is not changed
    }
    // Audited before anything is sent, as the controller's own changes are.
    auto audited = m_store->appendAudit(
        m_clusterKey, AuditEntry{.atUtc = m_clock->nowUtc(),
                                 .target = request.target(),
                                 .cause = AuditCause::Operator,
                                 .before = observed.text,
                                 .after = after,
                                 .result = AuditResult::Pending,
                                 .detail = manualActionName(request.action) + QStringLiteral(" requested via the API"),
                                 .holder = request.requestedBy});
    if (!audited) {
        finish(request, ManualRequestState::Failed,
               QStringLiteral("not sent: its audit row was not written: ") + audited.error().describe());
        applyNextRequest();
        return;
    }
    if (observed.missing) {
        request.auditId = *audited;
        finish(request, ManualRequestState::Failed, QStringLiteral("%1 is not on the cluster").arg(request.target()));
        applyNextRequest();
        return;
    }
    request.auditId = *audited;
    request.detail = QStringLiteral("being sent");
    m_inFlight = id;
    m_applier->apply(m_snapshot, changes, m_options);
}

// The check keptconfig.h's discardKeptConfig makes, against this tick's fresh read of the cluster: the copy goes
// only while the app runs with a config of its own beside it, unless the operator forces it. The record must
// still be the one stored at `storedAt`: a copy stored since (a new park) stays. Ray is not changed.
void ManualRequestQueue::discardKept(ManualRequest &request)
{
    const ApplicationSnapshot *live = m_snapshot->findApplication(request.app);
    const bool running = live && live->keptConfig && live->deployedConfig && live->status != QStringLiteral("DELETING");
    auto audited = m_store->appendAudit(
        m_clusterKey,
        AuditEntry{.atUtc = m_clock->nowUtc(),
                   .target = request.app,
                   .cause = AuditCause::Operator,
                   .before =
                       QStringLiteral("config stored %1").arg(request.storedAt.toUTC().toString(Qt::ISODateWithMs)),
                   .after = QStringLiteral("discarded"),
                   .result = AuditResult::Pending,
                   .detail = request.force ? QStringLiteral("discard (forced) requested via the API")
                                           : QStringLiteral("discard requested via the API"),
                   .holder = request.requestedBy});
    if (!audited) {
        finish(request, ManualRequestState::Failed,
               QStringLiteral("not discarded: its audit row was not written: ") + audited.error().describe());
        return;
    }
    request.auditId = *audited;
    if (!running && !request.force) {
        finish(request, ManualRequestState::Failed,
               QStringLiteral("%1 is not in the cluster with a config of its own beside the stored one: the stored "
                              "config is its only copy and was not discarded")
                   .arg(request.app));
        return;
    }
    if (m_options.dryRun) {
        finish(request, ManualRequestState::Sent, QStringLiteral("dry run, nothing discarded"));
        return;
    }
    auto removed = m_parked->removeStoredAt(m_clusterKey, request.app, request.storedAt);
    if (!removed) {
        finish(request, ManualRequestState::Failed, removed.error().describe());
        return;
    }
    finish(request, ManualRequestState::Sent, QStringLiteral("the stored config of %1 was discarded").arg(request.app));
}

void ManualRequestQueue::onApplied(const ApplyOutcome &outcome)
{
    const auto found = m_requests.find(std::exchange(m_inFlight, 0));
    if (found == m_requests.end())
        return;
    // A dry-run controller plans and sends nothing: the request ends "sent" to the planner, and says so.
    const QString detail = !outcome.error && m_options.dryRun
                               ? QStringLiteral("dry run, nothing sent: ") + outcomeText(outcome)
                               : outcomeText(outcome);
    finish(found->second, outcome.error ? ManualRequestState::Failed : ManualRequestState::Sent, detail);
    applyNextRequest();
}

void ManualRequestQueue::finish(ManualRequest &request, ManualRequestState state, const QString &detail)
{
    request.state = state;
    request.detail = detail;
    qCInfo(lcController).noquote() << "manual" << manualActionName(request.action) << request.target() << "by"
                                   << request.requestedBy << manualRequestStateName(state) << detail;
    if (request.auditId != 0) {
        const AuditResult result = state == ManualRequestState::Failed ? AuditResult::Failed
                                   : m_options.dryRun                  ? AuditResult::DryRun
                                                                       : AuditResult::Sent;
        if (auto finished = m_store->finishAudit(request.auditId, result, detail); !finished)
            qCWarning(lcController).noquote()
                << "the audit row of a manual request was not finished:" << finished.error().describe();
    }
    Q_EMIT requestFinished(request.id);
}

} // namespace scaledeck
