// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "storelocation.h"

#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace scaledeck {

namespace {
QUrl withoutPassword(QUrl url)
{
    url.setPassword(QString());
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("password"));
    url.setQuery(query);
    return url;
}

// QPSQL hands these to libpq as "key=value" pairs; a value with a space or quote could add a pair of its
// own, so such values are refused rather than quoted.
bool isPlainOptionValue(const QString &value)
{
    for (const QChar c : value) {
        if (c.isSpace() || c == QLatin1Char('\'') || c == QLatin1Char('\\') || c == QLatin1Char(';'))
            return false;
    }
    return !value.isEmpty();
}

// A URL without its own connect timeout gets one, so an unreachable host fails in seconds, not minutes.
QString connectOptionsOf(const QUrlQuery &query, QString *bad)
{
    QStringList options;
    bool hasTimeout = false;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("password"))
            continue;
        if (!isPlainOptionValue(key) || !isPlainOptionValue(value)) {
            *bad = key;
            return {};
        }
        hasTimeout = hasTimeout || key == QLatin1String("connect_timeout");
        options.append(key + QLatin1Char('=') + value);
    }
    if (!hasTimeout)
        options.append(QStringLiteral("connect_timeout=10"));
    return options.join(QLatin1Char(';'));
}
} // namespace

bool isPostgresUrl(const QString &pathOrUrl)
{
    return pathOrUrl.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           pathOrUrl.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

QString displayStore(const QString &pathOrUrl)
{
    if (!isPostgresUrl(pathOrUrl))
        return pathOrUrl;
    const QUrl url(pathOrUrl, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("(an unreadable postgresql:// URL)"); // it may hold a password in any place
    return withoutPassword(url).toString(QUrl::FullyEncoded);
}

QString StoreLocation::display() const
{
    return backend == Backend::Sqlite ? path : displayStore(path);
}

Result<StoreLocation> StoreLocation::parse(const QString &pathOrUrl)
{
    StoreLocation location;
    location.path = pathOrUrl;
    if (!isPostgresUrl(pathOrUrl))
        return location;
    location.backend = Backend::Postgres;
    const QUrl url(pathOrUrl, QUrl::StrictMode);
    const QString shown = displayStore(pathOrUrl);
    if (!url.isValid())
        return makeError(RayErrorKind::BadSetting, QStringLiteral("%1 is not a valid PostgreSQL URL"
                                                                  " (postgresql://USER@HOST:PORT/DATABASE)")
                                                       .arg(shown));
    location.database = url.path(QUrl::FullyDecoded).mid(1);
    if (location.database.isEmpty() || location.database.contains(QLatin1Char('/')))
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1 names no database: postgresql://USER@HOST:PORT/DATABASE").arg(shown));
    location.host = url.host(QUrl::FullyDecoded);
    location.port = url.port(0);
    location.user = url.userName(QUrl::FullyDecoded);
    location.password = url.password(QUrl::FullyDecoded);
    const QUrlQuery query(url);
    if (location.password.isEmpty() && query.hasQueryItem(QStringLiteral("password")))
        location.password = query.queryItemValue(QStringLiteral("password"), QUrl::FullyDecoded);
    QString bad;
    location.connectOptions = connectOptionsOf(query, &bad);
    if (!bad.isNull())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1: the parameter '%2' has an empty value or one with a space, quote,"
                                        " backslash or semicolon")
                             .arg(shown, bad));
    return location;
}

} // namespace scaledeck
