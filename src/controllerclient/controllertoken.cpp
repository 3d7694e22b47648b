// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllertoken.h"

#include <QFile>
#include <QHostAddress>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace scaledeck {

Result<QByteArray> readControllerToken(const QString &path)
{
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return makeError(RayErrorKind::BadSetting, QStringLiteral("cannot read the controller token file %1: %2")
                                                       .arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    const unsigned mode = info.st_mode & 07777;
    if ((mode & 077) != 0)
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1 has mode %2, but it holds a token: it must be readable by its owner only "
                                        "(chmod 600 %1)")
                             .arg(path, QStringLiteral("0%1").arg(mode, 3, 8, QLatin1Char('0'))));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("cannot read the controller token file %1: %2").arg(path, file.errorString()));
    const QByteArray token = file.read(64 * 1024).trimmed();
    if (token.isEmpty())
        return makeError(RayErrorKind::BadSetting, QStringLiteral("the controller token file %1 is empty").arg(path));
    if (token.contains('\n') || token.contains(' '))
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("the controller token file %1 holds more than one word: it takes the token "
                                        "alone")
                             .arg(path));
    return token;
}

Result<QUrl> parseControllerUrl(const QString &text, const QString &optionName)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QStringLiteral("http") && scheme != QStringLiteral("https")) ||
        url.host().isEmpty() || !url.query().isEmpty() || !url.userInfo().isEmpty())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1 takes the controller's URL, such as http://127.0.0.1:8270, not '%2'")
                             .arg(optionName, text));
    return url;
}

QString clearTextWarning(const QUrl &url)
{
    if (url.scheme() != QStringLiteral("http"))
        return {};
    const QString host = url.host();
    const QHostAddress address(host);
    if (host == QStringLiteral("localhost") || (!address.isNull() && address.isLoopback()))
        return {};
    return QStringLiteral("%1 is plain http to another host: the token travels in clear (use https, e.g. behind a "
                          "TLS proxy)")
        .arg(url.toString(QUrl::RemoveUserInfo));
}

} // namespace scaledeck
