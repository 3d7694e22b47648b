// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace scaledeck {

// Where a client finds the team's controller: its URL and the bearer token from the controller's users file.
// `tokenSource` says where the token came from ("~/.config/scaledeck/controller-token", "the keychain"), for
// messages; the token itself is never shown.
struct ControllerConnection {
    QUrl url;
    QByteArray token;
    QString tokenSource;
};

// Who this client is to the controller (GET whoami) and how the controller is (GET health): what the window's
// status bar says about who enforces the schedules and as whom it is connected.
struct ControllerStatus {
    QString name;           // the caller's name in the users file
    QString role;           // "viewer" or "operator"
    bool healthy = false;   // the controller's last tick went through
    bool holdsLock = false; // the controller answering holds the cluster's lock (it enforces)
    QString lockHolder;     // who holds it ("host:pid"), empty when nobody does
    QString error;          // the last tick's error, or why health could not be read
};

} // namespace scaledeck
