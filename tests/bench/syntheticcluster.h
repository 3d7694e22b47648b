// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

// A GET /api/serve/applications/ body shaped like Ray 2.60's (fields as in tests/fixtures), for
// `apps` applications x `deployments` x `replicas`. `variant` changes a few replica states and targets (in odd
// variants, every `scalingEvery`th application is mid-scale), so consecutive bodies differ the way consecutive polls
// of a busy cluster do.
QByteArray syntheticServeBody(int apps, int deployments, int replicas, int variant, int scalingEvery = 50);
// The same body written to `out` an application at a time: at 10,000 deployments the whole body as one JSON DOM was
// a quarter of a gigabyte.
void writeSyntheticServeBody(QIODevice &out, int apps, int deployments, int replicas, int variant,
                             int scalingEvery = 50);

// That body parsed into a fresh snapshot (2.60.0, 4,000 GPUs), as the poller delivers one: on a thread of its own,
// never the same object twice in a row, carrying what changed since `previous` as the poller notes it on its thread.
// Exits on a parse error (the body is the bench's own).
scaledeck::SnapshotPtr syntheticSnapshot(const QByteArray &body, const scaledeck::SnapshotPtr &previous = {});
// The body in the file at `path` (writeSyntheticServeBody's), read and parsed on a thread of its own, as the poller
// reads and parses a response: a benchmark that keeps its bodies in files holds one in memory only while it parses
// it, as the product does, so its peak memory is the product's and not its fixtures'.
scaledeck::SnapshotPtr syntheticSnapshotFromFile(const QString &path, const scaledeck::SnapshotPtr &previous = {});
