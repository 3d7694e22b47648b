// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QDateTime>

#include <cstddef>

namespace scaledeck {

// What a snapshot version says besides the snapshot itself.
struct SnapshotVersionInfo {
    qint64 version = 0;
    QDateTime tickAt;    // the tick that published this version: when the content last changed
    QDateTime checkedAt; // the last tick that read the cluster (the same content or it would be a new version)
    QString readError;   // the last tick could not read the cluster (the snapshot is the last one read); or empty
};

// GET /api/v1/snapshot's body: {"version": 7, "tickAt": "...Z", "checkedAt": "...Z", "error": null | "..."}
// followed by the snapshot in its wire form (snapshotwire.h, which clients read back with snapshotFromWire).
OrderedJson snapshotJson(const ClusterSnapshot &snapshot, const SnapshotVersionInfo &info);

// A long poll's answer when nothing changed: {"version": 7, "unchanged": true, "checkedAt": "...Z" | null,
// "error": null | "..."}: the client's copy is current as of checkedAt, and the controller is alive.
OrderedJson unchangedJson(const SnapshotVersionInfo &info);

// What a new version must differ in: the snapshot's wire form without takenAt (the read's wall-clock time, new at
// every tick whatever the cluster did) and the read error, hashed (std::hash of the compact JSON, 64 bits).
//
// Why a hash of the wire form and not diffSnapshots (snapshotdiff.h): the wire form is exactly what a client can
// see, so every field sent, today's and any added later, counts, and nothing unsent (the deployed config, which
// diffSnapshots compares) makes a version a client would find identical; diffSnapshots also skips
// acceleratorByNode and gpusByNode, which clients are sent. The cost is one serialization per tick, what every tick
// paid before to publish; the previous snapshot's content is not kept (a 1,000-application cluster's JSON tree is
// tens of MB), only its hash. A collision (2^-64 a tick) would delay a change to the next one.
std::size_t snapshotContentHash(const ClusterSnapshot &snapshot, const QString &readError);

} // namespace scaledeck
