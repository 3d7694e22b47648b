// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulecoordinator.h"

#include "controllerschedulebackend.h"
#include "effectiveschedule.h"
#include "localschedulebackend.h"
#include "operatoridentity.h"
#include "overridedialog.h"
#include "pendingedits.h"
#include "prometheussuggestionsource.h"
#include "schedulecell.h"
#include "schedulecontrollerthread.h"
#include "scheduledisplay.h"
#include "scheduleeditordialog.h"
#include "scheduleevaluator.h"
#include "scheduleoverridequestions_p.h"
#include "scheduletext.h"
#include "servingcut.h"
#include "suggestionpanel.h"
#include "targetresources.h"

#include <QDialog>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTimeZone>
#include <QWidget>

namespace scaledeck {

namespace {
// The GPUs one "replica" of the target holds by its config: a deployment's per-replica GPUs, or for an
// application (parked at 0, running at 1) everything its deployments hold when running as configured.
double gpusPerUnit(const SnapshotPtr &snapshot, const ScheduleTarget &target)
{
    const std::optional<TargetResources> configured = snapshot ? configuredResources(*snapshot, target) : std::nullopt;
    return configured ? configured->gpus() : 0;
}

// The deployment a suggestion for `target` reads the traffic of (an application's only one), or why there is none.
Result<SuggestionTarget, QString> suggestionTarget(const SnapshotPtr &snapshot, const ScheduleTarget &target)
{
    const ApplicationSnapshot *app = snapshot ? snapshot->findApplication(target.app) : nullptr;
    if (!app)
        return ScheduleCoordinator::tr("%1 is not in the cluster now: its traffic cannot be read").arg(target.app);
    if (target.isApplication() && app->deployments.size() != 1)
        return ScheduleCoordinator::tr("%1 has %2 deployments: a suggestion is made for one deployment (open the "
                                       "schedule of one of them)")
            .arg(target.app)
            .arg(app->deployments.size());
    for (const DeploymentSnapshot &deployment : app->deployments) {
        if (!target.isApplication() && deployment.name != target.deployment)
            continue;
        SuggestionTarget found;
        found.app = target.app;
        found.deployment = deployment.name;
        found.name = target.app + QLatin1Char('/') + deployment.name;
        found.observedReplicas = std::max(1, deployment.targetReplicas);
        found.gpusPerReplica = deployment.gpusPerReplica;
        return found;
    }
    return ScheduleCoordinator::tr("%1 has no deployment %2 now").arg(target.app, target.deployment);
}

} // namespace

ScheduleCoordinator::ScheduleCoordinator(QString storePath, const Clock *clock, QWidget *dialogParent, QObject *parent)
    : QObject(parent), m_storePath(std::move(storePath)), m_clock(clock), m_dialogParent(dialogParent)
{
    // Through a controller, other people change the schedules too: read them again now and then (the window's
    // own changes are read back at once).
    m_reloadTimer.setInterval(5000);
    connect(&m_reloadTimer, &QTimer::timeout, this, &ScheduleCoordinator::reload);
}

ScheduleCoordinator::~ScheduleCoordinator()
{
    // No signals and no answers now: whoever listens (the window) is being destroyed as well.
    ++m_session;
    m_questions.reset();
    delete m_openDialog; // without finishing it: its finished() would reach a half-destroyed coordinator
}

void ScheduleCoordinator::setCluster(const ClusterEndpoint &endpoint, int tickMs, const QUrl &prometheusUrl)
{
    clear();
    m_clusterKey = endpoint.clusterKey();
    m_readOnly = endpoint.readOnly;
    m_tickMs = tickMs;
    // The store refuses this session's writes when the profile is read-only, whatever path reaches it.
    m_backend = std::make_unique<LocalScheduleBackend>(m_storePath, WriteGuard(m_readOnly), m_clusterKey, m_clock);
    reload();
    if (!prometheusUrl.isEmpty()) // a read-only profile may suggest too: a what-if, nothing is saved
        m_suggestions = std::make_unique<PrometheusSuggestionSource>(prometheusUrl);
    if (m_readOnly) {
        m_controllerText = tr("Schedules: not enforced by this window (read-only profile)");
    } else {
        m_host = std::make_unique<ScheduleControllerThread>(endpoint, m_storePath, prometheusUrl, tickMs);
        connect(m_host.get(), &ScheduleControllerThread::tickFinished, this, &ScheduleCoordinator::onTick);
        m_controllerText = tr("Schedules: starting the controller…");
    }
    Q_EMIT controllerTextChanged(m_controllerText);
}

void ScheduleCoordinator::setController(const ClusterEndpoint &endpoint, const ControllerConnection &controller,
                                        const QUrl &prometheusUrl)
{
    clear();
    m_clusterKey = endpoint.clusterKey();
    m_readOnly = endpoint.readOnly;
    m_controllerUrl = controller.url;
    m_backend = std::make_unique<ControllerScheduleBackend>(controller);
    reload();
    m_reloadTimer.start();
    if (!prometheusUrl.isEmpty())
        m_suggestions = std::make_unique<PrometheusSuggestionSource>(prometheusUrl);
    m_controllerText = tr("Schedules: enforced by the controller at %1 (connecting…)")
                           .arg(m_controllerUrl.toString(QUrl::RemoveUserInfo));
    Q_EMIT controllerTextChanged(m_controllerText);
}

void ScheduleCoordinator::setControllerStatus(const ControllerStatus &status)
{
    if (m_controllerUrl.isEmpty())
        return;
    const QString where = m_controllerUrl.toString(QUrl::RemoveUserInfo);
    QString text;
    if (status.role.isEmpty())
        text = tr("Schedules: enforced by the controller at %1, which does not answer: %2").arg(where, status.error);
    else if (!status.healthy)
        text = tr("Schedules: the controller at %1 is not enforcing them — %2").arg(where, status.error);
    else if (status.holdsLock) // its address is the window's title and header: the holder says which process
        text = tr("Schedules: enforced by the controller (%1)").arg(status.lockHolder);
    else
        text = tr("Schedules: enforced by %1, beside the controller at %2").arg(status.lockHolder, where);
    if (!status.role.isEmpty())
        text += tr(" · you: %1 (%2)").arg(status.name, status.role);
    if (text == m_controllerText)
        return;
    m_controllerText = text;
    Q_EMIT controllerTextChanged(m_controllerText);
}

void ScheduleCoordinator::clear()
{
    ++m_session; // answers still on their way belong to the previous cluster
    if (m_openDialog)
        m_openDialog->reject(); // its answer is dropped: it is for the previous cluster
    if (m_questions)
        finishOverrides(false);
    m_host.reset();
    m_reloadTimer.stop();
    m_controllerUrl.clear();
    m_suggestions.reset();
    m_schedules.clear();
    m_overrides.clear();
    m_clusterKey.clear();
    m_controllerText.clear();
    Q_EMIT schedulesChanged();
    Q_EMIT scheduleCellsChanged({});
}

bool ScheduleCoordinator::isBusy() const
{
    return m_openDialog || m_questions || m_storing > 0;
}

void ScheduleCoordinator::reload()
{
    if (m_clusterKey.isEmpty())
        return;
    const quint64 session = m_session;
    m_backend->load([this, session](const LoadedSchedules &loaded) {
        if (session != m_session)
            return;
        if (loaded.error)
            Q_EMIT failed(tr("Cannot read the schedules: %1").arg(loaded.error->describe()));
        if (loaded.schedules) {
            adoptOverrides(*loaded.overrides);
            adopt(*loaded.schedules);
        }
        if (loaded.contests)
            reportContestList(*loaded.contests);
    });
}

void ScheduleCoordinator::loadAudit(const QDateTime &sinceUtc,
                                    std::function<void(const Result<std::vector<AuditEntry>> &)> answer)
{
    if (m_clusterKey.isEmpty() || !m_backend)
        return;
    m_backend->loadAudit(sinceUtc, [this, session = m_session,
                                    answer = std::move(answer)](const Result<std::vector<AuditEntry>> &entries) {
        if (session == m_session)
            answer(entries);
    });
}

void ScheduleCoordinator::adopt(std::vector<StoredSchedule> schedules)
{
    const bool changed =
        schedules.size() != m_schedules.size() || !std::equal(schedules.begin(), schedules.end(), m_schedules.begin(),
                                                              [](const StoredSchedule &a, const StoredSchedule &b) {
                                                                  return a.target == b.target && a.text == b.text;
                                                              });
    m_schedules = std::move(schedules);
    if (changed)
        Q_EMIT schedulesChanged();
}

void ScheduleCoordinator::adoptOverrides(const std::vector<ScheduleOverride> &overrides)
{
    m_overrides.clear();
    for (const ScheduleOverride &override_ : overrides)
        m_overrides.insert(override_.target.toString(), override_);
}

std::optional<StoredSchedule> ScheduleCoordinator::storedFor(const ScheduleTarget &target) const
{
    for (const StoredSchedule &stored : m_schedules)
        if (stored.target == target)
            return stored;
    return std::nullopt;
}

std::vector<ScheduleOverride> ScheduleCoordinator::overridesFor(const ScheduleTarget &target) const
{
    const auto found = m_overrides.constFind(target.toString());
    if (found == m_overrides.constEnd() || found->untilUtc <= m_clock->nowUtc())
        return {};
    return {*found};
}

bool ScheduleCoordinator::isScheduled(const QString &app, const QString &deployment) const
{
    return storedFor(ScheduleTarget{app, deployment}).has_value();
}

void ScheduleCoordinator::editSchedule(const QString &app, const QString &deployment, const SnapshotPtr &snapshot)
{
    if (m_clusterKey.isEmpty() || isBusy())
        return;
    const ScheduleTarget target{app, deployment};
    const std::optional<StoredSchedule> stored = storedFor(target);
    auto *dialog = new ScheduleEditorDialog(target, stored ? stored->text : QString(), overridesFor(target),
                                            gpusPerUnit(snapshot, target), m_clock, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setReadOnly(m_readOnly);
    offerSuggestions(dialog, target, snapshot, stored);
    const quint64 session = m_session;
    connect(dialog, &QDialog::finished, this, [this, dialog, target, session](int result) {
        if (session == m_session && result == QDialog::Accepted)
            onEditorAnswered(target, dialog->text());
    });
    m_openDialog = dialog;
    dialog->open();
}

void ScheduleCoordinator::offerSuggestions(ScheduleEditorDialog *dialog, const ScheduleTarget &target,
                                           const SnapshotPtr &snapshot,
                                           const std::optional<StoredSchedule> &stored) const
{
    if (!m_suggestions) {
        dialog->setSuggestionUnavailable(tr("A suggestion reads weeks of traffic from Prometheus: this profile has no "
                                            "Prometheus address (set one in the profile, or RAY_PROMETHEUS_HOST)"));
        return;
    }
    Result<SuggestionTarget, QString> found = suggestionTarget(snapshot, target);
    if (!found) {
        dialog->setSuggestionUnavailable(found.error());
        return;
    }
    SuggestionTarget suggestion = *found;
    if (m_prices) {
        const PriceList prices = m_prices();
        const ApplicationSnapshot *app = snapshot->findApplication(target.app);
        for (const DeploymentSnapshot &deployment : app->deployments)
            if (deployment.name == suggestion.deployment && prices.gpuHourFor(deployment.acceleratorType) > 0)
                suggestion.pricePerGpuHour = prices.gpuHourFor(deployment.acceleratorType);
        suggestion.currency = prices.currency;
    }
    if (stored) {
        const ScheduleParse parsed = parseScheduleText(stored->text);
        if (parsed.ok())
            suggestion.current = *parsed.schedule;
    }
    dialog->setSuggestionSource(m_suggestions.get(), suggestion);
}

void ScheduleCoordinator::onEditorAnswered(const ScheduleTarget &target, const QString &text)
{
    // What the cluster holds now, not when the editor opened: the controller may have moved it meanwhile.
    const SnapshotPtr cluster = m_currentSnapshot ? m_currentSnapshot() : nullptr;
    const ScheduleParse parsed = parseScheduleText(text);
    // A read-only session stores nothing (the store refuses and says so): nothing to confirm.
    if (cluster && parsed.ok() && !m_readOnly) {
        const ScheduleEvaluator evaluator(*parsed.schedule, overridesFor(target));
        if (auto cut = servingCut(evaluator, target, *cluster, m_clock->nowUtc(), m_tickMs)) {
            confirmCut(*cut, target, text);
            return;
        }
    }
    storeSchedule(target, text);
}

void ScheduleCoordinator::confirmCut(const ServingCut &cut, const ScheduleTarget &target, const QString &text)
{
    const QDateTime nowUtc = m_clock->nowUtc();
    const QString when = cut.atUtc <= nowUtc ? tr("now")
                                             : tr("at %1 UTC (in %2 s)")
                                                   .arg(cut.atUtc.toString(QStringLiteral("HH:mm:ss")))
                                                   .arg((nowUtc.msecsTo(cut.atUtc) + 999) / 1000);
    const QString stopping = tr("%n replica(s) serving stop(s)", nullptr, cut.servingNow);
    QString question;
    QString accept;
    if (cut.parksApplication) {
        question = tr("Saving this schedule parks %1 %2: %3.").arg(target.app, when, stopping);
        accept = tr("Save and park");
    } else {
        question =
            tr("Saving this schedule takes %1 from %2 to %3 %4: %5.")
                .arg(target.toString(), replicaCount(cut.fromReplicas), replicaCount(cut.toReplicas), when, stopping);
        accept = tr("Save and scale down");
    }
    auto *box = new QMessageBox(QMessageBox::Warning, tr("This will stop serving"), question, QMessageBox::NoButton,
                                m_dialogParent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *save = box->addButton(accept, QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    const quint64 session = m_session;
    connect(box, &QMessageBox::buttonClicked, this, [this, save, target, text, session](QAbstractButton *clicked) {
        if (session == m_session && clicked == save)
            storeSchedule(target, text);
    });
    m_openDialog = box;
    box->open();
}

void ScheduleCoordinator::storeSchedule(const ScheduleTarget &target, const QString &text)
{
    ++m_storing;
    const quint64 session = m_session;
    m_backend->save(target, text, [this, session, target](const LoadedSchedules &loaded) {
        if (onScheduleWritten(session, target, loaded, tr("saved")) && m_host)
            m_host->tickNow();
    });
}

bool ScheduleCoordinator::onScheduleWritten(quint64 session, const ScheduleTarget &target,
                                            const LoadedSchedules &loaded, const QString &verb)
{
    --m_storing;
    if (session != m_session)
        return false; // an answer for the previous cluster
    if (loaded.schedules) {
        adoptOverrides(*loaded.overrides);
        adopt(*loaded.schedules);
    }
    if (loaded.error) {
        Q_EMIT failed(tr("The schedule of %1 was not %2: %3").arg(target.toString(), verb, loaded.error->describe()));
        return false;
    }
    Q_EMIT scheduleStored(target.toString());
    return true;
}

void ScheduleCoordinator::removeSchedule(const QString &app, const QString &deployment)
{
    if (m_clusterKey.isEmpty())
        return;
    const ScheduleTarget target{app, deployment};
    ++m_storing;
    const quint64 session = m_session;
    m_backend->remove(target, [this, session, target](const LoadedSchedules &loaded) {
        onScheduleWritten(session, target, loaded, tr("removed"));
    });
}

void ScheduleCoordinator::onTick(const TickReport &report)
{
    // The controller read the schedules on its thread (`scaledeckctl schedule set` may have changed them):
    // the GUI thread takes its copy rather than reading them again.
    if (report.schedules) {
        std::vector<ScheduleOverride> overrides;
        for (const ScheduleSummary &summary : report.summaries)
            if (summary.activeOverride)
                overrides.push_back(*summary.activeOverride);
        adoptOverrides(overrides);
        adopt(*report.schedules);
    }
    QString text;
    if (report.error)
        text = tr("Schedules: the controller failed — %1").arg(report.error->describe());
    else if (report.holdsLock)
        text = m_schedules.empty() ? tr("Schedules: none (this ScaleDeck would enforce them)")
                                   : tr("Schedules: %n enforced by this ScaleDeck", nullptr, int(m_schedules.size()));
    else if (!report.lock.holder.isEmpty())
        text = tr("Schedules: enforced by %1").arg(report.lock.holder);
    if (text != m_controllerText) {
        m_controllerText = text;
        Q_EMIT controllerTextChanged(text);
    }
    QHash<QString, ClusterModel::ScheduleCell> cells;
    for (const ScheduleSummary &summary : report.summaries)
        cells.insert(summary.target.toString(), scheduleCell(summary, report.atUtc));
    // Drift (a change made outside ScaleDeck) that the policy keeps is shown where the schedule is.
    for (const TargetDecision &decision : report.decisions) {
        if (decision.cause != AuditCause::DriftKept || !cells.contains(decision.target))
            continue;
        ClusterModel::ScheduleCell &cell = cells[decision.target];
        cell.text = tr("drift: %1 kept · %2").arg(decision.actual, cell.text);
        cell.toolTip +=
            tr("\nChanged outside ScaleDeck to %1; kept until the next transition (drift keep).").arg(decision.actual);
    }
    // So is a fight over it: the banner may be dismissed or replaced, the cell says it as long as it lasts.
    for (const TargetDecision &decision : report.decisions) {
        if (decision.result != DecisionResult::Contested || !cells.contains(decision.target))
            continue;
        ClusterModel::ScheduleCell &cell = cells[decision.target];
        cell.text = tr("contested: %1 · %2").arg(decision.actual, cell.text);
        cell.toolTip += QLatin1Char('\n') + decision.detail;
    }
    Q_EMIT scheduleCellsChanged(cells);
    reportStoreProblems(report);
    reportContests(report);
    // The controller may have parked or unparked something: the schedules' targets stay, but the rows move.
    Q_EMIT controllerTicked(report);
}

void ScheduleCoordinator::reportStoreProblems(const TickReport &report)
{
    // Writes the controller could not make (audit rows, target state, history) are shown once each, not
    // every tick; the controller logged them under scaledeck.controller.
    QStringList problems;
    for (const RayError &error : report.storeErrors)
        problems.append(error.describe());
    if (report.historyError)
        problems.append(tr("GPU history not recorded: %1").arg(report.historyError->describe()));
    const QString text = problems.join(QLatin1Char('\n'));
    if (text == m_lastStoreProblems)
        return;
    m_lastStoreProblems = text;
    if (!text.isEmpty())
        Q_EMIT failed(tr("The controller could not write to ScaleDeck's store: %1").arg(text));
}

void ScheduleCoordinator::reportContests(const TickReport &report)
{
    if (report.error)
        return; // the tick did not run: its empty decisions say nothing about the fights
    QStringList targets;
    QStringList lines;
    for (const TargetDecision &decision : report.decisions) {
        if (decision.result != DecisionResult::Contested)
            continue;
        targets.append(decision.target);
        lines.append(decision.detail);
    }
    const QString text = lines.join(QLatin1Char('\n'));
    if (text == m_lastContests)
        return;
    m_lastContests = text;
    Q_EMIT contestsChanged(targets, text);
}

// Through a controller: its contested targets, as a tick of the window's own would report them.
void ScheduleCoordinator::reportContestList(const std::vector<TargetContest> &contests)
{
    QStringList targets;
    QStringList lines;
    for (const TargetContest &contest : contests) {
        targets.append(contest.target);
        lines.append(tr("%1: the controller stopped correcting it since %2 (%3); the cluster holds %4")
                         .arg(contest.target,
                              QLocale().toString(contest.contestedUtc.toLocalTime(), QLocale::ShortFormat),
                              contest.description, contest.outsideValue));
    }
    const QString text = lines.join(QLatin1Char('\n'));
    if (text == m_lastContests)
        return;
    m_lastContests = text;
    Q_EMIT contestsChanged(targets, text);
}

void ScheduleCoordinator::resumeContested(const QStringList &targets)
{
    if (m_clusterKey.isEmpty() || targets.isEmpty())
        return;
    const quint64 session = m_session;
    m_backend->resumeContests(targets, [this, session](const QStringList &failures) {
        if (session != m_session || failures.isEmpty())
            return; // the next tick corrects them, and its decisions clear the banner
        Q_EMIT failed(tr("The correction was not resumed: %1").arg(failures.join(QStringLiteral("; "))));
    });
}

} // namespace scaledeck
