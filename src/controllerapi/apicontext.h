// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "manualrequests.h"
#include "parkedstore.h"
#include "pricestore.h"
#include "schedulestore.h"

#include <QString>

namespace scaledeck {

class HistoryStore;
class SchedulesVersion;
class SnapshotHub;

// What the route families work with: the controller's stores, clock and queue, and the latest snapshot. All
// owned elsewhere (by `scaledeckctl run`, or a test), on the server's thread.
struct ApiContext {
    ScheduleStore *schedules = nullptr;
    ParkedStore *parked = nullptr;
    const Clock *clock = nullptr;
    QString clusterKey;
    ManualRequestQueue *manual = nullptr;
    SnapshotHub *hub = nullptr;
    PriceStore *prices = nullptr; // nullptr: the prices routes answer 404
    // The recorded GPU history (its own connection: the recorder's is the controller's). nullptr, or no prices:
    // the cost and history routes answer 404.
    HistoryStore *history = nullptr;
    SchedulesVersion *schedulesVersion = nullptr; // the API's own, as the hub
};

} // namespace scaledeck
