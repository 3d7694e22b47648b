// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "dashboardclient.h"

#include "dashboardjob_p.h"
#include "logging.h"

#include <QUrl>

#include <utility>

namespace scaledeck {

namespace {
constexpr int maxMessageChars = 600;

// Ray answers errors as plain text, JSON or a whole Python traceback; keep what a person needs.
QString readableMessage(const QByteArray &body)
{
    QString text = QString::fromUtf8(body).trimmed();
    if (text.contains(QStringLiteral("Traceback (most recent call last)"))) {
        // The exception line at the end of a traceback names the cause.
        const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
            if (!it->trimmed().isEmpty()) {
                text = it->trimmed();
                break;
            }
        }
    }
    if (text.size() > maxMessageChars)
        text = text.left(maxMessageChars) + QStringLiteral("…");
    return text;
}

} // namespace

DashboardClient::DashboardClient(QNetworkAccessManager *network, ClusterEndpoint endpoint, QObject *parent)
    : QObject(parent), m_network(network), m_endpoint(std::move(endpoint)), m_tls(tlsConfiguration(m_endpoint.caFile))
{
}

DashboardClient::~DashboardClient()
{
    // Jobs owned by others end here too: they point at this client and its network access manager. A finished
    // job is already on its way out (its handler has run or is running).
    const QList<QPointer<ClusterJob>> jobs = std::exchange(m_jobs, {});
    for (const QPointer<ClusterJob> &job : jobs)
        if (job && !job->isFinished())
            delete job.data();
}

QString DashboardClient::scalePath(const QString &app, const QString &deployment)
{
    return QStringLiteral("/api/v1/applications/%1/deployments/%2/scale")
        .arg(QString::fromUtf8(QUrl::toPercentEncoding(app)), QString::fromUtf8(QUrl::toPercentEncoding(deployment)));
}

QByteArray DashboardClient::userAgent()
{
    // Ray refuses PUT/POST from anything that looks like a browser ("Mozilla..."), and Qt would send one.
    return QByteArrayLiteral("ScaleDeck/" SCALEDECK_VERSION " (Qt)");
}

ClusterJob *DashboardClient::fetchVersion(QObject *owner, BodyHandler done)
{
    return send(owner, QByteArrayLiteral("GET"), versionPath, {}, 1, std::move(done));
}

ClusterJob *DashboardClient::fetchServeApplications(QObject *owner, BodyHandler done)
{
    return send(owner, QByteArrayLiteral("GET"), applicationsPath, {}, 1, std::move(done));
}

ClusterJob *DashboardClient::fetchNodes(QObject *owner, BodyHandler done)
{
    return send(owner, QByteArrayLiteral("GET"), nodesPath, {}, 1, std::move(done));
}

ClusterJob *DashboardClient::fetchNodeSummary(QObject *owner, BodyHandler done)
{
    return send(owner, QByteArrayLiteral("GET"), nodeSummaryPath, {}, 1, std::move(done));
}

ClusterJob *DashboardClient::putServeConfig(QObject *owner, const QByteArray &config, DoneHandler done)
{
    return send(owner, QByteArrayLiteral("PUT"), applicationsPath, config, 0, bodyIgnored(std::move(done)));
}

ClusterJob *DashboardClient::scaleDeployment(QObject *owner, const QString &app, const QString &deployment,
                                             int replicas, DoneHandler done)
{
    const QByteArray body = QByteArrayLiteral("{\"target_num_replicas\":") + QByteArray::number(replicas) + '}';
    return send(owner, QByteArrayLiteral("POST"), scalePath(app, deployment), body, 0, bodyIgnored(std::move(done)));
}

ClusterJob *DashboardClient::get(const QString &path, BodyHandler done)
{
    return send(this, QByteArrayLiteral("GET"), path, {}, 1, std::move(done));
}

ClusterJob *DashboardClient::put(const QString &path, const QByteArray &jsonBody, BodyHandler done)
{
    return send(this, QByteArrayLiteral("PUT"), path, jsonBody, 0, std::move(done));
}

ClusterJob *DashboardClient::post(const QString &path, const QByteArray &jsonBody, BodyHandler done)
{
    return send(this, QByteArrayLiteral("POST"), path, jsonBody, 0, std::move(done));
}

ClusterJob *DashboardClient::send(QObject *owner, const QByteArray &verb, const QString &path, const QByteArray &body,
                                  int retries, BodyHandler done)
{
    m_jobs.removeAll(nullptr);
    auto *job = new DashboardJob(owner, this, verb, path, body, retries, std::move(done));
    m_jobs.append(job);
    job->start();
    return job;
}

RayError DashboardClient::classify(QNetworkReply::NetworkError networkError, int httpStatus, const QByteArray &body,
                                   const QString &networkErrorText, bool timedOut)
{
    if (timedOut)
        return makeError(RayErrorKind::Timeout, QStringLiteral("no answer from the Ray dashboard in time"));
    if (httpStatus == 0) {
        switch (networkError) {
        case QNetworkReply::TimeoutError:
            return makeError(RayErrorKind::Timeout, networkErrorText);
        case QNetworkReply::ContentReSendError: // refused by SendOnceBody: the connection dropped mid-request
            return makeError(RayErrorKind::Unreachable,
                             QStringLiteral("the connection closed before Ray answered (the request may have reached "
                                            "Ray; it is not sent again)"));
        default:
            return makeError(RayErrorKind::Unreachable, networkErrorText);
        }
    }
    const QString said = readableMessage(body);
    switch (httpStatus) {
    case 401:
        return makeError(RayErrorKind::Unauthorized,
                         QStringLiteral("the cluster requires a token (token auth is on); give one with "
                                        "--token-file or RAY_AUTH_TOKEN") +
                             (said.isEmpty() ? QString() : QStringLiteral(" — Ray said: ") + said),
                         httpStatus);
    case 403:
        return makeError(RayErrorKind::Forbidden,
                         QStringLiteral("the cluster refused the token") +
                             (said.isEmpty() ? QString() : QStringLiteral(" — Ray said: ") + said),
                         httpStatus);
    case 405:
        return makeError(RayErrorKind::MethodNotAllowed, said, httpStatus);
    default:
        break;
    }
    // A good status with a network error: the connection closed before the whole body came (a proxy or the
    // dashboard cut it off). The status is not what went wrong, and a GET may be read again.
    if (httpStatus >= 200 && httpStatus < 300 && networkError != QNetworkReply::NoError)
        return makeError(RayErrorKind::Unreachable,
                         QStringLiteral("the connection closed before the whole answer arrived (HTTP %1; %2)")
                             .arg(httpStatus)
                             .arg(networkErrorText),
                         httpStatus);
    if (httpStatus >= 500)
        return makeError(RayErrorKind::ServerError, said, httpStatus);
    if (httpStatus >= 400)
        return makeError(RayErrorKind::Rejected, said, httpStatus);
    return makeError(RayErrorKind::BadPayload, QStringLiteral("unexpected HTTP status %1").arg(httpStatus), httpStatus);
}

} // namespace scaledeck
