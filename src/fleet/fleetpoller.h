// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetmember.h"
#include "fleetpolloptions.h"
#include "fleetrow.h"
#include "memberfetch.h"

#include <QLoggingCategory>
#include <QObject>

#include <vector>

class QTimer;

namespace scaledeck {

class Clock;

Q_DECLARE_LOGGING_CATEGORY(lcFleet) // scaledeck.fleet: each fleet member's failed polls

// Every member of the fleet polled on its own: each its own MemberFetch (network access manager, client), its
// own timer and its own back-off (nextPollDelay), so a member that is slow, down or refusing the token never
// delays another. Nothing here waits: each answer updates that member's row and emits rowChanged for it alone.
//
// For the window: make it on a WorkerThread (with FleetStores opened there), start() it with a queued call and
// connect rowChanged (queued; FleetRow is a registered metatype). Parsing a large cluster's answer then never
// runs on the GUI thread. `clock` stamps the answers (answeredAt, so "stale since").
class FleetPoller : public QObject {
    Q_OBJECT
public:
    FleetPoller(std::vector<FleetMember> members, FleetStores stores, const Clock *clock, FleetPollOptions options = {},
                QObject *parent = nullptr);
    ~FleetPoller() override;

    // Polls every member that can be asked now, then each on its own schedule. Members that cannot be asked
    // (setupError) keep their Unreachable row and are never polled.
    Q_INVOKABLE void start();
    // Stops every timer and abandons the reads in flight; the rows keep what they showed.
    Q_INVOKABLE void stop();
    // Polls now every member that is not being read (a refresh: back-off waits are cut short).
    Q_INVOKABLE void pollAllNow();

    // The rows, in the members' order (index = the member's index).
    const std::vector<FleetRow> &rows() const { return m_rows; }

Q_SIGNALS:
    void rowChanged(int index, const scaledeck::FleetRow &row);

private:
    void poll(int index);
    void onReading(int index, const Result<FleetReading> &reading);

    struct Member {
        FleetMember member;
        MemberFetch *fetch = nullptr; // null: cannot be asked
        QTimer *timer = nullptr;
        bool reading = false;
    };
    std::vector<Member> m_members;
    std::vector<FleetRow> m_rows;
    const Clock *m_clock;
    FleetPollOptions m_options;
    bool m_running = false;
};

} // namespace scaledeck
