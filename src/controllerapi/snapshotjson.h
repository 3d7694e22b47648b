// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QByteArray>
#include <QDateTime>

#include <cstddef>
#include <string>

namespace scaledeck {

// What a snapshot version says besides the snapshot itself.
struct SnapshotVersionInfo {
    qint64 version = 0;
    QDateTime tickAt;    // the tick that published this version: when the content last changed
    QDateTime checkedAt; // the last tick that read the cluster (the same content or it would be a new version)
    QString readError;   // the last tick could not read the cluster (the snapshot is the last one read); or empty
};

// What one read of the cluster sends, serialized once: the snapshot's wire form (snapshotwire.h) without takenAt
// (the read's wall-clock time, new at every tick whatever the cluster did), as compact JSON, and what a new version
// must differ in: that text and the read error, hashed (std::hash, 64 bits).
//
// Why a hash of the wire form and not diffSnapshots (snapshotdiff.h): the wire form is exactly what a client can
// see, so every field sent, today's and any added later, counts, and nothing unsent (the deployed config, which
// diffSnapshots compares) makes a version a client would find identical; diffSnapshots also skips
// acceleratorByNode and gpusByNode, which clients are sent. The text hashed is the text sent (snapshotBody), so a
// tick serializes the snapshot once whether it publishes or not; the previous snapshot's content is not kept (a
// 1,000-application cluster's JSON is MBs), only its hash. A collision (2^-64 a tick) would delay a change to the
// next one.
struct SnapshotContent {
    std::string wire;     // {"rayVersion": ..., "applications": [...], ...}: compact, without takenAt
    OrderedJson takenAt;  // the read's takenAt, as the wire form has it
    std::size_t hash = 0; // of wire and the read error
};
SnapshotContent snapshotContent(const ClusterSnapshot &snapshot, const QString &readError);

// GET /api/v1/snapshot's body, compact JSON ending in a newline: {"version": 7, "tickAt": "...Z", "checkedAt":
// "...Z", "error": null | "...", "takenAt": "...Z"} followed by the rest of the snapshot's wire form (which clients
// read back with snapshotFromWire). Spliced from `content`'s text: no second serialization of the snapshot.
QByteArray snapshotBody(const SnapshotContent &content, const SnapshotVersionInfo &info);

// A long poll's answer when nothing changed: {"version": 7, "unchanged": true, "checkedAt": "...Z" | null,
// "error": null | "..."}: the client's copy is current as of checkedAt, and the controller is alive.
OrderedJson unchangedJson(const SnapshotVersionInfo &info);

} // namespace scaledeck
