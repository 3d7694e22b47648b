#include "dashboardclient.h"

#include "logging.h"

#include <QBuffer>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <algorithm>
#include <cstring>

namespace scaledeck {

namespace {
constexpr int retryDelayMs = 300;
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

DashboardClient::DashboardClient(QNetworkAccessManager *network, ClusterEndpoint endpoint, QObject *parent)
    : QObject(parent), m_network(network), m_endpoint(std::move(endpoint)), m_tls(tlsConfiguration(m_endpoint.caFile))
{
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

void DashboardClient::get(const QString &path, BodyHandler done)
{
    send(QByteArrayLiteral("GET"), path, {}, 1, std::move(done));
}

void DashboardClient::put(const QString &path, const QByteArray &jsonBody, BodyHandler done)
{
    send(QByteArrayLiteral("PUT"), path, jsonBody, 0, std::move(done));
}

void DashboardClient::post(const QString &path, const QByteArray &jsonBody, BodyHandler done)
{
    send(QByteArrayLiteral("POST"), path, jsonBody, 0, std::move(done));
}

void DashboardClient::send(const QByteArray &verb, const QString &path, const QByteArray &body, int retriesLeft,
                           BodyHandler done)
{
    QUrl url = m_endpoint.dashboardUrl;
    const QString basePath = url.path().endsWith(QLatin1Char('/')) ? url.path().chopped(1) : url.path();
    url.setPath(basePath + path, QUrl::TolerantMode);

    const bool https = url.scheme() == QLatin1String("https");
    if (https && !m_tls) {
        // Asynchronously, as every other answer: callers may not expect `done` before send() returns.
        QTimer::singleShot(0, this, [error = m_tls.error(), done = std::move(done)] { done(error); });
        return;
    }

    QNetworkRequest request(url);
    if (https)
        request.setSslConfiguration(*m_tls);
    request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
    request.setRawHeader("Accept", "application/json");
    if (!body.isNull())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!m_endpoint.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_endpoint.token);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);

    QNetworkReply *reply = nullptr;
    if (body.isNull()) {
        reply = m_network->sendCustomRequest(request, verb);
    } else {
        // Unbuffered, so that Qt rewinds our device (and is refused) rather than a copy of it.
        request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        request.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
        auto *upload = new SendOnceBody(body, nullptr);
        reply = m_network->sendCustomRequest(request, verb, upload);
        upload->setParent(reply);
    }

    // Our own timer rather than setTransferTimeout: we must know that it was a timeout, not a cancel.
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    auto timedOut = std::make_shared<bool>(false);
    connect(timer, &QTimer::timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    timer->start(m_endpoint.timeoutMs);
    // Recorded only: the handshake then fails, and the reply says why. ignoreSslErrors() is never called.
    auto sslErrors = std::make_shared<QList<QSslError>>();
    connect(reply, &QNetworkReply::sslErrors, reply,
            [sslErrors](const QList<QSslError> &errors) { *sslErrors += errors; });

    connect(reply, &QNetworkReply::finished, this,
            [this, reply, timedOut, sslErrors, verb, path, body, retriesLeft, done = std::move(done)]() mutable {
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray payload = reply->isOpen() ? reply->readAll() : QByteArray();
                if (!*timedOut && reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
                    qCDebug(lcRay).noquote() << verb << path << status << payload.size() << "bytes";
                    done(payload);
                    return;
                }
                if (!sslErrors->isEmpty() || reply->error() == QNetworkReply::SslHandshakeFailedError) {
                    QList<QSslError> errors = *sslErrors;
                    if (errors.isEmpty()) // a handshake that failed before verification (protocol, cipher)
                        errors.append(QSslError(QSslError::UnspecifiedError));
                    RayError error = tlsError(reply->url().host(), errors, m_endpoint.caFile);
                    if (sslErrors->isEmpty())
                        error.message += QStringLiteral(" (%1)").arg(reply->errorString());
                    done(std::move(error));
                    return;
                }
                RayError error = classify(reply->error(), status, payload, reply->errorString(), *timedOut);
                if (error.kind == RayErrorKind::Unreachable || error.kind == RayErrorKind::Timeout)
                    error.message =
                        QStringLiteral("%1 %2 — %3")
                            .arg(QString::fromLatin1(verb), reply->url().toString(QUrl::RemoveUserInfo), error.message);
                // The URL without user info and never the request's headers: the token stays out of logs.
                qCInfo(lcRay).noquote() << verb << path << "failed:" << error.describe()
                                        << (retriesLeft > 0 && isTransient(error) ? "(retrying once)" : "");
                if (retriesLeft > 0 && isTransient(error)) {
                    QTimer::singleShot(retryDelayMs, this,
                                       [this, verb, path, body, retriesLeft, done = std::move(done)]() mutable {
                                           send(verb, path, body, retriesLeft - 1, std::move(done));
                                       });
                    return;
                }
                done(std::move(error));
            });
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
