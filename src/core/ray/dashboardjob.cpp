// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "dashboardjob_p.h"

#include "dashboardclient.h"
#include "logging.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <cstring>

namespace scaledeck {

namespace {
constexpr int retryDelayMs = 300;

// The body of a PUT or POST, readable once. Qt's HTTP stack sends a request again by itself when the
// connection closes before the answer starts (it rewinds the body with reset()); for a change to Ray that
// would be a blind retry. Refusing the rewind makes Qt fail the request instead (ContentReSendError), and
// the caller reads the cluster and decides.
class SendOnceBody : public QIODevice {
public:
    SendOnceBody(QByteArray data, QObject *parent) : QIODevice(parent), m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }
    qint64 size() const override { return m_data.size(); }
    bool reset() override { return !m_read && QIODevice::reset(); }

protected:
    qint64 readData(char *out, qint64 maxSize) override
    {
        const qint64 count = std::min<qint64>(maxSize, m_data.size() - pos());
        if (count <= 0)
            return count == 0 ? 0 : -1;
        std::memcpy(out, m_data.constData() + pos(), size_t(count));
        m_read = true;
        return count;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    bool m_read = false;
};

bool isTransient(const RayError &error)
{
    return error.kind == RayErrorKind::Unreachable || error.kind == RayErrorKind::Timeout ||
           (error.kind == RayErrorKind::ServerError && error.httpStatus != 501);
}
} // namespace

DashboardJob::DashboardJob(QObject *owner, DashboardClient *client, QByteArray verb, QString path, QByteArray body,
                           int retries, BodyHandler done)
    : ClusterJob(owner, QString::fromLatin1(verb) + QLatin1Char(' ') + path, client->endpoint().timeoutMs,
                 std::move(done)),
      m_client(client), m_verb(std::move(verb)), m_path(std::move(path)), m_body(std::move(body)),
      m_retriesLeft(retries)
{
}

DashboardJob::~DashboardJob()
{
    stopTransport();
}

void DashboardJob::start()
{
    if (isFinished()) // aborted while a retry waited
        return;
    const ClusterEndpoint &endpoint = m_client->endpoint();
    QUrl url = endpoint.dashboardUrl;
    const QString basePath = url.path().endsWith(QLatin1Char('/')) ? url.path().chopped(1) : url.path();
    // A path may carry a query ("/nodes?view=summary"): setPath() alone would encode its '?'.
    const qsizetype query = m_path.indexOf(QLatin1Char('?'));
    url.setPath(basePath + m_path.left(query), QUrl::TolerantMode);
    if (query >= 0)
        url.setQuery(m_path.mid(query + 1), QUrl::TolerantMode);

    const bool https = url.scheme() == QLatin1String("https");
    if (https && !m_client->m_tls) {
        // Asynchronously, as every other answer: callers may not expect an answer before the call returns.
        QTimer::singleShot(0, this, [this] { finish(m_client->m_tls.error()); });
        return;
    }

    QNetworkRequest request(url);
    if (https)
        request.setSslConfiguration(*m_client->m_tls);
    request.setHeader(QNetworkRequest::UserAgentHeader, DashboardClient::userAgent());
    request.setRawHeader("Accept", "application/json");
    if (!m_body.isNull())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!endpoint.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + endpoint.token);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);

    QNetworkReply *reply = nullptr;
    if (m_body.isNull()) {
        reply = m_client->m_network->sendCustomRequest(request, m_verb);
    } else {
        // Unbuffered, so that Qt rewinds our device (and is refused) rather than a copy of it.
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        request.setHeader(QNetworkRequest::ContentLengthHeader, m_body.size());
        auto *upload = new SendOnceBody(m_body, nullptr);
        reply = m_client->m_network->sendCustomRequest(request, m_verb, upload);
        upload->setParent(reply);
    }
    m_reply = reply;
    m_timedOut = false;
    m_sslErrors.clear();

    // Our own timer rather than setTransferTimeout: we must know that it was a timeout, not a cancel. It
    // measures silence: any bytes moving either way start it again.
    restartInactivityTimer();
    connect(reply, &QNetworkReply::uploadProgress, this, [this] { restartInactivityTimer(); });
    connect(reply, &QNetworkReply::downloadProgress, this, [this] { restartInactivityTimer(); });
    // Recorded only: the handshake then fails, and the reply says why. ignoreSslErrors() is never called.
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) { m_sslErrors += errors; });
    connect(reply, &QNetworkReply::finished, this, &DashboardJob::onFinished);
}

void DashboardJob::inactivityTimedOut()
{
    m_timedOut = true;
    if (m_reply)
        m_reply->abort(); // finished() follows at once: onFinished() reports the timeout (or retries)
}

void DashboardJob::stopTransport()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    reply->abort();
    reply->deleteLater();
}

void DashboardJob::onFinished()
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
        qCDebug(lcRay).noquote() << m_verb << m_path << status << payload.size() << "bytes";
        finish(payload);
        return;
    }
    if (!m_sslErrors.isEmpty() || reply->error() == QNetworkReply::SslHandshakeFailedError) {
        QList<QSslError> errors = m_sslErrors;
        if (errors.isEmpty()) // a handshake that failed before verification (protocol, cipher)
            errors.append(QSslError(QSslError::UnspecifiedError));
        RayError error = tlsError(reply->url().host(), errors, m_client->endpoint().caFile);
        if (m_sslErrors.isEmpty())
            error.message += QStringLiteral(" (%1)").arg(reply->errorString());
        finish(std::move(error));
        return;
    }
    RayError error = DashboardClient::classify(reply->error(), status, payload, reply->errorString(), m_timedOut);
    if (error.kind == RayErrorKind::Unreachable || error.kind == RayErrorKind::Timeout)
        error.message =
            QStringLiteral("%1 %2 — %3")
                .arg(QString::fromLatin1(m_verb), reply->url().toString(QUrl::RemoveUserInfo), error.message);
    const bool retry = m_retriesLeft > 0 && isTransient(error);
    // The URL without user info and never the request's headers: the token stays out of logs.
    qCInfo(lcRay).noquote() << m_verb << m_path << "failed:" << error.describe() << (retry ? "(retrying once)" : "");
    if (retry) {
        --m_retriesLeft;
        QTimer::singleShot(retryDelayMs, this, [this] { start(); });
        return;
    }
    finish(std::move(error));
}

} // namespace scaledeck
