// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clustersnapshot.h"
#include "schedulecontroller.h"
#include "traystate.h"

#include <QIcon>
#include <QObject>
#include <QSet>

class QAction;
class QSystemTrayIcon;
class QWidget;

namespace scaledeck {

// The cluster in the system tray: an icon that says whether it is connected, changing or in error (the app icon
// with a painted badge), the GPUs held in its tooltip, and a menu to show or hide the window and to quit. Fed by
// the window (setters below); it decides nothing itself but what trayStateOf() says.
class TrayIcon : public QObject {
    Q_OBJECT
public:
    explicit TrayIcon(QWidget *window, QObject *parent = nullptr);
    ~TrayIcon() override;

    void setCluster(const QString &address);
    void setSnapshot(const SnapshotPtr &snapshot);
    void setStale(bool stale);
    void setApplying(bool applying);
    void setControllerReport(const scaledeck::TickReport &report);

    const TrayFacts &facts() const { return m_facts; }
    TrayState state() const { return trayStateOf(m_facts); }
    QString toolTip() const;
    QSystemTrayIcon *systemTrayIcon() const { return m_tray; }
    // The app icon with the state's badge (a green dot, a blue arrow, a red "!"; none when not connected).
    static QIcon iconFor(TrayState state);

Q_SIGNALS:
    void quitRequested();

private:
    void update();
    void toggleWindow();

    QWidget *m_window;
    QSystemTrayIcon *m_tray;
    QAction *m_showHide;
    TrayFacts m_facts;
    QSet<QString> m_failedTargets; // their last change failed, and no later one went through
    std::optional<TrayState> m_shownState;
};

} // namespace scaledeck
