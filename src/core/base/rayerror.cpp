// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "rayerror.h"

namespace scaledeck {

QString RayError::kindName(RayErrorKind kind)
{
    switch (kind) {
    case RayErrorKind::Unreachable:
        return QStringLiteral("unreachable");
    case RayErrorKind::Tls:
        return QStringLiteral("TLS");
    case RayErrorKind::Timeout:
        return QStringLiteral("timed out");
    case RayErrorKind::Unauthorized:
        return QStringLiteral("unauthorized (no token)");
    case RayErrorKind::Forbidden:
        return QStringLiteral("forbidden (wrong token)");
    case RayErrorKind::MethodNotAllowed:
        return QStringLiteral("method not allowed");
    case RayErrorKind::Rejected:
        return QStringLiteral("rejected by Ray");
    case RayErrorKind::ServerError:
        return QStringLiteral("Ray server error");
    case RayErrorKind::BadPayload:
        return QStringLiteral("unexpected response");
    case RayErrorKind::Conflict:
        return QStringLiteral("conflict");
    case RayErrorKind::ReadOnly:
        return QStringLiteral("this profile is read-only");
    case RayErrorKind::InvalidChange:
        return QStringLiteral("invalid change");
    case RayErrorKind::Storage:
        return QStringLiteral("store error");
    case RayErrorKind::BadSetting:
        return QStringLiteral("bad setting");
    case RayErrorKind::Controller:
        return QStringLiteral("the controller refused");
    }
    return QStringLiteral("error");
}

QString RayError::describe() const
{
    QString text = kindName(kind);
    if (httpStatus > 0)
        text += QStringLiteral(" (HTTP %1)").arg(httpStatus);
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    return text;
}

} // namespace scaledeck
