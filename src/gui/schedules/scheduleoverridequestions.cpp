// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// ScheduleCoordinator's override questions: the operator's manual edits of scheduled targets become
// overrides, asked one dialog at a time without blocking, and stored off the GUI thread.
#include "schedulecoordinator.h"

#include "effectiveschedule.h"
#include "localschedulebackend.h"
#include "overridedialog.h"
#include "pendingedits.h"
#include "schedulecontrollerthread.h"
#include "scheduledisplay.h"
#include "scheduleevaluator.h"
#include "scheduleoverridequestions_p.h"

#include <QTimeZone>

namespace scaledeck {

namespace {
// The count a deployment of a parked application comes back with: its num_replicas in the stored config
// (1 when it autoscales or the config does not say).
int unparkedReplicas(const SnapshotPtr &snapshot, const ScheduleTarget &target)
{
    const ApplicationSnapshot *app = snapshot ? snapshot->findApplication(target.app) : nullptr;
    if (!app || !app->deployedConfig || !app->deployedConfig->contains("deployments"))
        return 1;
    for (const auto &deployment : (*app->deployedConfig)["deployments"])
        if (deployment.is_object() && deployment.value("name", std::string()) == target.deployment.toStdString())
            return deployment.contains("num_replicas") && deployment["num_replicas"].is_number_integer()
                       ? deployment["num_replicas"].get<int>()
                       : 1;
    return 1;
}

} // namespace

void ScheduleCoordinator::takeScheduledEdits(PendingEdits *edits, TakeAnswer answer)
{
    if (isBusy()) {
        answer(false, {});
        return;
    }
    std::vector<OverrideRequest> requests;
    const auto add = [&requests](const ScheduleTarget &target, int replicas, bool fromParking) {
        for (const OverrideRequest &request : requests)
            if (request.target == target)
                return;
        requests.push_back(OverrideRequest{target, replicas, fromParking});
    };
    for (const DeploymentChange &change : edits->changes().deploymentChanges())
        if (change.replicas && isScheduled(change.app, change.deployment))
            add(ScheduleTarget{change.app, change.deployment}, *change.replicas, false);
    // Parking or unparking an application changes every scheduled target in it: each becomes an override,
    // or the controller would take ScaleDeck's own change for drift.
    const auto addParking = [&](const QString &app, bool park) {
        for (const StoredSchedule &stored : m_schedules) {
            if (stored.target.app != app)
                continue;
            const int replicas = stored.target.isApplication() ? (park ? 0 : 1)
                                 : park                        ? 0
                                                               : unparkedReplicas(edits->baseline(), stored.target);
            add(stored.target, replicas, true);
        }
    };
    for (const QString &app : edits->changes().parkedApps())
        addParking(app, true);
    for (const QString &app : edits->changes().unparkedApps())
        addParking(app, false);
    if (requests.empty()) {
        answer(true, {});
        return;
    }
    m_questions = std::make_unique<OverrideQuestions>();
    m_questions->edits = edits;
    m_questions->requests = std::move(requests);
    m_questions->answer = std::move(answer);
    askNextOverride();
}

void ScheduleCoordinator::askNextOverride()
{
    // Every expiry is asked first; nothing is stored unless the operator answers all of them. Each target is
    // looked up again here: a tick may have replaced the schedules while the previous dialog was open.
    while (m_questions->next < m_questions->requests.size()) {
        const OverrideRequest request = m_questions->requests[m_questions->next];
        const std::optional<StoredSchedule> stored = storedFor(request.target);
        if (!stored) {
            ++m_questions->next; // no longer scheduled: its edit stays an ordinary one
            continue;
        }
        const ScheduleLoad load = effectiveSchedule(*stored, overridesFor(request.target));
        if (!load) {
            Q_EMIT failed(tr("The stored schedule of %1 does not parse: %2")
                              .arg(request.target.toString(), load.error().describe()));
            finishOverrides(false);
            return;
        }
        const ScheduleEvaluator evaluator = load->evaluator();
        const QTimeZone zone = evaluator.zoneIsValid() ? evaluator.zone() : QTimeZone::utc();
        auto *dialog = new OverrideDialog(request.target, request.replicas, evaluator, m_clock, m_dialogParent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        const quint64 session = m_session;
        connect(dialog, &QDialog::finished, this, [this, dialog, zone, session](int result) {
            if (session == m_session)
                onOverrideAnswered(result == QDialog::Accepted, dialog->toOverride(), zone);
        });
        m_openDialog = dialog;
        dialog->open();
        Q_EMIT overrideAsked(dialog, request.target, request.replicas);
        return;
    }
    storeOverrides();
}

void ScheduleCoordinator::onOverrideAnswered(bool accepted, const ScheduleOverride &override_, const QTimeZone &zone)
{
    if (!m_questions)
        return;
    if (!accepted) {
        finishOverrides(false);
        return;
    }
    // Looked up again: the schedule may have been removed while the dialog was open.
    if (storedFor(override_.target))
        m_questions->answers.push_back(OverrideAnswer{m_questions->requests[m_questions->next], override_, zone});
    ++m_questions->next;
    askNextOverride();
}

void ScheduleCoordinator::storeOverrides()
{
    if (m_questions->answers.empty()) {
        finishOverrides(true);
        return;
    }
    ++m_storing;
    const quint64 session = m_session;
    std::vector<OverrideWrite> writes;
    for (const OverrideAnswer &answer : m_questions->answers)
        writes.push_back(OverrideWrite{answer.override_, answer.zone});
    m_backend->setOverrides(std::move(writes), [this, session](const OverridesWritten &stored) {
        --m_storing;
        if (session != m_session || !m_questions)
            return;
        QStringList summary;
        for (size_t i = 0; i < stored.count; ++i) {
            const OverrideAnswer &answer = m_questions->answers[i];
            const ScheduleOverride &override_ = answer.override_;
            if (PendingEdits *edits = m_questions->edits) {
                if (answer.request.fromParking)
                    edits->discardParking(override_.target.app);
                if (!override_.target.isApplication())
                    edits->discardDeployment(override_.target.app, override_.target.deployment);
            }
            m_overrides.insert(override_.target.toString(), override_);
            summary.append(tr("%1: %2 until %3 (override; the controller applies it)")
                               .arg(override_.target.toString(), targetCount(override_.target, override_.replicas),
                                    overrideUntilText(override_, answer.zone)));
        }
        if (!stored.auditErrors.isEmpty())
            Q_EMIT failed(tr("The override was stored but not its audit entry: %1")
                              .arg(stored.auditErrors.join(QStringLiteral("; "))));
        if (stored.error)
            Q_EMIT failed(
                tr("The override of %1 was not stored: %2")
                    .arg(m_questions->answers[stored.count].override_.target.toString(), stored.error->describe()));
        if (stored.count > 0 && m_host)
            m_host->tickNow();
        finishOverrides(!stored.error, summary);
    });
}

void ScheduleCoordinator::finishOverrides(bool proceed, const QStringList &summary)
{
    const std::unique_ptr<OverrideQuestions> questions = std::move(m_questions);
    if (questions && questions->answer)
        questions->answer(proceed, summary);
}

} // namespace scaledeck
