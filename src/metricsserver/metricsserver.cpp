// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "metricsserver.h"

#include "exposition.h"

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QTcpServer>

namespace scaledeck {

MetricsServer::MetricsServer(const ControllerMetrics *metrics) : m_metrics(metrics)
{
    m_server.route(QStringLiteral("/metrics"), QHttpServerRequest::Method::Get,
                   [this] { return QHttpServerResponse(QByteArray(expositionContentType), m_metrics->exposition()); });
    m_server.route(QStringLiteral("/healthz"), QHttpServerRequest::Method::Get, [this] {
        const HealthVerdict verdict = m_metrics->health();
        return QHttpServerResponse(QByteArrayLiteral("text/plain; charset=utf-8"), (verdict.text + u'\n').toUtf8(),
                                   verdict.healthy ? QHttpServerResponse::StatusCode::Ok
                                                   : QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
}

Result<quint16> MetricsServer::listen(const ListenAddress &address)
{
    // A server of our own rather than QHttpServer::listen(), which says only "0" on failure: its errorString()
    // tells an operator whether the port is taken or the address is not this machine's.
    auto *tcp = new QTcpServer(&m_server);
    if (!tcp->listen(address.host, address.port)) {
        const QString why = tcp->errorString();
        delete tcp;
        return makeError(RayErrorKind::BadSetting, QStringLiteral("cannot listen for metrics on %1:%2: %3")
                                                       .arg(address.host.toString())
                                                       .arg(address.port)
                                                       .arg(why));
    }
    m_server.bind(tcp);
    return tcp->serverPort();
}

} // namespace scaledeck
