// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlcontext.h"

#include "ctlcommands.h"
#include "snapshotfetcher.h"
#include "storepath.h"
#include "tokenkeychain.h"

#include <QDir>

#include <QEventLoop>

#include <optional>

namespace scaledeck {

int fail(QTextStream &err, const RayError &error)
{
    err << "scaledeckctl: " << error.describe() << Qt::endl;
    if (error.kind == RayErrorKind::ReadOnly)
        return ExitUsage;
    return error.kind == RayErrorKind::Conflict ? ExitConflict : ExitError;
}

Result<SnapshotPtr> fetchNow(CtlContext &context)
{
    std::optional<Result<SnapshotPtr>> result;
    QEventLoop loop;
    QObject receiver; // owns the requests: none outlives this function
    fetchSnapshot(context.client.get(), &receiver, context.store.get(), [&](Result<SnapshotPtr> snapshot) {
        result = std::move(snapshot);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

Result<ResolvedToken> resolveCtlToken(const QString &tokenFile, const QString &keychainName,
                                      const QProcessEnvironment &environment)
{
    if (keychainName.isEmpty())
        return resolveToken(tokenFile, environment, QDir::homePath());
    if (!tokenFile.isEmpty())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("--token-file and --token-keychain both name a token: give one of them"));
    std::optional<Result<ResolvedToken>> result;
    QEventLoop loop;
    QObject receiver;
    readKeychainToken(keychainName, &receiver, [&](Result<ResolvedToken> token) {
        result = std::move(token);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

QString resolveStorePath(const QString &storeOption, const QProcessEnvironment &environment)
{
    if (!storeOption.isEmpty())
        return storeOption;
    if (environment.contains(QStringLiteral("SCALEDECK_STORE")))
        return environment.value(QStringLiteral("SCALEDECK_STORE"));
    return defaultStorePath();
}

} // namespace scaledeck
