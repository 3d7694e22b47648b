// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Fleet rows and synthetic clusters as the Fleet page's tests feed them.
#include "fleetfigures.h"
#include "fleetrow.h"

#include <memory>

namespace scaledeck::test {

// A cluster's row as the poller gives it once the cluster answered with `snapshot`.
inline FleetRow answeringWith(const QString &name, const SnapshotPtr &snapshot)
{
    FleetRow row;
    row.name = name;
    row.state = FleetState::Answering;
    row.figures = fleetFiguresOf(*snapshot, std::nullopt);
    row.snapshot = snapshot;
    row.answeredAt = QDateTime::currentDateTimeUtc();
    return row;
}

// A cluster of `apps` applications of 4 deployments; every 10th deployment runs one replica short of its target.
inline SnapshotPtr syntheticCluster(int apps)
{
    auto snapshot = std::make_shared<ClusterSnapshot>();
    int counter = 0;
    for (int a = 0; a < apps; ++a) {
        ApplicationSnapshot app;
        app.name = QStringLiteral("app%1").arg(a, 3, 10, QLatin1Char('0'));
        app.status = QStringLiteral("RUNNING");
        for (int d = 0; d < 4; ++d) {
            DeploymentSnapshot deployment;
            deployment.name = QStringLiteral("Dep%1").arg(d);
            deployment.status = QStringLiteral("HEALTHY");
            deployment.targetReplicas = 2;
            deployment.runningReplicas = (counter++ % 10 == 0) ? 1 : 2;
            app.deployments.push_back(deployment);
        }
        snapshot->applications.push_back(std::move(app));
    }
    return snapshot;
}

} // namespace scaledeck::test
