// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "effectiveschedule.h"

#include <QDateTime>

#include <cstddef>
#include <optional>

namespace scaledeck {

// The schedules' version in GET health and GET schedules, so that a client reads the schedules only when they
// changed: a number that moves whenever the cluster's stored schedules or active overrides differ from the last
// read's, whoever changed them (this API, the controller, an import, `scaledeckctl schedule set` on the store's
// host, another controller on a shared store). Told from the store's own rows, not from the writes this process
// saw: a digest of what GET schedules lists (targets, texts and update times; the overrides active now, which an
// expiry changes too).
//
// GET schedules reads the rows at each ask, as it lists them anyway. GET health, which every window on the
// controller asks every few seconds, reads them at most once per controller tick and once after each write through
// this API (`forget`): a change made elsewhere shows at the first ask after the controller's next tick, which is
// also when the controller itself acts on it.
//
// The first version is the clock's milliseconds at the first ask, then it counts up: a restarted controller does
// not give a number an earlier one gave for other content. Clients compare it for equality only.
class SchedulesVersion {
public:
    // The version of `stored`, read at `now`.
    qint64 of(const StoredSchedules &stored, const QDateTime &now);
    // The version last computed, if that was after the tick reported at `tickAt` and no write came through the API
    // since; otherwise nothing, and the caller reads the rows (`of`) again.
    std::optional<qint64> knownSince(const QDateTime &tickAt) const;
    // Notes that `of` ran after the tick reported at `tickAt`.
    void markRead(const QDateTime &tickAt) { m_readAfterTick = tickAt; }
    // A write through the API may have changed the rows: the next GET health reads them again.
    void forget() { m_readAfterTick = QDateTime(); }

private:
    std::optional<std::size_t> m_digest;
    qint64 m_version = 0;
    QDateTime m_readAfterTick; // invalid: not read since the last write through the API
};

} // namespace scaledeck
