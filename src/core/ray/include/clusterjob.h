// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace scaledeck {

// One request to a cluster, shaped after the ownCloud client's network jobs: it belongs to whoever asked
// (its QObject parent, the owner), has an inactivity timeout of its own (restarted whenever data moves),
// can be aborted, and answers once. Destroying the owner destroys the job and stops its request; so does
// destroying the client that made it. Either way its handler never runs afterwards, so a handler may capture
// its owner freely. After its answer the job deletes itself.
class ClusterJob : public QObject {
    Q_OBJECT
public:
    using BodyHandler = std::function<void(Result<QByteArray>)>;

    ~ClusterJob() override;

    // Stops the request; the handler never runs. The job deletes itself once control is back in the event loop.
    void abort();
    bool isFinished() const { return m_finished; }
    // What the job asks, for logs: "GET /api/serve/applications/".
    const QString &description() const { return m_description; }
    int inactivityTimeoutMs() const { return m_timeoutMs; }

protected:
    // `owner` must live in the current thread; it owns the job from here on.
    ClusterJob(QObject *owner, QString description, int inactivityTimeoutMs, BodyHandler done);

    // Starts or restarts the inactivity timer: when a request goes out, and whenever data moves.
    void restartInactivityTimer();
    void stopInactivityTimer();
    // No data moved for inactivityTimeoutMs(): stop the transport and answer (e.g. with a Timeout, or retry).
    virtual void inactivityTimedOut() = 0;
    // Stops the transport without answering (abort()). A subclass's destructor stops it too.
    virtual void stopTransport() = 0;
    // Delivers the answer, once, and schedules the job's deletion. Touch nothing of the job after calling it:
    // the handler may destroy the owner, and the job with it.
    void finish(Result<QByteArray> result);

private:
    QString m_description;
    int m_timeoutMs;
    BodyHandler m_done;
    QTimer m_inactivity;
    bool m_finished = false;
};

} // namespace scaledeck
