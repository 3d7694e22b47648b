// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterjob.h"

#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace scaledeck {

// One GET to a Prometheus HTTP API endpoint: owns its reply, restarts its inactivity timer whenever bytes move,
// and asks once more after a transient failure (connection refused, timeout, 5xx other than 501).
class PrometheusJob final : public ClusterJob {
public:
    PrometheusJob(QObject *owner, QNetworkAccessManager *network, QUrl url, QString server, int timeoutMs,
                  BodyHandler done);
    ~PrometheusJob() override;

    void start();

protected:
    void inactivityTimedOut() override;
    void stopTransport() override;

private:
    void onFinished();
    RayError errorOf(QNetworkReply *reply, int status, const QByteArray &payload) const;

    QNetworkAccessManager *m_network;
    QUrl m_url;
    QString m_server; // "Prometheus at http://…", for error messages
    int m_retriesLeft = 1;
    QPointer<QNetworkReply> m_reply;
    bool m_timedOut = false;
};

} // namespace scaledeck
