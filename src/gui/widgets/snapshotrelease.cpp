// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "snapshotrelease.h"

#include <QThreadPool>

namespace scaledeck {

void releaseSnapshotInBackground(SnapshotPtr snapshot)
{
    if (!snapshot || snapshot.use_count() > 1)
        return; // someone else still holds it: dropping this reference frees nothing
    QThreadPool::globalInstance()->start([snapshot = std::move(snapshot)]() mutable { snapshot.reset(); });
}

} // namespace scaledeck
