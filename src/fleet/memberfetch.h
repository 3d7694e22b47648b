// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetmember.h"
#include "fleetrow.h"
#include "result.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace scaledeck {

class ClusterClient;
class ControllerClient;
class ParkedStore;
class PriceStore;

// Where a dashboard member's parked apps and prices come from: this machine's store (a controller member's come
// from its controller). Either may be null: no parked apps, no price. Used on the fetch's own thread only.
struct FleetStores {
    ParkedStore *parked = nullptr;
    PriceStore *prices = nullptr;
};

// One member's reads: its own network access manager and client, made once and used for every poll, so members
// never share a connection or wait on each other. fetch() answers once, from the event loop, unless this object
// is destroyed first (then never; its requests are aborted).
//   dashboard:  fetchSnapshot (version, Serve state, nodes) with the parked apps; prices from the local store
//   controller: GET snapshot, health, overrides and prices at once; only the snapshot's failure fails the read
class MemberFetch : public QObject {
    Q_OBJECT
public:
    MemberFetch(const FleetMember &member, FleetStores stores, std::chrono::milliseconds timeout,
                QObject *parent = nullptr);
    ~MemberFetch() override;

    using Handler = std::function<void(Result<FleetReading>)>;
    // A read in flight is abandoned (its answer never comes) when another starts.
    void fetch(Handler done);
    // Abandons the read in flight, if any: its answer never comes.
    void abandon();

private:
    void fetchFromDashboard(Handler done);
    void fetchFromController(Handler done);

    FleetMember m_member;
    FleetStores m_stores;
    QNetworkAccessManager *m_network; // a child: deleted after the clients, which the destructor ends first
    std::unique_ptr<ClusterClient> m_dashboard;
    std::unique_ptr<ControllerClient> m_controller;
    QObject *m_reading = nullptr; // owns the read in flight: deleting it abandons it
};

} // namespace scaledeck
