// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "notificationtext.h"

#include <QStringList>

#include <map>

namespace scaledeck {

namespace {

constexpr qsizetype kNamesListed = 8; // a body line names this many targets, then "and N more"

// The summary for `count` events of one kind; `only` names the target when there is one.
QString kindSummary(NotificationKind kind, qsizetype count, const QString &only)
{
    const bool one = count == 1;
    switch (kind) {
    case NotificationKind::Failed:
        return one ? QStringLiteral("Change failed: %1").arg(only) : QStringLiteral("%1 changes failed").arg(count);
    case NotificationKind::Parked:
        return one ? QStringLiteral("Parked %1").arg(only) : QStringLiteral("Parked %1 targets").arg(count);
    case NotificationKind::Unparked:
        return one ? QStringLiteral("Unparked %1").arg(only) : QStringLiteral("Unparked %1 targets").arg(count);
    case NotificationKind::Scaled:
        return one ? QStringLiteral("Scaled %1").arg(only) : QStringLiteral("Scaled %1 targets").arg(count);
    case NotificationKind::DriftCorrected:
        return one ? QStringLiteral("Drift corrected: %1").arg(only)
                   : QStringLiteral("Drift corrected on %1 targets").arg(count);
    case NotificationKind::DriftKept:
        return one ? QStringLiteral("Drift seen: %1").arg(only) : QStringLiteral("Drift seen on %1 targets").arg(count);
    case NotificationKind::OverrideExpired:
        return one ? QStringLiteral("Override expired: %1").arg(only)
                   : QStringLiteral("%1 overrides expired").arg(count);
    case NotificationKind::Contested:
        return one ? QStringLiteral("Contested: %1").arg(only) : QStringLiteral("%1 targets contested").arg(count);
    }
    return {};
}

// What a body line starts with.
QString kindLabel(NotificationKind kind)
{
    switch (kind) {
    case NotificationKind::Failed:
        return QStringLiteral("Failed");
    case NotificationKind::Parked:
        return QStringLiteral("Parked");
    case NotificationKind::Unparked:
        return QStringLiteral("Unparked");
    case NotificationKind::Scaled:
        return QStringLiteral("Scaled");
    case NotificationKind::DriftCorrected:
        return QStringLiteral("Changed outside ScaleDeck, set back");
    case NotificationKind::DriftKept:
        return QStringLiteral("Changed outside ScaleDeck, kept until the next transition");
    case NotificationKind::OverrideExpired:
        return QStringLiteral("Override ended, back to the schedule");
    case NotificationKind::Contested:
        return QStringLiteral("Another controller or tool keeps changing it, no longer corrected");
    }
    return {};
}

QString eventText(const NotificationEvent &event)
{
    return event.detail.isEmpty() ? event.target : QStringLiteral("%1 (%2)").arg(event.target, event.detail);
}

QString bodyLine(NotificationKind kind, const std::vector<NotificationEvent> &events)
{
    QStringList names;
    for (const NotificationEvent &event : events) {
        if (names.size() == kNamesListed)
            break;
        names << eventText(event);
    }
    QString line = QStringLiteral("%1: %2").arg(kindLabel(kind), names.join(QStringLiteral(", ")));
    if (const qsizetype more = qsizetype(events.size()) - names.size(); more > 0)
        line += QStringLiteral(", … and %1 more").arg(more);
    return line;
}

} // namespace

DesktopNotification composeNotification(const std::vector<NotificationEvent> &events)
{
    std::map<NotificationKind, std::vector<NotificationEvent>> byKind; // ordered: failures first
    for (const NotificationEvent &event : events)
        byKind[event.kind].push_back(event);
    QStringList summaries;
    QStringList lines;
    for (const auto &[kind, ofKind] : byKind) {
        summaries << kindSummary(kind, qsizetype(ofKind.size()), ofKind.front().target);
        lines << bodyLine(kind, ofKind);
    }
    DesktopNotification notification;
    notification.summary = summaries.join(QStringLiteral(" · "));
    notification.body = lines.join(QLatin1Char('\n'));
    notification.urgency =
        // A fight is as urgent as a failure: each round starts or stops a GPU replica until someone decides.
        byKind.contains(NotificationKind::Failed) || byKind.contains(NotificationKind::Contested)
            ? NotificationUrgency::Critical
            : NotificationUrgency::Normal;
    return notification;
}

} // namespace scaledeck
