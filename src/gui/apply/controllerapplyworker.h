// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "applybackend.h"
#include "controllerclient.h"
#include "controllerconnection.h"

#include <QElapsedTimer>
#include <QTimer>

class QNetworkAccessManager;

namespace scaledeck {

// One change the controller is asked for: POST scale {"target", "replicas"}, park {"app"} or unpark {"app"}.
struct ControllerRequest {
    QString verb; // "scale", "park", "unpark"
    QString app;
    QString deployment; // scale only
    int replicas = 0;   // scale only
    QString target() const { return deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment; }
};

// The requests a change set becomes, and the preview the confirmation shows (before: what `baseline` held); an
// InvalidChange for an edit the controller's API does not take (autoscaling bounds, a deployment at 0).
struct ControllerPlan {
    std::vector<ControllerRequest> requests;
    ApplyPlan plan;
};
Result<ControllerPlan> planControllerRequests(const ClusterSnapshot &baseline, const ChangeSet &changes);

// The window's changes when it is a client of the team's controller: each edit becomes a manual request the
// controller applies between its ticks (so they never race its schedules), and the follow reads the requests'
// states until the controller has sent them to Ray or refused them. Lives on the session's apply thread.
class ControllerApplyWorker : public ApplyBackend {
    Q_OBJECT
public:
    explicit ControllerApplyWorker(ControllerConnection connection);
    ~ControllerApplyWorker() override;

    void setUp();    // on its thread
    void tearDown(); // on its thread: calls in flight are aborted and never answered

public Q_SLOTS:
    void apply(scaledeck::SnapshotPtr baseline, scaledeck::ChangeSet changes, scaledeck::ApplyOptions options) override;
    void stopFollowing() override;
    // The kept configs of live apps are the controller's: not discarded from a client.
    void discardKeptConfig(const QString &app, const QDateTime &storedAt) override;

private:
    struct Sent {
        ControllerRequest request;
        qint64 id = 0;
        QString state = QStringLiteral("pending"); // "pending", "sent", "failed"
        QString detail;
    };
    void sendNext();
    void onPosted(const Result<ControllerReply, ControllerError> &answer);
    void follow();
    void onRequestRead(size_t index, const Result<ControllerReply, ControllerError> &answer);
    void finish(bool converged, bool stopped = false);
    void fail(const RayError &error);
    QString waitingText() const;

    ControllerConnection m_connection;
    QNetworkAccessManager *m_network = nullptr;
    ControllerClient *m_client = nullptr;
    QTimer *m_followTimer = nullptr;
    QElapsedTimer m_followClock;
    ApplyOptions m_options;
    ApplyPlan m_plan;
    std::vector<ControllerRequest> m_toSend; // in order; sendNext() takes the first
    std::vector<Sent> m_sent;
    int m_reading = 0;        // request reads in flight
    quint64 m_generation = 0; // one per apply: answers carry it, and a previous apply's are dropped
    bool m_busy = false;
};

} // namespace scaledeck
