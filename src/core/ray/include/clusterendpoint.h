// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

namespace scaledeck {

// Where a Ray cluster's dashboard answers and how to authenticate to it. The token lives only in memory;
// it is never written to settings or logs.
struct ClusterEndpoint {
    QUrl dashboardUrl;
    QByteArray token;        // empty: send no Authorization header
    QString tokenOrigin;     // where the token came from, for messages ("RAY_AUTH_TOKEN", a path, ...)
    int timeoutMs = 10000;   // per request
    bool readOnly = false;   // the core refuses every change when set
    bool production = false; // parking an app needs its name typed (GUI) or --confirm APP (scaledeckctl)
    QString caFile;          // https: PEM file of the CA(s) to trust instead of the system's; empty: the system's

    // A stable key for this cluster in ScaleDeck's store: scheme://host:port of the dashboard.
    QString clusterKey() const;
};

// --address, else $RAY_DASHBOARD_ADDRESS, else http://127.0.0.1:8265 (as Ray's own CLI).
// A bare host:port gets http:// in front. Returns an error naming the bad value.
Result<QUrl> resolveDashboardUrl(const QString &addressOption, const QProcessEnvironment &env);
// The same for a command line's --address: one given but empty (say, --address "$UNSET") is an error, not the
// default, so a script never reaches another cluster than it meant to.
Result<QUrl> resolveDashboardUrlOption(bool addressGiven, const QString &addressOption, const QProcessEnvironment &env);

struct ResolvedToken {
    QByteArray token; // empty when no source has one
    QString origin;
    QString warning; // e.g. Ray's own token file is readable by others: worth fixing, not refused
};

// Looks for the token the way Ray does, with --token-file first: --token-file, RAY_AUTH_TOKEN,
// the file named by RAY_AUTH_TOKEN_PATH, then ~/.ray/auth_token. A file that is named explicitly but
// cannot be read is an error; a missing default file just means "no token".
// A token file that group or others may read or write lets anyone on the machine act on the cluster: one
// named to ScaleDeck (--token-file, a profile) is refused with how to fix it (chmod 600); Ray's own
// locations, which Ray itself reads, only get a warning.
// `namedBy` names where tokenFileOption came from in messages ("--token-file", "the profile lab").
Result<ResolvedToken> resolveToken(const QString &tokenFileOption, const QProcessEnvironment &env,
                                   const QString &homeDir, const QString &namedBy = QStringLiteral("--token-file"));

// The endpoint of a resolved address and token, as every entry point (both programs, the window's Connect,
// the tests) builds it; the other fields keep their defaults for the caller to set.
ClusterEndpoint endpointFor(const QUrl &dashboardUrl, const ResolvedToken &token);

} // namespace scaledeck
