// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Benchmark (not a test), issue 16: the cost worker's share of the Cost tab, without a GUI. Over an existing history
// store (bench_history's, or a copy: nothing is written to it) it times loadCostOverview() for every chart window, a
// few times each, and the store reads it is made of, and prints the process's RSS after each.
//
// Usage: bench_costworker --db PATH [--repeat N (3)] [--json]
//   --json: one JSON object on the last line: {"<window>_ms": best of N, ..., "peak_rss_mb"}.
#include "costoverview.h"
#include "historystore.h"
#include "localperiods.h"
#include "pricestore.h"
#include "processstatus.h"
#include "schedulestore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <limits>

using namespace scaledeck;
using scaledeck::bench::statusMb;

namespace {

const QString kBenchCluster = QStringLiteral("http://bench:8265"); // bench_history's cluster key

double cpuMs()
{
    return double(std::clock()) * 1000.0 / CLOCKS_PER_SEC;
}

double lastCpuMs = 0; // of the best run: on a busy machine the CPU time says more than the wall time

// The best of `repeat` runs of `work`, in wall ms.
double bestMs(int repeat, const std::function<void()> &work)
{
    double best = std::numeric_limits<double>::max();
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = cpuMs();
        work();
        const double wall = double(timer.nsecsElapsed()) / 1e6;
        if (wall < best) {
            best = wall;
            lastCpuMs = cpuMs() - cpuStart;
        }
    }
    return best;
}

void printStep(const char *what, double ms)
{
    std::printf("  %-34s %9.1f ms (CPU %8.1f ms)   RSS %6.1f MB, peak %6.1f MB\n", what, ms, lastCpuMs,
                statusMb("VmRSS"), statusMb("VmHWM"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    QString path;
    int repeat = 3;
    bool json = false;
    const QStringList arguments = QCoreApplication::arguments();
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QStringLiteral("--db") && i + 1 < arguments.size())
            path = arguments[++i];
        else if (arguments[i] == QStringLiteral("--repeat") && i + 1 < arguments.size())
            repeat = std::max(1, arguments[++i].toInt());
        else if (arguments[i] == QStringLiteral("--json"))
            json = true;
        else {
            std::fprintf(stderr, "usage: bench_costworker --db PATH [--repeat N] [--json]\n");
            return 2;
        }
    }
    if (path.isEmpty() || !QFileInfo::exists(path)) {
        std::fprintf(stderr, "bench_costworker: --db names no store\n");
        return 2;
    }
    HistoryStore history(path);
    auto last = history.lastRecord(kBenchCluster);
    if (!last || !last.value()) {
        std::fprintf(stderr, "%s holds no history of %s\n", qPrintable(path), qPrintable(kBenchCluster));
        return 1;
    }
    const QDateTime now = *last.value();
    PriceStore prices(path);
    ScheduleStore schedules(path);
    std::printf("bench_costworker: %s, now %s\n", qPrintable(path), qPrintable(now.toString(Qt::ISODate)));
    printStep("start", 0);

    // The store reads one overview is made of (the 30 d window's).
    const QDateTime monthAgo = now.addSecs(-costWindowSecs(CostWindow::Month));
    const QDateTime earliest = std::min({startOfLocalMonth(now), monthAgo, startOfLocalWeek(now).addDays(-7)});
    printStep("leases since the earliest period",
              bestMs(repeat, [&] { (void)history.leases(kBenchCluster, earliest, now); }));
    printStep("leaseTotals since then, 5 periods", bestMs(repeat, [&] {
                  std::vector<TimeRange> periods(5, TimeRange{monthAgo, now});
                  (void)history.leaseTotals(kBenchCluster, TimeRange{earliest, now}, periods);
              }));
    printStep("recordedUsage 30 d", bestMs(repeat, [&] { (void)history.recordedUsage(kBenchCluster, monthAgo, now); }));
    printStep("usage series 30 d", bestMs(repeat, [&] {
                  UsageQuery query{monthAgo, now, 1800, 12};
                  (void)history.usage(kBenchCluster, query);
              }));
    printStep("activeLeases", bestMs(repeat, [&] { (void)history.activeLeases(kBenchCluster); }));

    nlohmann::ordered_json figures;
    for (CostWindow window :
         {CostWindow::Live, CostWindow::Hour, CostWindow::Day, CostWindow::Week, CostWindow::Month}) {
        size_t deployments = 0;
        size_t windowLeases = 0;
        QString error;
        const double ms = bestMs(repeat, [&] {
            CostOverviewRequest request;
            request.clusterKey = kBenchCluster;
            request.window = window;
            request.nowUtc = now;
            const CostOverview overview = loadCostOverview(request, history, prices, schedules);
            deployments = overview.inWindow.deployments.size();
            windowLeases = 0;
            for (const auto &entry : overview.windowHeld)
                windowLeases += entry.second.size() / 2;
            error = overview.error;
        });
        const QByteArray what = QStringLiteral("loadCostOverview %1").arg(costWindowName(window)).toUtf8();
        printStep(what.constData(), ms);
        std::printf("    %zu deployments in the window, %zu window leases%s%s\n", deployments, windowLeases,
                    error.isEmpty() ? "" : ", error: ", qPrintable(error));
        figures[costWindowName(window).toStdString() + "_ms"] = ms;
        figures[costWindowName(window).toStdString() + "_cpu_ms"] = lastCpuMs;
    }
    figures["peak_rss_mb"] = statusMb("VmHWM");
    if (json)
        std::printf("%s\n", figures.dump().c_str());
    return 0;
}
