// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "result.h"

#include <QByteArray>

namespace scaledeck {

// What GET /api/serve/applications/ says, reduced to what ScaleDeck shows and edits.
struct ServeState {
    std::vector<ApplicationSnapshot> applications; // sorted by name
    std::optional<double> targetCapacity;

    const ApplicationSnapshot *findApplication(const QString &name) const; // nullptr: not in this state
};

struct NodeTotals {
    double gpusTotal = 0;
    double cpusTotal = 0;
    int nodesAlive = 0;
    std::map<QString, double> gpusByAccelerator;  // typed alive nodes only
    std::map<QString, QString> acceleratorByNode; // node_id -> type
    std::map<QString, double> gpusByNode;         // node_id -> GPUs, alive nodes that have any
};

// Parsers of Ray's payloads: lenient about fields that come and go between Ray versions, strict about the
// types of the fields they use (a wrong type is a BadPayload error naming the field). The Serve state's
// reader is readServeState() (servestatereader.h), with IncrementalServeReader beside it.
Result<QString> parseRayVersion(const QByteArray &body);
Result<NodeTotals> parseNodeTotals(const QByteArray &body);

} // namespace scaledeck
