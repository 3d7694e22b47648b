// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What the benchmarks read of a process's memory: GUI-free, for the GUI benchmarks and the others alike.
#include <QtGlobal>

namespace scaledeck::bench {

// A "Vm..."/"Rss..." line of /proc/PID/status in MB (from kB); this process's when `pid` is 0. -1 where there is
// none (no such process, not Linux).
double statusMb(const char *field, qint64 pid = 0);

} // namespace scaledeck::bench
