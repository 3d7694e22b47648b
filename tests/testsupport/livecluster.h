// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Access to the real Ray cluster that scripts/test.sh starts for integration tests. Its address comes in
// RAY_DASHBOARD_ADDRESS and its token (token auth is on there) through RAY_AUTH_TOKEN_PATH; a test run
// without them fails loudly rather than passing by skipping.
#include "changeapplier.h"
#include "dashboardclient.h"
#include "snapshotfetcher.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QNetworkAccessManager>
#include <QtTest/QTest>

#include <map>
#include <optional>

namespace scaledeck::testing {

inline std::optional<ClusterEndpoint> liveEndpoint(QString *whyNot)
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(QStringLiteral("RAY_DASHBOARD_ADDRESS"))) {
        *whyNot = QStringLiteral("RAY_DASHBOARD_ADDRESS is not set: run integration tests through scripts/test.sh, "
                                 "which starts a real Ray cluster");
        return std::nullopt;
    }
    auto token = resolveToken({}, env, QDir::homePath());
    if (!token) {
        *whyNot = token.error().describe();
        return std::nullopt;
    }
    ClusterEndpoint endpoint = endpointFor(resolveDashboardUrl({}, env).value(), token.value());
    endpoint.timeoutMs = 30000;
    return endpoint;
}

// Runs a callback-style call to completion in a local event loop.
template <typename T, typename Start> T await(Start start, int timeoutMs = 300000)
{
    std::optional<T> result;
    start([&result](T value) { result = std::move(value); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, timeoutMs))
        qFatal("no answer within %d ms", timeoutMs);
    return std::move(*result);
}

inline Result<SnapshotPtr> snapshotNow(DashboardClient &client, ParkedStore *store)
{
    return await<Result<SnapshotPtr>>([&](auto done) { fetchSnapshot(&client, &client, store, done); });
}

// GET /api/serve/applications/ with key order kept: what "nothing else changed" is judged on.
inline OrderedJson serveDocument(DashboardClient &client)
{
    auto body = await<Result<QByteArray>>([&](auto done) { client.get(DashboardClient::applicationsPath, done); });
    if (!body)
        qFatal("GET applications failed: %s", qPrintable(body.error().describe()));
    return OrderedJson::parse(body->constBegin(), body->constEnd());
}

// Every declarative app's deployed config, by name, plus the top-level fields a PUT carries.
inline OrderedJson declarativeConfig(const OrderedJson &document)
{
    OrderedJson out = OrderedJson::object();
    for (const char *field : {"proxy_location", "http_options", "grpc_options", "target_capacity"})
        if (document.contains(field))
            out[field] = document[field];
    // Apps by name: Ray lists an unparked app last, and that order carries no meaning. Within each app the
    // config is compared with its key order.
    std::map<std::string, OrderedJson> byName;
    for (auto it = document["applications"].begin(); it != document["applications"].end(); ++it)
        if (it.value().value("source", std::string()) == "declarative")
            byName[it.key()] = it.value()["deployed_app_config"];
    OrderedJson apps = OrderedJson::object();
    for (auto &[name, config] : byName)
        apps[name] = std::move(config);
    out["applications"] = apps;
    return out;
}

inline ApplyOutcome applyAndFollow(DashboardClient &client, ParkedStore &store, SnapshotPtr baseline, ChangeSet changes,
                                   ApplyOptions options = {})
{
    ChangeApplier applier(&client, &store);
    std::optional<ApplyOutcome> outcome;
    QObject::connect(&applier, &ChangeApplier::finished, &applier,
                     [&outcome](const ApplyOutcome &result) { outcome = result; });
    QObject::connect(&applier, &ChangeApplier::progress, &applier,
                     [](const QString &message) { qInfo("… %s", qPrintable(message)); });
    applier.apply(std::move(baseline), std::move(changes), options);
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }, options.followTimeoutMs + 60000))
        qFatal("the change did not finish");
    return *outcome;
}

// The fixed num_replicas a deployment has in the cluster's config right now (empty: autoscaled, or not there).
inline std::optional<int> configuredReplicas(DashboardClient &client, const QString &app, const QString &deployment)
{
    auto snapshot = snapshotNow(client, nullptr);
    if (!snapshot)
        return std::nullopt;
    const ApplicationSnapshot *found = snapshot.value()->findApplication(app);
    const DeploymentSnapshot *foundDeployment = found ? found->findDeployment(deployment) : nullptr;
    return foundDeployment ? foundDeployment->configuredReplicas : std::nullopt;
}

// "2026-11-23T09:00:00Z" as a UTC QDateTime, for injected clocks.
inline QDateTime utcTime(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
}

// Polls (once a second) until every app is RUNNING with all its replicas RUNNING.
inline bool waitUntilSettled(DashboardClient &client, int timeoutMs = 240000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        auto snapshot = snapshotNow(client, nullptr);
        bool settled = snapshot.ok();
        if (settled) {
            for (const auto &app : snapshot.value()->applications) {
                settled = settled && app.status == QStringLiteral("RUNNING");
                for (const auto &deployment : app.deployments)
                    settled = settled && deployment.runningReplicas == deployment.targetReplicas &&
                              deployment.replicasByState.size() <= (deployment.runningReplicas > 0 ? 1u : 0u);
            }
        }
        if (settled)
            return true;
        QTest::qWait(1000); // polling interval, not a wait for something to happen
    }
    return false;
}

} // namespace scaledeck::testing
