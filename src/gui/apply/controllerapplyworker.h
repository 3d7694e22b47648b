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

// One change the controller is asked for: POST scale {"target", "replicas"} or {"target", "autoscaling": {"min",
// "max"}}, park {"app"} or unpark {"app"}.
struct ControllerRequest {
    QString verb; // "scale", "park", "unpark"
    QString app;
    QString deployment;                           // scale only
    int replicas = 0;                             // scale only, without autoscaling
    std::optional<AutoscalingBounds> autoscaling; // scale only: bounds instead of a count
    QString target() const { return deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment; }
    QString scaledTo() const; // "3", "autoscaling 1..4"
};

// The requests a change set becomes, and the preview the confirmation shows (before: what `baseline` held); an
// InvalidChange for an edit the controller's API does not take (a deployment changed neither in count nor bounds).
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
    // DELETE parked/APP?storedAt=: the controller discards it at its next tick, after the check the single-user
    // mode makes (the app runs with a config of its own beside the copy); the request is followed to its end.
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
    void followDiscard(const QString &app, qint64 id, int round);

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
