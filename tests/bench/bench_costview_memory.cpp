// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Benchmark (not a test): the GUI's memory with 30 days of GPU history loaded (issue 4's target: at most 200 MB).
// A CostView on bench_history's store (1,000 deployments polled every 10 s), shown at 1320x720, is switched
// through the windows 1 h, 24 h, 7 d, 30 d and live. After each load (setWindow/setCluster until dataApplied,
// then layout and a repaint) it prints the process's RSS and what the view holds; at the end the peak RSS
// (VmHWM) of the whole process. Prints figures; no pass/fail.
//
// Usage: bench_costview_memory [database path]
// Without a path, bench_history (from this executable's directory) first writes 30 days into a temporary one;
// it runs as a child process, so generating the history never counts towards this process's memory.
// Runs on the offscreen platform unless QT_QPA_PLATFORM is set.
#include "clock.h"
#include "costview.h"
#include "gpuusagechart.h"

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
#include <QTimer>

#include <cstdio>

using namespace scaledeck;

namespace {
const QString kCluster = QStringLiteral("http://bench:8265"); // bench_history's cluster key
constexpr double kTargetMb = 200;
constexpr int kLoadTimeoutMs = 300'000; // generous: a shared 2-core machine

// A "Vm..."/"Rss..." line of /proc/self/status in MB (from kB), or -1 where there is none (not Linux).
double statusMb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toDouble() / 1024;
    }
    return -1;
}

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
bool generateHistory(const QString &path)
{
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("bench_history"));
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(program, {QStringLiteral("30"), path});
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n%s", qPrintable(program), qPrintable(process.errorString()),
                     process.readAllStandardOutput().constData());
        return false;
    }
    return true;
}

// The last instant the store holds history for the cluster: the view's "now", so every window ends where the
// data ends (bench_history ends its range at a fixed date; a store from elsewhere works the same).
QDateTime lastRecord(const QString &path)
{
    QDateTime last;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench-last"));
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("SELECT last_ms FROM history_clusters WHERE cluster_key = ?"));
            query.addBindValue(kCluster);
            if (query.exec() && query.next())
                last = QDateTime::fromMSecsSinceEpoch(query.value(0).toLongLong(), Qt::UTC);
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-last"));
    return last;
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
        if (watched == m_view && event->type() == QEvent::MetaCall)
            m_arrivedNs = m_timer.nsecsElapsed(); // the last one before dataApplied is the load applied
        return false;
    }

private:
    QObject *m_view;
    QElapsedTimer m_timer;
    qint64 m_arrivedNs = -1;
};

// Runs the event loop until the view has applied a load; false on timeout (checked between events only: a
// long apply() on the GUI thread is waited for, not cut short).
bool waitForLoad(CostView &view)
{
    QEventLoop loop;
    bool applied = false;
    QObject::connect(&view, &CostView::dataApplied, &loop, [&] {
        applied = true;
        loop.quit();
    });
    QTimer::singleShot(kLoadTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return applied;
}

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
    QApplication application(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // a line at a time: a slow load shows how far it got

    QTemporaryDir dir;
    QString path = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (path.isEmpty()) {
        path = dir.filePath(QStringLiteral("history.sqlite"));
        std::printf("no database given: generating 30 days with bench_history into %s\n", qPrintable(path));
        QElapsedTimer timer;
        timer.start();
        if (!generateHistory(path))
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
    bool first = true;
    CostWindow previous = CostWindow::Live;
    for (CostWindow window : windows) {
        const bool again = !first && window == previous;
        previous = window;
        watch.restart();
        view.setWindow(window); // the first time there is no cluster yet: it only remembers the window
        if (first)
            view.setCluster(kCluster); // the first load, which also opens the stores on the worker
        if (!waitForLoad(view)) {
            std::fprintf(stderr, "window %s: no dataApplied within %d s\n", qPrintable(costWindowName(window)),
                         kLoadTimeoutMs / 1000);
            return 1;
        }
        const double loadMs = watch.sinceStartMs();
        const double workerMs = watch.arrivedMs();
        QElapsedTimer timer;
        timer.start();
        QCoreApplication::sendPostedEvents(); // layout requests the new data caused
        view.repaint();
        const double paintMs = msSince(timer);
        std::printf("  %-5s%s load %9.1f ms (worker %7.1f%s, apply %9.1f), paint %6.1f ms   RSS %s\n",
                    qPrintable(costWindowName(window)), again ? " again" : "      ", loadMs, workerMs,
                    first ? " incl. opening the store" : "", loadMs - workerMs, paintMs, qPrintable(rssText()));
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
    return 0;
}
