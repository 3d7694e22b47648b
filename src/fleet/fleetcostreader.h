// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetcost.h"
#include "fleetmember.h"
#include "fleetwindowcost.h"

#include <QObject>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;
class QTimer;

namespace scaledeck {

class Clock;
class ControllerClient;

// How often a member's spend is read again: the figures of today and this month move slowly, and a month of
// history is a heavier read than a poll, so not at the poll's pace.
struct FleetCostOptions {
    std::chrono::milliseconds interval{60000};
    std::chrono::milliseconds timeout{10000}; // a controller's answer
};

// Each member's spend and savings (FleetCost), read on its own schedule, apart from the live polls: made on a thread
// of its own (FleetSession), so neither a month of local history nor a slow controller delays a live figure.
// A dashboard member is read from `history` and `prices` (this machine's store, opened on that thread; either null:
// unavailable), a controller member through its own client (GET cost), asynchronously, so one that is slow or down
// never delays another member's read. Each answer emits costChanged for that member alone.
// Apart from those, and only when asked (readWindows: the Fleet page's chart is shown, or its deployment costs are
// exported), each member's cost over one of the Cost tab's windows (windowCostChanged), from the same sources.
class FleetCostReader : public QObject {
    Q_OBJECT
public:
    FleetCostReader(std::vector<FleetMember> members, HistoryStore *history, PriceStore *prices, const Clock *clock,
                    FleetCostOptions options = {}, QObject *parent = nullptr);
    ~FleetCostReader() override;

    // Reads every member soon (each its own event, so the first answers come without waiting for the rest), then
    // each every options.interval.
    Q_INVOKABLE void start();
    // Stops every timer and abandons the controllers' reads in flight; the windows asked for are read again at start().
    Q_INVOKABLE void stop();
    // Reads every member's cost over `window` now (each its own event), then, when `repeat`, every options.interval
    // while running; reads of another window in flight are abandoned. stopWindows() ends them.
    void readWindows(CostWindow window, bool repeat);
    void stopWindows();
    // The member answered a poll after not answering (or for the first time): when its cost is not known, it is
    // read now rather than at its next turn (a controller that was down has its history again).
    Q_INVOKABLE void memberAnswered(int index);

Q_SIGNALS:
    void costChanged(int index, const scaledeck::FleetCostPtr &cost);
    void windowCostChanged(int index, const scaledeck::FleetWindowCostPtr &cost);

private:
    void read(int index);
    void finish(int index, FleetCost cost);
    void readAllWindows();
    void readWindow(int index, quint64 generation);
    void finishWindow(int index, quint64 generation, FleetWindowCost cost);
    void abandonWindows();

    struct Member {
        FleetMember member;
        QString clusterKey; // a dashboard member's key in this machine's store
        std::unique_ptr<ControllerClient> controller;
        QTimer *timer = nullptr;
        QObject *reading = nullptr;       // owns a controller's read in flight: deleting it abandons it
        QObject *readingWindow = nullptr; // the same for its window's read
        FleetCostPtr last;
    };
    // Why a member not read through a controller client has no figures here; nullopt when this machine's store has
    // them.
    std::optional<QString> whyNotReadable(const Member &member) const;

    std::vector<Member> m_members;
    HistoryStore *m_history;
    PriceStore *m_prices;
    const Clock *m_clock;
    FleetCostOptions m_options;
    // The controllers' (a child), each with its own client: its connections are per host, so one controller's slow
    // answers never queue another's.
    QNetworkAccessManager *m_network = nullptr;
    bool m_running = false;
    std::optional<CostWindow> m_window; // the window asked for, while it is
    bool m_windowRepeat = false;
    quint64 m_windowGeneration = 0; // a read of an earlier ask (another window, a stop) is dropped
    QTimer *m_windowTimer = nullptr;
};

// The key of a dashboard member's history in this machine's store: the dashboard's scheme://host:port, as the
// window records it (ClusterEndpoint::clusterKey).
QString fleetMemberClusterKey(const FleetMember &member);

} // namespace scaledeck
