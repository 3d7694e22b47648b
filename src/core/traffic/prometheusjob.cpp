// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "prometheusjob_p.h"

#include "logging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <nlohmann/json.hpp>

namespace scaledeck {

namespace {
constexpr int retryDelayMs = 300;

bool isTransient(const RayError &error)
{
    return error.kind == RayErrorKind::Unreachable || error.kind == RayErrorKind::Timeout ||
           (error.kind == RayErrorKind::ServerError && error.httpStatus != 501);
}

// Prometheus answers an error as {"status":"error","errorType":"bad_data","error":"..."}; a proxy in front of
// it may answer plain text or HTML. The first line of whatever came, short.
QString whatItSaid(const QByteArray &payload)
{
    const auto json = nlohmann::json::parse(payload.constData(), payload.constData() + payload.size(), nullptr, false);
    if (json.is_object() && json.contains("error") && json["error"].is_string())
        return QString::fromStdString(json["error"].get<std::string>());
    return QString::fromUtf8(payload).section(QLatin1Char('\n'), 0, 0).trimmed().left(200);
}
} // namespace

PrometheusJob::PrometheusJob(QObject *owner, QNetworkAccessManager *network, QUrl url, QString server, int timeoutMs,
                             BodyHandler done)
    : ClusterJob(owner, QStringLiteral("GET ") + url.path(), timeoutMs, std::move(done)), m_network(network),
      m_url(std::move(url)), m_server(std::move(server))
{
}

PrometheusJob::~PrometheusJob()
{
    stopTransport();
}

void PrometheusJob::start()
{
    if (isFinished()) // aborted while a retry waited
        return;
    QNetworkRequest request(m_url);
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    m_reply = m_network->get(request);
    m_timedOut = false;
    restartInactivityTimer();
    connect(m_reply, &QNetworkReply::downloadProgress, this, [this] { restartInactivityTimer(); });
    connect(m_reply, &QNetworkReply::finished, this, &PrometheusJob::onFinished);
}

void PrometheusJob::inactivityTimedOut()
{
    m_timedOut = true;
    if (m_reply)
        m_reply->abort(); // finished() follows at once
}

void PrometheusJob::stopTransport()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void PrometheusJob::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    stopInactivityTimer();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray payload = reply->isOpen() ? reply->readAll() : QByteArray();
    if (!m_timedOut && reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
        finish(payload);
        return;
    }
    RayError error = errorOf(reply, status, payload);
    const bool retry = m_retriesLeft > 0 && isTransient(error);
    // error.message, not describe(): its words are about Ray, and this is the operator's Prometheus.
    qCInfo(lcTraffic).noquote() << description() << "failed:" << error.message << (retry ? "(retrying once)" : "");
    if (retry) {
        --m_retriesLeft;
        QTimer::singleShot(retryDelayMs, this, [this] { start(); });
        return;
    }
    finish(std::move(error));
}

RayError PrometheusJob::errorOf(QNetworkReply *reply, int status, const QByteArray &payload) const
{
    if (m_timedOut)
        return makeError(RayErrorKind::Timeout, QStringLiteral("%1 did not answer in time").arg(m_server));
    if (status == 0)
        return makeError(RayErrorKind::Unreachable,
                         QStringLiteral("%1 is unreachable: %2").arg(m_server, reply->errorString()));
    const QString said = whatItSaid(payload);
    const QString text = QStringLiteral("%1 answered %2%3")
                             .arg(m_server)
                             .arg(status)
                             .arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said);
    if (status >= 500)
        return makeError(RayErrorKind::ServerError, text, status);
    if (status == 401)
        return makeError(RayErrorKind::Unauthorized, text, status);
    if (status == 403)
        return makeError(RayErrorKind::Forbidden, text, status);
    if (status >= 400)
        return makeError(RayErrorKind::Rejected, text, status);
    return makeError(RayErrorKind::BadPayload, text, status);
}

} // namespace scaledeck
