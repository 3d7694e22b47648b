// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// MainWindow's life outside the window: the tray icon, the question when the window closes while the controller
// runs, and the controller's notifications.
#include "applysequence.h"
#include "closetotrayquestion.h"
#include "clustermodel.h"
#include "datafreshness.h"
#include "mainwindow.h"
#include "notificationrelay.h"
#include "schedulecoordinator.h"
#include "trayicon.h"

namespace scaledeck {

void MainWindow::setUpTray()
{
    if (!m_options.systemTray)
        return;
    m_trayIcon = new TrayIcon(this, this);
    m_closeQuestion = new CloseToTrayQuestion(m_options.settings, this);
    connect(m_trayIcon, &TrayIcon::quitRequested, this, &MainWindow::quitForGood);
    connect(m_model, &ClusterModel::snapshotChanged, m_trayIcon, &TrayIcon::setSnapshot);
    connect(m_freshness, &DataFreshness::staleChanged, m_trayIcon, &TrayIcon::setStale);
    connect(m_applySequence, &ApplySequence::busyChanged, m_trayIcon, &TrayIcon::setApplying);
    connect(m_schedules, &ScheduleCoordinator::controllerTicked, m_trayIcon, &TrayIcon::setControllerReport);
}

// Grouped (a week boundary's ten parks are one notification), on the system clock; whether an override ran out
// is judged on the schedules' clock.
void MainWindow::setUpNotifications()
{
    if (!m_options.notify)
        return;
    const Clock *scheduleClock = m_options.clock ? m_options.clock : &m_systemClock;
    m_notifications = new NotificationRelay(scheduleClock, &m_systemClock, BatchTiming{}, this);
    connect(m_schedules, &ScheduleCoordinator::controllerTicked, m_notifications, &NotificationRelay::onTick);
    connect(m_notifications, &NotificationRelay::notificationReady, this,
            [this](const DesktopNotification &notification) { m_options.notify(notification); });
}

// With a tray and a running controller, closing the window need not stop the controller: ask (unless the answer
// is remembered) and hide into the tray or quit once answered. Without a tray, closing quits, as always.
bool MainWindow::keepRunningOnClose()
{
    if (m_quitting || !m_trayIcon || !m_schedules->runsController())
        return false;
    switch (m_closeQuestion->remembered()) {
    case CloseToTrayQuestion::Answer::KeepInTray:
        hide();
        return true;
    case CloseToTrayQuestion::Answer::Quit:
        return false;
    case CloseToTrayQuestion::Answer::Ask:
        break;
    }
    m_closeQuestion->ask([this](bool keepInTray) {
        if (keepInTray)
            hide();
        else
            quitForGood();
    });
    return true;
}

void MainWindow::quitForGood()
{
    m_quitting = true;
    close();
}

} // namespace scaledeck
