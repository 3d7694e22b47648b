// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A real HTTP client for the controller's API in tests: one call, its status, headers and JSON body, with an
// optional bearer token. Waits on the reply's finished signal, never a fixed time.

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>

#include <nlohmann/json.hpp>

#include <memory>

namespace scaledeck::testing {

struct ApiAnswer {
    int status = 0; // 0: no answer within the timeout
    QByteArray body;
    QByteArray wwwAuthenticate;
    nlohmann::json json() const { return nlohmann::json::parse(body.toStdString(), nullptr, false); }
    QString error() const
    {
        const nlohmann::json parsed = json();
        return parsed.is_object() && parsed.contains("error")
                   ? QString::fromStdString(parsed["error"].get<std::string>())
                   : QString();
    }
};

class ApiTestClient {
public:
    ApiTestClient(QString base, QByteArray token = {}) : m_base(std::move(base)), m_token(std::move(token)) {}

    void setToken(QByteArray token) { m_token = std::move(token); }
    // Starts a call; finish() waits for it. For the long poll, which a test starts before the tick it waits on.
    QNetworkReply *start(const QByteArray &verb, const QString &path, const QByteArray &body = {})
    {
        QNetworkRequest request(QUrl(m_base + path));
        request.setTransferTimeout(60000);
        if (!m_token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_token);
        if (!body.isEmpty())
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return m_network.sendCustomRequest(request, verb, body);
    }
    static ApiAnswer finish(QNetworkReply *raw, int timeoutMs = 20000)
    {
        std::unique_ptr<QNetworkReply> reply(raw);
        if (!reply->isFinished()) {
            QSignalSpy finished(reply.get(), &QNetworkReply::finished);
            if (!finished.wait(timeoutMs))
                return {};
        }
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                reply->rawHeader("WWW-Authenticate")};
    }
    ApiAnswer call(const QByteArray &verb, const QString &path, const QByteArray &body = {})
    {
        return finish(start(verb, path, body));
    }
    ApiAnswer get(const QString &path) { return call("GET", path); }

private:
    QString m_base;
    QByteArray m_token;
    QNetworkAccessManager m_network;
};

} // namespace scaledeck::testing
