// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the benchmarks that load a CostView over bench_history's store share.
#include <QDateTime>
#include <QString>

namespace scaledeck {
class CostView;
}

namespace scaledeck::bench {

inline const QString kBenchCluster = QStringLiteral("http://bench:8265"); // bench_history's cluster key

// The last instant the store at `path` holds history for `clusterKey`: the view's "now", so every window ends where
// the data ends (bench_history ends its range at a fixed date; a store from elsewhere works the same). Invalid when
// it holds none.
QDateTime lastRecord(const QString &path, const QString &clusterKey = kBenchCluster);

// Runs the event loop until the view has applied a load; false after `timeoutMs` (checked between events only: a
// long apply() on the GUI thread is waited for, not cut short).
bool waitForLoad(CostView &view, int timeoutMs);

} // namespace scaledeck::bench
