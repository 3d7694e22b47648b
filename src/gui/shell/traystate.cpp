// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "traystate.h"

#include "statusreport.h"

#include <QCoreApplication>
#include <QStringList>

namespace scaledeck {

TrayState trayStateOf(const TrayFacts &facts)
{
    if (!facts.answered)
        return TrayState::NotConnected;
    if (facts.stale || !facts.controllerError.isEmpty())
        return TrayState::Error;
    if (facts.applying || facts.controllerChanging)
        return TrayState::Changing;
    return TrayState::Connected;
}

QString trayToolTip(const TrayFacts &facts)
{
    auto tr = [](const char *text) { return QCoreApplication::translate("TrayIcon", text); };
    QStringList lines{facts.cluster.isEmpty() ? tr("ScaleDeck") : tr("ScaleDeck — %1").arg(facts.cluster)};
    if (!facts.answered) {
        lines << tr("Not connected");
        return lines.join(QLatin1Char('\n'));
    }
    lines << tr("GPUs held: %1 / %2").arg(formatAmount(facts.gpusHeld), formatAmount(facts.gpusTotal));
    if (facts.stale)
        lines << tr("The cluster does not answer");
    if (!facts.controllerError.isEmpty())
        lines << tr("Schedules: %1").arg(facts.controllerError);
    if (facts.applying || facts.controllerChanging)
        lines << tr("A change is in progress");
    return lines.join(QLatin1Char('\n'));
}

} // namespace scaledeck
