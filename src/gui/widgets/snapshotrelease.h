// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"

namespace scaledeck {

// Drops a reference to a snapshot on a worker thread. When it is the last one, freeing a large cluster's
// snapshot (thousands of allocations, and the allocator tidying up after them) takes several
// milliseconds, which the GUI thread would otherwise spend in the middle of a refresh. Snapshots are
// immutable and hold no QObjects, so any thread may destroy them.
void releaseSnapshotInBackground(SnapshotPtr snapshot);

} // namespace scaledeck
