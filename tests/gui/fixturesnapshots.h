// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Snapshots built through the core's own parsers from JSON captured from a real Ray cluster.

#include "servestatereader.h"
#include "snapshotfetcher.h"
#include "snapshotparser.h"

#include <QFile>
#include <QTest>

namespace scaledeck::test {

inline QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(SCALEDECK_FIXTURES "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(file.fileName()));
    return file.readAll();
}

inline SnapshotPtr fixtureSnapshot(const QString &applicationsFile, const std::vector<ParkedApp> &parked = {},
                                   const QDateTime &takenAt = QDateTime::currentDateTimeUtc())
{
    auto version = parseRayVersion(readFixture(QStringLiteral("version.json")));
    auto serve = readServeState(readFixture(applicationsFile));
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    if (!version || !serve || !nodes)
        qFatal("a fixture does not parse");
    return buildSnapshot(version.value(), std::move(serve).value(), nodes.value(), parked, takenAt);
}

// embedder as ScaleDeck's store would hold it after parking it from applications_demo.json.
inline ParkedApp parkedEmbedder()
{
    ParkedApp app;
    app.name = QStringLiteral("embedder");
    app.configJson = R"({"name": "embedder", "route_prefix": "/embed", "import_path": "scaledeck_demo.embedder:app",
                         "deployments": [{"name": "Embedder", "num_replicas": 2,
                                          "ray_actor_options": {"num_cpus": 0.5, "num_gpus": 0.5}}]})";
    app.summaryJson = R"({"route_prefix": "/embed", "status_before": "RUNNING",
                          "deployments": [{"name": "Embedder", "target_replicas": 2, "gpus_per_replica": 0.5,
                                           "cpus_per_replica": 0.5, "autoscaling": null}]})";
    app.parkedAt = QDateTime(QDate(2026, 11, 25), QTime(18, 20), Qt::UTC);
    return app;
}

} // namespace scaledeck::test
