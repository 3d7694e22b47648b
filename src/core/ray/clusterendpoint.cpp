// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clusterendpoint.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <utility>

#include <algorithm>

namespace scaledeck {

QString ClusterEndpoint::clusterKey() const
{
    return dashboardUrl
        .adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo |
                  QUrl::StripTrailingSlash)
        .toString();
}

namespace {

bool isAsciiNumber(const QString &text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(),
                                          [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
}

// Why `withScheme` (parsed as `url`) cannot be a dashboard address, or an empty string. QUrl only says
// "invalid"; the user needs to know which part to fix.
QString addressProblem(const QString &withScheme, const QUrl &url)
{
    const qsizetype schemeEnd = withScheme.indexOf(QStringLiteral("://"));
    const QString scheme = withScheme.left(schemeEnd).toLower();
    if (scheme != QStringLiteral("http") && scheme != QStringLiteral("https"))
        return QStringLiteral("the scheme must be http or https, not '%1'").arg(scheme);
    // The authority runs to the first '/', '?' or '#'; its port follows the last ':' outside IPv6 brackets.
    qsizetype end = schemeEnd + 3;
    while (end < withScheme.size() && !QStringLiteral("/?#").contains(withScheme[end]))
        ++end;
    QString host = withScheme.mid(schemeEnd + 3, end - schemeEnd - 3);
    host = host.mid(host.lastIndexOf(QLatin1Char('@')) + 1);
    const qsizetype colon = host.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0 && colon > host.lastIndexOf(QLatin1Char(']'))) {
        const QString port = host.mid(colon + 1);
        if (!port.isEmpty() && (!isAsciiNumber(port) || port.toInt() < 1 || port.toInt() > 65535))
            return QStringLiteral("the port must be a number from 1 to 65535, not '%1'").arg(port);
        host.truncate(colon);
    }
    if (host.isEmpty())
        return QStringLiteral("it names no host");
    if (!url.isValid())
        return url.errorString();
    return QString();
}

} // namespace

Result<QUrl> resolveDashboardUrl(const QString &addressOption, const QProcessEnvironment &env)
{
    QString text = addressOption.trimmed();
    QString origin; // where a bad address came from, when not from the caller's option
    if (text.isEmpty()) {
        text = env.value(QStringLiteral("RAY_DASHBOARD_ADDRESS")).trimmed();
        origin = QStringLiteral("RAY_DASHBOARD_ADDRESS ");
    }
    if (text.isEmpty())
        text = QStringLiteral("http://127.0.0.1:8265");
    const QString withScheme = text.contains(QStringLiteral("://")) ? text : QStringLiteral("http://") + text;
    const QUrl url(withScheme, QUrl::StrictMode);
    if (const QString problem = addressProblem(withScheme, url); !problem.isEmpty())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1'%2' is not a dashboard address: %3 (expected http://HOST:PORT)")
                             .arg(origin, text, problem));
    return url;
}

Result<QUrl> resolveDashboardUrlOption(bool addressGiven, const QString &addressOption, const QProcessEnvironment &env)
{
    if (addressGiven && addressOption.trimmed().isEmpty())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("--address is empty (expected http://HOST:PORT; leave the option out for "
                                        "$RAY_DASHBOARD_ADDRESS or http://127.0.0.1:8265)"));
    return resolveDashboardUrl(addressOption, env);
}

namespace {

enum class LoosePermissions { Refuse, Warn };

// "group or others may read it (mode 0644)", or empty when only the owner has access.
QString looseAccess(const QFileInfo &info)
{
    const QFileDevice::Permissions perms = info.permissions();
    const QFileDevice::Permissions others =
        QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (!(perms & others))
        return {};
    int mode = 0;
    const std::pair<QFileDevice::Permission, int> bits[] = {
        {QFileDevice::ReadOwner, 0400}, {QFileDevice::WriteOwner, 0200}, {QFileDevice::ExeOwner, 0100},
        {QFileDevice::ReadGroup, 040},  {QFileDevice::WriteGroup, 020},  {QFileDevice::ExeGroup, 010},
        {QFileDevice::ReadOther, 04},   {QFileDevice::WriteOther, 02},   {QFileDevice::ExeOther, 01}};
    for (const auto &[bit, value] : bits)
        if (perms & bit)
            mode |= value;
    return QStringLiteral("group or others may read or change it (mode %1)").arg(mode, 4, 8, QLatin1Char('0'));
}

struct TokenFile {
    QByteArray token;
    QString warning;
};

Result<TokenFile> readTokenFile(const QString &path, const QString &what, LoosePermissions loose)
{
    QFile file(path);
    if (QFileInfo(path).isDir())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("the token file %1 named by %2 is a folder, not a file").arg(path, what));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            RayErrorKind::BadSetting,
            QStringLiteral("cannot read the token file %1 named by %2: %3").arg(path, what, file.errorString()));
    TokenFile read;
    read.token = file.readAll().trimmed();
    if (read.token.isEmpty())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("the token file %1 named by %2 is empty").arg(path, what));
    if (const QString access = looseAccess(QFileInfo(path)); !access.isEmpty()) {
        const QString problem = QStringLiteral("the token file %1 named by %2 is not private: %3, so anyone on this "
                                               "machine could act on the cluster with it; run: chmod 600 %1")
                                    .arg(path, what, access);
        if (loose == LoosePermissions::Refuse)
            return makeError(RayErrorKind::BadSetting, problem);
        read.warning = problem;
    }
    return read;
}

} // namespace

Result<ResolvedToken> resolveToken(const QString &tokenFileOption, const QProcessEnvironment &env,
                                   const QString &homeDir, const QString &namedBy)
{
    const auto fromFile = [](const QString &path, const QString &what,
                             LoosePermissions loose) -> Result<ResolvedToken> {
        auto read = readTokenFile(path, what, loose);
        if (!read)
            return read.error();
        return ResolvedToken{read->token, path, read->warning};
    };
    if (!tokenFileOption.isEmpty())
        return fromFile(tokenFileOption, namedBy, LoosePermissions::Refuse);
    const QByteArray fromEnv = env.value(QStringLiteral("RAY_AUTH_TOKEN")).toUtf8().trimmed();
    if (!fromEnv.isEmpty())
        return ResolvedToken{fromEnv, QStringLiteral("RAY_AUTH_TOKEN"), {}};
    const QString pathFromEnv = env.value(QStringLiteral("RAY_AUTH_TOKEN_PATH"));
    if (!pathFromEnv.isEmpty())
        return fromFile(pathFromEnv, QStringLiteral("RAY_AUTH_TOKEN_PATH"), LoosePermissions::Warn);
    const QString defaultPath = QDir(homeDir).filePath(QStringLiteral(".ray/auth_token"));
    if (QFile::exists(defaultPath))
        return fromFile(defaultPath, QStringLiteral("the default location"), LoosePermissions::Warn);
    return ResolvedToken{};
}

ClusterEndpoint endpointFor(const QUrl &dashboardUrl, const ResolvedToken &token)
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = dashboardUrl;
    endpoint.token = token.token;
    endpoint.tokenOrigin = token.origin;
    return endpoint;
}

} // namespace scaledeck
