// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

class QSqlDatabase;

namespace scaledeck {

// SQLite in WAL mode copies committed pages back into the database file (a checkpoint, which also syncs the
// file) inside whichever commit takes the log past 1,000 pages: that commit takes several times as long as the
// others. A writer whose commits must stay short (history, a poll every 10 s) takes the checkpoint over with
// these two.

// After this, the connection checkpoints inside a commit only once the log holds `safetyPages` pages, a bound
// for a writer that stops calling checkpointWal(). A SQLite connection only: the caller checks the dialect.
Result<Done> deferWalCheckpoints(const QSqlDatabase &db, int safetyPages);

// A PASSIVE checkpoint: copies the pages no reader still needs, waits for neither readers nor writers.
Result<Done> checkpointWal(const QSqlDatabase &db);

} // namespace scaledeck
