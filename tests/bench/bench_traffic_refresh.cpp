// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Benchmark (not a test): the GUI thread's share of a traffic refresh (issue 12's target: under 5 ms) for a
// synthetic cluster of 1,000 deployments (250 applications x 4). The reading is built outside the timed region
// (the traffic poller's thread parses it in the product); what is timed is handing it to the model, which diffs it
// against what the rows show and signals the cells that changed, and, in the view figure, everything that
// triggers in a ClusterTreeView up to an idle event loop. Every figure of every deployment changes each run (the
// worst case); an identical reading is timed too.
//   build/tests/bench/bench_traffic_refresh [runs]
// Runs on the offscreen platform unless QT_QPA_PLATFORM is set.
#include "clustermodel.h"
#include "clustertreeview.h"
#include "guislices.h"
#include "pendingedits.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"
#include "syntheticcluster.h"

#include <QApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using namespace scaledeck;
using scaledeck::bench::processEventsUntilIdle;

namespace {

constexpr int kApps = 250;
constexpr int kDeployments = 4;
constexpr double kTargetMs = 5.0;

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

SnapshotPtr syntheticSnapshot()
{
    auto serve = readServeState(syntheticServeBody(kApps, kDeployments, 2, 0));
    if (!serve) {
        std::fprintf(stderr, "parse failed: %s\n", qPrintable(serve.error().describe()));
        std::exit(1);
    }
    return buildSnapshot(QStringLiteral("2.60.0"), std::move(serve).value(), NodeTotals{4000, 8000, 500, {}, {}, {}},
                         {}, QDateTime::currentDateTimeUtc());
}

// Every deployment of the snapshot with figures that differ from run to run.
TrafficReading readingFor(const ClusterSnapshot &snapshot, int run)
{
    TrafficReading reading;
    reading.sourceAddress = QStringLiteral("http://prometheus.bench:9090");
    for (const ApplicationSnapshot &app : snapshot.applications)
        for (const DeploymentSnapshot &deployment : app.deployments)
            reading.deployments.push_back({app.name, deployment.name, 1.0 + run, 0.001 * (run % 7), 10.0 + run % 13});
    return reading;
}

double timedMs(const std::function<void()> &work)
{
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(3, std::atoi(argv[1])) : 50;

    PendingEdits edits;
    ClusterModel model(&edits);
    const SnapshotPtr snapshot = syntheticSnapshot();
    model.setSnapshot(snapshot);
    std::vector<TrafficReading> readings;
    for (int run = 0; run <= runs; ++run)
        readings.push_back(readingFor(*snapshot, run));

    std::vector<double> modelMs, sameMs;
    model.setTraffic(readings[0]);
    for (int run = 1; run <= runs; ++run) {
        modelMs.push_back(timedMs([&] { model.setTraffic(readings[size_t(run)]); }));
        sameMs.push_back(timedMs([&] { model.setTraffic(readings[size_t(run)]); }));
    }

    ClusterTreeView view;
    view.resize(1400, 900);
    view.setClusterModel(&model);
    view.show();
    processEventsUntilIdle();
    std::vector<double> viewMs;
    for (int run = 1; run <= runs; ++run)
        viewMs.push_back(timedMs([&] {
            model.setTraffic(readings[size_t(runs + 1 - run)]);
            processEventsUntilIdle();
        }));

    const double figure = median(modelMs);
    std::printf("traffic refresh, %d deployments, median of %d runs (GUI thread):\n", kApps * kDeployments, runs);
    std::printf("  model, every figure changed:   %.2f ms (target < %.0f ms: %s)\n", figure, kTargetMs,
                figure < kTargetMs ? "met" : "NOT met");
    std::printf("  model, identical reading:      %.2f ms\n", median(sameMs));
    std::printf("  model + tree view to idle:     %.2f ms\n", median(viewMs));
    return 0;
}
