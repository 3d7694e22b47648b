// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// An in-process ClusterClient for fast unit tests of decision code (the applier, the controller): each call
// answers from a script (a body, an error such as a timeout, a reset or a 5xx, or "Ray applied it but the
// answer was lost"), or else from the cluster state the test set. Time moves on an injected ManualClock: each
// answer takes its `takesMs` of it, so deadlines measured on that clock (the applier's follow and watch) pass
// without waiting. Answers come asynchronously, never before the call returns, as DashboardClient's do.
//
// Only decision and error paths belong here; how Ray really behaves is tested against a real cluster
// (tests/integration), and the HTTP layer against ScriptedHttpServer (test_dashboardclient).
#include "clock.h"
#include "clusterclient.h"
#include "fixtures.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <map>
#include <optional>

namespace scaledeck::testing {

enum class FakeCall { Version, Applications, Nodes, NodeSummary, PutConfig, Scale };

inline QString fakeCallName(FakeCall call)
{
    switch (call) {
    case FakeCall::Version:
        return QStringLiteral("GET version");
    case FakeCall::Applications:
        return QStringLiteral("GET applications");
    case FakeCall::Nodes:
        return QStringLiteral("GET nodes");
    case FakeCall::NodeSummary:
        return QStringLiteral("GET node summary");
    case FakeCall::PutConfig:
        return QStringLiteral("PUT config");
    case FakeCall::Scale:
        return QStringLiteral("POST scale");
    }
    return {};
}

// One scripted answer.
struct FakeAnswer {
    static constexpr qint64 clientTimeout = -1; // takesMs: as long as the client's timeout

    std::optional<QByteArray> body; // unset: what the cluster state holds (GETs) or an empty 200 (changes)
    std::optional<RayError> error;  // the call fails with this
    bool silent = false;            // never answers: the job's own inactivity timeout ends it (a Timeout)
    // What the call does to the cluster. Runs when the request reaches Ray (at the call), whatever the answer:
    // an answer that is lost may come after Ray applied the change.
    std::function<void()> effect;
    qint64 takesMs = 0; // how long the answer takes on the injected clock; 0: the call's latency (setLatency)

    static FakeAnswer ok(QByteArray body = {}) { return FakeAnswer{std::move(body), {}, false, {}, 0}; }
    static FakeAnswer failing(RayErrorKind kind, QString message, int httpStatus = 0)
    {
        return FakeAnswer{{}, makeError(kind, std::move(message), httpStatus), false, {}, 0};
    }
    // As DashboardClient reports Ray saying nothing in time, and after as long.
    static FakeAnswer timeout()
    {
        FakeAnswer answer = failing(RayErrorKind::Timeout, QStringLiteral("no answer from the Ray dashboard in time"));
        answer.takesMs = clientTimeout;
        return answer;
    }
    // The connection closed before Ray answered.
    static FakeAnswer reset()
    {
        return failing(RayErrorKind::Unreachable,
                       QStringLiteral("the connection closed before Ray answered (the request may have reached "
                                      "Ray; it is not sent again)"));
    }
    static FakeAnswer serverError(int status = 503, QString message = QStringLiteral("Serve controller did not answer"))
    {
        return failing(RayErrorKind::ServerError, std::move(message), status);
    }
    static FakeAnswer refused(QString message, int status = 400)
    {
        return failing(RayErrorKind::Rejected, std::move(message), status);
    }
    // This answer, with what the call does to the cluster.
    FakeAnswer effectIs(std::function<void()> what) &&
    {
        effect = std::move(what);
        return std::move(*this);
    }
    // Ray applied the change (`effect` runs), and then its answer was lost as `lost` says (timeout(), reset()).
    static FakeAnswer appliedButLost(std::function<void()> effect, FakeAnswer lost = timeout())
    {
        lost.effect = std::move(effect);
        return lost;
    }
};

struct FakeRequest {
    FakeCall call;
    QByteArray body;    // PUT: the config sent
    QString app;        // scale: the target
    QString deployment; //
    int replicas = 0;   //
    QDateTime at;       // on the injected clock (invalid without one)
};

class FakeClusterClient;

class FakeClusterJob final : public ClusterJob {
public:
    FakeClusterJob(QObject *owner, FakeClusterClient *client, FakeCall call, FakeAnswer answer, BodyHandler done);
    ~FakeClusterJob() override { stopTransport(); }
    void start();

protected:
    void inactivityTimedOut() override;
    void stopTransport() override {} // nothing is in flight but a queued answer, which dies with the job

private:
    void deliver();

    FakeClusterClient *m_client;
    FakeCall m_call;
    FakeAnswer m_answer;
};

class FakeClusterClient : public QObject, public ClusterClient {
public:
    static ClusterEndpoint defaultEndpoint()
    {
        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = QUrl(QStringLiteral("http://fake-ray:8265"));
        endpoint.timeoutMs = 200; // the inactivity timeout of a silent answer, in real time
        return endpoint;
    }

    explicit FakeClusterClient(ManualClock *clock = nullptr, ClusterEndpoint endpoint = defaultEndpoint())
        : m_clock(clock), m_endpoint(std::move(endpoint))
    {
    }
    ~FakeClusterClient() override
    {
        // As DashboardClient: no job of this client answers once it is gone.
        const QList<QPointer<ClusterJob>> jobs = std::exchange(m_jobs, {});
        for (const QPointer<ClusterJob> &job : jobs)
            if (job && !job->isFinished())
                delete job.data();
    }

    // The next calls of one kind answer these, in order; a kind with nothing enqueued answers from the state.
    void enqueue(FakeCall call, FakeAnswer answer) { m_script[call].push_back(std::move(answer)); }
    // What GET applications answers from `from` on (injected clock; unset: from now on, replacing what was
    // set). Ray shows a PUT's effect seconds after accepting it: an effect can schedule the new state.
    void setServeApplications(QByteArray body, QDateTime from = {})
    {
        if (!from.isValid())
            m_applications.clear();
        m_applications[from.isValid() ? from : QDateTime::fromMSecsSinceEpoch(0, Qt::UTC)] = std::move(body);
    }
    // How long answers to `call` take on the injected clock (a scripted answer may say otherwise).
    void setLatency(FakeCall call, qint64 ms) { m_latency[call] = ms; }
    void setVersion(QByteArray body) { m_version = std::move(body); }
    void setNodes(QByteArray body) { m_nodes = std::move(body); }

    const QList<FakeRequest> &requests() const { return m_requests; }
    int count(FakeCall call) const
    {
        int n = 0;
        for (const FakeRequest &request : m_requests)
            n += request.call == call ? 1 : 0;
        return n;
    }
    // Jobs asked for and not yet answered, aborted or destroyed.
    int runningJobs() const
    {
        int n = 0;
        for (const QPointer<ClusterJob> &job : m_jobs)
            n += job && !job->isFinished() ? 1 : 0;
        return n;
    }
    ManualClock *clock() const { return m_clock; }
    QDateTime now() const { return m_clock ? m_clock->nowUtc() : QDateTime(); }

    const ClusterEndpoint &endpoint() const override { return m_endpoint; }
    ClusterJob *fetchVersion(QObject *owner, BodyHandler done) override
    {
        return start(owner, {FakeCall::Version, {}, {}, {}, 0, now()}, std::move(done));
    }
    ClusterJob *fetchServeApplications(QObject *owner, BodyHandler done) override
    {
        return start(owner, {FakeCall::Applications, {}, {}, {}, 0, now()}, std::move(done));
    }
    ClusterJob *fetchNodes(QObject *owner, BodyHandler done) override
    {
        return start(owner, {FakeCall::Nodes, {}, {}, {}, 0, now()}, std::move(done));
    }
    ClusterJob *fetchNodeSummary(QObject *owner, BodyHandler done) override
    {
        return start(owner, {FakeCall::NodeSummary, {}, {}, {}, 0, now()}, std::move(done));
    }
    ClusterJob *putServeConfig(QObject *owner, const QByteArray &config, DoneHandler done) override
    {
        return start(owner, {FakeCall::PutConfig, config, {}, {}, 0, now()}, bodyIgnored(std::move(done)));
    }
    ClusterJob *scaleDeployment(QObject *owner, const QString &app, const QString &deployment, int replicas,
                                DoneHandler done) override
    {
        return start(owner, {FakeCall::Scale, {}, app, deployment, replicas, now()}, bodyIgnored(std::move(done)));
    }

    // What the cluster state holds for a GET of `call` now.
    QByteArray stateBody(FakeCall call) const
    {
        switch (call) {
        case FakeCall::Version:
            return m_version;
        case FakeCall::Nodes:
            return m_nodes;
        case FakeCall::Applications: {
            if (m_applications.empty())
                return {};
            if (!m_clock)
                return std::prev(m_applications.end())->second;
            auto it = m_applications.upper_bound(m_clock->nowUtc());
            return it == m_applications.begin() ? it->second : std::prev(it)->second;
        }
        default:
            return {};
        }
    }

private:
    ClusterJob *start(QObject *owner, FakeRequest request, BodyHandler done)
    {
        m_requests.append(request);
        std::deque<FakeAnswer> &queue = m_script[request.call];
        FakeAnswer answer;
        if (!queue.empty()) {
            answer = std::move(queue.front());
            queue.pop_front();
        }
        if (answer.takesMs == 0)
            answer.takesMs = m_latency[request.call];
        m_jobs.removeAll(nullptr);
        auto *job = new FakeClusterJob(owner, this, request.call, std::move(answer), std::move(done));
        m_jobs.append(job);
        job->start();
        return job;
    }

    ManualClock *m_clock;
    ClusterEndpoint m_endpoint;
    std::map<FakeCall, std::deque<FakeAnswer>> m_script;
    std::map<FakeCall, qint64> m_latency;
    std::map<QDateTime, QByteArray> m_applications;
    QByteArray m_version = readFixture(QStringLiteral("version.json")); // captured from a real cluster
    QByteArray m_nodes = readFixture(QStringLiteral("nodes.json"));
    QList<FakeRequest> m_requests;
    QList<QPointer<ClusterJob>> m_jobs;
};

inline FakeClusterJob::FakeClusterJob(QObject *owner, FakeClusterClient *client, FakeCall call, FakeAnswer answer,
                                      BodyHandler done)
    : ClusterJob(owner, fakeCallName(call), client->endpoint().timeoutMs, std::move(done)), m_client(client),
      m_call(call), m_answer(std::move(answer))
{
}

inline void FakeClusterJob::start()
{
    if (m_answer.effect)
        m_answer.effect(); // the request reached Ray
    if (m_answer.silent) {
        restartInactivityTimer();
        return;
    }
    QTimer::singleShot(0, this, [this] { deliver(); });
}

inline void FakeClusterJob::inactivityTimedOut()
{
    if (ManualClock *clock = m_client->clock())
        clock->set(clock->nowUtc().addMSecs(inactivityTimeoutMs()));
    finish(makeError(RayErrorKind::Timeout, QStringLiteral("no answer from the fake cluster in time")));
}

inline void FakeClusterJob::deliver()
{
    if (isFinished())
        return;
    if (ManualClock *clock = m_client->clock()) {
        const qint64 takes = m_answer.takesMs == FakeAnswer::clientTimeout ? inactivityTimeoutMs() : m_answer.takesMs;
        clock->set(clock->nowUtc().addMSecs(takes));
    }
    if (m_answer.error) {
        finish(*m_answer.error);
        return;
    }
    finish(m_answer.body ? *m_answer.body : m_client->stateBody(m_call));
}

} // namespace scaledeck::testing
