#include "clusterendpoint.h"

#include <QDir>
#include <QFile>

#include <algorithm>

namespace scaledeck {

QString ClusterEndpoint::clusterKey() const
{
    return dashboardUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment |
                                 QUrl::RemoveUserInfo | QUrl::StripTrailingSlash)
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

}  // namespace

Result<QUrl> resolveDashboardUrl(const QString &addressOption, const QProcessEnvironment &env)
{
    QString text = addressOption.trimmed();
    QString origin;  // where a bad address came from, when not from the caller's option
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

static Result<QByteArray> readTokenFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("cannot read the token file %1 named by %2: %3")
                             .arg(path, what, file.errorString()));
    const QByteArray token = file.readAll().trimmed();
    if (token.isEmpty())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("the token file %1 named by %2 is empty").arg(path, what));
    return token;
}

Result<ResolvedToken> resolveToken(const QString &tokenFileOption, const QProcessEnvironment &env,
                                   const QString &homeDir)
{
    if (!tokenFileOption.isEmpty()) {
        auto token = readTokenFile(tokenFileOption, QStringLiteral("--token-file"));
        if (!token)
            return token.error();
        return ResolvedToken{token.value(), tokenFileOption};
    }
    const QByteArray fromEnv = env.value(QStringLiteral("RAY_AUTH_TOKEN")).toUtf8().trimmed();
    if (!fromEnv.isEmpty())
        return ResolvedToken{fromEnv, QStringLiteral("RAY_AUTH_TOKEN")};
    const QString pathFromEnv = env.value(QStringLiteral("RAY_AUTH_TOKEN_PATH"));
    if (!pathFromEnv.isEmpty()) {
        auto token = readTokenFile(pathFromEnv, QStringLiteral("RAY_AUTH_TOKEN_PATH"));
        if (!token)
            return token.error();
        return ResolvedToken{token.value(), pathFromEnv};
    }
    const QString defaultPath = QDir(homeDir).filePath(QStringLiteral(".ray/auth_token"));
    if (QFile::exists(defaultPath)) {
        auto token = readTokenFile(defaultPath, QStringLiteral("the default location"));
        if (!token)
            return token.error();
        return ResolvedToken{token.value(), defaultPath};
    }
    return ResolvedToken{};
}

}  // namespace scaledeck
