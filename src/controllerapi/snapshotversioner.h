// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "snapshotjson.h"

#include <QByteArray>
#include <QObject>

namespace scaledeck {

// What one tick read, as SnapshotHub hands it on: the latest snapshot read (the previous one when this tick failed
// to read the cluster), when it was read, and the tick's read error.
struct SnapshotRead {
    SnapshotPtr snapshot;
    QDateTime checkedAt;
    QString readError;
    QDateTime tickAt;
};

// One tick's outcome for the API: the version (moved only when the content changed) and GET snapshot's body,
// serialized once.
struct SnapshotEdition {
    SnapshotVersionInfo info;
    SnapshotPtr snapshot;
    QByteArray body;
    bool published = false; // a new version; else the same content, read again (a later checkedAt)
    qint64 serializingMs = 0;
};

// Turns each tick's read into the next edition: serializes the snapshot and tells by the content's hash whether
// the version moves. The work of a tick (hundreds of ms for a 1,000-application cluster) is what SnapshotHub keeps
// off the API server's thread: it lives on a thread of its own, and reads come to it in tick order.
class SnapshotVersioner : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    SnapshotEdition take(const SnapshotRead &read);

private:
    SnapshotVersionInfo m_info;
    std::size_t m_contentHash = 0; // of the current version
};

} // namespace scaledeck
