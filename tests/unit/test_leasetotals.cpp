// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// HistoryStore::leaseTotals (issue 16): per deployment, kind and period the leases' time, and per period the most
// leases at once, read without the leases; checked against the lease-by-lease computation over the same store
// (leases that straddle the periods' bounds, open leases, a lease outside every period, a config change), and the
// cost report from the totals against the one from the leases.
#include "costreport.h"
#include "historystore.h"
#include "storelocation.h"
#include "teststore.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

using namespace scaledeck;

namespace {
const QString kCluster = QStringLiteral("http://a:8265");
const QDateTime t0 = QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC);

constexpr int kOpen = std::numeric_limits<int>::min();

GpuLease lease(const char *app, const char *deployment, const char *replica, double gpus, int startMin,
               int endMin = kOpen, double cpus = 0, const char *accelerator = "")
{
    GpuLease l;
    l.app = QString::fromUtf8(app);
    l.deployment = QString::fromUtf8(deployment);
    l.replicaId = QString::fromUtf8(replica);
    l.gpus = gpus;
    l.cpus = cpus;
    l.accelerator = QString::fromUtf8(accelerator);
    l.startUtc = t0.addSecs(60 * startMin);
    if (endMin != kOpen)
        l.endUtc = t0.addSecs(60 * endMin);
    return l;
}

TimeRange minutes(int from, int to)
{
    return TimeRange{t0.addSecs(60 * from), t0.addSecs(60 * to)};
}

// The leases' time inside [from, to) and the most at once there, lease by lease (an active lease up to `to`).
struct Expected {
    qint64 heldMs = 0;
    int most = 0;
};

qint64 clippedMs(const GpuLease &l, const TimeRange &period)
{
    const qint64 from = period.fromUtc.toMSecsSinceEpoch();
    const qint64 to = period.toUtc.toMSecsSinceEpoch();
    const qint64 end = l.isActive() ? to : std::min(to, l.endUtc.toMSecsSinceEpoch());
    return std::max<qint64>(0, end - std::max(from, l.startUtc.toMSecsSinceEpoch()));
}

// Counted at every instant a lease starts or ends inside the period, and at its start.
int mostAtOnceByCounting(const std::vector<GpuLease> &leases, const TimeRange &period)
{
    const qint64 from = period.fromUtc.toMSecsSinceEpoch();
    const qint64 to = period.toUtc.toMSecsSinceEpoch();
    std::set<qint64> instants{from};
    for (const GpuLease &l : leases) {
        instants.insert(l.startUtc.toMSecsSinceEpoch());
        if (!l.isActive())
            instants.insert(l.endUtc.toMSecsSinceEpoch());
    }
    int most = 0;
    for (qint64 at : instants) {
        if (at < from || at >= to)
            continue;
        int holding = 0;
        for (const GpuLease &l : leases) {
            const qint64 end = l.isActive() ? to : l.endUtc.toMSecsSinceEpoch();
            holding += l.startUtc.toMSecsSinceEpoch() <= at && at < end ? 1 : 0;
        }
        most = std::max(most, holding);
    }
    return most;
}
} // namespace

class TestLeaseTotals : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void totalsMatchTheLeases();
    void reportFromTotalsMatchesReportFromLeases();
    void nothingReadIsEmpty();

private:
    QString path()
    {
        if (!testing::storeTestsUsePostgres())
            return m_dir->filePath(QStringLiteral("store.sqlite"));
        QString error;
        const QString store = testing::freshPostgresStore(&error, QStringLiteral("leasetotals"));
        if (store.isEmpty())
            qFatal("%s", qPrintable(error));
        return store;
    }
    // A history of two apps: a lease before every period, leases across the periods' bounds, one starting exactly
    // where another ends, two kinds of one deployment (its config changed), open leases.
    void recordHistory(HistoryStore &store)
    {
        LeaseTracker::Update update;
        update.started = {
            lease("a", "x", "r0", 1, -200, -150),           // before the range read
            lease("a", "x", "r1", 1, -90, 30),              // straddles the read start and period 1's start
            lease("a", "x", "r2", 1, 10, 70),               // straddles period 1's end
            lease("a", "x", "r3", 1, 30, 90),               // starts where r1 ends
            lease("a", "x", "r4", 2, 40, kOpen, 8, "A100"), // another kind, open
            lease("a", "x", "r5", 2, 40, 50, 8, "A100"),    // same start as r4
            lease("a", "y", "r1", 0.5, 55, kOpen, 1, "L4"), // open, from inside period 2
            lease("b", "z", "r1", 1, -30, 5),               // ends inside period 1
            lease("b", "z", "r2", 1, 100, 110),             // after period 2's end, before the read end
        };
        ClusterSnapshot snapshot;
        snapshot.takenAt = t0.addSecs(60 * 120);
        snapshot.gpusTotal = 8;
        QVERIFY(store.record(kCluster, snapshot, update).ok());
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestLeaseTotals::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestLeaseTotals::totalsMatchTheLeases()
{
    HistoryStore store(path());
    recordHistory(store);
    const TimeRange read = minutes(-60, 120);
    const std::vector<TimeRange> periods = {minutes(0, 60), minutes(45, 95), minutes(-60, 120), minutes(200, 300)};

    auto leases = store.leases(kCluster, read.fromUtc, read.toUtc);
    QVERIFY(leases.ok());
    std::map<std::pair<QString, QString>, std::vector<GpuLease>> byDeployment;
    for (const GpuLease &l : *leases)
        byDeployment[{l.app, l.deployment}].push_back(l);

    std::vector<std::pair<QString, std::vector<qint64>>> visited; // "app/deployment", its leases' starts
    auto totals = store.leaseTotals(
        kCluster, read, periods, [&](const DeploymentLeaseTotals &deployment, const std::vector<LeaseSpan> &spans) {
            std::vector<qint64> starts;
            for (const LeaseSpan &span : spans)
                starts.push_back(span.startMs);
            visited.emplace_back(deployment.app + QLatin1Char('/') + deployment.deployment, starts);
        });
    QVERIFY2(totals.ok(), qPrintable(totals.ok() ? QString() : totals.error().describe()));
    QCOMPARE(totals->size(), byDeployment.size()); // a/x, a/y, b/z: r0 is outside the range read
    QCOMPARE(visited.size(), totals->size());

    for (size_t d = 0; d < totals->size(); ++d) {
        const DeploymentLeaseTotals &deployment = totals->at(d);
        const auto found = byDeployment.find({deployment.app, deployment.deployment});
        QVERIFY2(found != byDeployment.end(), qPrintable(deployment.app + QLatin1Char('/') + deployment.deployment));
        const std::vector<GpuLease> &its = found->second;
        // The visitor saw exactly its leases, by start.
        std::vector<qint64> starts;
        for (const GpuLease &l : its)
            starts.push_back(l.startUtc.toMSecsSinceEpoch());
        QCOMPARE(visited[d].second, starts);
        // Every kind of its leases, each period's time as the leases give it, and nothing else.
        std::set<std::tuple<QString, double, double>> kindsOfLeases;
        for (const GpuLease &l : its)
            kindsOfLeases.insert({l.accelerator, l.gpus, l.cpus});
        QCOMPARE(deployment.kinds.size(), kindsOfLeases.size());
        for (const LeaseKind &kind : deployment.kinds) {
            QCOMPARE(kind.heldMs.size(), periods.size());
            for (size_t p = 0; p < periods.size(); ++p) {
                qint64 expected = 0;
                for (const GpuLease &l : its) {
                    if (l.accelerator == kind.accelerator && l.gpus == kind.gpus && l.cpus == kind.cpus)
                        expected += clippedMs(l, periods[p]);
                }
                QCOMPARE(kind.heldMs[p], expected);
            }
        }
        QCOMPARE(deployment.peakLeases.size(), periods.size());
        for (size_t p = 0; p < periods.size(); ++p)
            QCOMPARE(deployment.peakLeases[p], mostAtOnceByCounting(its, periods[p]));
    }
    // Spot checks of the figures the comparison stands on: a/x in period 1 ([0, 60) min) holds r1 0..30, r2 10..60,
    // r3 30..60 (1 GPU) and r4 40..60, r5 40..50 (A100): four at once from 40 to 50.
    const DeploymentLeaseTotals &ax = totals->at(0);
    QCOMPARE(ax.app, QStringLiteral("a"));
    QCOMPARE(ax.deployment, QStringLiteral("x"));
    QCOMPARE(ax.peakLeases[0], 4);
    QCOMPARE(ax.kinds.at(0).heldMs[0], qint64(30 + 50 + 30) * 60'000);
    QCOMPARE(ax.kinds.at(1).heldMs[0], qint64(20 + 10) * 60'000);
    QCOMPARE(ax.peakLeases[3], 1); // period 4, after everything else: the open r4 only
}

void TestLeaseTotals::reportFromTotalsMatchesReportFromLeases()
{
    HistoryStore store(path());
    recordHistory(store);
    const TimeRange read = minutes(-60, 120);
    const std::vector<TimeRange> periods = {minutes(0, 60), minutes(45, 95)};
    PriceList prices;
    prices.gpuHour = 2.0;
    prices.cpuHour = 0.1;
    prices.gpuHourByAccelerator[QStringLiteral("A100")] = 3.5;
    // b/z is always on with nothing in period 2; c/w is always on without any lease.
    const std::map<QString, int> alwaysOn = {{QStringLiteral("b/z"), 2}, {QStringLiteral("c/w"), 1}};
    auto leases = store.leases(kCluster, read.fromUtc, read.toUtc);
    auto totals = store.leaseTotals(kCluster, read, periods);
    QVERIFY(leases.ok());
    QVERIFY(totals.ok());
    for (size_t p = 0; p < periods.size(); ++p) {
        const CostReport expected =
            computeCost(*leases, RecordedUsage{}, periods[p].fromUtc, periods[p].toUtc, prices, alwaysOn);
        const CostReport actual =
            computeCost(*totals, p, RecordedUsage{}, periods[p].fromUtc, periods[p].toUtc, prices, alwaysOn);
        QCOMPARE(actual.deployments.size(), expected.deployments.size());
        for (size_t i = 0; i < expected.deployments.size(); ++i) {
            const DeploymentCost &a = actual.deployments[i];
            const DeploymentCost &e = expected.deployments[i];
            QCOMPARE(a.app, e.app);
            QCOMPARE(a.deployment, e.deployment);
            QCOMPARE(a.accelerator, e.accelerator);
            QCOMPARE(a.gpuHours, e.gpuHours);
            QCOMPARE(a.cpuHours, e.cpuHours);
            QCOMPARE(a.cost, e.cost);
            QCOMPARE(a.peakReplicas, e.peakReplicas);
            QCOMPARE(a.gpusPerReplica, e.gpusPerReplica);
            QCOMPARE(a.alwaysOnReplicas, e.alwaysOnReplicas);
            QCOMPARE(a.alwaysOnCost, e.alwaysOnCost);
        }
        QCOMPARE(actual.gpuHours, expected.gpuHours);
        QCOMPARE(actual.cost, expected.cost);
        QCOMPARE(actual.alwaysOnCost, expected.alwaysOnCost);
        QCOMPARE(actual.accelerators, expected.accelerators);
        QCOMPARE(actual.applications.size(), expected.applications.size());
    }
}

void TestLeaseTotals::nothingReadIsEmpty()
{
    HistoryStore store(path());
    recordHistory(store);
    auto none = store.leaseTotals(kCluster, minutes(-500, -400), {minutes(-500, -400)}); // open leases reach any later
    QVERIFY(none.ok());
    QVERIFY(none->empty());
    auto backwards = store.leaseTotals(kCluster, minutes(60, 0), {minutes(0, 60)});
    QVERIFY(backwards.ok());
    QVERIFY(backwards->empty());
    auto otherCluster = store.leaseTotals(QStringLiteral("http://b:8265"), minutes(-60, 120), {minutes(0, 60)});
    QVERIFY(otherCluster.ok());
    QVERIFY(otherCluster->empty());
}

QTEST_GUILESS_MAIN(TestLeaseTotals)
#include "test_leasetotals.moc"
