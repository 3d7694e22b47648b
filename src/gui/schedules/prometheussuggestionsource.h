// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "suggestionsource.h"

#include <QUrl>

#include <memory>

namespace scaledeck {

class WorkerThread;

// Suggestions from a Prometheus server, made on a thread of their own (SuggestionWorker: its own network access
// manager, the range query's parse of thousands of points and suggestSchedule all run there); the GUI thread only
// queues the request and receives the finished suggestion.
class PrometheusSuggestionSource final : public ScheduleSuggestionSource {
    Q_OBJECT
public:
    explicit PrometheusSuggestionSource(QUrl prometheusUrl, int timeoutMs = 30000, QObject *parent = nullptr);
    ~PrometheusSuggestionSource() override; // aborts a suggestion in flight and joins the thread

    QString describe() const override;
    void suggest(const TrafficSuggestionRequest &request) override;
    void cancel() override;

private:
    void onSuggested(quint64 id, const scaledeck::TrafficSuggestion &suggestion);
    void onFailed(quint64 id, const QString &reason);

    QUrl m_url;
    std::unique_ptr<WorkerThread> m_thread;
    quint64 m_request = 0; // the request whose answer is awaited; answers of earlier ones are dropped
};

} // namespace scaledeck
