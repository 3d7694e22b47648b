// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// GPU lease accounting against the real Ray cluster: a scripted run scales llm down and up again for known
// spans while a UsageRecorder records every second; the GPU-hours ScaleDeck computes from its history agree
// with the replicas' own lifetimes (Ray's start_time_s, or the first look showing it placed for a replica seen
// waiting, to disappearance, watched every 250 ms) within 1%, plus, for each lease edge the recorder can only
// place at one of its own looks (an end, or a start after waiting), the GPUs of that replica times the longest gap
// between the recorder's looks: it cannot know when between two looks a replica went.
#include "livecluster.h"
#include "usagerecorder.h"

#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <map>
#include <set>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// One replica as the dense watcher saw it: its lifetime is the ground truth.
struct ObservedReplica {
    QString deployment; // app/deployment
    double gpus = 0;
    double startS = 0;   // Ray's start_time_s; the first watch showing it placed if it waited for GPUs first
    bool waited = false; // seen without a node (STARTING, waiting for GPUs or its worker) before it held any
    double lastSeenS = 0;
    double goneS = 0; // the first watch without it; 0 while alive
};
} // namespace

class TestLiveLeases : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void gpuHoursAgreeWithReplicaLifetimes();
    void cleanupTestCase();

private:
    void watch(const ClusterSnapshot &snapshot);
    void scaleLlm(int replicas);

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    std::unique_ptr<ParkedStore> m_parked;
    std::map<QString, ObservedReplica> m_replicas; // by replica id
    std::set<QString> m_waited;                    // seen STARTING without a node before they held GPUs
};

void TestLiveLeases::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    m_parked = std::make_unique<ParkedStore>(m_dir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(m_parked->open().ok());
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(2));
}

void TestLiveLeases::cleanupTestCase()
{
    if (m_client && configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) != 2)
        scaleLlm(2);
}

void TestLiveLeases::watch(const ClusterSnapshot &snapshot)
{
    const double nowS = snapshot.takenAt.toMSecsSinceEpoch() / 1000.0;
    std::set<QString> seen;
    for (const ApplicationSnapshot &app : snapshot.applications)
        for (const DeploymentSnapshot &deployment : app.deployments) {
            if (deployment.gpusPerReplica <= 0)
                continue;
            for (const ReplicaSnapshot &replica : deployment.replicas) {
                if (!replicaStateHoldsResources(replica.state) && !replica.placed) {
                    if (!m_replicas.count(replica.id))
                        m_waited.insert(replica.id);
                    continue;
                }
                const bool first = !m_replicas.count(replica.id);
                ObservedReplica &observed = m_replicas[replica.id];
                observed.deployment = app.name + QLatin1Char('/') + deployment.name;
                observed.gpus = deployment.gpusPerReplica;
                if (first) {
                    observed.waited = m_waited.count(replica.id) > 0;
                    observed.startS = observed.waited ? nowS : replica.startTimeS;
                }
                observed.lastSeenS = nowS;
                seen.insert(replica.id);
            }
        }
    for (auto &[id, observed] : m_replicas)
        if (!seen.count(id) && observed.goneS == 0)
            observed.goneS = nowS;
}

void TestLiveLeases::scaleLlm(int replicas)
{
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), replicas);
    const ApplyOutcome outcome =
        applyAndFollow(*m_client, *m_parked, snapshotNow(*m_client, m_parked.get()).value(), changes);
    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(outcome.converged);
}

void TestLiveLeases::gpuHoursAgreeWithReplicaLifetimes()
{
    HistoryStore history(m_dir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(history.open().ok());
    const QString key = m_endpoint->clusterKey();
    UsageRecorder recorder(&history, key);

    // Every 250 ms a snapshot for the watcher; every 4th also goes to the recorder (1 s, as a fast controller).
    int polls = 0;
    bool inFlight = false;
    QDateTime lastRecordAt;
    double longestRecordGapS = 0;
    std::optional<RayError> recordError;
    QTimer poll;
    poll.setInterval(250);
    connect(&poll, &QTimer::timeout, this, [&] {
        if (inFlight)
            return;
        inFlight = true;
        fetchSnapshot(m_client.get(), &poll, nullptr, [&](Result<SnapshotPtr> snapshot) {
            inFlight = false;
            if (!snapshot)
                return;
            watch(*snapshot.value());
            if (polls++ % 4 != 0)
                return;
            const QDateTime takenAt = snapshot.value()->takenAt;
            if (lastRecordAt.isValid())
                longestRecordGapS = std::max(longestRecordGapS, lastRecordAt.msecsTo(takenAt) / 1000.0);
            lastRecordAt = takenAt;
            if (auto recorded = recorder.record(*snapshot.value()); !recorded)
                recordError = recorded.error();
        });
    });
    const QDateTime from = QDateTime::currentDateTimeUtc();
    poll.start();
    QTest::qWait(20000); // the script's spans: 20 s at 2, ~40 s at 1, ~40 s at 2
    scaleLlm(1);
    QTest::qWait(40000);
    scaleLlm(2);
    QTest::qWait(40000);
    QVERIFY(QTest::qWaitFor([&] { return !inFlight; }, 10000));
    poll.stop();
    const QDateTime to = QDateTime::currentDateTimeUtc();
    QVERIFY2(!recordError, recordError ? qPrintable(recordError->describe()) : "");

    // Ground truth: each replica from start_time_s (or the window's start) to its disappearance (or the end).
    const double fromS = from.toMSecsSinceEpoch() / 1000.0;
    const double toS = to.toMSecsSinceEpoch() / 1000.0;
    std::map<QString, double> truth;    // GPU-hours by deployment
    std::map<QString, double> edgeGpus; // GPUs of the lease edges only the recorder's looks can place
    int endedReplicas = 0;
    for (const auto &[id, observed] : m_replicas) {
        const double start = std::max(observed.startS, fromS);
        const double end = observed.goneS > 0 ? std::min(observed.goneS, toS) : toS;
        if (end > start)
            truth[observed.deployment] += (end - start) * observed.gpus / 3600.0;
        if (observed.goneS > 0 && observed.goneS < toS) {
            ++endedReplicas;
            edgeGpus[observed.deployment] += observed.gpus;
        }
        if (observed.waited && observed.startS > fromS)
            edgeGpus[observed.deployment] += observed.gpus;
    }
    qInfo("the recorder's looks were at most %.2f s apart", longestRecordGapS);
    QVERIFY2(endedReplicas >= 1, "the scale-down ended no replica");

    auto leases = history.leases(key, from, to);
    QVERIFY(leases.ok());
    std::map<QString, double> measured;
    for (const GpuLease &lease : *leases)
        measured[lease.app + QLatin1Char('/') + lease.deployment] += lease.gpuHoursWithin(from, to);

    double truthTotal = 0, measuredTotal = 0;
    for (const auto &[deployment, hours] : truth) {
        truthTotal += hours;
        measuredTotal += measured[deployment];
        const double sampling = edgeGpus[deployment] * longestRecordGapS / 3600.0;
        qInfo("%s: %.5f GPU-h recorded, %.5f GPU-h by the replicas' lifetimes (%.2f%%; allowed 1%% + %.5f GPU-h for "
              "%.1f GPUs of edges between looks)",
              qPrintable(deployment), measured[deployment], hours, 100.0 * (measured[deployment] - hours) / hours,
              sampling, edgeGpus[deployment]);
        QVERIFY2(std::abs(measured[deployment] - hours) <= 0.01 * hours + sampling, qPrintable(deployment));
    }
    QVERIFY(measured.size() == truth.size());
    double samplingTotal = 0;
    for (const auto &[deployment, gpus] : edgeGpus)
        samplingTotal += gpus * longestRecordGapS / 3600.0;
    QVERIFY(std::abs(measuredTotal - truthTotal) <= 0.01 * truthTotal + samplingTotal);
    // llm had 2 replicas except for ~40 s: its GPU-hours sit clearly between 1 and 2 GPUs for the window.
    const double hours = from.msecsTo(to) / 3600000.0;
    QVERIFY(measured[QStringLiteral("llm/LLM")] > 1.3 * hours && measured[QStringLiteral("llm/LLM")] < 1.8 * hours);
}

QTEST_GUILESS_MAIN(TestLiveLeases)
#include "test_live_leases.moc"
