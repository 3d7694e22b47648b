// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterclient.h"
#include "clusterendpoint.h"
#include "result.h"
#include "tlstrust.h"

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>

#include <functional>

class QNetworkAccessManager;

namespace scaledeck {

class DashboardJob;

// ClusterClient over Ray's dashboard HTTP API: each call one job (DashboardJob) with the endpoint's timeout
// as its inactivity timeout and a typed result. GETs are retried once on transient failures (repeating them
// is harmless); PUT and POST never are. https:// is verified against the system's CAs or the endpoint's CA
// file; a certificate that fails is a Tls error (never ignored, never retried) and nothing is sent.
// Destroying the client destroys every job it made that is still running: no handler runs after it.
class DashboardClient : public QObject, public ClusterClient {
    Q_OBJECT
public:
    static inline const QString versionPath = QStringLiteral("/api/ray/version");
    static inline const QString applicationsPath = QStringLiteral("/api/serve/applications/");
    static inline const QString nodesPath = QStringLiteral("/api/v0/nodes");
    static inline const QString nodeSummaryPath = QStringLiteral("/nodes?view=summary");
    static QString scalePath(const QString &app, const QString &deployment);

    DashboardClient(QNetworkAccessManager *network, ClusterEndpoint endpoint, QObject *parent = nullptr);
    ~DashboardClient() override;

    const ClusterEndpoint &endpoint() const override { return m_endpoint; }

    ClusterJob *fetchVersion(QObject *owner, BodyHandler done) override;
    ClusterJob *fetchServeApplications(QObject *owner, BodyHandler done) override;
    ClusterJob *fetchNodes(QObject *owner, BodyHandler done) override;
    ClusterJob *fetchNodeSummary(QObject *owner, BodyHandler done) override;
    ClusterJob *putServeConfig(QObject *owner, const QByteArray &config, DoneHandler done) override;
    ClusterJob *scaleDeployment(QObject *owner, const QString &app, const QString &deployment, int replicas,
                                DoneHandler done) override;

    // Path-level calls, owned by the client itself (their handlers may run as long as it lives): for tests and
    // tools that look at the HTTP exchange. The program asks through ClusterClient, with an owner.
    ClusterJob *get(const QString &path, BodyHandler done);
    ClusterJob *put(const QString &path, const QByteArray &jsonBody, BodyHandler done);
    ClusterJob *post(const QString &path, const QByteArray &jsonBody, BodyHandler done);

    // Maps one finished exchange to a specific error; public so its table can be tested directly.
    static RayError classify(QNetworkReply::NetworkError networkError, int httpStatus, const QByteArray &body,
                             const QString &networkErrorText, bool timedOut);
    static QByteArray userAgent();

private:
    friend class DashboardJob;
    ClusterJob *send(QObject *owner, const QByteArray &verb, const QString &path, const QByteArray &body, int retries,
                     BodyHandler done);

    QNetworkAccessManager *m_network;
    ClusterEndpoint m_endpoint;
    Result<QSslConfiguration> m_tls;    // https only; a bad CA file fails every call with its reason
    QList<QPointer<ClusterJob>> m_jobs; // running, whoever owns them: ended with the client
};

} // namespace scaledeck
