// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterpoller.h" // the SnapshotPtr and RayError metatypes
#include "controllerconnection.h"
#include "workerthread.h"

#include <QDateTime>
#include <QObject>

namespace scaledeck {

// What a window shows of a cluster when a controller stands between them: the controller's latest snapshot,
// followed with the API's long poll (GET snapshot?after=V&wait=S) instead of polling Ray, and the controller's
// health and who this client is to it. One thread of its own: a large cluster's snapshot is megabytes of JSON,
// read and parsed there, never in the GUI thread. The signals arrive queued in the thread that made the feed.
//
// Failures are retried after `retryMs`, for as long as the feed lives: a controller restarting is an outage the
// window shows (pollFailed), not an end.
class ControllerFeed : public QObject {
    Q_OBJECT
public:
    struct Options {
        int waitS = 10;       // one long poll's wait for the next version, and so how often "still the latest" comes
        int retryMs = 2000;   // after a failed call
        int healthMs = 10000; // how often health is read (the lock may move to another controller)
    };
    explicit ControllerFeed(ControllerConnection connection, Options options, QObject *parent = nullptr);
    explicit ControllerFeed(ControllerConnection connection, QObject *parent = nullptr)
        : ControllerFeed(std::move(connection), Options{}, parent)
    {
    }
    ~ControllerFeed() override;

    void start();
    // Reads health now, and the snapshot if no long poll is waiting (one is: it answers as soon as a version comes).
    void refreshNow();

Q_SIGNALS:
    void snapshotReady(scaledeck::SnapshotPtr snapshot); // a new version
    // The long poll answered without a new version: the one shown is still the controller's latest, as of `atUtc`.
    void snapshotConfirmed(const QDateTime &atUtc);
    void pollFailed(const scaledeck::RayError &error);
    void statusRead(const scaledeck::ControllerStatus &status);

private:
    WorkerThread m_thread; // a ControllerFeedWorker
};

} // namespace scaledeck

Q_DECLARE_METATYPE(scaledeck::ControllerStatus)
