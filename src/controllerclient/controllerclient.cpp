// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllerclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace scaledeck {

// Quiet unless turned on (QT_LOGGING_RULES="scaledeck.controllerclient.debug=true"): every failure goes to the
// caller's handler, which shows it; scaledeckctl prints it once.
Q_LOGGING_CATEGORY(lcControllerClient, "scaledeck.controllerclient", QtWarningMsg)

namespace {

// The API's own words: {"error": "..."}, or a health answer's {"detail": "..."}.
QString serverMessage(const nlohmann::json &body)
{
    if (!body.is_object())
        return {};
    for (const char *key : {"error", "detail"}) {
        const auto found = body.find(key);
        if (found != body.end() && found->is_string())
            return QString::fromStdString(found->get<std::string>());
    }
    return {};
}

ControllerError failure(ControllerError::Kind kind, int status, QString message, nlohmann::json body = {})
{
    return ControllerError{kind, status, std::move(message), std::move(body)};
}

ControllerError::Kind kindOfStatus(int status)
{
    switch (status) {
    case 401:
        return ControllerError::Kind::Unauthorized;
    case 403:
        return ControllerError::Kind::Forbidden;
    case 404:
        return ControllerError::Kind::NotFound;
    default:
        return status >= 500 ? ControllerError::Kind::ServerError : ControllerError::Kind::Rejected;
    }
}

} // namespace

RayError asRayError(const ControllerError &error)
{
    using Kind = ControllerError::Kind;
    RayErrorKind kind = RayErrorKind::ServerError;
    switch (error.kind) {
    case Kind::Unreachable:
        kind = RayErrorKind::Unreachable;
        break;
    case Kind::Timeout:
        kind = RayErrorKind::Timeout;
        break;
    case Kind::Tls:
        kind = RayErrorKind::Tls;
        break;
    case Kind::Unauthorized:
    case Kind::Forbidden:
    case Kind::NotFound:
    case Kind::Rejected:
    case Kind::ServerError:
        kind = RayErrorKind::Controller; // not Ray's words: "rejected by Ray" would mislead
        break;
    case Kind::BadPayload:
        kind = RayErrorKind::BadPayload;
        break;
    }
    return RayError{kind, error.httpStatus, error.message};
}

ControllerClient::ControllerClient(QNetworkAccessManager *network, QUrl base, QByteArray token, QString tokenSource,
                                   QObject *parent)
    : QObject(parent), m_network(network), m_base(std::move(base)), m_token(std::move(token)),
      m_tokenSource(std::move(tokenSource))
{
}

ControllerClient::~ControllerClient()
{
    // The replies are this client's children: abort them before they go, so no handler runs after this.
    for (QNetworkReply *reply : findChildren<QNetworkReply *>(Qt::FindDirectChildrenOnly)) {
        reply->disconnect(this);
        reply->abort();
    }
}

QUrl ControllerClient::apiUrl(const QString &path, const QUrlQuery &query) const
{
    QString base = m_base.path(QUrl::FullyEncoded);
    if (!base.endsWith(u'/'))
        base += u'/';
    QStringList segments;
    for (const QString &segment : path.split(u'/', Qt::SkipEmptyParts))
        segments.append(QString::fromLatin1(QUrl::toPercentEncoding(segment)));
    QUrl url = m_base;
    url.setPath(base + QStringLiteral("api/v1/") + segments.join(u'/'), QUrl::StrictMode);
    url.setQuery(query);
    return url;
}

QString ControllerClient::where() const
{
    return QStringLiteral("the controller at %1").arg(m_base.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash));
}

void ControllerClient::call(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
                            const QObject *receiver, Handler handler)
{
    QNetworkRequest request(apiUrl(path, query));
    request.setTransferTimeout(int(m_timeout.count()));
    // A redirect could carry the token elsewhere: the API never redirects, so none is followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, body);
    reply->setParent(this);
    qCDebug(lcControllerClient) << verb << reply->url().toString(QUrl::RemoveUserInfo);
    QPointer<const QObject> guard(receiver);
    connect(reply, &QNetworkReply::finished, this, [this, reply, path, guard, handler = std::move(handler)] {
        reply->deleteLater();
        Result<ControllerReply, ControllerError> answer = answerOf(reply, path);
        if (!answer)
            qCInfo(lcControllerClient) << "call to" << path << "failed:" << answer.error().message;
        if (guard)
            handler(std::move(answer));
    });
}

Result<ControllerReply, ControllerError> ControllerClient::answerOf(QNetworkReply *reply, const QString &path) const
{
    using Kind = ControllerError::Kind;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        switch (reply->error()) {
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            return failure(Kind::Timeout, 0,
                           QStringLiteral("%1 did not answer within %2 s")
                               .arg(where())
                               .arg(std::chrono::duration_cast<std::chrono::seconds>(m_timeout).count()));
        case QNetworkReply::SslHandshakeFailedError:
            return failure(Kind::Tls, 0, QStringLiteral("cannot trust %1: %2").arg(where(), reply->errorString()));
        default:
            return failure(Kind::Unreachable, 0,
                           QStringLiteral("cannot reach %1: %2").arg(where(), reply->errorString()));
        }
    }
    const QByteArray bytes = reply->readAll();
    nlohmann::json body = bytes.trimmed().isEmpty()
                              ? nlohmann::json()
                              : nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
    const bool notJson = body.is_discarded();
    if (status >= 200 && status < 300) {
        if (notJson)
            return failure(Kind::BadPayload, status,
                           QStringLiteral("%1 answered %2 with something that is not JSON: is it a ScaleDeck "
                                          "controller?")
                               .arg(where(), path));
        return ControllerReply{status, std::move(body)};
    }
    const QString said = notJson ? QString() : serverMessage(body);
    const Kind kind = kindOfStatus(status);
    if (kind == Kind::Unauthorized) {
        const QString token = m_tokenSource.isEmpty()
                                  ? QStringLiteral("no token was given (--controller-token-file "
                                                   "FILE)")
                                  : QStringLiteral("the token in %1 is not known to %2").arg(m_tokenSource, where());
        if (m_tokenSource.isEmpty())
            return failure(kind, status, QStringLiteral("%1 wants a token: %2").arg(where(), token));
        return failure(kind, status, token);
    }
    if (!said.isEmpty()) {
        const QString message = kind == Kind::ServerError
                                    ? QStringLiteral("%1 failed (HTTP %2): %3").arg(where()).arg(status).arg(said)
                                    : said;
        return failure(kind, status, message, std::move(body));
    }
    return failure(kind, status,
                   QStringLiteral("%1 answered %2 with HTTP %3%4")
                       .arg(where(), path)
                       .arg(status)
                       .arg(notJson ? QStringLiteral(" and no JSON: is it a ScaleDeck controller?") : QString()));
}

} // namespace scaledeck
