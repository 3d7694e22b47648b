// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulecell.h"

#include "schedulecoordinator.h"
#include "scheduledisplay.h"
#include "scheduleoverridequestions_p.h"

#include <QTimeZone>

namespace scaledeck {

namespace {
// "Thu 17:00 CET" within the coming week, else "Dec 24 07:00 CET": short enough for a column. The zone is named
// because the times are the schedule's, which need not be the zone the operator (or the machine) is in.
QString whenText(const QDateTime &local, const QDateTime &nowUtc)
{
    const QString when = nowUtc.secsTo(local) < 6 * 86400 ? local.toString(QStringLiteral("ddd HH:mm"))
                                                          : local.toString(QStringLiteral("MMM d HH:mm"));
    return when + QLatin1Char(' ') + zoneAbbreviation(local);
}
} // namespace

ClusterModel::ScheduleCell scheduleCell(const ScheduleSummary &summary, const QDateTime &nowUtc)
{
    if (!summary.error.isEmpty())
        return {ScheduleCoordinator::tr("schedule unreadable"), summary.error};
    QString text = ScheduleCoordinator::tr("%1 now").arg(targetCount(summary.target, summary.desired.replicas));
    QStringList tip{ScheduleCoordinator::tr("Now: %1 — %2 (%3)")
                        .arg(targetCount(summary.target, summary.desired.replicas), summary.desired.reason,
                             QString::fromUtf8(summary.timeZone))};
    if (summary.activeOverride) {
        const QDateTime until = summary.activeOverride->untilUtc.toTimeZone(QTimeZone(summary.timeZone));
        text += ScheduleCoordinator::tr(" (override)");
        tip.append(ScheduleCoordinator::tr("Override: %1 until %2, set by %3")
                       .arg(targetCount(summary.target, summary.activeOverride->replicas),
                            until.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm t")),
                            summary.activeOverride->createdBy));
    }
    if (summary.next) {
        text += QStringLiteral(" · %1 %2")
                    .arg(targetCount(summary.target, summary.next->to), whenText(summary.next->atLocal, nowUtc));
        tip.append(ScheduleCoordinator::tr("Next: %1 at %2 (%3 UTC) — %4")
                       .arg(targetCount(summary.target, summary.next->to),
                            summary.next->atLocal.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm t")),
                            summary.next->atUtc.toString(QStringLiteral("HH:mm")), summary.next->reason));
    }
    return {text, tip.join(QLatin1Char('\n'))};
}

} // namespace scaledeck
