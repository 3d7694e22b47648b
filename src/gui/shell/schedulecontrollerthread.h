// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterendpoint.h"
#include "prometheustraffic.h"
#include "schedulecontroller.h"
#include "workerthread.h"

#include <QObject>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;

namespace scaledeck {

class HistoryStore;
class ScheduleStore;
class UsageRecorder;

// The schedule controller as the GUI runs it: on a thread of its own (it reads and parses the cluster's
// state every tick), with its own network access manager, client and store connections. Every tick it
// tries the cluster's controller lock, so it controls the cluster exactly when nobody else (a
// `scaledeckctl run`, another ScaleDeck) does, and reports who holds the lock otherwise.
class ScheduleControllerWorker : public QObject {
    Q_OBJECT
public:
    // `prometheusUrl`: where park-when-idle rules read their target's recent requests (empty: no traffic source).
    ScheduleControllerWorker(ClusterEndpoint endpoint, QString storePath, QUrl prometheusUrl, int tickMs);
    ~ScheduleControllerWorker() override;

public Q_SLOTS:
    void setUp();    // in the worker thread: creates everything and starts ticking
    void tearDown(); // in the worker thread: stops, releases the lock, destroys everything
    void tickNow();

Q_SIGNALS:
    void tickFinished(const scaledeck::TickReport &report);

private:
    ClusterEndpoint m_endpoint;
    QString m_storePath;
    QUrl m_prometheusUrl;
    int m_tickMs;
    SystemClock m_clock;
    QNetworkAccessManager *m_network = nullptr;
    ClusterClient *m_client = nullptr; // a DashboardClient
    std::unique_ptr<ParkedStore> m_parkedStore;
    std::unique_ptr<ScheduleStore> m_scheduleStore;
    std::unique_ptr<HistoryStore> m_historyStore;
    std::unique_ptr<UsageRecorder> m_recorder;
    std::unique_ptr<PrometheusClient> m_prometheus;
    std::unique_ptr<PrometheusRecentRequests> m_recentRequests;
    ScheduleController *m_controller = nullptr;
};

// Owns the worker and its thread for one cluster session.
class ScheduleControllerThread : public QObject {
    Q_OBJECT
public:
    ScheduleControllerThread(ClusterEndpoint endpoint, QString storePath, QUrl prometheusUrl, int tickMs = 10000,
                             QObject *parent = nullptr);
    ~ScheduleControllerThread() override; // tears the worker down on its thread (releasing the lock), joins it
    void tickNow();                       // e.g. right after the schedule or an override was saved

Q_SIGNALS:
    void tickFinished(const scaledeck::TickReport &report);

private:
    WorkerThread m_thread; // a ScheduleControllerWorker
};

} // namespace scaledeck
