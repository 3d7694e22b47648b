// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "prometheusclient.h"

#include "prometheusjob_p.h"

#include <QStringList>

namespace scaledeck {

namespace {
QString unixSeconds(const QDateTime &at)
{
    return QString::number(double(at.toMSecsSinceEpoch()) / 1000.0, 'f', 3);
}
} // namespace

PrometheusClient::PrometheusClient(QNetworkAccessManager *network, QUrl baseUrl, int timeoutMs)
    : m_network(network), m_baseUrl(std::move(baseUrl)), m_timeoutMs(timeoutMs)
{
}

PrometheusClient::~PrometheusClient()
{
    for (const QPointer<PrometheusJob> &job : m_jobs)
        if (job)
            delete job.data();
}

QString PrometheusClient::describe() const
{
    return QStringLiteral("Prometheus at %1").arg(m_baseUrl.toString(QUrl::RemoveUserInfo));
}

ClusterJob *PrometheusClient::query(QObject *owner, const QString &promql, const QDateTime &at,
                                    ClusterJob::BodyHandler done)
{
    QList<std::pair<QString, QString>> parameters{{QStringLiteral("query"), promql}};
    if (at.isValid())
        parameters.append({QStringLiteral("time"), unixSeconds(at)});
    return get(owner, QStringLiteral("/api/v1/query"), parameters, std::move(done));
}

ClusterJob *PrometheusClient::queryRange(QObject *owner, const QString &promql, const QDateTime &start,
                                         const QDateTime &end, int stepS, ClusterJob::BodyHandler done)
{
    return get(owner, QStringLiteral("/api/v1/query_range"),
               {{QStringLiteral("query"), promql},
                {QStringLiteral("start"), unixSeconds(start)},
                {QStringLiteral("end"), unixSeconds(end)},
                {QStringLiteral("step"), QString::number(stepS)}},
               std::move(done));
}

ClusterJob *PrometheusClient::get(QObject *owner, const QString &path,
                                  const QList<std::pair<QString, QString>> &parameters, ClusterJob::BodyHandler done)
{
    QUrl url = m_baseUrl;
    const QString basePath = url.path().endsWith(QLatin1Char('/')) ? url.path().chopped(1) : url.path();
    url.setPath(basePath + path);
    // Encoded by hand: PromQL is full of '+', '{', '"' and '=' that must reach Prometheus as they were written.
    QStringList pairs;
    for (const auto &[key, value] : parameters)
        pairs.append(key + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(value)));
    url.setQuery(pairs.join(QLatin1Char('&')), QUrl::StrictMode);
    m_jobs.removeAll(nullptr);
    auto *job = new PrometheusJob(owner, m_network, url, describe(), m_timeoutMs, std::move(done));
    m_jobs.append(job);
    job->start();
    return job;
}

Result<QUrl> prometheusAddress(const QString &option, const QProcessEnvironment &environment)
{
    const QString text = option.isEmpty() ? environment.value(QStringLiteral("RAY_PROMETHEUS_HOST")) : option;
    if (text.isEmpty())
        return QUrl();
    const QUrl url(text, QUrl::StrictMode);
    const QString from = option.isEmpty() ? QStringLiteral("RAY_PROMETHEUS_HOST") : QStringLiteral("--prometheus");
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty())
        return makeError(
            RayErrorKind::BadSetting,
            QStringLiteral("%1 '%2' is no Prometheus address; expected e.g. http://127.0.0.1:9090").arg(from, text));
    return url;
}

} // namespace scaledeck
