// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterclient.h"
#include "clusterendpoint.h"
#include "clustersnapshot.h"
#include "parkedstore.h"
#include "result.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QTextStream>

#include <memory>
#include <optional>

namespace scaledeck {

// What scaledeckctl's commands share: the endpoint, client and parked store made once from the options.
struct CtlContext {
    QTextStream &out;
    QTextStream &err;
    ClusterEndpoint endpoint;
    QNetworkAccessManager network;
    std::unique_ptr<ClusterClient> client; // a DashboardClient
    std::unique_ptr<ParkedStore> store;

    CtlContext(QTextStream &o, QTextStream &e) : out(o), err(e) {}
};

// Prints "scaledeckctl: <cause>" and returns the exit code for it: 3 for a conflict, 2 for a change --read-only
// refused (as a usage error: the command line asked for something it also forbade), else 1.
int fail(QTextStream &err, const RayError &error);

// One snapshot of the cluster (with its parked apps from the store), waited for in a local event loop.
Result<SnapshotPtr> fetchNow(CtlContext &context);

// The token scaledeckctl sends: from the keychain entry `keychainName` when given (waited for in a local event
// loop: the CLI has nothing else to do meanwhile), else as resolveToken() finds it. Both given is an error.
Result<ResolvedToken> resolveCtlToken(const QString &tokenFile, const QString &keychainName,
                                      const QProcessEnvironment &environment);

// Runs `start` (which hands its answer, a Result<T>, to the handler it is given) and waits for that answer in a
// local event loop: the CLI has nothing else to do meanwhile.
template <typename T, typename E = RayError, typename Start> Result<T, E> awaitAnswer(Start start)
{
    std::optional<Result<T, E>> result;
    QEventLoop loop;
    start([&](Result<T, E> value) {
        result = std::move(value);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

// --store, else $SCALEDECK_STORE in `environment`, else defaultStorePath().
QString resolveStorePath(const QString &storeOption, const QProcessEnvironment &environment);

} // namespace scaledeck
