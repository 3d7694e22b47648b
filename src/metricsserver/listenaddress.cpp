// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "listenaddress.h"

namespace scaledeck {

namespace {
Result<ListenAddress> badAddress(const QString &text, const QString &why)
{
    return makeError(
        RayErrorKind::BadSetting,
        QStringLiteral("metrics listen address '%1' %2 (expected HOST:PORT, e.g. 127.0.0.1:9464)").arg(text, why));
}
} // namespace

Result<ListenAddress> parseListenAddress(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return badAddress(text, QStringLiteral("has no port"));
    QString host = text.left(colon);
    const QString portText = text.mid(colon + 1);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2); // [::1]:9464
    else if (host.contains(QLatin1Char(':')))
        return badAddress(text, QStringLiteral("needs brackets around an IPv6 address"));
    bool portOk = false;
    const uint port = portText.toUInt(&portOk);
    if (!portOk || port > 65535)
        return badAddress(text, QStringLiteral("has no port from 0 to 65535"));
    ListenAddress address{QHostAddress(host), quint16(port)};
    if (host.isEmpty() || address.host.isNull())
        return badAddress(text, QStringLiteral("does not start with an IP address"));
    return address;
}

} // namespace scaledeck
