#include "schedulecoordinator.h"

#include "controllerhost.h"
#include "overridedialog.h"
#include "pendingedits.h"
#include "scheduleeditordialog.h"
#include "scheduleevaluator.h"
#include "scheduletext.h"
#include "targetresources.h"

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
QString countText(const ScheduleTarget &target, int replicas)
{
    if (target.isApplication())
        return replicas == 0 ? ScheduleCoordinator::tr("parked") : ScheduleCoordinator::tr("running");
    return QString::number(replicas);
}

// "Thu 17:00" within the coming week, else "Dec 24 07:00": short enough for a column.
QString whenText(const QDateTime &local, const QDateTime &nowUtc)
{
    return nowUtc.secsTo(local) < 6 * 86400 ? local.toString(QStringLiteral("ddd HH:mm"))
                                              : local.toString(QStringLiteral("MMM d HH:mm"));
}

ClusterModel::ScheduleCell scheduleCell(const ScheduleSummary &summary, const QDateTime &nowUtc)
{
    if (!summary.error.isEmpty())
        return {ScheduleCoordinator::tr("schedule unreadable"), summary.error};
    QString text = ScheduleCoordinator::tr("%1 now").arg(countText(summary.target, summary.desired.replicas));
    QStringList tip{ScheduleCoordinator::tr("Now: %1 — %2 (%3)")
                        .arg(countText(summary.target, summary.desired.replicas), summary.desired.reason,
                             QString::fromUtf8(summary.timeZone))};
    if (summary.activeOverride) {
        const QDateTime until = summary.activeOverride->untilUtc.toTimeZone(QTimeZone(summary.timeZone));
        text += ScheduleCoordinator::tr(" (override)");
        tip.append(ScheduleCoordinator::tr("Override: %1 until %2, set by %3")
                       .arg(countText(summary.target, summary.activeOverride->replicas),
                            until.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm t")),
                            summary.activeOverride->createdBy));
    }
    if (summary.next) {
        text += QStringLiteral(" · %1 %2").arg(countText(summary.target, summary.next->to),
                                               whenText(summary.next->atLocal, nowUtc));
        tip.append(ScheduleCoordinator::tr("Next: %1 at %2 (%3 UTC) — %4")
                       .arg(countText(summary.target, summary.next->to),
                            summary.next->atLocal.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm t")),
                            summary.next->atUtc.toString(QStringLiteral("HH:mm")), summary.next->reason));
    }
    return {text, tip.join(QLatin1Char('\n'))};
}

}  // namespace

ScheduleCoordinator::ScheduleCoordinator(QString storePath, const Clock *clock, QWidget *dialogParent, QObject *parent)
    : QObject(parent), m_storePath(std::move(storePath)), m_clock(clock), m_dialogParent(dialogParent)
{
}

ScheduleCoordinator::~ScheduleCoordinator() = default;

void ScheduleCoordinator::setCluster(const ClusterEndpoint &endpoint, int tickMs)
{
    clear();
    m_clusterKey = endpoint.clusterKey();
    m_readOnly = endpoint.readOnly;
    m_store = std::make_unique<ScheduleStore>(m_storePath);
    if (auto opened = m_store->open(); !opened) {
        Q_EMIT failed(tr("Schedules are unavailable: %1").arg(opened.error().describe()));
        m_store.reset();
        return;
    }
    reload();
    if (m_readOnly) {
        m_controllerText = tr("Schedules: not enforced by this window (read-only profile)");
    } else {
        m_host = std::make_unique<ControllerHost>(endpoint, m_storePath, tickMs);
        connect(m_host.get(), &ControllerHost::tickFinished, this, &ScheduleCoordinator::onTick);
        m_controllerText = tr("Schedules: starting the controller…");
    }
    Q_EMIT controllerTextChanged(m_controllerText);
}

void ScheduleCoordinator::clear()
{
    m_host.reset();
    m_store.reset();
    m_schedules.clear();
    m_clusterKey.clear();
    m_controllerText.clear();
    Q_EMIT schedulesChanged();
    Q_EMIT scheduleCellsChanged({});
}

void ScheduleCoordinator::reload()
{
    if (!m_store)
        return;
    auto loaded = m_store->schedules(m_clusterKey);
    if (!loaded) {
        Q_EMIT failed(tr("Cannot read the schedules: %1").arg(loaded.error().describe()));
        return;
    }
    adopt(std::move(loaded).value());
}

void ScheduleCoordinator::adopt(std::vector<StoredSchedule> schedules)
{
    const bool changed = schedules.size() != m_schedules.size()
                         || !std::equal(schedules.begin(), schedules.end(), m_schedules.begin(),
                                        [](const StoredSchedule &a, const StoredSchedule &b) {
                                            return a.target == b.target && a.text == b.text;
                                        });
    m_schedules = std::move(schedules);
    if (changed)
        Q_EMIT schedulesChanged();
}

bool ScheduleCoordinator::removeSchedule(const QString &app, const QString &deployment)
{
    if (!m_store)
        return false;
    const ScheduleTarget target{app, deployment};
    auto removed = m_store->removeSchedule(m_clusterKey, target);
    if (!removed) {
        Q_EMIT failed(tr("The schedule of %1 was not removed: %2").arg(target.toString(), removed.error().describe()));
        return false;
    }
    (void)m_store->clearOverride(m_clusterKey, target);
    reload();
    return *removed;
}

std::optional<StoredSchedule> ScheduleCoordinator::storedFor(const ScheduleTarget &target) const
{
    for (const StoredSchedule &stored : m_schedules)
        if (stored.target == target)
            return stored;
    return std::nullopt;
}

std::vector<ScheduleOverride> ScheduleCoordinator::overridesFor(const ScheduleTarget &target)
{
    std::vector<ScheduleOverride> mine;
    if (!m_store)
        return mine;
    auto active = m_store->activeOverrides(m_clusterKey, m_clock->nowUtc());
    if (!active)
        return mine;
    for (const ScheduleOverride &override_ : *active)
        if (override_.target == target)
            mine.push_back(override_);
    return mine;
}

bool ScheduleCoordinator::isScheduled(const QString &app, const QString &deployment) const
{
    return storedFor(ScheduleTarget{app, deployment}).has_value();
}

void ScheduleCoordinator::editSchedule(const QString &app, const QString &deployment, const SnapshotPtr &snapshot)
{
    if (!m_store)
        return;
    const ScheduleTarget target{app, deployment};
    const std::optional<StoredSchedule> stored = storedFor(target);
    ScheduleEditorDialog dialog(target, stored ? stored->text : QString(), overridesFor(target),
                                gpusPerUnit(snapshot, target), m_clock, m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto saved = m_store->saveSchedule(m_clusterKey, StoredSchedule{target, dialog.text(), m_clock->nowUtc()});
        !saved) {
        Q_EMIT failed(tr("The schedule of %1 was not saved: %2").arg(target.toString(), saved.error().describe()));
        return;
    }
    reload();
    if (m_host)
        m_host->tickNow();
}

bool ScheduleCoordinator::takeScheduledEdits(PendingEdits *edits, QStringList *summary)
{
    if (!m_store || m_schedules.empty())
        return true;
    struct Taken {
        ScheduleTarget target;
        int replicas;
    };
    std::vector<Taken> taken;
    for (const DeploymentChange &change : edits->changes().deploymentChanges())
        if (change.replicas && isScheduled(change.app, change.deployment))
            taken.push_back({ScheduleTarget{change.app, change.deployment}, *change.replicas});
    for (const QString &app : edits->changes().parkedApps())
        if (isScheduled(app, QString()))
            taken.push_back({ScheduleTarget{app, QString()}, 0});
    for (const QString &app : edits->changes().unparkedApps())
        if (isScheduled(app, QString()))
            taken.push_back({ScheduleTarget{app, QString()}, 1});
    if (taken.empty())
        return true;

    // Every expiry is asked first; nothing is stored unless the operator answers all of them.
    std::vector<ScheduleOverride> overrides;
    std::vector<QTimeZone> zones;  // each override's schedule zone, for showing its expiry as the dialog did
    for (const Taken &edit : taken) {
        const ScheduleParse parsed = parseScheduleText(storedFor(edit.target)->text);
        if (!parsed.ok()) {
            Q_EMIT failed(tr("The stored schedule of %1 does not parse: %2")
                              .arg(edit.target.toString(), parsed.error->describe()));
            return false;
        }
        const ScheduleEvaluator evaluator(*parsed.schedule, overridesFor(edit.target));
        OverrideDialog dialog(edit.target, edit.replicas, evaluator, m_clock, m_dialogParent);
        if (dialog.exec() != QDialog::Accepted)
            return false;
        overrides.push_back(dialog.toOverride());
        zones.push_back(evaluator.zone());
    }
    for (size_t i = 0; i < overrides.size(); ++i) {
        const ScheduleOverride &override_ = overrides[i];
        if (auto stored = m_store->setOverride(m_clusterKey, override_); !stored) {
            Q_EMIT failed(tr("The override of %1 was not stored: %2")
                              .arg(override_.target.toString(), stored.error().describe()));
            return false;
        }
        const QString until = override_.untilUtc.toTimeZone(zones[i]).toString(QStringLiteral("ddd yyyy-MM-dd HH:mm t"));
        const QString after = override_.target.isApplication()
                                  ? (override_.replicas == 0 ? QStringLiteral("parked") : QStringLiteral("running"))
                                  : QString::number(override_.replicas);
        (void)m_store->appendAudit(m_clusterKey,
                                   AuditEntry{0, m_clock->nowUtc(), override_.target.toString(), AuditCause::Operator,
                                              QString(), after, QStringLiteral("override set"),
                                              tr("until %1%2").arg(until, override_.note.isEmpty()
                                                                              ? QString()
                                                                              : QStringLiteral(" (%1)").arg(override_.note)),
                                              override_.createdBy});
        if (override_.target.isApplication())
            edits->discardParking(override_.target.app);
        else
            edits->discardDeployment(override_.target.app, override_.target.deployment);
        summary->append(tr("%1: %2 until %3 (override; the controller applies it)")
                            .arg(override_.target.toString(), after, until));
    }
    if (m_host)
        m_host->tickNow();
    return true;
}

void ScheduleCoordinator::onTick(const TickReport &report)
{
    // The controller read the schedules on its thread (`scaledeckctl schedule set` may have changed them):
    // the GUI thread takes its copy rather than reading them again.
    if (report.schedules)
        adopt(*report.schedules);
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
        cell.toolTip += tr("\nChanged outside ScaleDeck to %1; kept until the next transition (drift keep).")
                            .arg(decision.actual);
    }
    Q_EMIT scheduleCellsChanged(cells);
    // The controller may have parked or unparked something: the schedules' targets stay, but the rows move.
    Q_EMIT controllerTicked(report);
}

}  // namespace scaledeck
