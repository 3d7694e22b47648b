// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "prometheussuggestionsource.h"

#include "suggestionworker_p.h"
#include "workerthread.h"

namespace scaledeck {

void SuggestionWorker::setUp()
{
    m_network = std::make_unique<QNetworkAccessManager>();
    m_client = std::make_unique<PrometheusClient>(m_network.get(), m_url, m_timeoutMs);
}

void SuggestionWorker::tearDown()
{
    m_running.reset();
    m_client.reset();
    m_network.reset();
}

void SuggestionWorker::run(quint64 id, const TrafficSuggestionRequest &request)
{
    m_running = std::make_unique<QObject>();
    suggestFromTraffic(m_client.get(), m_running.get(), request, [this, id](Result<TrafficSuggestion, QString> answer) {
        if (answer)
            Q_EMIT suggested(id, *answer);
        else
            Q_EMIT failed(id, answer.error());
    });
}

PrometheusSuggestionSource::PrometheusSuggestionSource(QUrl prometheusUrl, int timeoutMs, QObject *parent)
    : ScheduleSuggestionSource(parent), m_url(std::move(prometheusUrl))
{
    auto worker = std::make_unique<SuggestionWorker>(m_url, timeoutMs);
    SuggestionWorker *raw = worker.get();
    m_thread = std::make_unique<WorkerThread>(QStringLiteral("ScaleDeck suggest"), std::move(worker),
                                              &SuggestionWorker::setUp, &SuggestionWorker::tearDown);
    connect(raw, &SuggestionWorker::suggested, this, &PrometheusSuggestionSource::onSuggested, Qt::QueuedConnection);
    connect(raw, &SuggestionWorker::failed, this, &PrometheusSuggestionSource::onFailed, Qt::QueuedConnection);
    m_thread->start();
}

PrometheusSuggestionSource::~PrometheusSuggestionSource() = default;

QString PrometheusSuggestionSource::describe() const
{
    return tr("Prometheus at %1").arg(m_url.toString(QUrl::RemoveUserInfo));
}

void PrometheusSuggestionSource::suggest(const TrafficSuggestionRequest &request)
{
    const quint64 id = ++m_request;
    auto *worker = m_thread->worker<SuggestionWorker>();
    QMetaObject::invokeMethod(
        worker, [worker, id, request] { worker->run(id, request); }, Qt::QueuedConnection);
}

void PrometheusSuggestionSource::cancel()
{
    ++m_request;
    auto *worker = m_thread->worker<SuggestionWorker>();
    QMetaObject::invokeMethod(
        worker, [worker] { worker->cancel(); }, Qt::QueuedConnection);
}

void PrometheusSuggestionSource::onSuggested(quint64 id, const TrafficSuggestion &suggestion)
{
    if (id == m_request)
        Q_EMIT suggested(suggestion);
}

void PrometheusSuggestionSource::onFailed(quint64 id, const QString &reason)
{
    if (id == m_request)
        Q_EMIT failed(reason);
}

} // namespace scaledeck
