// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

namespace scaledeck {

// What /healthz answers: healthy (200) or not (503), and why, in a line an operator reads.
struct HealthVerdict {
    bool healthy = false;
    QString text; // "ok (last successful tick 4 s ago)", "last successful tick 45 s ago (more than 3 ticks of 10 s)"
};

// A controller is healthy while its last successful tick (one that ran without error: a controller waiting for
// another's lock ticks successfully too) is no older than `ticks` ticks. Before its first success it is given
// as long from its start, then it is "no successful tick yet". Ages are on the injected clock's `nowUtc`.
HealthVerdict judgeHealth(const std::optional<QDateTime> &lastSuccessUtc, const QDateTime &startedUtc,
                          const QDateTime &nowUtc, int tickMs, int ticks = 3);

} // namespace scaledeck
