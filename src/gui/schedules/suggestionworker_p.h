// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "prometheusclient.h"
#include "trafficsuggestion.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <memory>

namespace scaledeck {

// PrometheusSuggestionSource's worker: lives on its WorkerThread, and makes and ends everything it uses there.
class SuggestionWorker final : public QObject {
    Q_OBJECT
public:
    SuggestionWorker(QUrl prometheusUrl, int timeoutMs) : m_url(std::move(prometheusUrl)), m_timeoutMs(timeoutMs) {}

    void setUp();
    void tearDown();
    // A new request ends the one running: a suggestion is asked again with other options, not queued behind.
    void run(quint64 id, const TrafficSuggestionRequest &request);
    void cancel() { m_running.reset(); }

Q_SIGNALS:
    void suggested(quint64 id, const scaledeck::TrafficSuggestion &suggestion);
    void failed(quint64 id, const QString &reason);

private:
    QUrl m_url;
    int m_timeoutMs;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<PrometheusClient> m_client;
    std::unique_ptr<QObject> m_running; // owns the running request's jobs: resetting it aborts them
};

} // namespace scaledeck
