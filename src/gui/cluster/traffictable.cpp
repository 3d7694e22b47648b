// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "traffictable.h"

#include <QCoreApplication>

#include <algorithm>
#include <map>

namespace scaledeck {

namespace {
const QString unknownText = QStringLiteral("—");

QString tr(const char *text)
{
    return QCoreApplication::translate("TrafficTable", text);
}

QString requestsText(double perSecond)
{
    return QString::number(perSecond, 'f', perSecond < 10 ? 2 : perSecond < 100 ? 1 : 0);
}

QString errorsText(double rate)
{
    return QStringLiteral("%1 %").arg(QString::number(rate * 100, 'f', rate < 0.1 ? 2 : 1));
}

QString latencyText(double ms)
{
    return ms < 1000 ? QStringLiteral("%1 ms").arg(QString::number(ms, 'f', ms < 10 ? 1 : 0))
                     : QStringLiteral("%1 s").arg(QString::number(ms / 1000, 'f', 2));
}

RateSeries summed(const std::vector<const RateSeries *> &parts)
{
    std::map<QDateTime, double> byTime;
    int stepS = 60;
    for (const RateSeries *part : parts) {
        stepS = part->stepS;
        for (const RatePoint &point : part->points)
            byTime[point.atUtc] += point.perSecond;
    }
    RateSeries series;
    series.stepS = stepS;
    series.points.reserve(byTime.size());
    for (const auto &[at, perSecond] : byTime)
        series.points.push_back({at, perSecond});
    return series;
}
} // namespace

void TrafficTable::setReading(const TrafficReading &reading)
{
    m_byApp.clear();
    for (const DeploymentTraffic &traffic : reading.deployments)
        m_byApp[traffic.app].insert(traffic.deployment,
                                    TrafficFigures{traffic.requestsPerS, traffic.errorRate, traffic.p95Ms});
    m_source = reading.source;
    m_sourceText = reading.source == TrafficSource::Prometheus ? tr("Prometheus at %1").arg(reading.sourceAddress)
                                                               : tr("the nodes' metrics");
    m_windowS = reading.windowS;
    m_failure.clear();
}

void TrafficTable::setFailure(const QString &why)
{
    m_byApp.clear();
    m_failure = why;
}

void TrafficTable::setRates(const RequestRates &rates)
{
    m_rates = rates;
    std::map<QString, std::vector<const RateSeries *>> byApp;
    for (const auto &[key, series] : m_rates)
        byApp[key.first].push_back(&series);
    m_appRates.clear();
    for (const auto &[app, parts] : byApp)
        m_appRates.insert(app, summed(parts));
}

const TrafficFigures *TrafficTable::deployment(const QString &app, const QString &deployment) const
{
    const auto appIt = m_byApp.constFind(app);
    if (appIt == m_byApp.constEnd())
        return nullptr;
    const auto it = appIt->constFind(deployment);
    return it == appIt->constEnd() ? nullptr : &*it;
}

TrafficFigures TrafficTable::application(const ApplicationSnapshot &app) const
{
    double requests = 0, errors = 0, p95 = 0;
    bool requestsKnown = !app.deployments.empty(), errorsKnown = true, p95Known = true;
    for (const DeploymentSnapshot &row : app.deployments) {
        const TrafficFigures *figures = deployment(app.name, row.name);
        if (!figures || !figures->requestsPerS) {
            requestsKnown = false;
            continue;
        }
        const double perSecond = *figures->requestsPerS;
        requests += perSecond;
        if (perSecond <= 0)
            continue; // served nothing: its error rate and latency weigh nothing
        errorsKnown = errorsKnown && figures->errorRate;
        p95Known = p95Known && figures->p95Ms;
        errors += perSecond * figures->errorRate.value_or(0);
        p95 = std::max(p95, figures->p95Ms.value_or(0));
    }
    TrafficFigures total;
    if (!requestsKnown)
        return total;
    total.requestsPerS = requests;
    if (requests > 0 && errorsKnown)
        total.errorRate = errors / requests;
    if (requests > 0 && p95Known)
        total.p95Ms = p95;
    return total;
}

QString TrafficTable::text(Figure figure, const TrafficFigures *figures) const
{
    if (!figures)
        return unknownText;
    switch (figure) {
    case Figure::Requests:
        return figures->requestsPerS ? requestsText(*figures->requestsPerS) : unknownText;
    case Figure::Errors:
        return figures->errorRate ? errorsText(*figures->errorRate) : unknownText;
    case Figure::P95:
        return figures->p95Ms ? latencyText(*figures->p95Ms) : unknownText;
    }
    return unknownText;
}

QString TrafficTable::windowText() const
{
    return m_windowS % 60 == 0 ? tr("%1 min").arg(m_windowS / 60) : tr("%1 s").arg(m_windowS);
}

// Why a figure is "—": never left for the operator to guess between "idle" and "nobody knows".
QString TrafficTable::whyUnknown(Figure figure, const TrafficFigures *figures) const
{
    if (!m_failure.isEmpty())
        return tr("no traffic data: %1").arg(m_failure);
    if (!m_source)
        return tr("no traffic data yet");
    if (!figures || !figures->requestsPerS)
        return tr("no traffic data: %1 has no series of this deployment").arg(m_sourceText);
    if (figure != Figure::Requests && *figures->requestsPerS <= 0)
        return tr("no request in the last %1").arg(windowText());
    return tr("unknown: %1 gave no figure").arg(m_sourceText);
}

namespace {
// A "—" cell's tooltip names the dash too: every cell's tooltip holds its text (the tree's rule, so a cut text
// can be read in full), and it says what the dash means.
QString unknownToolTip(const QString &why)
{
    return tr("Unknown (%1): %2").arg(unknownText, why);
}
} // namespace

QString TrafficTable::deploymentToolTip(Figure figure, const TrafficFigures *figures) const
{
    const QString shown = text(figure, figures);
    if (shown == unknownText)
        return unknownToolTip(whyUnknown(figure, figures));
    switch (figure) {
    case Figure::Requests:
        return tr("%1 requests/s over the last %2, from %3").arg(shown, windowText(), m_sourceText);
    case Figure::Errors:
        return tr("%1 of the answers in the last %2 were errors (5xx)").arg(shown, windowText());
    case Figure::P95:
        return tr("95% of the requests in the last %1 took at most %2 to process").arg(windowText(), shown);
    }
    return {};
}

QString TrafficTable::applicationToolTip(Figure figure, const ApplicationSnapshot &app,
                                         const TrafficFigures &figures) const
{
    if (!figures.requestsPerS) {
        for (const DeploymentSnapshot &row : app.deployments)
            if (const TrafficFigures *known = deployment(app.name, row.name); !known || !known->requestsPerS)
                return unknownToolTip(tr("%1 (%2)").arg(whyUnknown(figure, known), row.name));
        return unknownToolTip(whyUnknown(figure, nullptr));
    }
    const QString shown = text(figure, &figures);
    if (shown == unknownText)
        return unknownToolTip(*figures.requestsPerS <= 0 ? whyUnknown(figure, &figures)
                                                         : tr("a deployment that served requests has no figure"));
    switch (figure) {
    case Figure::Requests:
        return tr("%1 requests/s: the sum of its deployments' over the last %2").arg(shown, windowText());
    case Figure::Errors:
        return tr("%1: its deployments' errors among all their requests (weighted by requests)").arg(shown);
    case Figure::P95:
        return tr("%1: the highest p95 of its deployments (the slowest deployment, not a p95 of the application)")
            .arg(shown);
    }
    return {};
}

const RateSeries *TrafficTable::deploymentRates(const QString &app, const QString &deployment) const
{
    const auto it = m_rates.find({app, deployment});
    return it == m_rates.end() ? nullptr : &it->second;
}

const RateSeries *TrafficTable::applicationRates(const QString &app) const
{
    const auto it = m_appRates.constFind(app);
    return it == m_appRates.constEnd() ? nullptr : &*it;
}

QString TrafficTable::ratesToolTip(const RateSeries *series) const
{
    if (m_source == TrafficSource::Nodes)
        return tr("No history: the nodes' metrics give live values only. A Prometheus (Connect dialog) gives the "
                  "last hour.");
    if (!series || series->points.empty())
        return tr("No request rates of the last hour (yet)");
    const auto [low, high] =
        std::minmax_element(series->points.begin(), series->points.end(),
                            [](const RatePoint &a, const RatePoint &b) { return a.perSecond < b.perSecond; });
    return tr("Requests/s over the last hour: %1 to %2 (one point every %3 s)")
        .arg(requestsText(low->perSecond), requestsText(high->perSecond))
        .arg(series->stepS);
}

} // namespace scaledeck
