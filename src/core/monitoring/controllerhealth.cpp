// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllerhealth.h"

#include <algorithm>

namespace scaledeck {

namespace {
// "45", "2.5": seconds to a tenth, the precision a tick of 0.1 s needs.
QString secondsText(qint64 ms)
{
    return QString::number(double(std::max<qint64>(0, (ms + 50) / 100)) / 10.0);
}
} // namespace

HealthVerdict judgeHealth(const std::optional<QDateTime> &lastSuccessUtc, const QDateTime &startedUtc,
                          const QDateTime &nowUtc, int tickMs, int ticks)
{
    const qint64 allowedMs = qint64(ticks) * tickMs;
    const QString bound = QStringLiteral("more than %1 ticks of %2 s").arg(ticks).arg(secondsText(tickMs));
    if (!lastSuccessUtc) {
        const qint64 runningMs = startedUtc.msecsTo(nowUtc);
        if (runningMs <= allowedMs)
            return {true, QStringLiteral("ok (started %1 s ago; no successful tick yet)").arg(secondsText(runningMs))};
        return {false,
                QStringLiteral("no successful tick yet (started %1 s ago, %2)").arg(secondsText(runningMs), bound)};
    }
    const qint64 ageMs = lastSuccessUtc->msecsTo(nowUtc);
    if (ageMs <= allowedMs)
        return {true, QStringLiteral("ok (last successful tick %1 s ago)").arg(secondsText(ageMs))};
    return {false, QStringLiteral("last successful tick %1 s ago (%2)").arg(secondsText(ageMs), bound)};
}

} // namespace scaledeck
