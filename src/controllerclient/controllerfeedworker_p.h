// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "controllerclient.h"
#include "controllerfeed.h"

#include <QTimer>

class QNetworkAccessManager;

namespace scaledeck {

// ControllerFeed's worker, on the feed's thread: the network objects, the long poll and the health timer.
class ControllerFeedWorker : public QObject {
    Q_OBJECT
public:
    ControllerFeedWorker(ControllerConnection connection, ControllerFeed::Options options);
    ~ControllerFeedWorker() override;

    void setUp();    // on the thread: whoami, health, the first snapshot
    void tearDown(); // on the thread: calls in flight are aborted and never answered
    void refreshNow();

Q_SIGNALS:
    void snapshotReady(scaledeck::SnapshotPtr snapshot);
    void snapshotConfirmed(const QDateTime &atUtc);
    void pollFailed(const scaledeck::RayError &error);
    void statusRead(const scaledeck::ControllerStatus &status);

private:
    void readIdentity();
    void readHealth();
    void pollSnapshot();
    void onSnapshotAnswer(const Result<ControllerReply, ControllerError> &answer);
    void adoptSnapshot(const nlohmann::json &body);

    ControllerConnection m_connection;
    ControllerFeed::Options m_options;
    QNetworkAccessManager *m_network = nullptr;
    ControllerClient *m_client = nullptr;
    QTimer *m_retry = nullptr;  // the next long poll after a failure
    QTimer *m_health = nullptr; // health every options.healthMs
    qint64 m_version = -1;      // the version last adopted; -1: none yet
    bool m_polling = false;     // a long poll is in flight
    ControllerStatus m_status;
    SnapshotPtr m_previous; // the last snapshot adopted: the next one carries what changed since (for the GUI)
};

} // namespace scaledeck
