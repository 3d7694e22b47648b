// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "servingfigures.h"

#include "costview.h"

#include <QLocale>

namespace scaledeck {

namespace {
const QString kUnknown = QStringLiteral("—");

QString hoursText(double hours)
{
    return QLocale(QLocale::English).toString(hours, 'f', 1);
}

QString percentOf(double part, double whole)
{
    return QString::number(whole > 0 ? part * 100 / whole : 0, 'f', 1) + QLatin1Char('%');
}
} // namespace

QStringList ServingColumns::headers()
{
    return {tr("Requests"), tr("Cost / 1k req"), tr("Idle while held")};
}

// Why every figure of a load is unknown, when none was read.
QString ServingColumns::unknownReason(const ServingFigures &figures)
{
    switch (figures.state) {
    case ServingFigures::State::NoPrometheus:
        return tr("Unknown: no Prometheus configured (set one in the connection profile, with --prometheus, or "
                  "RAY_PROMETHEUS_HOST)");
    case ServingFigures::State::Waiting:
        return tr("Waiting for Prometheus");
    case ServingFigures::State::Failed:
        return tr("Unknown: %1").arg(figures.error);
    case ServingFigures::State::Read:
        break;
    }
    return QString();
}

ServingColumns::Cells ServingColumns::cells(const ServingFigures &figures, const DeploymentCost &row,
                                            const QString &currency)
{
    const DeploymentServing *serving =
        figures.state == ServingFigures::State::Read ? figures.serving.find(row.app, row.deployment) : nullptr;
    if (!serving) {
        const QString why = figures.state == ServingFigures::State::Read
                                ? tr("Unknown: the traffic was read for another window; the next refresh reads it")
                                : unknownReason(figures);
        return {{kUnknown, kUnknown, kUnknown}, {why, why, why}};
    }
    const QLocale english(QLocale::English);
    const QString target = row.app + QLatin1Char('/') + row.deployment;
    const QString partial = serving->coveredFraction < 1 ? tr("; %1 of the window had no data, so at least this many")
                                                               .arg(percentOf(1 - serving->coveredFraction, 1))
                                                         : QString();
    Cells cells;
    if (serving->requests) {
        cells.texts << english.toString(*serving->requests, 'f', 0);
        cells.toolTips << tr("Requests %1 received in the window, from %2%3").arg(target, figures.source, partial);
    } else {
        cells.texts << kUnknown;
        cells.toolTips << tr("Unknown: %1 has no request series of %2 in the window (is it scraping Ray?)")
                              .arg(figures.source, target);
    }
    if (const std::optional<double> per1000 = costPer1000Requests(row.cost, serving->requests)) {
        cells.texts << formatMoney(*per1000, currency, *per1000 < 1 ? 4 : 2);
        cells.toolTips << tr("Its cost in the window per 1,000 requests%1").arg(partial);
    } else {
        cells.texts << kUnknown;
        cells.toolTips << (serving->requests ? tr("No requests in the window: no cost per request")
                                             : cells.toolTips.constLast());
    }
    if (serving->idleGpuHours) {
        const bool atLeast = serving->unknownGpuHours > 0;
        cells.texts << (atLeast ? QStringLiteral("≥ ") : QString()) + hoursText(*serving->idleGpuHours);
        QString tip = tr("GPU-hours held in steps of %1 s in which no request arrived, of %2 GPU-h held")
                          .arg(figures.stepS)
                          .arg(hoursText(serving->heldGpuHours));
        if (atLeast)
            tip += tr("; %1 GPU-h (%2 of held) fell in steps without data and are not counted")
                       .arg(hoursText(serving->unknownGpuHours),
                            percentOf(serving->unknownGpuHours, serving->heldGpuHours));
        cells.toolTips << tip;
    } else {
        cells.texts << kUnknown;
        cells.toolTips << tr("Unknown: no traffic data while %1 held GPUs").arg(target);
    }
    return cells;
}

QString ServingColumns::summary(const ServingFigures &figures)
{
    if (figures.state != ServingFigures::State::Read)
        return tr("Idle while held: %1").arg(unknownReason(figures));
    const ServingCost &serving = figures.serving;
    if (serving.heldGpuHours <= 0)
        return tr("Idle while held (%1): nothing held GPUs in the window.").arg(costWindowName(figures.window));
    QString text =
        tr("Idle while held (%1): %2%3 of %4 GPU-h held (%5) had no request arriving")
            .arg(costWindowName(figures.window), serving.unknownGpuHours > 0 ? QStringLiteral("≥ ") : QString(),
                 hoursText(serving.idleGpuHours), hoursText(serving.heldGpuHours),
                 percentOf(serving.idleGpuHours, serving.heldGpuHours));
    if (serving.unknownGpuHours > 0)
        text += tr(" · %1 of held GPU-h fell where %2 had no data")
                    .arg(percentOf(serving.unknownGpuHours, serving.heldGpuHours), figures.source);
    return text;
}

} // namespace scaledeck
