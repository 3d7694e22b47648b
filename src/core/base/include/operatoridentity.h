// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// Who is acting, for the audit log and overrides: "alice@build-07 (scaledeckctl)". The user is the
// process's effective OS user (from the password database, not $USER, which anyone can set), the host is
// this machine's name: an audit row says which person on which machine made a change.
QString operatorIdentity(const QString &program);

// The same for a controller holding a cluster's lock: "scaledeckctl run by alice@build-07 (pid 4242)".
QString controllerIdentity(const QString &program, qint64 pid);

} // namespace scaledeck
