// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "capacitycheck.h"
#include "changeset.h"
#include "clock.h"
#include "clusterendpoint.h"
#include "clustersnapshot.h"
#include "controllerconnection.h"
#include "layoutmemory.h"
#include "profilestore.h"
#include "rayerror.h"
#include "trafficpoller.h"

#include <QMainWindow>
#include <QProcessEnvironment>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

class QAction;
class QLabel;
class QSettings;
class QStackedWidget;
class QTabWidget;

namespace scaledeck {

class ApplyBar;
class ApplyPreviewDialog;
class OverrideDialog;
struct ScheduleTarget;
class ApplySequence;
class ApplyBackend;
class ConnectDialog;
class ClusterHeader;
class ClusterModel;
class ClusterSession;
class ClusterTreeView;
class DataFreshness;
class ErrorBanner;
class FleetPage;
class FleetSession;
class PendingEdits;
class PlacementNotice;
class ScheduleCoordinator;
class AuditView;
class CostView;
class RecentTrafficCheck;
class TrafficSourceLine;
struct TrafficReading;
struct ApplyOutcome;
struct ApplyPlan;
struct DesktopNotification;
class CloseToTrayQuestion;
class NotificationRelay;
class TrayIcon;

struct MainWindowOptions {
    QString storePath; // ScaleDeck's SQLite store of parked apps
    int pollIntervalMs = 2000;
    int controllerTickMs = 10000; // the schedule controller's tick (tests use less)
    const Clock *clock = nullptr; // schedule time; the system clock when null (tests pass their own)
    int outcomeShownMs = 20000;   // how long the apply bar shows an outcome that needs nothing more from the operator
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment(); // for profile resolution
    // Where the window's layout (size, columns, splitters, the cost window) is remembered per cluster; null:
    // nothing is remembered. Not owned.
    QSettings *layoutSettings = nullptr;
    int trafficIntervalMs = 15000; // how often the deployments' traffic is read; 0: never
    // A tray icon with the cluster's state, and closing the window while the controller runs asks whether to keep
    // running in the tray. main() sets it where QSystemTrayIcon::isSystemTrayAvailable(); off: closing quits.
    bool systemTray = false;
    // Where the controller's grouped notifications go (main(): the desktop's notification service); empty: nowhere.
    std::function<void(const DesktopNotification &)> notify;
    // Answers remembered by the window's questions ("Don't ask again"); null: nothing is remembered. Not owned.
    QSettings *settings = nullptr;
};

// The control panel: header, error banner, the application/deployment tree with its editors, and the
// apply bar. It owns the edit session and one ClusterSession per connected cluster.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(ProfileStore *profiles, MainWindowOptions options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // `prometheusUrl` empty: the traffic comes from the nodes' metrics endpoints (live values only).
    void connectToCluster(const ClusterEndpoint &endpoint, const QUrl &prometheusUrl = {});
    // Through the team's controller (`scaledeckctl run --listen`): its snapshot, schedules and health instead of
    // Ray's, every change sent to it as a request, and no schedule controller in this window. A viewer's token
    // makes the window read-only, as `readOnly` does.
    void connectToController(const ControllerConnection &controller, const QUrl &prometheusUrl = {},
                             bool readOnly = false);

    // The Apply button's path; `confirmed` skips the preview dialog (the plan is still made and checked
    // first), which is how tests drive a real apply.
    void applyPendingChanges(bool confirmed);
    bool isApplying() const;

    ClusterModel *model() const { return m_model; }
    ClusterTreeView *treeView() const { return m_tree; }
    ErrorBanner *errorBanner() const { return m_banner; }
    // "The cluster does not answer — … (showing data from 40 s ago)": shown beside the error banner, not in it.
    ErrorBanner *staleNotice() const { return m_staleNotice; }
    ApplyBar *applyBar() const { return m_applyBar; }
    PlacementNotice *placementNotice() const { return m_placementNotice; }
    PendingEdits *pendingEdits() const { return m_edits; }
    ClusterHeader *header() const { return m_header; }
    TrafficSourceLine *trafficSourceLine() const { return m_trafficLine; }
    ScheduleCoordinator *schedules() const { return m_schedules; }
    CostView *costView() const { return m_costView; }
    AuditView *auditView() const { return m_auditView; }
    TrayIcon *trayIcon() const { return m_trayIcon; } // null without options.systemTray
    // The Fleet page (every saved profile in one table): what a user with more than one profile sees first.
    FleetPage *fleetPage() const { return m_fleetPage; }
    bool showsFleet() const;

Q_SIGNALS:
    // The window closed for good (not into the tray): with a tray, main() has the application quit on this.
    void closedForGood();

public Q_SLOTS:
    void showConnectDialog();
    void connectToProfile(const ConnectDialog &dialog);
    void connectWithKeychainToken(const ConnectionProfile &profile, const QUrl &url, const QByteArray &pasted);
    void connectWithToken(const ConnectionProfile &profile, const QUrl &url, const ResolvedToken &token);
    // A profile naming the team's controller: its token from the file, or from the keychain off the GUI thread (a
    // pasted one is stored there and used at once), then connectToController as `--controller` does.
    void connectToControllerProfile(const ConnectionProfile &profile, const QByteArray &pasted);
    void refreshNow();
    // The Fleet page, its fleet made again from the saved profiles when they changed since it was made; it polls
    // while shown. showCluster() goes back to the cluster's own tabs (and stops the fleet's polls).
    void showFleet();
    void showCluster();
    // The Fleet page's double-click: the saved profile `name` connected as the Connect dialog connects it, and its
    // tabs shown.
    void openProfile(const QString &name);
    // The tree's "Discard ScaleDeck's stored copy of …" action: asks (open(), no nested event loop), then has
    // the session's apply thread drop the stored record; a refusal or store error shows in the banner.
    void confirmDiscardKeptConfig(const QString &app);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    // ApplyNoAnswer: an apply failed because the cluster did not answer; it goes once the cluster answers again.
    enum class BannerCause { None, ApplyError, ApplyNoAnswer, Conflict, Contested };

    void buildMenus();
    // The fleet (mainwindowfleet.cpp).
    void setUpFleet();
    void makeFleet(const std::vector<ConnectionProfile> &profiles);
    void connectToSavedProfile(const ConnectionProfile &profile, const QByteArray &pasted);
    void removeLeftControllerToken(const QString &profile);
    // The tray and the close question (mainwindowtray.cpp).
    void setUpTray();
    void setUpNotifications();
    bool keepRunningOnClose(); // true: the close is answered in the tray, not now
    void quitForGood();
    static QList<QKeySequence> refreshShortcuts();
    // The layout (size, tree columns, cost splitters and window) of the cluster shown, saved when the window closes
    // or another cluster is connected, and restored when a cluster is connected.
    void saveLayout();
    void restoreLayout(const QString &clusterKey);
    void leaveCluster(const ClusterEndpoint &next);
    void connectWithControllerToken(const ConnectionProfile &profile, const ControllerConnection &controller);
    TrafficPollerOptions trafficOptions(const QUrl &prometheusUrl) const;
    void startSession(const QUrl &prometheusUrl);
    void onControllerStatus(const ControllerStatus &status);
    void onSnapshot(SnapshotPtr snapshot);
    void onPollFailed(const RayError &error);
    void onStaleChanged(bool stale);
    void onTraffic(const TrafficReading &reading);
    void onTrafficFailed(const RayError &error);
    void connectTraffic(const QUrl &prometheusUrl);
    void showStaleTexts(); // the notice and Apply's reason, whose ages count while the cluster does not answer
    void onApplyFailed(const RayError &error);
    void onApplied(const ApplyOutcome &outcome);
    void onEditsChanged();
    void showFollowStatus();
    void discardPending();
    void clearOutcome(); // the outcome was read (closed, or shown long enough): what is pending, if anything
    void showPreview(const ApplyPlan &plan);
    void confirmPlan(const ApplyPlan &plan, std::function<void(bool apply)> answer);
    void checkRecentTraffic(ApplyPreviewDialog *dialog);
    void checkOverrideTraffic(OverrideDialog *dialog, const ScheduleTarget &target, int replicas);
    void showBanner(BannerCause cause, const QString &text, const QString &actionText = {});
    void showContests(const QStringList &targets, const QString &text);
    void onBannerAction();
    void showAbout();
    void connectKeptConfigResults(ApplyBackend *worker);
    QString pendingText() const;
    CapacityCheck capacityOfPendingEdits() const;
    void updateCapacityWarning();
    QString meanwhileText(int count, bool stillWaiting) const;

    ProfileStore *m_profiles;
    MainWindowOptions m_options;
    PendingEdits *m_edits;
    ClusterModel *m_model;
    ClusterHeader *m_header;
    ErrorBanner *m_staleNotice;
    ErrorBanner *m_banner;
    ClusterTreeView *m_tree;
    PlacementNotice *m_placementNotice;
    TrafficSourceLine *m_trafficLine;
    ApplyBar *m_applyBar;
    ApplySequence *m_applySequence;
    RecentTrafficCheck *m_recentTraffic; // what a park or scale-down's targets served, in its confirmation
    SystemClock m_systemClock;
    DataFreshness *m_freshness;       // measured on m_systemClock, which the poller stamps snapshots with
    bool m_staleNoticeClosed = false; // the operator closed the stale notice: it stays closed until the next outage
    ScheduleCoordinator *m_schedules;
    QLabel *m_controllerLabel;
    CostView *m_costView;
    AuditView *m_auditView;
    QTabWidget *m_tabs = nullptr;
    QString m_controllerRole; // through a controller: "operator" or "viewer" once it said; empty otherwise
    std::unique_ptr<ClusterSession> m_session;
    LayoutMemory m_layoutMemory;
    QString m_layoutKey; // the cluster whose layout is shown; empty before the first connect
    // The profile being connected, shown beside the address in the title and header; taken by the next
    // leaveCluster, so a connect without a profile (the command line) shows the address alone.
    QString m_connectingProfile;
    BannerCause m_bannerCause = BannerCause::None;
    QStringList m_contestedTargets; // what the Contested banner's action resumes
    QTimer m_outcomeTimer;          // clears an apply outcome that needs nothing more from the operator after a while
    QString m_followMessage;        // what the follow waits for, as the applier last said
    // What an apply sent whose outcome is on the bar as "sent, not there yet": it stays until closed or replaced,
    // or until a snapshot shows the cluster there.
    std::optional<ChangeSet> m_unsettled;
    // Edits made while an apply ran, waiting for a snapshot that shows what it sent to be compared against.
    std::optional<ChangeSet> m_rebaseOnceShown;
    TrayIcon *m_trayIcon = nullptr;
    CloseToTrayQuestion *m_closeQuestion = nullptr;
    NotificationRelay *m_notifications = nullptr;
    bool m_quitting = false;           // Quit was chosen: the next close is final
    QStackedWidget *m_pages = nullptr; // the cluster's tabs, or the Fleet page
    QWidget *m_clusterPage = nullptr;
    FleetPage *m_fleetPage = nullptr;
    std::unique_ptr<FleetSession> m_fleet;          // null until the Fleet page is first shown (or no profiles)
    std::vector<ConnectionProfile> m_fleetProfiles; // what m_fleet was made of
    quint64 m_fleetGeneration = 0;                  // a fleet made again drops the keychain answers of the last
    bool m_fleetMade = false;
    QAction *m_fleetAction = nullptr;
    QAction *m_clusterAction = nullptr;
    QString m_shownCluster; // the profile (or address) of the cluster connected, for the Fleet page's Back button
};

} // namespace scaledeck
