// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The demo cluster's Serve state (tests/fixtures/applications_demo.json, captured from a real cluster) and
// the states tests derive from it: an app gone, a deployment at another count. For decision tests.
#include "changeplanner.h"
#include "fixtures.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <QDateTime>

namespace scaledeck::testing {

inline OrderedJson demoDocument()
{
    const QByteArray body = readFixture(QStringLiteral("applications_demo.json"));
    return OrderedJson::parse(body.constBegin(), body.constEnd());
}

inline QByteArray bodyOf(const OrderedJson &document)
{
    return QByteArray::fromStdString(document.dump());
}

// The cluster as Ray shows it once `app` is gone (parked).
inline OrderedJson withoutApp(OrderedJson document, const std::string &app)
{
    document["applications"].erase(app);
    return document;
}

// `app`/`deployment` configured at `configured` replicas (deployed_app_config and target_num_replicas), with
// `running` of them RUNNING and the rest STARTING: Ray applied the change and is placing the replicas.
inline OrderedJson withReplicas(OrderedJson document, const std::string &app, const std::string &deployment,
                                int configured, int running)
{
    OrderedJson &application = document["applications"][app];
    for (OrderedJson &entry : application["deployed_app_config"]["deployments"])
        if (entry.value("name", std::string()) == deployment)
            entry["num_replicas"] = configured;
    OrderedJson &state = application["deployments"][deployment];
    state["target_num_replicas"] = configured;
    state["deployment_config"]["num_replicas"] = configured;
    OrderedJson replica = state["replicas"].at(0);
    state["replicas"] = OrderedJson::array();
    for (int i = 0; i < configured; ++i) {
        replica["replica_id"] = "replica-" + std::to_string(i);
        replica["state"] = i < running ? "RUNNING" : "STARTING";
        state["replicas"].push_back(replica);
    }
    if (running < configured)
        state["status"] = "UPSCALING";
    return document;
}

inline SnapshotPtr snapshotOf(const OrderedJson &document, const std::vector<ParkedApp> &parked = {})
{
    auto serve = readServeState(bodyOf(document));
    if (!serve)
        qFatal("fixture does not parse: %s", qPrintable(serve.error().describe()));
    return buildSnapshot(QStringLiteral("2.60.0"), serve.value(), NodeTotals{4, 8, 1, {}, {}, {}}, parked,
                         QDateTime::currentDateTimeUtc());
}

} // namespace scaledeck::testing
