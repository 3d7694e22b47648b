// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A client of the controller's JSON API (/api/v1/ of `scaledeckctl run --listen`): one base URL and bearer token,
// asynchronous calls whose answer (the JSON body, or an error that says what failed) goes to a callback. Nothing
// in it waits: the GUI can use it on its own thread, the CLI waits on a local event loop around a call.

#include "rayerror.h"
#include "result.h"

#include <QByteArray>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace scaledeck {

Q_DECLARE_LOGGING_CATEGORY(lcControllerClient) // scaledeck.controllerclient: calls to a controller's API

// Why a call to the controller gave no answer to use. Not a RayError: these are the controller's words, not Ray's.
struct ControllerError {
    enum class Kind {
        Unreachable,  // connection refused, host not found, network down
        Timeout,      // no answer within the client's timeout
        Tls,          // https: the certificate could not be verified
        Unauthorized, // 401: the token is not in the controller's users file
        Forbidden,    // 403: the caller's role may not do this (the controller's message says why)
        NotFound,     // 404: no such schedule, request, ... (or no such endpoint)
        Rejected,     // another 4xx: the request was refused, the controller's message says why
        ServerError,  // 5xx, the controller's message if it gave one
        BadPayload,   // an answer that is not the JSON the API gives
    };
    Kind kind = Kind::ServerError;
    int httpStatus = 0;  // 0 when no HTTP answer came
    QString message;     // one line, never the token
    nlohmann::json body; // the answer's JSON, if it had one (health's details when it answers 503)

    QString describe() const { return message; }
};

// The same failure in the words the window's banners and freshness already speak (a controller standing where
// a Ray dashboard would): the network's kinds kept, any HTTP error the controller answered is RayErrorKind::Controller
// with its status, and the controller's message kept.
RayError asRayError(const ControllerError &error);

// An answer of the API: its HTTP status (2xx) and JSON body (null when it had none).
struct ControllerReply {
    int status = 0;
    nlohmann::json body;
};

class ControllerClient : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(Result<ControllerReply, ControllerError>)>;

    // `base`: the controller's URL (the API is under its /api/v1/). `tokenSource`: where the token came from
    // ("~/.config/scaledeck/controller-token"), for the message of a 401; the token is never shown.
    ControllerClient(QNetworkAccessManager *network, QUrl base, QByteArray token, QString tokenSource,
                     QObject *parent = nullptr);
    ~ControllerClient() override;

    QUrl baseUrl() const { return m_base; }
    // The URL of `path` under /api/v1/: its '/'-separated segments are percent-encoded one by one.
    QUrl apiUrl(const QString &path, const QUrlQuery &query = {}) const;
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // One call: `verb` ("GET", "PUT", "POST", "DELETE") to `path` ("schedules/llm/LLM"), with a body when not
    // empty. `handler` is called once, from the event loop, unless `receiver` is destroyed first; a call still
    // running when this client is destroyed is aborted and not answered.
    void call(const QByteArray &verb, const QString &path, const QUrlQuery &query, const QByteArray &body,
              const QObject *receiver, Handler handler);
    void get(const QString &path, const QObject *receiver, Handler handler)
    {
        call("GET", path, {}, {}, receiver, std::move(handler));
    }
    void get(const QString &path, const QUrlQuery &query, const QObject *receiver, Handler handler)
    {
        call("GET", path, query, {}, receiver, std::move(handler));
    }

private:
    Result<ControllerReply, ControllerError> answerOf(QNetworkReply *reply, const QString &path) const;
    QString where() const; // "the controller at http://..."

    QNetworkAccessManager *m_network;
    QUrl m_base;
    QByteArray m_token;
    QString m_tokenSource;
    std::chrono::milliseconds m_timeout{30000};
};

} // namespace scaledeck
