// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "trafficsuggestion.h"

#include <QObject>
#include <QString>

namespace scaledeck {

// Where the schedule editor gets a suggestion from, so the editor itself does no I/O (and its tests need no
// Prometheus): it asks, and later receives the finished suggestion or the reason there is none, on its own thread.
class ScheduleSuggestionSource : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QString describe() const = 0; // where the traffic is read: "Prometheus at http://…"
    // Starts a suggestion; suggested() or failed() follows, unless cancel() or another suggest() comes first (an
    // answer for an earlier request is never delivered).
    virtual void suggest(const TrafficSuggestionRequest &request) = 0;
    virtual void cancel() = 0;

Q_SIGNALS:
    void suggested(const scaledeck::TrafficSuggestion &suggestion);
    void failed(const QString &reason);
};

} // namespace scaledeck
