// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The GUI-thread stall monitor: with scaledeck.gui.stall enabled, a slice of GUI-thread work longer than the
// threshold is reported with its duration and the GuiActivity it ran in; a run of short slices is not; and with
// the category off (the default) no monitor exists at all.
#include "guiactivity.h"
#include "stallcapture.h"
#include "stallmonitor.h"

#include <QApplication>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>

#include <sched.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

using namespace scaledeck;
using namespace scaledeck::testing;
using namespace std::chrono_literals;

namespace {

// Work that keeps the GUI thread busy for `duration` (a stand-in for a slow model update): the stall under test.
void busyFor(std::chrono::milliseconds duration)
{
    std::this_thread::sleep_for(duration);
}

// Work that keeps the GUI thread on the CPU for `duration` of wall time.
void spinFor(std::chrono::milliseconds duration)
{
    const auto end = std::chrono::steady_clock::now() + duration;
    while (std::chrono::steady_clock::now() < end) {
    }
}

// The last of a report's activities ("unmarked work, then test block" -> "test block"). The watchdog samples the
// thread's current activity every period from the heartbeat's posting on, and lists each name it saw: a stall
// that began in the test's own code a moment before the block names that first, as "unmarked work", and one
// sampled while a nested activity was current names it before the outer one it returned to.
QString lastActivityOf(const QString &activities)
{
    return activities.section(QStringLiteral(", then "), -1);
}

} // namespace

class TestStallMonitor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { StallCapture::install(); }

    void cleanup() { StallCapture::remove(); }

    void offByDefault()
    {
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(!lcGuiStall().isInfoEnabled());
        QVERIFY(!StallMonitor::createIfEnabled({}));
    }

    void longSliceIsReportedWithItsDurationAndActivity()
    {
        const auto monitor = StallMonitor::createIfEnabled({});
        QVERIFY(monitor);
        QTRY_VERIFY(monitor->heartbeatsAnswered() >= 2); // the watchdog is running
        {
            GuiActivity activity("test block");
            busyFor(120ms);
        }
        // (A loaded machine may add a stall of its own: the one under test is the one that names the block.)
        QTRY_VERIFY_WITH_TIMEOUT(!StallCapture::captured().filter(QStringLiteral("test block")).isEmpty(), 5000);
        const QString line = StallCapture::captured().filter(QStringLiteral("test block")).first();
        const QRegularExpressionMatch match =
            QRegularExpression(
                QStringLiteral("^GUI thread stalled for (\\d+) ms \\((\\d+) ms of it waiting for a CPU\\) in: (.*)$"))
                .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QVERIFY2(match.captured(1).toInt() >= 100, qPrintable(line));
        QVERIFY2(match.captured(1).toInt() < 1000, qPrintable(line));
        QCOMPARE(lastActivityOf(match.captured(3)), QStringLiteral("test block"));
    }

    // A thread pinned to the GUI thread's only CPU takes its turns there: the GUI thread's 120 ms block then lasts
    // longer, and the report says how much of it was spent waiting for the CPU rather than working.
    void timeWaitingForACpuIsToldApart()
    {
        cpu_set_t saved;
        QCOMPARE(sched_getaffinity(0, sizeof saved, &saved), 0);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(sched_getcpu(), &one);
        QCOMPARE(sched_setaffinity(0, sizeof one, &one), 0); // this thread: the GUI thread
        const auto monitor = StallMonitor::createIfEnabled({});
        QTRY_VERIFY(monitor->heartbeatsAnswered() >= 2);
        std::atomic<bool> spinning{true};
        std::thread rival([&] {
            sched_setaffinity(0, sizeof one, &one);
            while (spinning.load(std::memory_order_relaxed)) {
            }
        });
        {
            GuiActivity activity("shared block");
            spinFor(120ms);
        }
        spinning = false;
        rival.join();
        QCOMPARE(sched_setaffinity(0, sizeof saved, &saved), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!StallCapture::captured().filter(QStringLiteral("shared block")).isEmpty(), 5000);
        const QString line = StallCapture::captured().filter(QStringLiteral("shared block")).first();
        const QRegularExpressionMatch match =
            QRegularExpression(
                QStringLiteral("^GUI thread stalled for (\\d+) ms \\((\\d+) ms of it waiting for a CPU\\)"))
                .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        QVERIFY2(match.captured(2).toInt() >= 20, qPrintable(line)); // the rival's turns
        QVERIFY2(match.captured(2).toInt() < match.captured(1).toInt(), qPrintable(line));
    }

    void innermostActivityIsNamedAndOuterRestored()
    {
        const auto monitor = StallMonitor::createIfEnabled({});
        QTRY_VERIFY(monitor->heartbeatsAnswered() >= 2);
        {
            GuiActivity outer("live refresh");
            {
                GuiActivity inner("tree layout");
                QCOMPARE(GuiActivity::currentOnThisThread().load(), "tree layout");
            }
            QCOMPARE(GuiActivity::currentOnThisThread().load(), "live refresh");
            busyFor(120ms);
        }
        QVERIFY(!GuiActivity::currentOnThisThread().load());
        QTRY_VERIFY_WITH_TIMEOUT(!StallCapture::captured().filter(QStringLiteral("live refresh")).isEmpty(), 5000);
        const QString line = StallCapture::captured().filter(QStringLiteral("live refresh")).first();
        QVERIFY2(line.contains(QStringLiteral(" in: ")), qPrintable(line));
        QCOMPARE(lastActivityOf(line.section(QStringLiteral(" in: "), 1)), QStringLiteral("live refresh"));
    }

    void shortSlicesAreNotReported()
    {
        const auto monitor = StallMonitor::createIfEnabled({});
        QTRY_VERIFY(monitor->heartbeatsAnswered() >= 2);
        // 30 slices of 5 ms back to back through the event loop: 150 ms of work, none of it a stall.
        int done = 0;
        std::function<void()> slice = [&] {
            {
                GuiActivity activity("short slice");
                busyFor(5ms);
            }
            if (++done < 30)
                QTimer::singleShot(0, slice);
        };
        QTimer::singleShot(0, slice);
        QTRY_COMPARE(done, 30);
        // Two more heartbeats answered: the watchdog has judged every one posted during the slices.
        const quint64 after = monitor->heartbeatsAnswered();
        QTRY_VERIFY(monitor->heartbeatsAnswered() >= after + 2);
        QVERIFY2(StallCapture::ownStalls().isEmpty(), qPrintable(StallCapture::captured().join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestStallMonitor)
#include "test_stallmonitor.moc"
