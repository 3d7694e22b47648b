// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 16: with the GUI-thread stall monitor on (scaledeck.gui.stall), the Cost tab over 10,000 synthetic
// deployments switches through every window, and refreshes one, without a stall: the loads, the apply of each
// (chart, tables, figures) and the painting that follows. The history (a few hours of 10,000 deployments, written
// straight into the store by the benchmarks' generator, benchhistory.h) is made before the monitor starts: it
// stands for what the controller recorded, not for GUI work.
// A stall here is one over a budget that scales with how fast this build runs on this machine (referencework.h):
// the sanitized debug build's slices are an order of magnitude longer than the optimised build's that the
// benchmarks time against 16 ms, and vary from day to day with the machine.
#include "benchhistory.h"
#include "clock.h"
#include "costview.h"
#include "guitestmain.h"
#include "stallcapture.h"
#include "stallmonitor.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::bench;
using namespace scaledeck::testing;

namespace {
constexpr int kDeployments = 10000;
constexpr int kDeploymentsPerApp = 4;
constexpr qint64 kHistoryMs = 3 * 3600'000LL; // enough for every window's table; little enough for ASan
constexpr qint64 kPollMs = 60'000;
constexpr int kLoadTimeoutMs = 90'000; // a debug, sanitized loader at 10,000 deployments
const QString kCluster = QStringLiteral("http://stall-test:8265");
const QDateTime kEnd = QDateTime(QDate(2026, 3, 2), QTime(18, 0), Qt::UTC);
} // namespace

class TestCostStall : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { StallCapture::install(); }
    void cleanup() { StallCapture::remove(); }
    void tenThousandDeploymentsSwitchEveryWindowWithoutAStall();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestCostStall::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_path = m_dir.filePath(QStringLiteral("history.sqlite"));
    BenchFleetOptions options;
    options.deployments = kDeployments;
    options.deploymentsPerApp = kDeploymentsPerApp;
    options.startMs = kEnd.toMSecsSinceEpoch() - kHistoryMs;
    options.pollMs = kPollMs;
    BenchFleet fleet(options);
    const Result<GeneratedHistory> generated = generateBenchHistory(m_path, kCluster, fleet, kEnd.toMSecsSinceEpoch());
    QVERIFY2(generated.ok(), generated.ok() ? "" : qPrintable(generated.error().message));
}

void TestCostStall::tenThousandDeploymentsSwitchEveryWindowWithoutAStall()
{
    const ManualClock clock(kEnd);
    CostView view(m_path, &clock);
    view.resize(1320, 720);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy applied(&view, &CostView::dataApplied);
    view.setCluster(kCluster); // the first load: a connection's, before the monitor
    QVERIFY(applied.wait(kLoadTimeoutMs));
    QCOMPARE(int(view.deploymentModel()->rowCount()), kDeployments);

    const std::chrono::microseconds referenceBefore = timeReferenceWork();
    auto monitor = StallMonitor::createIfEnabled({});
    QVERIFY(monitor);
    QTRY_VERIFY(monitor->heartbeatsAnswered() >= 2); // the watchdog is running

    // Every window, the last one twice: the second is a refresh of the window shown (the same rows, updated).
    for (CostWindow window :
         {CostWindow::Hour, CostWindow::Day, CostWindow::Week, CostWindow::Month, CostWindow::Live, CostWindow::Live}) {
        applied.clear();
        if (window == view.window())
            view.refresh();
        else
            view.setWindow(window);
        QVERIFY2(applied.wait(kLoadTimeoutMs), qPrintable(costWindowName(window)));
        QCOMPARE(view.data().window, window);
        // Two more heartbeats answered: the painting the apply asked for (posted before them) is done, and judged.
        const quint64 after = monitor->heartbeatsAnswered();
        QTRY_VERIFY(monitor->heartbeatsAnswered() >= after + 2);
    }
    QCOMPARE(int(view.deploymentModel()->rowCount()), kDeployments);
    monitor.reset(); // judged every slice; the reference work below is not the page's
    QVERIFY2(StallCapture::ownStallsOverBudget(referenceBefore).isEmpty(),
             qPrintable(StallCapture::captured().join(QLatin1Char('\n'))));
}

SCALEDECK_GUI_TEST_MAIN(TestCostStall)
#include "test_cost_stall.moc"
