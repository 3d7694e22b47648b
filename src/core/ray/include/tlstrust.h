// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QList>
#include <QSslConfiguration>
#include <QSslError>
#include <QString>

namespace scaledeck {

// The TLS configuration for https:// dashboards: Qt's default (the system's CAs), or, when `caFile` is
// named, only the CA certificates in that PEM file (as curl's --cacert). Peer verification stays on either
// way. An unreadable file, or one without a certificate, is a BadSetting naming it.
Result<QSslConfiguration> tlsConfiguration(const QString &caFile);

// The error for a handshake that failed verification: which host, why (Qt's words for each problem), and
// what to do about it. `caFile` is the CA file that was used (empty: the system's CAs).
RayError tlsError(const QString &host, const QList<QSslError> &errors, const QString &caFile);

} // namespace scaledeck
