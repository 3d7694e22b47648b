// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterjob.h"

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QSslError>
#include <QString>

class QNetworkReply;

namespace scaledeck {

class DashboardClient;

// One HTTP exchange with Ray's dashboard, as DashboardClient makes it: owns its QNetworkReply, restarts its
// inactivity timer whenever bytes move, and sends a GET once more after a transient failure (`retries`).
// Never outlives its client (the client ends its running jobs when it goes).
class DashboardJob final : public ClusterJob {
public:
    DashboardJob(QObject *owner, DashboardClient *client, QByteArray verb, QString path, QByteArray body, int retries,
                 BodyHandler done);
    ~DashboardJob() override;

    void start();

protected:
    void inactivityTimedOut() override;
    void stopTransport() override;

private:
    void onFinished();

    DashboardClient *m_client;
    QByteArray m_verb;
    QString m_path;
    QByteArray m_body; // null for a GET
    int m_retriesLeft;
    QPointer<QNetworkReply> m_reply;
    bool m_timedOut = false;
    QList<QSslError> m_sslErrors; // recorded only: the handshake then fails, and the reply says why
};

} // namespace scaledeck
