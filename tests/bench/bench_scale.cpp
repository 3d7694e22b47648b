// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Benchmark (not a test), issue 16's pinned one: ScaleDeck at the size of a fleet. For N deployments (apps of 4
// deployments x 8 replicas) in M clusters (N/M each) with D days of history, it measures on the real GUI classes,
// on the offscreen platform:
//   - live refreshes of one cluster's tree (ClusterModel + ClusterTreeView, shown), 50 apps changed each time;
//   - every cost window of the Cost tab (CostView over the history store), switched to and refreshed;
//   - a fleet refresh (FleetPage: every cluster answering, then every cluster again with changes);
//   - typing a filter into the fleet page until its matches are shown;
// and reports the longest single GUI-thread slice of each (one outermost event's handling, or a hand-over the
// bench makes itself), the cost worker's load time for 30 days, and the GUI's peak RSS. The history (one cluster's
// N/M deployments, D days) is written and its record()/compact() timed by bench_history in a child process, so
// generating it never counts towards this process's memory.
//
// Usage: bench_scale --deployments N [--clusters M (1)] [--days D (30)] [--db PATH] [--json]
//   --db PATH: use (or keep) the history store there; an existing one is reused and its history figures are null.
//   --json: one JSON object on the last line: {"deployments", "clusters", "days", "live_refresh_max_ms",
//   "cost_apply_max_ms", "cost_paint_max_ms", "fleet_refresh_max_ms", "filter_max_ms", "cost_load_worker_ms",
//   "gui_peak_rss_mb", "history_record_p99_ms", "compact_p99_ms"} (and a few more after them, among them
//   "cost_tab_switch_max_ms": the Cost tab hidden and shown again, its reload applied and painted; "cost_sort_max_ms":
//   a header of the deployments table clicked).
// Prints figures; no pass/fail.
#include "clock.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "costbench.h"
#include "costview.h"
#include "fleetfigures.h"
#include "fleetmatchmodel.h"
#include "fleetpage.h"
#include "guislices.h"
#include "pendingedits.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"
#include "syntheticcluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

using namespace scaledeck;
using namespace scaledeck::bench;

namespace {
constexpr int kDeploymentsPerApp = 4;
constexpr int kReplicas = 8;
constexpr int kRefreshes = 10;
constexpr int kChangedApps = 50; // in each live refresh
constexpr int kLoadTimeoutMs = 600'000;
const QString kCluster = kBenchCluster;

// Two consecutive polls' bodies of one cluster, in files: each refresh reads one and parses it on a thread of its own,
// as the poller does, so the process holds a body only while parsing it (held in memory, the two 40 MB bodies of
// 10,000 deployments were counted as the GUI's memory).
using BodyFiles = std::array<QString, 2>;

std::optional<BodyFiles> writeBodyFiles(const QTemporaryDir &dir, int apps)
{
    BodyFiles paths;
    for (int variant = 0; variant < 2; ++variant) {
        paths[size_t(variant)] = dir.filePath(QStringLiteral("serve-%1.json").arg(variant));
        QFile file(paths[size_t(variant)]);
        if (!file.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(file.fileName()), qPrintable(file.errorString()));
            return std::nullopt;
        }
        // 50 applications change between the two polls at any size (the figure is a refresh of 50): a
        // refresh should cost what changed, so the same change is timed at 1,000 and at 20,000 deployments.
        writeSyntheticServeBody(file, apps, kDeploymentsPerApp, kReplicas, variant, std::max(1, apps / kChangedApps));
        if (!file.flush()) {
            std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(file.fileName()), qPrintable(file.errorString()));
            return std::nullopt;
        }
    }
    return paths;
}

struct Options {
    int deployments = 1000;
    int clusters = 1;
    int days = 30;
    QString path;
    bool json = false;
};

std::optional<Options> parseOptions(const QStringList &arguments)
{
    Options options;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        const bool hasValue = i + 1 < arguments.size();
        if (argument == QStringLiteral("--deployments") && hasValue)
            options.deployments = std::max(kDeploymentsPerApp, arguments[++i].toInt());
        else if (argument == QStringLiteral("--clusters") && hasValue)
            options.clusters = std::max(1, arguments[++i].toInt());
        else if (argument == QStringLiteral("--days") && hasValue)
            options.days = std::max(3, arguments[++i].toInt());
        else if (argument == QStringLiteral("--db") && hasValue)
            options.path = arguments[++i];
        else if (argument == QStringLiteral("--json"))
            options.json = true;
        else {
            std::fprintf(stderr,
                         "bench_scale: unknown option %s\nusage: bench_scale --deployments N [--clusters M] "
                         "[--days D] [--db PATH] [--json]\n",
                         qPrintable(argument));
            return std::nullopt;
        }
    }
    return options;
}

int appsPerCluster(const Options &options)
{
    return std::max(1, options.deployments / options.clusters / kDeploymentsPerApp);
}

// Runs bench_history (beside this executable) into `path` and returns its JSON figures; null on failure.
nlohmann::json generateHistory(const Options &options, const QString &path)
{
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("bench_history"));
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(program, {QStringLiteral("--deployments"), QString::number(options.deployments / options.clusters),
                            QStringLiteral("--per-app"), QString::number(kDeploymentsPerApp), QStringLiteral("--days"),
                            QString::number(options.days), QStringLiteral("--db"), path, QStringLiteral("--json")});
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(program), qPrintable(process.errorString()));
        return nullptr;
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    for (const QByteArray &line : lines)
        std::printf("  | %s\n", line.constData());
    return nlohmann::json::parse(lines.last().toStdString(), nullptr, false);
}

// The longest slice of `refreshes` live refreshes of one cluster's tree, each delivered as the poller delivers
// one (a new snapshot carrying what changed, parsed outside the timed region) and run to idle.
double liveRefreshMaxMs(const BodyFiles &bodies)
{
    PendingEdits edits;
    ClusterModel model(&edits);
    ClusterTreeView tree;
    tree.setClusterModel(&model);
    tree.resize(1200, 700);
    tree.show();
    SnapshotPtr delivered = syntheticSnapshotFromFile(bodies[0]);
    model.setSnapshot(delivered); // the first load is a connection's, not a refresh
    processEventsUntilIdle();
    double longest = 0;
    for (int refresh = 0; refresh < kRefreshes; ++refresh) {
        SnapshotPtr next = syntheticSnapshotFromFile(bodies[(refresh + 1) % 2], delivered);
        delivered = next;
        processEventsUntilIdle();
        sliceTimer()->takeLongestMs();
        QElapsedTimer handOver;
        handOver.start();
        model.setSnapshot(std::move(next));
        const double handOverMs = double(handOver.nsecsElapsed()) / 1e6;
        processEventsUntilIdle();
        longest = std::max({longest, handOverMs, sliceTimer()->takeLongestMs()});
    }
    return longest;
}

struct CostFigures {
    double applyMaxMs = 0;
    double paintMaxMs = 0;
    double monthWorkerMs = 0;
    double tabSwitchMaxMs = 0; // the view hidden and shown again (another tab, then the Cost tab), its reload shown
    double sortMaxMs = 0;      // a click on a header of the deployments table, its rows shown in the new order
};

// Clicks on the deployments table's headers (cost, then name, then requests), each run to idle: the longest slice.
double sortMs(CostView &view)
{
    auto *table = view.findChild<QTableView *>(QStringLiteral("costDeployments"));
    if (!table)
        return -1;
    double longest = 0;
    for (const int column : {3, 0, 9}) {
        processEventsUntilIdle();
        sliceTimer()->takeLongestMs();
        QElapsedTimer timer;
        timer.start();
        table->sortByColumn(column, Qt::DescendingOrder);
        const double clickMs = double(timer.nsecsElapsed()) / 1e6;
        processEventsUntilIdle();
        longest = std::max({longest, clickMs, sliceTimer()->takeLongestMs()});
    }
    return longest;
}

// Switching to the Cost tab: the view was hidden (another tab) and is shown, which repaints it and reloads the shown
// window; the longest slice from the show to the reload's painting.
std::optional<double> tabSwitchMs(CostView &view)
{
    view.hide();
    processEventsUntilIdle();
    sliceTimer()->takeLongestMs();
    QElapsedTimer timer;
    timer.start();
    view.show();
    const double showMs = double(timer.nsecsElapsed()) / 1e6;
    if (!waitForLoad(view, kLoadTimeoutMs))
        return std::nullopt;
    processEventsUntilIdle();
    return std::max(showMs, sliceTimer()->takeLongestMs());
}

// Every window of the Cost tab, 30 days twice (the second is the periodic refresh of a shown window): the longest
// slice up to the load's dataApplied (the apply) and after it (layout and painting), and the 30 days' worker time.
std::optional<CostFigures> costWindows(const QString &path)
{
    const QDateTime end = lastRecord(path);
    if (!end.isValid()) {
        std::fprintf(stderr, "%s holds no history of %s\n", qPrintable(path), qPrintable(kCluster));
        return std::nullopt;
    }
    const ManualClock clock(end);
    CostView view(path, &clock);
    view.resize(1320, 720);
    view.show();
    processEventsUntilIdle();
    view.setCluster(kCluster);
    if (!waitForLoad(view, kLoadTimeoutMs))
        return std::nullopt;
    processEventsUntilIdle();
    CostFigures figures;
    for (CostWindow window : {CostWindow::Hour, CostWindow::Day, CostWindow::Week, CostWindow::Month, CostWindow::Month,
                              CostWindow::Live}) {
        sliceTimer()->takeLongestMs();
        QElapsedTimer timer;
        timer.start();
        view.setWindow(window);
        const double switchMs = double(timer.nsecsElapsed()) / 1e6;
        if (!waitForLoad(view, kLoadTimeoutMs)) {
            std::fprintf(stderr, "cost window %s: no load within %d s\n", qPrintable(costWindowName(window)),
                         kLoadTimeoutMs / 1000);
            return std::nullopt;
        }
        const double loadMs = double(timer.nsecsElapsed()) / 1e6;
        const double applyMs = std::max(switchMs, sliceTimer()->takeLongestMs());
        processEventsUntilIdle();
        const double paintMs = sliceTimer()->takeLongestMs();
        std::printf("  cost %-5s load %8.1f ms, longest slice: apply %6.1f ms, paint %6.1f ms\n",
                    qPrintable(costWindowName(window)), loadMs, applyMs, paintMs);
        figures.applyMaxMs = std::max(figures.applyMaxMs, applyMs);
        figures.paintMaxMs = std::max(figures.paintMaxMs, paintMs);
        if (window == CostWindow::Month) // the load minus the apply's slice: the worker's share (and queueing)
            figures.monthWorkerMs = std::max(figures.monthWorkerMs, loadMs - applyMs);
    }
    for (int round = 0; round < 2; ++round) {
        const std::optional<double> switchMs = tabSwitchMs(view);
        if (!switchMs)
            return std::nullopt;
        std::printf("  cost tab switch (%s shown): longest slice %6.1f ms\n", qPrintable(costWindowName(view.window())),
                    *switchMs);
        figures.tabSwitchMaxMs = std::max(figures.tabSwitchMaxMs, *switchMs);
    }
    figures.sortMaxMs = sortMs(view);
    std::printf("  cost table sorted (%d rows): longest slice %6.1f ms\n",
                view.findChild<QTableView *>(QStringLiteral("costDeployments"))->model()->rowCount(),
                figures.sortMaxMs);
    return figures;
}

FleetRow answeringRow(int cluster, SnapshotPtr snapshot)
{
    FleetRow row;
    row.name = QStringLiteral("cluster-%1").arg(cluster, 2, 10, QLatin1Char('0'));
    row.address = QStringLiteral("http://10.0.%1.1:8265").arg(cluster);
    row.state = FleetState::Answering;
    row.figures = fleetFiguresOf(*snapshot, std::nullopt); // the poller's thread's work, untimed
    row.answeredAt = QDateTime::currentDateTimeUtc();
    row.snapshot = std::move(snapshot);
    return row;
}

struct FleetFiguresMs {
    double refreshMaxMs = 0;
    double filterMaxMs = 0;
    qsizetype matches = 0;
};

// Waits (between events) until the page shows matches for what was typed; false on timeout.
bool waitForMatches(FleetPage &page)
{
    QElapsedTimer waited;
    waited.start();
    while (page.matchModel()->rowCount() == 0 && waited.elapsed() < kLoadTimeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return page.matchModel()->rowCount() > 0;
}

// M clusters of `apps` apps: every row answering, then every row again with changes (each delivered as the
// session delivers one, a queued call), run to idle; then a filter typed a key at a time until its matches show.
FleetFiguresMs fleetPage(int clusters, const BodyFiles &bodies)
{
    FleetPage page;
    page.resize(1400, 800);
    page.show();
    std::vector<FleetRow> waiting(static_cast<size_t>(clusters));
    for (int c = 0; c < clusters; ++c)
        waiting[size_t(c)].name = QStringLiteral("cluster-%1").arg(c, 2, 10, QLatin1Char('0'));
    page.setRows(std::move(waiting));
    processEventsUntilIdle();
    FleetFiguresMs figures;
    for (int round = 0; round < 2; ++round) {
        std::vector<FleetRow> rows;
        for (int c = 0; c < clusters; ++c)
            rows.push_back(answeringRow(c, syntheticSnapshotFromFile(bodies[round % 2])));
        sliceTimer()->takeLongestMs();
        for (int c = 0; c < clusters; ++c)
            QMetaObject::invokeMethod(
                &page, [&page, c, row = rows[size_t(c)]] { page.updateRow(c, row); }, Qt::QueuedConnection);
        processEventsUntilIdle();
        figures.refreshMaxMs = std::max(figures.refreshMaxMs, sliceTimer()->takeLongestMs());
    }
    // "app-12": each key narrows the matches (every deployment of app-1, app-12, app-120..129, app-1200..).
    sliceTimer()->takeLongestMs();
    const QString query = QStringLiteral("app-12");
    for (qsizetype typed = 1; typed <= query.size(); ++typed) {
        QMetaObject::invokeMethod(
            &page, [&page, text = query.left(typed)] { page.filterBox()->setText(text); }, Qt::QueuedConnection);
        processEventsUntilIdle();
    }
    if (!waitForMatches(page))
        std::fprintf(stderr, "the filter showed no matches within %d s\n", kLoadTimeoutMs / 1000);
    processEventsUntilIdle();
    figures.filterMaxMs = sliceTimer()->takeLongestMs();
    figures.matches = page.matchModel()->rowCount();
    return figures;
}

// Where the process's memory goes: its RSS now and its peak so far, after each phase (the phases' objects are gone
// by then, so the peak's growth is what a phase cost at most).
void printMemory(const char *after)
{
    std::printf("memory %s: RSS %.1f MB, peak %.1f MB\n", after, statusMb("VmRSS"), statusMb("VmHWM"));
}

nlohmann::json figureOrNull(const nlohmann::json &json, const char *key)
{
    return json.is_object() && json.contains(key) ? json[key] : nlohmann::json(nullptr);
}
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    SliceTimingApplication application(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    const std::optional<Options> parsed = parseOptions(QCoreApplication::arguments());
    if (!parsed)
        return 2;
    const Options &options = *parsed;
    const int apps = appsPerCluster(options);
    std::printf("bench_scale: %d deployments in %d cluster(s) of %d apps x %d deployments x %d replicas, %d days of "
                "history; platform %s\n",
                options.deployments, options.clusters, apps, kDeploymentsPerApp, kReplicas, options.days,
                qPrintable(QGuiApplication::platformName()));

    QTemporaryDir dir;
    const QString path = options.path.isEmpty() ? dir.filePath(QStringLiteral("history.sqlite")) : options.path;
    nlohmann::json history = nullptr;
    QElapsedTimer step;
    step.start();
    if (QFileInfo::exists(path)) {
        std::printf("history: reusing %s (no record()/compact() figures)\n", qPrintable(path));
    } else {
        std::printf("history: bench_history writes %d days of %d deployments into %s\n", options.days,
                    options.deployments / options.clusters, qPrintable(path));
        history = generateHistory(options, path);
        if (history.is_null())
            return 1;
        std::printf("history: %.1f s\n", double(step.elapsed()) / 1000);
    }

    const std::optional<BodyFiles> bodies = writeBodyFiles(dir, apps);
    if (!bodies)
        return 1;
    const double liveMs = liveRefreshMaxMs(*bodies);
    std::printf("live refresh (%d apps, %d refreshes): longest slice %.1f ms\n", apps, kRefreshes, liveMs);
    printMemory("after the live tree");
    const std::optional<CostFigures> cost = costWindows(path);
    if (!cost)
        return 1;
    std::printf("cost: longest apply slice %.1f ms, longest paint slice %.1f ms, 30 d worker %.1f ms, tab switch "
                "%.1f ms\n",
                cost->applyMaxMs, cost->paintMaxMs, cost->monthWorkerMs, cost->tabSwitchMaxMs);
    printMemory("after the cost windows");
    const FleetFiguresMs fleet = fleetPage(options.clusters, *bodies);
    std::printf("fleet refresh (%d clusters): longest slice %.1f ms; filter: longest slice %.1f ms, %lld matches\n",
                options.clusters, fleet.refreshMaxMs, fleet.filterMaxMs, static_cast<long long>(fleet.matches));
    printMemory("after the fleet page");
    const double peakMb = statusMb("VmHWM");
    std::printf("GUI peak RSS (VmHWM): %.1f MB\n", peakMb);

    if (options.json) {
        nlohmann::ordered_json json{
            {"deployments", options.deployments},
            {"clusters", options.clusters},
            {"days", options.days},
            {"live_refresh_max_ms", liveMs},
            {"cost_apply_max_ms", cost->applyMaxMs},
            {"cost_paint_max_ms", cost->paintMaxMs},
            {"fleet_refresh_max_ms", fleet.refreshMaxMs},
            {"filter_max_ms", fleet.filterMaxMs},
            {"cost_load_worker_ms", cost->monthWorkerMs},
            {"gui_peak_rss_mb", peakMb},
            {"history_record_p99_ms", figureOrNull(history, "history_record_p99_ms")},
            {"compact_p99_ms", figureOrNull(history, "compact_p99_ms")},
            {"history_record_cpu_p99_ms", figureOrNull(history, "history_record_cpu_p99_ms")},
            {"history_generate_s", figureOrNull(history, "generate_s")},
            {"history_compact_after_generate_s", figureOrNull(history, "compact_after_generate_s")},
            {"filter_matches", fleet.matches},
            {"cost_tab_switch_max_ms", cost->tabSwitchMaxMs},
            {"cost_sort_max_ms", cost->sortMaxMs}};
        std::printf("%s\n", json.dump().c_str());
    }
    return 0;
}
