// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterendpoint.h"
#include "result.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace scaledeck {

// Ray tokens kept in the OS keychain (the Secret Service on Linux, through QtKeychain) instead of in a file:
// service "scaledeck", key = the profile's (or --token-keychain's) name. Every call is asynchronous (a
// QtKeychain job) so the GUI thread never waits on D-Bus; `done` runs in `context`'s thread, and never once
// `context` is gone. There is no plaintext fallback: without a keychain the call fails and says so.
inline const QString keychainService = QStringLiteral("scaledeck");

using KeychainTokenHandler = std::function<void(Result<ResolvedToken>)>;
using KeychainDoneHandler = std::function<void(Result<Done>)>;

void readKeychainToken(const QString &name, QObject *context, KeychainTokenHandler done);
void storeKeychainToken(const QString &name, const QByteArray &token, QObject *context, KeychainDoneHandler done);
void removeKeychainToken(const QString &name, QObject *context, KeychainDoneHandler done);

// Where a token read from the keychain came from, for messages ("the keychain entry scaledeck/NAME").
QString keychainOrigin(const QString &name);

// The team controller's token of a Connect-dialog profile: service "ScaleDeck controller", account = the profile's
// name. Apart from the profile's Ray token (service "scaledeck"), so neither overwrites or removes the other.
// Removing an entry that is not there is done, not an error: a profile forgotten twice, or never connected.
inline const QString controllerKeychainService = QStringLiteral("ScaleDeck controller");

void readControllerKeychainToken(const QString &profile, QObject *context, KeychainTokenHandler done);
void storeControllerKeychainToken(const QString &profile, const QByteArray &token, QObject *context,
                                  KeychainDoneHandler done);
void removeControllerKeychainToken(const QString &profile, QObject *context, KeychainDoneHandler done);
QString controllerKeychainOrigin(const QString &profile); // "the keychain entry ScaleDeck controller/NAME"

} // namespace scaledeck
