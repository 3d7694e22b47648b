// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "tokenkeychain.h"

#include <qt6keychain/keychain.h>

#include <QTimer>

namespace scaledeck {

namespace {

// Which token an entry holds: a Ray token (scaledeckctl's --token-keychain, a profile's Ray token) or a profile's
// controller token. They differ in their service and in how a missing one is put there.
enum class TokenKind { Ray, Controller };

QString serviceOf(TokenKind kind)
{
    return kind == TokenKind::Ray ? keychainService : controllerKeychainService;
}

QString tokenOf(TokenKind kind, const QString &name)
{
    return kind == TokenKind::Ray ? QStringLiteral("the token of '%1'").arg(name)
                                  : QStringLiteral("the controller token of '%1'").arg(name);
}

RayError missingEntryError(TokenKind kind, const QString &name)
{
    if (kind == TokenKind::Ray)
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("no token for '%1' in the keychain (service %2); store one with: "
                                        "scaledeckctl token store %1")
                             .arg(name, keychainService));
    return makeError(RayErrorKind::BadSetting,
                     QStringLiteral("no controller token for the profile '%1' in the keychain (service %2); give it "
                                    "once in the Connect dialog's profile %1 (Controller token to store)")
                         .arg(name, controllerKeychainService));
}

RayError keychainError(TokenKind kind, const QString &name, const QKeychain::Job &job, const QString &what)
{
    const QString details = job.errorString();
    const QString token = tokenOf(kind, name);
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return missingEntryError(kind, name);
    case QKeychain::NoBackendAvailable:
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("no keychain to %1 %2 in: is a Secret Service (gnome-keyring, "
                                        "KWallet) running on the session bus? (%3)")
                             .arg(what, token, details));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("the keychain refused to %1 %2 (locked?): %3").arg(what, token, details));
    default:
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("the keychain could not %1 %2: %3").arg(what, token, details));
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

template <typename JobType> JobType *startJob(TokenKind kind, const QString &name)
{
    auto *job = new JobType(serviceOf(kind));
    job->setAutoDelete(true);        // deletes itself once finished has been emitted
    job->setInsecureFallback(false); // never a plaintext file instead of the keychain
    job->setKey(name);
    return job;
}

QString originOf(TokenKind kind, const QString &name)
{
    return QStringLiteral("the keychain entry %1/%2").arg(serviceOf(kind), name);
}

void readToken(TokenKind kind, const QString &name, QObject *context, KeychainTokenHandler done)
{
    if (refuseEmptyName(name, context, done))
        return;
    auto *job = startJob<QKeychain::ReadPasswordJob>(kind, name);
    QObject::connect(
        job, &QKeychain::Job::finished, context, [kind, name, done = std::move(done)](QKeychain::Job *finished) {
            auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
            if (read->error() != QKeychain::NoError) {
                done(keychainError(kind, name, *read, QStringLiteral("read")));
                return;
            }
            const QByteArray token = read->textData().toUtf8().trimmed();
            if (token.isEmpty()) {
                const QString whose = kind == TokenKind::Ray ? QStringLiteral("'%1'").arg(name) : tokenOf(kind, name);
                done(makeError(RayErrorKind::BadSetting,
                               QStringLiteral("the keychain entry for %1 is empty").arg(whose)));
                return;
            }
            done(ResolvedToken{token, originOf(kind, name), QString()});
        });
    job->start();
}

void storeToken(TokenKind kind, const QString &name, const QByteArray &token, QObject *context,
                KeychainDoneHandler done)
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
    auto *job = startJob<QKeychain::WritePasswordJob>(kind, name);
    job->setTextData(QString::fromUtf8(trimmed));
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [kind, name, done = std::move(done)](QKeychain::Job *finished) {
                         if (finished->error() != QKeychain::NoError)
                             done(keychainError(kind, name, *finished, QStringLiteral("store")));
                         else
                             done(Done{});
                     });
    job->start();
}

void removeToken(TokenKind kind, const QString &name, QObject *context, KeychainDoneHandler done)
{
    if (refuseEmptyName(name, context, done))
        return;
    auto *job = startJob<QKeychain::DeletePasswordJob>(kind, name);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [kind, name, done = std::move(done)](QKeychain::Job *finished) {
                         const QKeychain::Error error = finished->error();
                         if (error != QKeychain::NoError && error != QKeychain::EntryNotFound)
                             done(keychainError(kind, name, *finished, QStringLiteral("remove")));
                         else
                             done(Done{});
                     });
    job->start();
}

} // namespace

QString keychainOrigin(const QString &name)
{
    return originOf(TokenKind::Ray, name);
}

void readKeychainToken(const QString &name, QObject *context, KeychainTokenHandler done)
{
    readToken(TokenKind::Ray, name, context, std::move(done));
}

void storeKeychainToken(const QString &name, const QByteArray &token, QObject *context, KeychainDoneHandler done)
{
    storeToken(TokenKind::Ray, name, token, context, std::move(done));
}

void removeKeychainToken(const QString &name, QObject *context, KeychainDoneHandler done)
{
    removeToken(TokenKind::Ray, name, context, std::move(done));
}

QString controllerKeychainOrigin(const QString &profile)
{
    return originOf(TokenKind::Controller, profile);
}

void readControllerKeychainToken(const QString &profile, QObject *context, KeychainTokenHandler done)
{
    readToken(TokenKind::Controller, profile, context, std::move(done));
}

void storeControllerKeychainToken(const QString &profile, const QByteArray &token, QObject *context,
                                  KeychainDoneHandler done)
{
    storeToken(TokenKind::Controller, profile, token, context, std::move(done));
}

void removeControllerKeychainToken(const QString &profile, QObject *context, KeychainDoneHandler done)
{
    removeToken(TokenKind::Controller, profile, context, std::move(done));
}

} // namespace scaledeck
