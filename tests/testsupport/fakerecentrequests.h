// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// An in-process RecentRequests for unit tests of the controller's idle gate: every question answers what the
// test set last (a count, or an error), asynchronously, as a real source would, and is recorded.
#include "recentrequests.h"

#include <QList>
#include <QTimer>

namespace scaledeck::testing {

struct FakeRecentRequestsCall {
    QString app;
    QString deployment;
    std::chrono::seconds window{0};
};

class FakeRecentRequestsJob final : public ClusterJob {
public:
    FakeRecentRequestsJob(QObject *owner, Result<RecentRequestCount> answer, RecentRequests::Handler done)
        : ClusterJob(owner, QStringLiteral("recent requests"), 1000,
                     [answer, done = std::move(done)](const Result<QByteArray> &) { done(answer); })
    {
        QTimer::singleShot(0, this, [this] {
            if (!isFinished())
                finish(QByteArray());
        });
    }

protected:
    void inactivityTimedOut() override {}
    void stopTransport() override {}
};

class FakeRecentRequests : public RecentRequests {
public:
    // What every question answers from now on.
    void answerRequests(double perMinute, int windowMinutes = 15)
    {
        m_answer = RecentRequestCount{perMinute * windowMinutes, perMinute,
                                      QStringLiteral("Prometheus at http://prometheus:9090")};
    }
    void answerError(RayError error) { m_answer = std::move(error); }

    const QList<FakeRecentRequestsCall> &calls() const { return m_calls; }

    ClusterJob *recentRequests(QObject *owner, const QString &app, const QString &deployment,
                               std::chrono::seconds window, Handler done) override
    {
        m_calls.append({app, deployment, window});
        return new FakeRecentRequestsJob(owner, m_answer, std::move(done));
    }

private:
    Result<RecentRequestCount> m_answer = RecentRequestCount{};
    QList<FakeRecentRequestsCall> m_calls;
};

} // namespace scaledeck::testing
