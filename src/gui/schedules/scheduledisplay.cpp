// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "scheduledisplay.h"

#include <QCoreApplication>

#include <cmath>

namespace scaledeck {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ScheduleDisplay", text);
}
} // namespace

QString replicaCount(int count)
{
    return QCoreApplication::translate("ScheduleDisplay", "%n replica(s)", nullptr, count);
}

QString relativeMoment(const QDateTime &local, const QDateTime &nowLocal)
{
    const qint64 days = nowLocal.date().daysTo(local.date());
    if (days == 0)
        return local.toString(QStringLiteral("HH:mm"));
    if (days > 0 && days < 7)
        return local.toString(QStringLiteral("ddd HH:mm"));
    return local.toString(QStringLiteral("ddd yyyy-MM-dd HH:mm"));
}

QString zoneAbbreviation(const QDateTime &local)
{
    const QString abbreviation = local.timeZoneAbbreviation();
    if (abbreviation.startsWith(QLatin1Char('+')) || abbreviation.startsWith(QLatin1Char('-')))
        return QStringLiteral("UTC") + abbreviation;
    return abbreviation;
}

QString overrideText(const ScheduleOverride &override_, const QTimeZone &zone, const QDateTime &nowUtc)
{
    const QDateTime untilLocal = override_.untilUtc.toTimeZone(zone);
    const QDateTime untilUtc = override_.untilUtc.toUTC();
    const QString utc = untilUtc.date() == untilLocal.date() ? untilUtc.toString(QStringLiteral("HH:mm"))
                                                             : untilUtc.toString(QStringLiteral("ddd HH:mm"));
    const QDateTime nowLocal = nowUtc.toTimeZone(zone);
    const QString when = untilLocal.date() == nowLocal.date()
                             ? tr("today %1").arg(untilLocal.toString(QStringLiteral("HH:mm")))
                             : relativeMoment(untilLocal, nowLocal);
    QString text = tr("%1 until %2 (%3 UTC)").arg(replicaCount(override_.replicas), when, utc);
    if (!override_.createdBy.isEmpty())
        text += tr(", set by %1").arg(override_.createdBy);
    if (!override_.note.isEmpty())
        text += QStringLiteral(": ") + override_.note;
    return text;
}

QDateTime weekStartUtc(const QDateTime &nowUtc, const QTimeZone &zone)
{
    const QDate today = nowUtc.toTimeZone(zone).date();
    return localToUtc(today.addDays(1 - today.dayOfWeek()), QTime(0, 0), zone);
}

QString projectionText(const WeekProjection &projection, double gpusPerReplica)
{
    const bool gpus = gpusPerReplica > 0;
    const QString unit = gpus ? tr("GPU-h") : tr("replica-hours");
    const QString used = QString::number(projection.gpuHours, 'f', 1);
    if (projection.alwaysOnGpuHours <= 0)
        return tr("Projected this week: %1 %2 (never scaled up)").arg(used, unit);
    const QString alwaysOn = QString::number(projection.alwaysOnGpuHours, 'f', 1);
    const long reduction = std::lround((1.0 - projection.fractionOfAlwaysOn()) * 100.0);
    const QString change = reduction > 0 ? tr("\u2212%1%").arg(reduction) : tr("no reduction");
    QString text = tr("Projected this week: %1 %2 of %3 always-on (%4)").arg(used, unit, alwaysOn, change);
    if (!gpus)
        text += tr(", no GPUs a replica");
    return text;
}

} // namespace scaledeck
