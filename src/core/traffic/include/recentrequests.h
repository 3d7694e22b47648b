// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clusterjob.h"
#include "result.h"

#include <QString>

#include <chrono>
#include <functional>

class QObject;

namespace scaledeck {

// How many requests a target received lately.
struct RecentRequestCount {
    double requests = 0;  // over the whole window
    double perMinute = 0; // requests / window in minutes
    QString source;       // where it was read, for the audit: "Prometheus at http://127.0.0.1:9090"
};

// What the controller asks before a park that waits for idleness ("park-when-idle 15m"): the requests an app
// (deployment empty: all its deployments) or one deployment received in the last `window`, ending now. An error
// (Prometheus unreachable, no such series...) means the count is unknown, never that it was 0.
class RecentRequests {
public:
    using Handler = std::function<void(Result<RecentRequestCount>)>;
    virtual ~RecentRequests() = default;

    // Answers once through `done`, unless `owner` goes first (the job is the owner's, as every ClusterJob).
    virtual ClusterJob *recentRequests(QObject *owner, const QString &app, const QString &deployment,
                                       std::chrono::seconds window, Handler done) = 0;
};

} // namespace scaledeck
