// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Benchmark (not a test): how long the GUI thread is busy per refresh for a synthetic cluster of 1,000
// applications x 4 deployments x 8 replicas (--deployments N for another size, 4 deployments an app). Bodies are parsed
// into snapshots outside the timed region (the poller thread does that in the product); what is timed is the GUI
// thread's share: handing the new snapshot to the model, and, in the view figures, everything that triggers (editor
// sync, layout and painting) up to the point where the event loop is idle again. Besides the whole refresh, the longest
// single GUI-thread slice is reported: the hand-over itself, or one event's handling while the loop drains (what a user
// feels as a frozen window; issue 16's target is 16 ms).
//   build/tests/bench/bench_gui_refresh [--deployments N] [refreshes]
// Runs on the offscreen platform unless QT_QPA_PLATFORM is set.
#include "clustermodel.h"
#include "clustertreeview.h"
#include "guislices.h"
#include "pendingedits.h"
#include "replicaeditor.h"
#include "servestatereader.h"
#include "snapshotdiff.h"
#include "snapshotfetcher.h"
#include "syntheticcluster.h"

#include <QApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <utility>
#include <vector>

using namespace scaledeck;
using scaledeck::bench::processEventsUntilIdle;
using scaledeck::bench::sliceTimer;
using scaledeck::bench::SliceTimingApplication;

namespace {

constexpr int kDefaultApps = 1000;
constexpr int kDeployments = 4;
constexpr int kReplicas = 8;
constexpr double kTargetMs = 16.0;

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

struct Figures {
    int apps = 0;
    double firstLoadMs = 0;
    std::vector<double> refreshMs;
    std::vector<double> longestSliceMs; // per refresh: the hand-over or the longest event while draining
};

// Empty -> 1,000 apps once, then `refreshes` deliveries alternating variants 1 and 0. `deliver` hands a
// snapshot over; `drain` says whether the timed region runs the event loop to idle after it.
Figures measure(int apps, const QByteArray (&bodies)[2], int refreshes, bool drain,
                const std::function<void(SnapshotPtr)> &deliver)
{
    Figures figures;
    figures.apps = apps;
    deliver(std::make_shared<const ClusterSnapshot>()); // connectToCluster starts from an empty snapshot
    processEventsUntilIdle();

    QElapsedTimer timer;
    SnapshotPtr next = syntheticSnapshot(bodies[0]);
    SnapshotPtr delivered = next; // what the poller keeps as its previous snapshot
    timer.start();
    deliver(std::move(next));
    if (drain)
        processEventsUntilIdle();
    figures.firstLoadMs = timer.nsecsElapsed() / 1e6;

    for (int refresh = 0; refresh < refreshes; ++refresh) {
        next = syntheticSnapshot(bodies[(refresh + 1) % 2], delivered); // untimed: the poller thread's work
        delivered = next;
        processEventsUntilIdle(); // untimed: start from an idle GUI thread
        sliceTimer()->takeLongestMs();
        timer.restart();
        deliver(std::move(next));
        const double handOverMs = timer.nsecsElapsed() / 1e6;
        if (drain)
            processEventsUntilIdle();
        figures.refreshMs.push_back(timer.nsecsElapsed() / 1e6);
        figures.longestSliceMs.push_back(std::max(handOverMs, sliceTimer()->takeLongestMs()));
    }
    return figures;
}

void report(const char *label, const Figures &figures)
{
    const double refreshMedian = median(figures.refreshMs);
    std::printf("%s\n", label);
    std::printf("  first load (empty -> %d apps):  %9.1f ms\n", figures.apps, figures.firstLoadMs);
    std::printf(
        "  refresh: median %7.1f ms  (min %.1f, max %.1f)   target: GUI thread busy <= %.0f ms a refresh  [%s]\n",
        refreshMedian, *std::min_element(figures.refreshMs.begin(), figures.refreshMs.end()),
        *std::max_element(figures.refreshMs.begin(), figures.refreshMs.end()), kTargetMs,
        refreshMedian <= kTargetMs ? "met" : "MISSED");
    const double longest = *std::max_element(figures.longestSliceMs.begin(), figures.longestSliceMs.end());
    std::printf("  longest single GUI-thread slice: median %.1f ms, max %.1f ms   target: <= %.0f ms  [%s]\n",
                median(figures.longestSliceMs), longest, kTargetMs, longest <= kTargetMs ? "met" : "MISSED");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    SliceTimingApplication app(argc, argv);
    int apps = kDefaultApps;
    int refreshes = 21;
    const QStringList arguments = QCoreApplication::arguments();
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments[i] == QStringLiteral("--deployments") && i + 1 < arguments.size())
            apps = std::max(1, arguments[++i].toInt() / kDeployments);
        else
            refreshes = std::max(3, arguments[i].toInt());
    }

    const QByteArray bodies[2] = {syntheticServeBody(apps, kDeployments, kReplicas, 0),
                                  syntheticServeBody(apps, kDeployments, kReplicas, 1)};
    {
        const SnapshotPtr a = syntheticSnapshot(bodies[0]);
        const SnapshotPtr b = syntheticSnapshot(bodies[1]);
        QElapsedTimer diffTimer;
        diffTimer.start();
        const SnapshotDiff diff = diffSnapshots(a.get(), *b);
        const double diffMs = diffTimer.nsecsElapsed() / 1e6;
        std::printf("synthetic cluster: %d apps x %d deployments x %d replicas (%.1f MB body); platform %s\n", apps,
                    kDeployments, kReplicas, bodies[0].size() / 1e6, qPrintable(QGuiApplication::platformName()));
        std::printf("each refresh alternates variants 0/1: %lld changed, %lld added, %lld removed apps; %d refreshes; "
                    "parsing is outside the timed region\n",
                    qint64(diff.changedApps.size()), qint64(diff.addedApps.size()), qint64(diff.removedApps.size()),
                    refreshes);
        std::printf("comparing every application (the poller's thread now, noteChangesSince): %.1f ms\n", diffMs);
    }

    // 1. The model alone: the diff and the row signals, with nothing attached.
    {
        PendingEdits edits;
        ClusterModel model(&edits);
        const Figures figures =
            measure(apps, bodies, refreshes, false, [&](SnapshotPtr s) { model.setSnapshot(std::move(s)); });
        report("ClusterModel::setSnapshot alone (no view):", figures);
    }

    // 2. The model attached to the real ClusterTreeView (editor index widgets), shown, events run to idle.
    {
        PendingEdits edits;
        ClusterModel model(&edits);
        ClusterTreeView tree;
        tree.setClusterModel(&model);
        tree.resize(1200, 700);
        tree.show();
        processEventsUntilIdle();
        const Figures figures =
            measure(apps, bodies, refreshes, true, [&](SnapshotPtr s) { model.setSnapshot(std::move(s)); });
        std::printf("(tree: %lld ReplicaEditor widgets, %d top-level rows)\n",
                    qint64(tree.findChildren<ReplicaEditor *>().size()), model.rowCount());
        report("ClusterModel + ClusterTreeView with editors, shown, incl. processEvents() until idle:", figures);
    }

    return 0;
}
