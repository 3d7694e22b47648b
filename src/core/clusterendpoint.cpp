#include "clusterendpoint.h"

#include <QDir>
#include <QFile>

namespace scaledeck {

QString ClusterEndpoint::clusterKey() const
{
    return dashboardUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment |
                                 QUrl::RemoveUserInfo | QUrl::StripTrailingSlash)
        .toString();
}

Result<QUrl> resolveDashboardUrl(const QString &addressOption, const QProcessEnvironment &env)
{
    QString text = addressOption.trimmed();
    if (text.isEmpty())
        text = env.value(QStringLiteral("RAY_DASHBOARD_ADDRESS")).trimmed();
    if (text.isEmpty())
        text = QStringLiteral("http://127.0.0.1:8265");
    if (!text.contains(QStringLiteral("://")))
        text.prepend(QStringLiteral("http://"));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https")))
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("'%1' is not a dashboard address (expected http://HOST:PORT)").arg(text));
    return url;
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
