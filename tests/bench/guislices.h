// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the GUI benchmarks measure: the longest single slice of GUI-thread work (one outermost event's handling,
// what a user feels as a frozen window; issue 16's target is 16 ms), and running the event loop until idle.
#include "processstatus.h" // statusMb, for the GUI benchmarks

#include <QApplication>
#include <QString>

namespace scaledeck::bench {

// Times each outermost event delivery on the GUI thread (other threads' events pass untimed). BENCH_SLICES=1 prints
// every slice over 16 ms with its event type and receiver. BENCH_CPU=1 times the GUI thread's CPU time instead of
// the wall time (to tell a slice's own work from waiting for a core on a busy machine; the figures issue 16 pins
// are wall times).
class SliceTimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override;
    // The longest event delivery since the last call, and what it was ("event 77 to QWidgetWindow").
    double takeLongestMs();
    QString longestWhat() const { return m_longestWhat; }

private:
    int m_depth = 0;
    double m_longestMs = 0;
    QString m_longestWhat;
};

// The application, which must be a SliceTimingApplication.
SliceTimingApplication *sliceTimer();

// Runs the GUI thread's event loop until nothing is left to do: posted events (layout requests, UpdateRequest and
// paint, deferred deletes) and due timers (delayed item layout, header resize).
void processEventsUntilIdle();

} // namespace scaledeck::bench
