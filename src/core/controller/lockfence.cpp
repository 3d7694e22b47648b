// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The lock's fence: a controller confirms (and renews) its lock right before it acts, not only when its tick
// starts. A tick can outlast the lock's stale limit (a slow cluster read, a park waiting for Prometheus, many
// applications applied one after another); without the fence a controller whose lock was taken over meanwhile
// would still send that tick's decisions, beside the one that took over. With it, the stale limit can be two
// ticks, so a waiting controller takes over within three ticks of a kill, and no change goes out twice.
#include "logging.h"
#include "manualrequests.h"
#include "schedulecontroller.h"

namespace scaledeck {

bool ScheduleController::confirmLockBeforeActing()
{
    if (m_options.dryRun)
        return true; // a dry run sends nothing and holds no lock
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
    auto lock = m_scheduleStore->acquireLock(m_clusterKey, m_options.holder, false, now,
                                             qint64(m_options.staleTicks) * m_options.tickMs);
    if (!lock) {
        // Unconfirmed is not held: acting on a lock that may be another's is what the fence prevents.
        m_report.error = lock.error();
        return false;
    }
    m_report.lock = *lock;
    m_holdsLock = lock->holder == m_options.holder;
    m_report.holdsLock = m_holdsLock;
    if (!m_holdsLock)
        qCWarning(lcController).noquote() << m_clusterKey << "lost the controller lock to" << lock->holder
                                          << "during a tick: its changes are not sent";
    return m_holdsLock;
}

void ScheduleController::abandonPending()
{
    const QString why =
        m_report.error
            ? QStringLiteral("not sent: the controller lock could not be confirmed (%1)")
                  .arg(m_report.error->describe())
            : QStringLiteral("not sent: %1 took the controller lock during this tick").arg(m_report.lock.holder);
    for (const PendingApply &apply : m_pending) {
        for (const PendingTarget &target : apply.targets) {
            TargetDecision &decision = m_report.decisions[target.decision];
            decision.result = DecisionResult::Failed;
            decision.detail = why;
            // What the controller remembers of the target stays as it was: nothing was attempted.
            auto state = m_scheduleStore->targetState(m_clusterKey, decision.target);
            const TargetState unchanged =
                (state && state->has_value()) ? **state : TargetState{decision.target, {}, {}, {}, false, {}};
            if (auto closed =
                    m_scheduleStore->finishAction(m_clusterKey, target.auditId, AuditResult::Failed, why, unchanged);
                !closed)
                m_report.storeErrors.push_back(closed.error());
        }
    }
    m_pending.clear();
}

} // namespace scaledeck
