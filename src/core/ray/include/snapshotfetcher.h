// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterclient.h"
#include "clustersnapshot.h"
#include "parkedstore.h"
#include "snapshotparser.h"

#include <functional>

namespace scaledeck {

// Merges what Ray says with this cluster's parked apps into one snapshot. Parked apps that are not live
// appear with status PARKED and every deployment at 0; a live app of the same name wins. With `previous`, the
// snapshot carries what changed since it (noteChangesSince, snapshotdiff.h), computed here.
SnapshotPtr buildSnapshot(const QString &rayVersion, ServeState serve, const NodeTotals &nodes,
                          const std::vector<ParkedApp> &parked, const QDateTime &takenAt,
                          const SnapshotPtr &previous = {});

class IncrementalServeReader;

// Reads version, Serve state and nodes in parallel and builds one snapshot. The three requests belong to
// `owner`: if it goes first, `done` never runs. The store is optional; a poller passes its
// IncrementalServeReader so that unchanged applications are not parsed again, and its previous snapshot so that the
// new one carries what changed since (the GUI's refresh then costs what changed).
// Parsing happens in the thread the client lives in (the poller's, never the GUI's).
void fetchSnapshot(ClusterClient *client, QObject *owner, ParkedStore *store,
                   std::function<void(Result<SnapshotPtr>)> done, IncrementalServeReader *serveReader = nullptr,
                   SnapshotPtr previous = {});

} // namespace scaledeck
