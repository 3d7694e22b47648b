// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "tokenkeychain.h"

#include <qt6keychain/keychain.h>

#include <QTimer>

namespace scaledeck {

namespace {

RayError keychainError(const QString &name, const QKeychain::Job &job, const QString &what)
{
    const QString details = job.errorString();
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("no token for '%1' in the keychain (service %2); store one with: "
                                        "scaledeckctl token store %1")
                             .arg(name, keychainService));
    case QKeychain::NoBackendAvailable:
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("no keychain to %1 the token of '%2' in: is a Secret Service (gnome-keyring, "
                                        "KWallet) running on the session bus? (%3)")
                             .arg(what, name, details));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return makeError(
            RayErrorKind::BadSetting,
            QStringLiteral("the keychain refused to %1 the token of '%2' (locked?): %3").arg(what, name, details));
    default:
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("the keychain could not %1 the token of '%2': %3").arg(what, name, details));
    }
}

// Refuses a name before any job starts, answering asynchronously like a job would.
template <typename Handler> bool refuseEmptyName(const QString &name, QObject *context, Handler &done)
{
    if (!name.trimmed().isEmpty())
        return false;
    QTimer::singleShot(0, context, [done = std::move(done)] {
        done(makeError(RayErrorKind::BadSetting, QStringLiteral("a keychain token needs a name (the profile's)")));
    });
    return true;
}

template <typename JobType> JobType *startJob(const QString &name)
{
    auto *job = new JobType(keychainService);
    job->setAutoDelete(true);        // deletes itself once finished has been emitted
    job->setInsecureFallback(false); // never a plaintext file instead of the keychain
    job->setKey(name);
    return job;
}

} // namespace

QString keychainOrigin(const QString &name)
{
    return QStringLiteral("the keychain entry %1/%2").arg(keychainService, name);
}

void readKeychainToken(const QString &name, QObject *context, KeychainTokenHandler done)
{
    if (refuseEmptyName(name, context, done))
        return;
    auto *job = startJob<QKeychain::ReadPasswordJob>(name);
    QObject::connect(job, &QKeychain::Job::finished, context, [name, done = std::move(done)](QKeychain::Job *finished) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (read->error() != QKeychain::NoError) {
            done(keychainError(name, *read, QStringLiteral("read")));
            return;
        }
        const QByteArray token = read->textData().toUtf8().trimmed();
        if (token.isEmpty()) {
            done(makeError(RayErrorKind::BadSetting, QStringLiteral("the keychain entry for '%1' is empty").arg(name)));
            return;
        }
        done(ResolvedToken{token, keychainOrigin(name), QString()});
    });
    job->start();
}

void storeKeychainToken(const QString &name, const QByteArray &token, QObject *context, KeychainDoneHandler done)
{
    if (refuseEmptyName(name, context, done))
        return;
    const QByteArray trimmed = token.trimmed();
    if (trimmed.isEmpty()) {
        QTimer::singleShot(0, context, [done = std::move(done)] {
            done(makeError(RayErrorKind::BadSetting, QStringLiteral("no token given to store (it was empty)")));
        });
        return;
    }
    auto *job = startJob<QKeychain::WritePasswordJob>(name);
    job->setTextData(QString::fromUtf8(trimmed));
    QObject::connect(job, &QKeychain::Job::finished, context, [name, done = std::move(done)](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError)
            done(keychainError(name, *finished, QStringLiteral("store")));
        else
            done(Done{});
    });
    job->start();
}

void removeKeychainToken(const QString &name, QObject *context, KeychainDoneHandler done)
{
    if (refuseEmptyName(name, context, done))
        return;
    auto *job = startJob<QKeychain::DeletePasswordJob>(name);
    QObject::connect(job, &QKeychain::Job::finished, context, [name, done = std::move(done)](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError)
            done(keychainError(name, *finished, QStringLiteral("remove")));
        else
            done(Done{});
    });
    job->start();
}

} // namespace scaledeck
