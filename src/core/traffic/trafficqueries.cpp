// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "trafficqueries.h"

namespace scaledeck {

namespace {
// Ray counts a request that succeeded in the request counter and one that failed in the error counter, never in
// both (replica.py, record_request_metrics): every request is in one of the two.
const QString kAnsweredName = QStringLiteral("__name__=~\"ray_serve_deployment_(request|error)_counter_total\"");
const QString kErrors = QStringLiteral("ray_serve_deployment_error_counter_total");
const QString kLatencyBuckets = QStringLiteral("ray_serve_deployment_processing_latency_ms_bucket");
// A counter every replica exports from its start on (Ray's replica_healthy gauge comes and goes between exports):
// it tells "scraped and idle" from "not scraped at all".
const QString kReplicaStarts = QStringLiteral("ray_serve_deployment_replica_starts_total");
const QString kBy = QStringLiteral("application, deployment");

QString withFigure(const QString &expression, const char *figure)
{
    return QStringLiteral("label_replace(%1, \"figure\", \"%2\", \"\", \"\")").arg(expression, QLatin1String(figure));
}

// {application="app",deployment="d"} with `first` (a name matcher) before them when given.
QString selector(const QString &app, const QString &deployment, const QString &first = QString())
{
    QString labels =
        (first.isEmpty() ? QString() : first + QLatin1Char(',')) + QStringLiteral("application=") + promqlString(app);
    if (!deployment.isEmpty())
        labels += QStringLiteral(",deployment=") + promqlString(deployment);
    return QLatin1Char('{') + labels + QLatin1Char('}');
}
} // namespace

QString promqlString(const QString &value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    escaped.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString promqlDuration(int seconds)
{
    if (seconds % 3600 == 0)
        return QString::number(seconds / 3600) + QLatin1Char('h');
    if (seconds % 60 == 0)
        return QString::number(seconds / 60) + QLatin1Char('m');
    return QString::number(seconds) + QLatin1Char('s');
}

QString trafficQuery(int windowS)
{
    const QString w = promqlDuration(windowS);
    const QString requests = QStringLiteral("sum by (%1) (rate({%2}[%3]))").arg(kBy, kAnsweredName, w);
    const QString idle = QStringLiteral("0 * sum by (%1) (max_over_time(%2[%3]))").arg(kBy, kReplicaStarts, w);
    const QString errors = QStringLiteral("sum by (%1) (rate(%2[%3]))").arg(kBy, kErrors, w);
    const QString p95 =
        QStringLiteral("histogram_quantile(0.95, sum by (%1, le) (rate(%2[%3])))").arg(kBy, kLatencyBuckets, w);
    // Ray creates the error counter at a deployment's first error: none yet with requests is a rate of 0.
    const QString errorRate = QStringLiteral("(%1 or 0 * %2) / %2").arg(errors, requests);
    return withFigure(QStringLiteral("(%1 or %2)").arg(requests, idle), "requests_per_s") + QStringLiteral(" or ") +
           withFigure(errorRate, "error_rate") + QStringLiteral(" or ") + withFigure(p95, "p95_ms");
}

QString recentRequestsQuery(const QString &app, const QString &deployment, int windowS)
{
    const QString w = promqlDuration(windowS);
    return QStringLiteral("sum(increase(%1[%2])) or 0 * sum(max_over_time(%3%4[%2]))")
        .arg(selector(app, deployment, kAnsweredName), w, kReplicaStarts, selector(app, deployment));
}

QString requestRateQuery(const QString &app, const QString &deployment, int stepS)
{
    return QStringLiteral("sum(rate(%1[%2]))").arg(selector(app, deployment, kAnsweredName), promqlDuration(stepS));
}

QString coldStartQuery(const QString &app, const QString &deployment, int weeks)
{
    const QString range = QStringLiteral("{application=%1,deployment=%2}[%3w]")
                              .arg(promqlString(app), promqlString(deployment))
                              .arg(weeks);
    const QString latency = QStringLiteral("ray_serve_replica_startup_latency_ms");
    return QStringLiteral("histogram_quantile(0.95, sum by (le) (increase(%1_bucket%2))) > 0 or "
                          "max(max_over_time(%1_sum%2) / max_over_time(%1_count%2))")
        .arg(latency, range);
}

QString requestRatesByDeploymentQuery(int stepS)
{
    // As in trafficQuery: a step in which a deployment's replicas were scraped but its request counter was not (it
    // has served nothing yet) is 0, not a gap.
    const QString w = promqlDuration(stepS);
    return QStringLiteral("sum by (%1) (rate({%2}[%3])) or 0 * sum by (%1) (max_over_time(%4[%3]))")
        .arg(kBy, kAnsweredName, w, kReplicaStarts);
}

} // namespace scaledeck
