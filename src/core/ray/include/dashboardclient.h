#pragma once

#include "clusterendpoint.h"
#include "result.h"
#include "tlstrust.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace scaledeck {

// One HTTP call at a time to Ray's dashboard API, each with an explicit timeout and a typed result.
// GETs are retried once on transient failures (repeating them is harmless); PUT and POST never are.
// https:// is verified against the system's CAs or the endpoint's CA file; a certificate that fails is a
// Tls error (never ignored, never retried) and nothing is sent.
class DashboardClient : public QObject {
    Q_OBJECT
public:
    using BodyHandler = std::function<void(Result<QByteArray>)>;

    static inline const QString versionPath = QStringLiteral("/api/ray/version");
    static inline const QString applicationsPath = QStringLiteral("/api/serve/applications/");
    static inline const QString nodesPath = QStringLiteral("/api/v0/nodes");
    static QString scalePath(const QString &app, const QString &deployment);

    DashboardClient(QNetworkAccessManager *network, ClusterEndpoint endpoint, QObject *parent = nullptr);

    const ClusterEndpoint &endpoint() const { return m_endpoint; }

    void get(const QString &path, BodyHandler done);
    void put(const QString &path, const QByteArray &jsonBody, BodyHandler done);
    void post(const QString &path, const QByteArray &jsonBody, BodyHandler done);

    // Maps one finished exchange to a specific error; public so its table can be tested directly.
    static RayError classify(QNetworkReply::NetworkError networkError, int httpStatus, const QByteArray &body,
                             const QString &networkErrorText, bool timedOut);
    static QByteArray userAgent();

private:
    void send(const QByteArray &verb, const QString &path, const QByteArray &body, int retriesLeft,
              BodyHandler done);

    QNetworkAccessManager *m_network;
    ClusterEndpoint m_endpoint;
    Result<QSslConfiguration> m_tls;  // https only; a bad CA file fails every call with its reason
};

}  // namespace scaledeck
