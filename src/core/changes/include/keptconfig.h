// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterclient.h"
#include "parkedstore.h"
#include "result.h"

#include <functional>

namespace scaledeck {

// Deletes the config ScaleDeck's store keeps of `app` after a park or unpark whose outcome was unknown, but
// only once a fresh read of the cluster shows `app` live with a config of its own and the store's copy beside
// it (ApplicationSnapshot::keptConfig): the snapshot the operator acted on may be old, and a copy that has
// become the app's only one (it was parked meanwhile) must never be dropped this way. Ray is not changed.
// A read-only store refuses. `done` gets Done, or an error saying that nothing was discarded and why.
// `storedAt` is when the copy the operator agreed to drop was stored (ApplicationSnapshot::keptConfigAt): a
// record stored since (a new park) is not it, and stays. The reads belong to `owner`: if it goes first, `done`
// never runs.
void discardKeptConfig(ClusterClient *client, QObject *owner, ParkedStore *store, const QString &app,
                       const QDateTime &storedAt, std::function<void(Result<Done>)> done);

} // namespace scaledeck
