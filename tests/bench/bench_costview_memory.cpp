// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Benchmark (not a test): the GUI's memory with 30 days of GPU history loaded (issue 4's target: at most 200 MB).
// A CostView on bench_history's store (1,000 deployments polled every 10 s), shown at 1320x720, is switched
// through the windows 1 h, 24 h, 7 d, 30 d and live. After each load (setWindow/setCluster until dataApplied,
// then layout and a repaint) it prints the process's RSS and what the view holds; at the end the peak RSS
// (VmHWM) of the whole process. Prints figures; no pass/fail.
// Issue 16's figures too: the longest single GUI-thread slice (one event handled, or the direct repaint) while a
// load is applied and while it is painted, per window, and the worker's time (issue 16's targets at 10,000
// deployments: no slice over 16 ms, worker at most 1 s, peak RSS at most 300 MB).
//
// Usage: bench_costview_memory [--deployments N (1000)] [--per-app K (10)] [--days D (30)] [--db PATH]
//                              [database path]
// Without a path, bench_history (from this executable's directory) first writes D days of N deployments into
// PATH (a temporary file without --db); it runs as a child process, so generating the history never counts
// towards this process's memory. With --db naming an existing store, that store is used as it is.
// Runs on the offscreen platform unless QT_QPA_PLATFORM is set.
#include "clock.h"
#include "costbench.h"
#include "costview.h"
#include "gpuusagechart.h"
#include "guislices.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace scaledeck;
using scaledeck::bench::lastRecord;
using scaledeck::bench::statusMb;
using scaledeck::bench::waitForLoad;

namespace {
const QString kCluster = bench::kBenchCluster;
constexpr double kTargetMb = 200;
constexpr int kLoadTimeoutMs = 300'000; // generous: a shared 2-core machine

struct Options {
    int deployments = 1000;
    int perApp = 10;
    int days = 30;
    QString path;
};

Options parseOptions(const QStringList &arguments)
{
    Options options;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        const bool hasValue = i + 1 < arguments.size();
        if (argument == QStringLiteral("--deployments") && hasValue)
            options.deployments = std::max(1, arguments[++i].toInt());
        else if (argument == QStringLiteral("--per-app") && hasValue)
            options.perApp = std::max(1, arguments[++i].toInt());
        else if (argument == QStringLiteral("--days") && hasValue)
            options.days = std::max(3, arguments[++i].toInt());
        else if (argument == QStringLiteral("--db") && hasValue)
            options.path = arguments[++i];
        else if (argument.startsWith(QStringLiteral("--"))) {
            std::fprintf(stderr, "unknown option %s\n", qPrintable(argument));
            std::exit(2);
        } else
            options.path = argument; // the older form: bench_costview_memory [database path]
    }
    return options;
}

// The longest single GUI-thread slice since the last take(): each event the application dispatches from the event
// loop (not the ones sent from inside another: they are part of its slice), or a stretch the benchmark runs itself
// (the direct repaint) between begin() and end().
class SliceMeter {
public:
    void begin()
    {
        if (m_depth++ == 0)
            m_timer.start();
    }
    void end()
    {
        if (--m_depth == 0)
            m_maxNs = std::max(m_maxNs, m_timer.nsecsElapsed());
    }
    double takeMaxMs()
    {
        const double ms = double(m_maxNs) / 1e6;
        m_maxNs = 0;
        return ms;
    }

private:
    int m_depth = 0;
    QElapsedTimer m_timer;
    qint64 m_maxNs = 0;
};

class MeteredApplication : public QApplication {
public:
    using QApplication::QApplication;
    SliceMeter meter;
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (QThread::currentThread() != thread()) // the loader's thread: its time is the worker's
            return QApplication::notify(receiver, event);
        meter.begin();
        const bool handled = QApplication::notify(receiver, event);
        meter.end();
        return handled;
    }
};

// "123.4 MB (anon 100.0, file 23.4)": the resident set and its split; file pages include the mapped libraries.
QString rssText()
{
    return QStringLiteral("%1 MB (anon %2, file %3)")
        .arg(statusMb("VmRSS"), 7, 'f', 1)
        .arg(statusMb("RssAnon"), 6, 'f', 1)
        .arg(statusMb("RssFile"), 5, 'f', 1);
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// Writes 30 days of history with bench_history into `path`; false (with its output on stderr) if that fails.
bool generateHistory(const Options &options)
{
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("bench_history"));
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(program,
                  {QStringLiteral("--deployments"), QString::number(options.deployments), QStringLiteral("--per-app"),
                   QString::number(options.perApp), QStringLiteral("--days"), QString::number(options.days),
                   QStringLiteral("--replay-hours"), QStringLiteral("1"), QStringLiteral("--db"), options.path});
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n%s", qPrintable(program), qPrintable(process.errorString()),
                     process.readAllStandardOutput().constData());
        return false;
    }
    return true;
}

// When the GUI thread starts applying a load: the worker's answer arrives at the view as a queued call (a
// MetaCall event), so the time from the request to that event is the worker's share (plus queueing), and the
// rest up to dataApplied is CostView::apply() on the GUI thread.
class ApplyWatch : public QObject {
public:
    explicit ApplyWatch(QObject *view) : m_view(view) { view->installEventFilter(this); }
    void restart()
    {
        m_timer.start();
        m_arrivedNs = -1;
    }
    double sinceStartMs() const { return double(m_timer.nsecsElapsed()) / 1e6; }
    double arrivedMs() const { return double(m_arrivedNs) / 1e6; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_view && event->type() == QEvent::MetaCall && m_arrivedNs < 0)
            m_arrivedNs = m_timer.nsecsElapsed(); // the loader's answer; the rest is the GUI thread applying it
        return false;
    }

private:
    QObject *m_view;
    QElapsedTimer m_timer;
    qint64 m_arrivedNs = -1;
};

// What the view holds after a load: chart series and points (as the chart got them), table rows.
void printHeld(const CostView &view)
{
    const CostOverview &data = view.data();
    size_t storePoints = 0;
    for (const UsageSeries &series : data.series)
        storePoints += series.points.size();
    const QStringList names = view.chart()->seriesNames();
    qsizetype chartPoints = 0;
    for (const QString &name : names)
        chartPoints += view.chart()->pointCount(name);
    std::printf("             chart: %lld series, %lld points (the store gave %zu series, %zu points); tables: %d "
                "deployments, %d active leases; %.0f GPU-h in the window%s%s\n",
                static_cast<long long>(names.size()), static_cast<long long>(chartPoints), data.series.size(),
                storePoints, view.deploymentModel()->rowCount(), view.leaseModel()->rowCount(), data.inWindow.gpuHours,
                data.error.isEmpty() ? "" : "; errors: ", qPrintable(data.error));
}
} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    MeteredApplication application(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // a line at a time: a slow load shows how far it got

    QTemporaryDir dir;
    Options options = parseOptions(QCoreApplication::arguments());
    if (options.path.isEmpty())
        options.path = dir.filePath(QStringLiteral("history.sqlite"));
    const QString path = options.path;
    if (!QFileInfo::exists(path)) {
        std::printf("generating %d days of %d deployments with bench_history into %s\n", options.days,
                    options.deployments, qPrintable(path));
        QElapsedTimer timer;
        timer.start();
        if (!generateHistory(options))
            return 1;
        std::printf("generated in %.1f s (in a child process)\n", double(timer.elapsed()) / 1000);
    }
    if (!QFileInfo::exists(path)) {
        std::fprintf(stderr, "no database at %s\n", qPrintable(path));
        return 1;
    }
    const QDateTime end = lastRecord(path);
    if (!end.isValid()) {
        std::fprintf(stderr, "%s holds no history\n", qPrintable(path));
        return 1;
    }
    const double storeMb = double(QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size()) / 1e6;
    std::printf("store: %s, %.1f MB on disk (with WAL), history up to %s; cluster %s; platform %s\n", qPrintable(path),
                storeMb, qPrintable(end.toString(Qt::ISODate)), qPrintable(kCluster),
                qPrintable(QGuiApplication::platformName()));

    const ManualClock clock(end);
    const double baselineMb = statusMb("VmRSS");
    std::printf("\nRSS baseline (QApplication, before the view):  %s\n", qPrintable(rssText()));

    CostView view(path, &clock);
    view.resize(1320, 720);
    view.show();
    QCoreApplication::sendPostedEvents();
    view.repaint();
    std::printf("RSS with the view shown, no cluster yet:       %s\n", qPrintable(rssText()));

    std::printf("\nload = setWindow() to dataApplied: the worker's queries (until its answer reaches the GUI thread), "
                "then CostView::apply() on the GUI thread; paint = layout and a repaint after it\n");
    // 30 d twice: the second is the view's periodic refresh, which refills tables that already hold rows (the
    // path that once took minutes on the GUI thread).
    const CostWindow windows[] = {CostWindow::Hour,  CostWindow::Day,   CostWindow::Week,
                                  CostWindow::Month, CostWindow::Month, CostWindow::Live};
    ApplyWatch watch(&view);
    SliceMeter &meter = application.meter;
    double maxApplyMs = 0, maxPaintMs = 0, maxWorkerMs = 0;
    bool first = true;
    CostWindow previous = CostWindow::Live;
    for (CostWindow window : windows) {
        const bool again = !first && window == previous;
        previous = window;
        watch.restart();
        meter.takeMaxMs();
        view.setWindow(window); // the first time there is no cluster yet: it only remembers the window
        if (first)
            view.setCluster(kCluster); // the first load, which also opens the stores on the worker
        if (!waitForLoad(view, kLoadTimeoutMs)) {
            std::fprintf(stderr, "window %s: no dataApplied within %d s\n", qPrintable(costWindowName(window)),
                         kLoadTimeoutMs / 1000);
            return 1;
        }
        const double loadMs = watch.sinceStartMs();
        const double workerMs = watch.arrivedMs();
        const double applySliceMs = meter.takeMaxMs();
        QElapsedTimer timer;
        timer.start();
        meter.begin();
        QCoreApplication::sendPostedEvents(); // layout requests the new data caused
        meter.end();
        meter.begin();
        view.repaint();
        meter.end();
        const double paintMs = msSince(timer);
        // And what the event loop still does for it (an update the view asked for, a slice it left for later).
        QEventLoop settle;
        QTimer::singleShot(200, &settle, &QEventLoop::quit);
        settle.exec();
        const double paintSliceMs = meter.takeMaxMs();
        maxApplyMs = std::max(maxApplyMs, applySliceMs);
        maxPaintMs = std::max(maxPaintMs, paintSliceMs);
        if (!first)
            maxWorkerMs = std::max(maxWorkerMs, workerMs);
        std::printf("  %-5s%s load %9.1f ms (worker %7.1f%s, apply %9.1f), paint %6.1f ms   RSS %s\n",
                    qPrintable(costWindowName(window)), again ? " again" : "      ", loadMs, workerMs,
                    first ? " incl. opening the store" : "", loadMs - workerMs, paintMs, qPrintable(rssText()));
        std::printf("             longest GUI-thread slice: %.1f ms while applying, %.1f ms painting\n", applySliceMs,
                    paintSliceMs);
        if (view.data().window != window)
            std::printf("             (the data shown is for another window: %s)\n",
                        qPrintable(costWindowName(view.data().window)));
        printHeld(view);
        first = false;
    }

    const double rssMb = statusMb("VmRSS");
    const double peakMb = statusMb("VmHWM");
    std::printf("\nRSS at the end:       %7.1f MB  (%+.1f MB over the baseline)   target: GUI memory <= %.0f MB\n",
                rssMb, rssMb - baselineMb, kTargetMb);
    std::printf("peak RSS (VmHWM):     %7.1f MB  for the whole process           target: GUI memory <= %.0f MB\n",
                peakMb, kTargetMb);
    std::printf("longest GUI-thread slice over all windows: %.1f ms applying, %.1f ms painting (target 16); "
                "worker at most %.1f ms after the first load (target 1,000)\n",
                maxApplyMs, maxPaintMs, maxWorkerMs);
    return 0;
}
