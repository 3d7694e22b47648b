// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apiauth.h"
#include "clustersnapshot.h"

#include <QByteArray>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QStringList>
#include <QUrlQuery>

#include <optional>

namespace scaledeck {

// One answer of the API: a status and a JSON body (null: none).
struct ApiReply {
    int status = 200;
    OrderedJson body;
    bool challenge = false; // 401: WWW-Authenticate: Bearer
    // The body already serialized, sent instead of `body`: an answer built once and sent to many clients (a
    // snapshot version to every long poll) is not serialized again for each.
    QByteArray serialized;
};
ApiReply jsonReply(OrderedJson body, int status = 200);
// The same answer with its body serialized now, once (jsonBody()).
ApiReply serializedReply(const OrderedJson &body, int status = 200);
// The bytes of a JSON answer: compact (a snapshot of 1,000 applications is MBs, and its indentation would be sent
// to every client, who reads it with a parser), ending in a newline.
QByteArray jsonBody(const OrderedJson &body);
// {"error": message} with `status`.
ApiReply errorReply(int status, const QString &message);
void sendReply(QHttpServerResponder &responder, const ApiReply &reply);

// One authenticated request, as the route families see it.
struct ApiCall {
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Get;
    QStringList path; // the segments after /api/v1/, decoded: "schedules", "llm", "LLM"
    QUrlQuery query;
    QByteArray body;
    ApiCaller caller;

    bool isGet() const { return method == QHttpServerRequest::Method::Get; }
    // 403 unless the caller is an operator: "alice is a viewer: a viewer may not change anything (set a
    // schedule); that needs the role operator".
    std::optional<ApiReply> refuseUnlessOperator(const QString &what) const;
    // The path from segment `from` on as "app" or "app/deployment" (for a target in the URL).
    QString rest(int from) const { return path.mid(from).join(u'/'); }
};

// 405 naming the methods the path takes.
ApiReply methodNotAllowed(const QString &allowed);

// JSON helpers.
inline std::string jsonText(const QString &text)
{
    return text.toStdString();
}
std::string isoUtcText(const QDateTime &utc);   // "2026-11-30T06:00:00Z", "" for an invalid one
std::string isoUtcMsText(const QDateTime &utc); // "2026-11-30T06:00:00.250Z": where the milliseconds matter

} // namespace scaledeck
