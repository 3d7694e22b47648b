// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "tickevents.h"

#include <optional>

namespace scaledeck {

namespace {

const QString kParkedText = QStringLiteral("parked");

bool isDeployment(const QString &target)
{
    return target.contains(QLatin1Char('/')); // "app/deployment" (ScheduleTarget::toString())
}

// The event a decision is news of, if any.
std::optional<NotificationEvent> eventOf(const TargetDecision &decision)
{
    const QString change = QStringLiteral("%1 → %2").arg(decision.actual).arg(decision.desired);
    switch (decision.result) {
    case DecisionResult::Sent:
        if (decision.cause == AuditCause::DriftCorrection)
            return NotificationEvent{NotificationKind::DriftCorrected, decision.target, change};
        if (decision.desired == 0)
            return NotificationEvent{NotificationKind::Parked, decision.target, {}};
        if (decision.actual == kParkedText) // a deployment says the count it went to; an application just runs
            return NotificationEvent{NotificationKind::Unparked, decision.target,
                                     isDeployment(decision.target) ? QString::number(decision.desired) : QString()};
        return NotificationEvent{NotificationKind::Scaled, decision.target, change};
    case DecisionResult::Failed:
        return NotificationEvent{NotificationKind::Failed, decision.target, decision.detail};
    case DecisionResult::Kept:
        return NotificationEvent{NotificationKind::DriftKept, decision.target, decision.actual};
    case DecisionResult::Contested:
        return NotificationEvent{NotificationKind::Contested, decision.target, change};
    default: // nothing changed (in step, waiting, deferred, missing) or nothing was sent (a dry run)
        return std::nullopt;
    }
}

} // namespace

std::vector<NotificationEvent> TickEvents::take(const TickReport &report)
{
    std::vector<NotificationEvent> events;
    if (report.error) // the tick did not run: its empty lists say nothing about the targets
        return events;
    addDecisionEvents(report, events);
    addExpiredOverrides(report, events);
    return events;
}

void TickEvents::addDecisionEvents(const TickReport &report, std::vector<NotificationEvent> &events)
{
    for (const TargetDecision &decision : report.decisions) {
        if (decision.result == DecisionResult::InStep) {
            m_told.remove(decision.target); // the next change of it is news again
            continue;
        }
        if (decision.alreadyLogged)
            continue;
        const std::optional<NotificationEvent> event = eventOf(decision);
        if (!event)
            continue;
        // The same outcome for the same change: a retry that failed again, drift still kept.
        const QString told =
            QStringLiteral("%1|%2|%3").arg(int(event->kind)).arg(decision.desired).arg(decision.actual);
        if (m_told.value(decision.target) == told)
            continue;
        m_told.insert(decision.target, told);
        events.push_back(*event);
    }
}

void TickEvents::addExpiredOverrides(const TickReport &report, std::vector<NotificationEvent> &events)
{
    if (!report.schedules) // the store could not be read: no summary says whether an override is still there
        return;
    // Only the lock's holder tells what the schedules did: another ScaleDeck on the same cluster sees the same
    // overrides run out, and would tell it a second time. Forgotten, so taking the lock later tells nothing old.
    if (!report.holdsLock) {
        m_overrides.clear();
        return;
    }
    QHash<QString, ScheduleOverride> active;
    for (const ScheduleSummary &summary : report.summaries)
        if (summary.activeOverride)
            active.insert(summary.target.toString(), *summary.activeOverride);
    const QDateTime now = m_clock->nowUtc();
    for (auto it = m_overrides.cbegin(); it != m_overrides.cend(); ++it) {
        if (active.contains(it.key()) || it->untilUtc > now)
            continue; // still there, or removed before its end by the operator
        const QString held =
            it->replicas == 1 ? QStringLiteral("1 replica") : QStringLiteral("%1 replicas").arg(it->replicas);
        events.push_back({NotificationKind::OverrideExpired, it.key(), QStringLiteral("was %1").arg(held)});
    }
    m_overrides = std::move(active);
}

} // namespace scaledeck
