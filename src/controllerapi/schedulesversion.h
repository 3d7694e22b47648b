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
// expiry changes too), read at each ask (a few small rows).
//
// The first version is the clock's milliseconds at the first ask, then it counts up: a restarted controller does
// not give a number an earlier one gave for other content. Clients compare it for equality only.
class SchedulesVersion {
public:
    // The version of `stored`, read at `now`.
    qint64 of(const StoredSchedules &stored, const QDateTime &now);

private:
    std::optional<std::size_t> m_digest;
    qint64 m_version = 0;
};

} // namespace scaledeck
