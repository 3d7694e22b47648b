// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterjob.h"
#include "result.h"

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

class QNetworkAccessManager;

namespace scaledeck {

class PrometheusJob;

// The operator's Prometheus (or anything speaking its HTTP API: Thanos, Mimir, VictoriaMetrics), asked through
// /api/v1/query and /api/v1/query_range. Each call is a ClusterJob owned by whoever asked, with its own inactivity
// timeout, sent once more after a transient failure (they only read). Its errors name the server ("Prometheus at
// http://…: answered 503 …"), so a missing figure is never mistaken for an idle deployment.
class PrometheusClient {
public:
    PrometheusClient(QNetworkAccessManager *network, QUrl baseUrl, int timeoutMs = 10000);
    ~PrometheusClient(); // ends the jobs still running

    // An instant query at `at` (invalid: now), answered with the raw body of a successful answer.
    ClusterJob *query(QObject *owner, const QString &promql, const QDateTime &at, ClusterJob::BodyHandler done);
    // A range query from `start` to `end` every `stepS` seconds.
    ClusterJob *queryRange(QObject *owner, const QString &promql, const QDateTime &start, const QDateTime &end,
                           int stepS, ClusterJob::BodyHandler done);

    const QUrl &baseUrl() const { return m_baseUrl; }
    QString describe() const; // "Prometheus at http://127.0.0.1:9090"
    int timeoutMs() const { return m_timeoutMs; }
    QNetworkAccessManager *network() const { return m_network; }

private:
    ClusterJob *get(QObject *owner, const QString &path, const QList<std::pair<QString, QString>> &parameters,
                    ClusterJob::BodyHandler done);

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    int m_timeoutMs;
    QList<QPointer<PrometheusJob>> m_jobs;
};

// Where Prometheus is: `option` (--prometheus) when given, else RAY_PROMETHEUS_HOST (Ray's own convention, as
// its dashboard reads it), else empty. An address that is no http(s) URL is an error that says so.
Result<QUrl> prometheusAddress(const QString &option, const QProcessEnvironment &environment);

} // namespace scaledeck
