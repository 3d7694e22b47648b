// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 16: with the GUI-thread stall monitor on (scaledeck.gui.stall), the Fleet page at 10,000 deployments (50
// clusters x 200) reports no stall: every cluster answering, each delivered as the fleet session delivers it (a
// queued call), every cluster answering again with changes, and a filter typed a key at a time until its matches
// show. The snapshots are built before the monitor starts: they are the poller's work, not the GUI thread's.
// A stall here is one over a budget that scales with how fast this build runs on this machine (referencework.h):
// the sanitized debug build's slices are an order of magnitude longer than the optimised build's that the
// benchmarks time against 16 ms, and vary from day to day with the machine.
#include "fleetmatchmodel.h"
#include "fleetmodel.h"
#include "fleetpage.h"
#include "fleetrows.h"
#include "guitestmain.h"
#include "stallcapture.h"
#include "stallmonitor.h"

#include <QLineEdit>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::testing;
using namespace scaledeck::test;

namespace {
constexpr int kClusters = 50;
constexpr int kAppsPerCluster = 50; // x 4 deployments: 200 a cluster, 10,000 in all

QString clusterName(int cluster)
{
    return QStringLiteral("cluster%1").arg(cluster, 2, 10, QLatin1Char('0'));
}

// Every cluster's row, one queued call each, as FleetSession hands them to the page.
void deliver(FleetPage &page, const std::vector<FleetRow> &rows)
{
    for (int cluster = 0; cluster < int(rows.size()); ++cluster)
        QMetaObject::invokeMethod(
            &page, [&page, cluster, row = rows[size_t(cluster)]] { page.updateRow(cluster, row); },
            Qt::QueuedConnection);
}
} // namespace

class TestFleetStall : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { StallCapture::install(); }
    void cleanup() { StallCapture::remove(); }
    void aFleetOfTenThousandDeploymentsRefreshesAndFiltersWithoutAStall();
};

void TestFleetStall::aFleetOfTenThousandDeploymentsRefreshesAndFiltersWithoutAStall()
{
    std::vector<FleetRow> first, second;
    for (int cluster = 0; cluster < kClusters; ++cluster) {
        first.push_back(answeringWith(clusterName(cluster), syntheticCluster(kAppsPerCluster)));
        second.push_back(answeringWith(clusterName(cluster), syntheticCluster(kAppsPerCluster)));
    }
    FleetPage page;
    page.resize(1400, 800);
    std::vector<FleetRow> waiting(static_cast<size_t>(kClusters));
    for (int cluster = 0; cluster < kClusters; ++cluster)
        waiting[size_t(cluster)].name = clusterName(cluster);
    page.setRows(std::move(waiting));
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));

    const std::chrono::microseconds referenceBefore = timeReferenceWork();
    auto monitor = StallMonitor::createIfEnabled({});
    QVERIFY(monitor);
    QTRY_VERIFY(monitor->heartbeatsAnswered() >= 2); // the watchdog is running

    deliver(page, first);
    QTRY_COMPARE(page.model()->rows().back().state, FleetState::Answering);
    deliver(page, second);
    QTRY_VERIFY(page.model()->rows().back().snapshot == second.back().snapshot);
    // "app007": every deployment of app007 in every cluster once the last key is in.
    QTest::keyClicks(page.filterBox(), QStringLiteral("app007"));
    QTRY_COMPARE(page.matchModel()->rowCount(), kClusters * 4);

    // Two more heartbeats answered: the watchdog has judged every one posted meanwhile.
    const quint64 after = monitor->heartbeatsAnswered();
    QTRY_VERIFY(monitor->heartbeatsAnswered() >= after + 2);
    monitor.reset(); // judged every slice; the reference work below is not the page's
    QVERIFY2(StallCapture::ownStallsOverBudget(referenceBefore).isEmpty(),
             qPrintable(StallCapture::captured().join(QLatin1Char('\n'))));
}

SCALEDECK_GUI_TEST_MAIN(TestFleetStall)
#include "test_fleet_stall.moc"
