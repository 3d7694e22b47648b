// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QDateTime>

namespace scaledeck {

// GET /api/v1/snapshot's body: {"version": 7, "tickAt": "...Z"} followed by the snapshot in its wire form
// (snapshotwire.h, which clients read back with snapshotFromWire).
OrderedJson snapshotJson(const ClusterSnapshot &snapshot, qint64 version, const QDateTime &tickAt);

} // namespace scaledeck
