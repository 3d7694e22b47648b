// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "apicall.h"

namespace scaledeck {

ApiReply jsonReply(OrderedJson body, int status)
{
    return ApiReply{status, std::move(body), false, {}};
}

ApiReply serializedReply(const OrderedJson &body, int status)
{
    return ApiReply{status, nullptr, false, jsonBody(body)};
}

QByteArray jsonBody(const OrderedJson &body)
{
    return QByteArray::fromStdString(body.dump()) + '\n';
}

ApiReply errorReply(int status, const QString &message)
{
    return ApiReply{status, OrderedJson{{"error", jsonText(message)}}, false, {}};
}

void sendReply(QHttpServerResponder &responder, const ApiReply &reply)
{
    const auto status = static_cast<QHttpServerResponder::StatusCode>(reply.status);
    if (reply.body.is_null() && reply.serialized.isNull()) {
        responder.write(status);
        return;
    }
    const QByteArray body = reply.serialized.isNull() ? jsonBody(reply.body) : reply.serialized;
    if (reply.challenge) {
        responder.write(
            body, {{"Content-Type", "application/json"}, {"WWW-Authenticate", "Bearer realm=\"scaledeck\""}}, status);
        return;
    }
    responder.write(body, QByteArrayLiteral("application/json"), status);
}

std::optional<ApiReply> ApiCall::refuseUnlessOperator(const QString &what) const
{
    if (caller.role == ApiRole::Operator)
        return std::nullopt;
    return errorReply(403, QStringLiteral("%1 is a viewer: a viewer may not change anything (%2); that needs the "
                                          "role operator in the users file")
                               .arg(caller.name, what));
}

ApiReply methodNotAllowed(const QString &allowed)
{
    return errorReply(405, QStringLiteral("this path takes %1").arg(allowed));
}

std::string isoUtcText(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss'Z'")).toStdString();
}

std::string isoUtcMsText(const QDateTime &utc)
{
    if (!utc.isValid())
        return {};
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'")).toStdString();
}

} // namespace scaledeck
