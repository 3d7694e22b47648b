// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "fleetcostreader.h"
#include "fleetmember.h"
#include "fleetpolloptions.h"
#include "fleetrow.h"
#include "workerthread.h"

#include <QObject>

#include <memory>
#include <vector>

namespace scaledeck {

class Clock;
class FleetPoller;
class HistoryStore;
class ParkedStore;
class PriceStore;

// The FleetPoller's side of its thread: the local store's parked apps and prices are opened there (their SQLite
// connections belong to it), the poller made there after them and deleted before them.
class FleetWorker : public QObject {
    Q_OBJECT
public:
    FleetWorker(std::vector<FleetMember> members, QString storePath, const Clock *clock, FleetPollOptions options);
    ~FleetWorker() override;

    void setUp();
    void tearDown();
    Q_INVOKABLE void start();
    Q_INVOKABLE void stop();
    Q_INVOKABLE void pollAllNow();

Q_SIGNALS:
    void rowChanged(int index, const scaledeck::FleetRow &row);

private:
    std::vector<FleetMember> m_members;
    QString m_storePath;
    const Clock *m_clock;
    FleetPollOptions m_options;
    std::unique_ptr<ParkedStore> m_parked;
    std::unique_ptr<PriceStore> m_prices;
    FleetPoller *m_poller = nullptr;
};

// The FleetCostReader's side of its own thread: this machine's history and prices opened there (reading a month of
// history never holds up a poll), the reader made after them and deleted before them.
class FleetCostWorker : public QObject {
    Q_OBJECT
public:
    FleetCostWorker(std::vector<FleetMember> members, QString storePath, const Clock *clock, FleetCostOptions options);
    ~FleetCostWorker() override;

    void setUp();
    void tearDown();
    Q_INVOKABLE void start();
    Q_INVOKABLE void stop();
    Q_INVOKABLE void memberAnswered(int index);
    void readWindows(CostWindow window, bool repeat);
    void stopWindows();

Q_SIGNALS:
    void costChanged(int index, const scaledeck::FleetCostPtr &cost);
    void windowCostChanged(int index, const scaledeck::FleetWindowCostPtr &cost);

private:
    std::vector<FleetMember> m_members;
    QString m_storePath;
    const Clock *m_clock;
    FleetCostOptions m_options;
    std::unique_ptr<HistoryStore> m_history;
    std::unique_ptr<PriceStore> m_prices;
    FleetCostReader *m_reader = nullptr;
};

// The window's fleet: every member polled on a thread of its own (one WorkerThread for the whole fleet: each
// member still has its own connection, timer and back-off there), so neither the network nor the parsing of a
// large cluster's answer runs on the GUI thread. rowChanged arrives queued, one member at a time. Each member's
// spend and savings (costChanged) are read on a second thread, at their own slow pace (FleetCostOptions), and
// again when a member whose cost is unknown starts answering. Their costs over the chart's window (windowCostChanged)
// are read on that thread too, only when asked (readWindowCosts).
class FleetSession : public QObject {
    Q_OBJECT
public:
    // `clock` is read on the fleet's thread (answeredAt): a SystemClock or a test's clock that is safe to read there.
    FleetSession(std::vector<FleetMember> members, QString storePath, const Clock *clock, FleetPollOptions options = {},
                 FleetCostOptions costOptions = {}, QObject *parent = nullptr);
    ~FleetSession() override;

    // The rows before any answer (waiting, or unreachable with why the member cannot be asked).
    const std::vector<FleetRow> &firstRows() const { return m_firstRows; }
    // Polling starts and stops with the page being shown: a fleet nobody looks at costs no requests.
    void start();
    void stop();
    void refreshNow();
    // Every member's cost over `window` now, then every FleetCostOptions::interval while started when `repeat` (the
    // chart is shown); stopWindowCosts ends them (it is hidden).
    void readWindowCosts(CostWindow window, bool repeat);
    void stopWindowCosts();

Q_SIGNALS:
    void rowChanged(int index, const scaledeck::FleetRow &row);
    void costChanged(int index, const scaledeck::FleetCostPtr &cost);
    void windowCostChanged(int index, const scaledeck::FleetWindowCostPtr &cost);

private:
    void onRowChanged(int index, const FleetRow &row);

    std::vector<FleetRow> m_firstRows;
    std::vector<bool> m_answering; // by member: whether its latest row answered (a change to true reads its cost)
    WorkerThread m_thread;
    WorkerThread m_costThread;
};

} // namespace scaledeck
