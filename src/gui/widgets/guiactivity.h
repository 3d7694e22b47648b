// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>

namespace scaledeck {

// The name of a piece of GUI work, as the stall monitor reports it ("live refresh"). consteval: only a constant,
// in practice a string literal, can be one, so its text outlives every GuiActivity that names it and the
// monitor's thread may read it at any moment without a lock or a copy.
class ActivityName {
public:
    consteval ActivityName(const char *text) : m_text(text) {} // NOLINT(google-explicit-constructor): a literal
    const char *text() const { return m_text; }

private:
    const char *m_text;
};

// Marks what the thread is doing for as long as it lives:
//     GuiActivity activity("fleet refresh");
// A StallMonitor watching this thread names the innermost activity it saw in its report of a stall. Costs two
// relaxed atomic stores, with or without a monitor, so the GUI's main slices may all carry one.
//
// The current activity is a thread_local, not a member of the monitor: the work worth naming sits deep in models
// and views that have no other reason to know a monitor, and passing one into each for a diagnostic would thread
// it through every constructor. Per thread, a mark on a worker thread never shows in the GUI thread's report.
class GuiActivity {
public:
    explicit GuiActivity(ActivityName name);
    ~GuiActivity();
    GuiActivity(const GuiActivity &) = delete;
    GuiActivity &operator=(const GuiActivity &) = delete;

    // The calling thread's innermost activity's name, null when none: what the monitor's thread reads, through
    // the address the monitor took on the watched thread (valid for that thread's lifetime).
    using Slot = std::atomic<const char *>;
    static const Slot &currentOnThisThread();

private:
    const char *m_outer; // restored when this one ends
};

} // namespace scaledeck
