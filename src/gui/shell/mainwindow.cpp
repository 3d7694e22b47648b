// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "mainwindow.h"

#include "applybar.h"
#include "applypreviewdialog.h"
#include "applysequence.h"
#include "applyworker.h"
#include "auditview.h"
#include "changeactions.h"
#include "changeprogress.h"
#include "clusterheader.h"
#include "clustermodel.h"
#include "clustersession.h"
#include "clustertreeview.h"
#include "connectdialog.h"
#include "controllertoken.h"
#include "costview.h"
#include "datafreshness.h"
#include "errorbanner.h"
#include "fleetpage.h"
#include "fleetsession.h"
#include "guiactivity.h"
#include "overridedialog.h"
#include "pendingedits.h"
#include "placementnotice.h"
#include "profilestore.h"
#include "prometheusclient.h"
#include "recenttrafficcheck.h"
#include "recenttrafficlabel.h"
#include "schedulecoordinator.h"
#include "servingreduction.h"
#include "tokenkeychain.h"
#include "trafficsourceline.h"
#include "trayicon.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

// Q_INIT_RESOURCE must be used outside any namespace; the resources sit in a static library, whose
// initialiser the linker would otherwise drop.
static void initScaleDeckResources()
{
    Q_INIT_RESOURCE(scaledeck);
}

namespace scaledeck {

MainWindow::MainWindow(ProfileStore *profiles, MainWindowOptions options, QWidget *parent)
    : QMainWindow(parent), m_profiles(profiles), m_options(std::move(options)), m_edits(new PendingEdits(this)),
      m_model(new ClusterModel(m_edits, this)), m_header(new ClusterHeader), m_staleNotice(new ErrorBanner),
      m_banner(new ErrorBanner), m_tree(new ClusterTreeView), m_placementNotice(new PlacementNotice),
      m_trafficLine(new TrafficSourceLine), m_applyBar(new ApplyBar),
      m_applySequence(new ApplySequence(
          m_edits,
          [this](const ApplyPlan &plan, ApplySequence::Answer answer) { confirmPlan(plan, std::move(answer)); }, this)),
      m_recentTraffic(new RecentTrafficCheck(this)), m_freshness(new DataFreshness(&m_systemClock, this)),
      m_schedules(
          new ScheduleCoordinator(m_options.storePath, m_options.clock ? m_options.clock : &m_systemClock, this, this)),
      m_controllerLabel(new QLabel),
      m_costView(new CostView(m_options.storePath, m_options.clock ? m_options.clock : &m_systemClock)),
      m_auditView(new AuditView(m_options.clock ? m_options.clock : &m_systemClock)),
      m_layoutMemory(m_options.layoutSettings)
{
    initScaleDeckResources();
    setWindowIcon(QIcon(QStringLiteral(":/icons/scaledeck.svg")));
    resize(1320, 720);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addWidget(m_header);
    m_staleNotice->setObjectName(QStringLiteral("staleNotice"));
    layout->addWidget(m_staleNotice);
    layout->addWidget(m_banner);
    // The cluster (tree and apply bar) and what it costs (history, leases, savings) as two tabs.
    auto *clusterPage = new QWidget;
    auto *clusterLayout = new QVBoxLayout(clusterPage);
    clusterLayout->setContentsMargins(0, 0, 0, 0);
    clusterLayout->addWidget(m_placementNotice);
    clusterLayout->addWidget(m_tree, 1);
    clusterLayout->addWidget(m_trafficLine);
    m_trafficLine->hide(); // until a cluster is connected: its traffic has no source yet
    clusterLayout->addWidget(m_applyBar);
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(clusterPage, tr("Cluster"));
    m_tabs->addTab(m_costView, tr("Cost"));
    m_tabs->addTab(m_auditView, tr("Audit"));
    layout->addWidget(m_tabs, 1);
    m_clusterPage = central;
    setUpFleet(); // the cluster's page and the Fleet page, one shown at a time (mainwindowfleet.cpp)
    m_tree->setClusterModel(m_model);
    buildMenus();
    statusBar()->showMessage(tr("Not connected"));
    statusBar()->addPermanentWidget(m_controllerLabel);

    connect(m_model, &ClusterModel::snapshotChanged, m_header, &ClusterHeader::setSnapshot);
    connect(m_model, &ClusterModel::snapshotChanged, m_placementNotice, &PlacementNotice::setSnapshot);
    connect(m_tree, &ClusterTreeView::replicasEdited, this,
            [this](const QString &app, const QString &deployment, int replicas) {
                m_edits->setReplicas(m_model->snapshot(), app, deployment, replicas);
            });
    connect(m_tree, &ClusterTreeView::parkRequested, this,
            [this](const QString &app) { m_edits->park(m_model->snapshot(), app); });
    connect(m_tree, &ClusterTreeView::unparkRequested, this,
            [this](const QString &app) { m_edits->unpark(m_model->snapshot(), app); });
    connect(m_tree, &ClusterTreeView::discardRequested, m_edits, &PendingEdits::discardApp);
    connect(m_tree, &ClusterTreeView::keptConfigDiscardRequested, this, &MainWindow::confirmDiscardKeptConfig);
    m_schedules->setSnapshotSource([this] { return m_model->snapshot(); });
    m_schedules->setPriceSource([this] { return m_costView->data().prices; });
    m_tree->setScheduledPredicate(
        [this](const QString &app, const QString &deployment) { return m_schedules->isScheduled(app, deployment); });
    connect(m_tree, &ClusterTreeView::scheduleRequested, this, [this](const QString &app, const QString &deployment) {
        m_schedules->editSchedule(app, deployment, m_model->snapshot());
    });
    connect(m_tree, &ClusterTreeView::scheduleRemovalRequested, m_schedules, &ScheduleCoordinator::removeSchedule);
    connect(m_schedules, &ScheduleCoordinator::controllerTextChanged, m_controllerLabel, &QLabel::setText);
    connect(m_schedules, &ScheduleCoordinator::overrideAsked, this, &MainWindow::checkOverrideTraffic);
    connect(m_schedules, &ScheduleCoordinator::scheduleCellsChanged, m_model, &ClusterModel::setScheduleCells);
    connect(m_schedules, &ScheduleCoordinator::failed, this,
            [this](const QString &message) { showBanner(BannerCause::ApplyError, message); });
    connect(m_schedules, &ScheduleCoordinator::contestsChanged, this, &MainWindow::showContests);
    // The audit log comes from where the schedules are; the tab reads it again when they change, and every ~10 s
    // while it is shown.
    m_auditView->setSource([this](const QDateTime &sinceUtc, AuditView::Answer answer) {
        m_schedules->loadAudit(sinceUtc, std::move(answer));
    });
    connect(m_schedules, &ScheduleCoordinator::schedulesChanged, m_auditView, &AuditView::refreshIfVisible);
    connect(m_schedules, &ScheduleCoordinator::scheduleStored, m_auditView, &AuditView::refreshIfVisible);
    connect(m_schedules, &ScheduleCoordinator::controllerTicked, this, [this](const TickReport &report) {
        // What the controller just sent shows at once rather than at the next poll.
        for (const TargetDecision &decision : report.decisions)
            if (decision.result == DecisionResult::Sent) {
                refreshNow();
                break;
            }
    });
    connect(m_edits, &PendingEdits::editsChanged, this, &MainWindow::onEditsChanged);

    connect(m_applyBar, &ApplyBar::applyClicked, this, [this] { applyPendingChanges(false); });
    connect(m_applyBar, &ApplyBar::previewClicked, m_applySequence, &ApplySequence::preview);
    connect(m_applyBar, &ApplyBar::discardClicked, this, &MainWindow::discardPending);
    connect(m_applyBar, &ApplyBar::stopWaitingClicked, m_applySequence, &ApplySequence::stopFollowing);
    connect(m_applyBar, &ApplyBar::dismissClicked, this, &MainWindow::clearOutcome);
    connect(m_applySequence, &ApplySequence::busyChanged, m_applyBar, &ApplyBar::setBusy);
    connect(m_applySequence, &ApplySequence::followingChanged, this, [this](bool following) {
        m_followMessage.clear();
        m_applyBar->setFollowing(following);
        onEditsChanged();
    });
    connect(m_applySequence, &ApplySequence::progress, this, [this](const QString &message) {
        m_outcomeTimer.stop();
        m_unsettled.reset();
        if (m_applySequence->isFollowing()) {
            m_followMessage = message;
            showFollowStatus();
            return;
        }
        m_applyBar->setStatusText(message);
    });
    connect(m_applySequence, &ApplySequence::previewReady, this, &MainWindow::showPreview);
    connect(m_applySequence, &ApplySequence::failed, this, &MainWindow::onApplyFailed);
    connect(m_applySequence, &ApplySequence::applied, this, &MainWindow::onApplied);
    connect(m_applySequence, &ApplySequence::cancelled, this,
            [this] { m_applyBar->setStatusText(tr("Not applied: cancelled.")); });
    connect(m_banner, &ErrorBanner::actionTriggered, this, &MainWindow::onBannerAction);
    connect(m_banner, &ErrorBanner::dismissed, this, [this] { m_bannerCause = BannerCause::None; });
    connect(m_staleNotice, &ErrorBanner::dismissed, this, [this] { m_staleNoticeClosed = true; });
    connect(m_freshness, &DataFreshness::staleChanged, this, &MainWindow::onStaleChanged);
    connect(m_freshness, &DataFreshness::textsChanged, this, &MainWindow::showStaleTexts);

    m_outcomeTimer.setSingleShot(true);
    m_outcomeTimer.setInterval(m_options.outcomeShownMs);
    connect(&m_outcomeTimer, &QTimer::timeout, this, &MainWindow::clearOutcome);
    setUpTray();
    setUpNotifications();
    // More than one saved cluster: the whole fleet first, each cluster's tabs a double-click away.
    if (m_profiles && m_profiles->profiles().size() > 1)
        showFleet();
}

MainWindow::~MainWindow()
{
    m_applySequence->setApplyWorker(nullptr);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connectAction = file->addAction(tr("&Connect…"), this, &MainWindow::showConnectDialog);
    connectAction->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &MainWindow::quitForGood);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refresh = view->addAction(tr("&Refresh now"), this, &MainWindow::refreshNow);
    refresh->setShortcuts(refreshShortcuts());
    view->addSeparator();
    // The Fleet page and the cluster's own tabs, one at a time.
    auto *pages = new QActionGroup(this);
    m_fleetAction = view->addAction(tr("&Fleet"), this, &MainWindow::showFleet);
    m_fleetAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_clusterAction = view->addAction(tr("&Cluster"), this, &MainWindow::showCluster);
    m_clusterAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    for (QAction *page : {m_fleetAction, m_clusterAction}) {
        page->setCheckable(true);
        pages->addAction(page);
    }
    m_clusterAction->setChecked(true);

    // Every action of the apply bar and of the tree's rows, with its key.
    (new ChangeActions(m_applyBar, m_tree, this))->addTo(menuBar()->addMenu(tr("&Changes")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ScaleDeck"), this, &MainWindow::showAbout);
}

// The platform's Refresh key, and F5 wherever that is something else (Ctrl+R on GNOME and macOS).
QList<QKeySequence> MainWindow::refreshShortcuts()
{
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Refresh);
    if (!keys.contains(QKeySequence(Qt::Key_F5)))
        keys.append(QKeySequence(Qt::Key_F5));
    return keys;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (keepRunningOnClose()) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
    Q_EMIT closedForGood();
}

void MainWindow::saveLayout()
{
    WindowLayout layout;
    layout.geometry = saveGeometry();
    layout.treeColumns = m_tree->header()->saveState();
    layout.costSplitters = m_costView->saveSplitters();
    layout.costWindow = int(m_costView->window());
    m_layoutMemory.save(m_layoutKey, layout);
    m_layoutMemory.saveFleetCostWindow(int(m_fleetPage->costChartWindow()));
}

// A cluster never seen keeps the layout as it is.
void MainWindow::restoreLayout(const QString &clusterKey)
{
    m_layoutKey = clusterKey;
    const WindowLayout layout = m_layoutMemory.load(clusterKey);
    if (!layout.geometry.isEmpty())
        restoreGeometry(layout.geometry);
    if (!layout.treeColumns.isEmpty())
        m_tree->header()->restoreState(layout.treeColumns);
    if (!layout.costSplitters.isEmpty())
        m_costView->restoreSplitters(layout.costSplitters);
    if (layout.costWindow)
        m_costView->setWindow(CostWindow(*layout.costWindow));
}

void MainWindow::connectToCluster(const ClusterEndpoint &endpoint, const QUrl &prometheusUrl)
{
    showCluster(); // the cluster asked for is what the window shows
    leaveCluster(endpoint);
    // The controller's park-when-idle rules read the same Prometheus as the traffic columns.
    m_schedules->setCluster(endpoint, m_options.controllerTickMs, prometheusUrl);
    m_costView->setPrometheus(prometheusUrl); // the address the traffic poller reads, for the cost tab's figures
    m_costView->setController({});
    m_costView->setCluster(endpoint.clusterKey(), WriteGuard(endpoint.readOnly));
    m_auditView->restart();
    restoreLayout(endpoint.clusterKey());
    m_session = std::make_unique<ClusterSession>(endpoint, m_options.storePath, m_options.pollIntervalMs,
                                                 trafficOptions(prometheusUrl));
    startSession(prometheusUrl);
    const QString address = endpoint.dashboardUrl.toString();
    statusBar()->showMessage(endpoint.readOnly ? tr("Connecting to %1 (read-only)…").arg(address)
                                               : tr("Connecting to %1…").arg(address));
}

void MainWindow::connectToController(const ControllerConnection &controller, const QUrl &prometheusUrl, bool readOnly)
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = controller.url;
    endpoint.readOnly = readOnly;
    showCluster();
    leaveCluster(endpoint);
    m_schedules->setController(endpoint, controller, prometheusUrl);
    // The history, prices and always-on counts are the controller's: the Cost tab reads and changes them there.
    m_costView->setPrometheus(prometheusUrl);
    m_costView->setController(controller);
    m_costView->setCluster(endpoint.clusterKey(), WriteGuard(endpoint.readOnly));
    m_auditView->restart();
    restoreLayout(endpoint.clusterKey());
    // Traffic comes from Prometheus only: the nodes' endpoints are Ray's, which a client of a controller never calls.
    TrafficPollerOptions traffic = trafficOptions(prometheusUrl);
    if (prometheusUrl.isEmpty())
        traffic.intervalMs = 0;
    m_session = std::make_unique<ClusterSession>(endpoint, controller, traffic);
    connect(m_session.get(), &ClusterSession::snapshotConfirmed, m_freshness, &DataFreshness::snapshotShown);
    connect(m_session.get(), &ClusterSession::snapshotConfirmed, m_header, &ClusterHeader::setConfirmedAt);
    connect(m_session.get(), &ClusterSession::controllerStatusRead, this, &MainWindow::onControllerStatus);
    startSession(prometheusUrl);
    statusBar()->showMessage(
        tr("Connecting to the controller at %1…").arg(controller.url.toString(QUrl::RemoveUserInfo)));
}

// A viewer's window shows the cluster and changes nothing: the controller would refuse it (403) anyway.
void MainWindow::onControllerStatus(const ControllerStatus &status)
{
    m_schedules->setControllerStatus(status);
    if (status.role.isEmpty() || status.role == m_controllerRole)
        return;
    m_controllerRole = status.role;
    const bool viewer = status.role != QStringLiteral("operator") || m_session->endpoint().readOnly;
    m_header->setReadOnly(viewer);
    m_model->setReadOnly(viewer);
    if (viewer)
        m_edits->clear();
}

// Everything of the cluster shown until now goes: its edits, outcome, banner and session.
void MainWindow::leaveCluster(const ClusterEndpoint &next)
{
    saveLayout(); // the cluster shown until now keeps its own
    // Edits belong to the cluster they were made on.
    m_applySequence->setApplyWorker(nullptr);
    m_session.reset();
    m_edits->clear();
    m_banner->hide();
    m_bannerCause = BannerCause::None;
    m_freshness->reset();
    m_outcomeTimer.stop();
    m_unsettled.reset();
    m_rebaseOnceShown.reset();
    m_applyBar->setStatusText({});
    m_controllerRole.clear();

    const QString profile = std::exchange(m_connectingProfile, QString());
    m_shownCluster = profile.isEmpty() ? next.dashboardUrl.toString() : profile;
    const QString address =
        profile.isEmpty() ? next.dashboardUrl.toString() : tr("%1 (%2)").arg(profile, next.dashboardUrl.toString());
    setWindowTitle(tr("ScaleDeck — %1").arg(address));
    m_header->setAddress(address, next.readOnly);
    if (m_trayIcon)
        m_trayIcon->setCluster(address);
    m_model->setReadOnly(next.readOnly);
    // A different cluster's applications are different rows: clear them (as removals) until it answers.
    m_model->setSnapshot(std::make_shared<const ClusterSnapshot>());
}

TrafficPollerOptions MainWindow::trafficOptions(const QUrl &prometheusUrl) const
{
    TrafficPollerOptions traffic;
    traffic.prometheusUrl = prometheusUrl;
    traffic.intervalMs = m_options.trafficIntervalMs;
    return traffic;
}

void MainWindow::startSession(const QUrl &prometheusUrl)
{
    connect(m_session.get(), &ClusterSession::snapshotReady, this, &MainWindow::onSnapshot);
    connect(m_session.get(), &ClusterSession::pollFailed, this, &MainWindow::onPollFailed);
    connectTraffic(prometheusUrl);
    m_applySequence->setApplyWorker(m_session->applyWorker());
    connectKeptConfigResults(m_session->applyWorker());
    m_session->start();
}

// The figures of another cluster (or of the last session) are not this one's: unknown until the first reading.
void MainWindow::connectTraffic(const QUrl &prometheusUrl)
{
    const QString source = prometheusUrl.isEmpty()
                               ? tr("the nodes' metrics")
                               : tr("Prometheus at %1").arg(prometheusUrl.toString(QUrl::RemoveUserInfo));
    m_model->setRateHistory({});
    if (m_session->throughController() && !m_session->readsTraffic()) {
        m_model->setTrafficFailed(tr("through a controller, traffic is read from a Prometheus (--prometheus) only"));
        m_trafficLine->setVisible(false);
    } else {
        m_model->setTrafficFailed(tr("waiting for the first reading of %1").arg(source));
        m_trafficLine->setVisible(m_options.trafficIntervalMs > 0);
        m_trafficLine->showWaiting(source);
    }
    connect(m_session.get(), &ClusterSession::trafficReady, this, &MainWindow::onTraffic);
    connect(m_session.get(), &ClusterSession::trafficFailed, this, &MainWindow::onTrafficFailed);
    connect(m_session.get(), &ClusterSession::rateHistoryReady, m_model, &ClusterModel::setRateHistory);
}

void MainWindow::onTraffic(const TrafficReading &reading)
{
    m_model->setTraffic(reading);
    m_trafficLine->showReading(reading);
}

void MainWindow::onTrafficFailed(const RayError &error)
{
    m_model->setTrafficFailed(error.message);
    m_trafficLine->showFailure(error.message);
}

void MainWindow::confirmDiscardKeptConfig(const QString &app)
{
    const SnapshotPtr snapshot = m_model->snapshot();
    const ApplicationSnapshot *live = snapshot ? snapshot->findApplication(app) : nullptr;
    if (!m_session || !live || !live->keptConfig)
        return; // the row changed since the menu was opened: nothing to discard
    const QString storedAt = live->keptConfigAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Discard stored copy"),
                                tr("Discard ScaleDeck's stored copy of “%1”?").arg(app), QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("discardKeptConfigDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        tr("ScaleDeck kept the config of “%1” it stored at %2, after a park or unpark whose outcome was unknown. "
           "Ray now runs “%1” with a config of its own.\n\nDiscarding deletes the stored config from %2. Ray's "
           "running application is unaffected: nothing is sent to the cluster.")
            .arg(app, storedAt));
    QPushButton *discard = box->addButton(tr("Discard stored copy"), QMessageBox::DestructiveRole);
    discard->setObjectName(QStringLiteral("discardKeptConfigButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    // The answer goes to the worker of the session it was asked in; after a reconnect it is dropped.
    QPointer<ApplyBackend> worker = m_session->applyWorker();
    connect(box, &QDialog::finished, this, [box, discard, worker, app, storedAt = live->keptConfigAt] {
        if (box->clickedButton() != discard || !worker)
            return;
        ApplyBackend *target = worker;
        QMetaObject::invokeMethod(
            target, [target, app, storedAt] { target->discardKeptConfig(app, storedAt); }, Qt::QueuedConnection);
    });
    box->open();
}

void MainWindow::connectKeptConfigResults(ApplyBackend *worker)
{
    // Queued: the worker lives on the session's apply thread.
    connect(worker, &ApplyBackend::keptConfigDiscarded, this, [this](const QString &app) {
        statusBar()->showMessage(tr("Discarded ScaleDeck's stored copy of %1").arg(app), 10000);
        refreshNow(); // the row's note goes with the next snapshot
    });
    connect(worker, &ApplyBackend::keptConfigDiscardFailed, this,
            [this](const QString &, const RayError &error) { showBanner(BannerCause::ApplyError, error.describe()); });
}

void MainWindow::showConnectDialog()
{
    // open(), not exec(): the session's polls and the controller's ticks go on while the operator types.
    auto *dialog = new ConnectDialog(m_profiles, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { connectToProfile(*dialog); });
    dialog->open();
}

void MainWindow::connectToProfile(const ConnectDialog &dialog)
{
    if (dialog.controllerKeychainTokenLeft())
        removeLeftControllerToken(dialog.profile().name);
    connectToSavedProfile(dialog.profile(), dialog.pastedToken());
}

// A profile that no longer keeps its controller token in the keychain does not leave it there (the entry is the
// profile's alone, as forgetting the profile removes it).
void MainWindow::removeLeftControllerToken(const QString &profile)
{
    removeControllerKeychainToken(profile, this, [this, profile](Result<Done> removed) {
        if (!removed)
            showBanner(BannerCause::ApplyError,
                       tr("The profile %1 no longer keeps its controller token in the keychain, but the token is "
                          "still there: %2")
                           .arg(profile, removed.error().describe()));
    });
}

void MainWindow::connectToSavedProfile(const ConnectionProfile &profile, const QByteArray &pasted)
{
    if (profile.throughController()) {
        connectToControllerProfile(profile, pasted);
        return;
    }
    auto url = resolveDashboardUrl(profile.address, m_options.environment);
    if (!url) {
        showBanner(BannerCause::ApplyError, tr("Cannot connect: %1").arg(url.error().describe()));
        return;
    }
    if (profile.tokenInKeychain) {
        connectWithKeychainToken(profile, url.value(), pasted);
        return;
    }
    auto token = resolveToken(profile.tokenFile, m_options.environment, QDir::homePath(),
                              tr("the profile %1").arg(profile.name));
    if (!token) {
        showBanner(BannerCause::ApplyError, tr("Cannot read the token: %1").arg(token.error().describe()));
        return;
    }
    connectWithToken(profile, url.value(), token.value());
}

void MainWindow::connectWithKeychainToken(const ConnectionProfile &profile, const QUrl &url, const QByteArray &pasted)
{
    if (!pasted.isEmpty()) {
        // Stored in the background while the pasted token is used right away.
        storeKeychainToken(profile.name, pasted, this, [this](Result<Done> stored) {
            if (!stored)
                showBanner(BannerCause::ApplyError,
                           tr("The token was not stored in the keychain: %1").arg(stored.error().describe()));
        });
        connectWithToken(profile, url, ResolvedToken{pasted, keychainOrigin(profile.name), {}});
        return;
    }
    // Asynchronous: the keychain answers over D-Bus, maybe after asking the user to unlock it.
    statusBar()->showMessage(tr("Reading the token of %1 from the keychain…").arg(profile.name));
    readKeychainToken(profile.name, this, [this, profile, url](Result<ResolvedToken> token) {
        if (!token) {
            showBanner(BannerCause::ApplyError, tr("Cannot read the token: %1").arg(token.error().describe()));
            return;
        }
        connectWithToken(profile, url, token.value());
    });
}

void MainWindow::connectWithToken(const ConnectionProfile &profile, const QUrl &url, const ResolvedToken &token)
{
    ClusterEndpoint endpoint = endpointFor(url, token);
    endpoint.readOnly = profile.readOnly;
    endpoint.production = profile.production;
    endpoint.caFile = profile.caFile;
    // A bad RAY_PROMETHEUS_HOST is said, and the traffic read from the nodes meanwhile.
    const Result<QUrl> prometheus = prometheusAddress(profile.prometheusUrl, m_options.environment);
    m_connectingProfile = profile.name;
    connectToCluster(endpoint, prometheus ? prometheus.value() : QUrl());
    if (!prometheus)
        showBanner(BannerCause::ApplyError, prometheus.error().message);
    if (!token.warning.isEmpty())
        showBanner(BannerCause::ApplyError, tr("Connected, but %1").arg(token.warning));
}

void MainWindow::connectToControllerProfile(const ConnectionProfile &profile, const QByteArray &pasted)
{
    const auto url = parseControllerUrl(profile.controllerUrl, tr("The profile %1's controller URL").arg(profile.name));
    if (!url) {
        showBanner(BannerCause::ApplyError, tr("Cannot connect: %1").arg(url.error().describe()));
        return;
    }
    if (!profile.controllerTokenInKeychain) {
        const auto token = readControllerToken(profile.controllerTokenFile);
        if (!token) {
            showBanner(BannerCause::ApplyError, tr("Cannot read the token: %1").arg(token.error().describe()));
            return;
        }
        connectWithControllerToken(profile, ControllerConnection{*url, *token, profile.controllerTokenFile});
        return;
    }
    if (!pasted.isEmpty()) {
        // Stored in the background while the pasted token is used right away, as a Ray token is.
        storeControllerKeychainToken(profile.name, pasted, this, [this](Result<Done> stored) {
            if (!stored)
                showBanner(BannerCause::ApplyError,
                           tr("The token was not stored in the keychain: %1").arg(stored.error().describe()));
        });
        connectWithControllerToken(
            profile, ControllerConnection{*url, pasted.trimmed(), controllerKeychainOrigin(profile.name)});
        return;
    }
    // Asynchronous: the keychain answers over D-Bus, maybe after asking the user to unlock it.
    statusBar()->showMessage(tr("Reading the controller token of %1 from the keychain…").arg(profile.name));
    readControllerKeychainToken(profile.name, this, [this, profile, url = *url](Result<ResolvedToken> token) {
        if (!token) {
            showBanner(BannerCause::ApplyError, tr("Cannot read the token: %1").arg(token.error().describe()));
            return;
        }
        connectWithControllerToken(profile, ControllerConnection{url, token->token, token->origin});
    });
}

void MainWindow::connectWithControllerToken(const ConnectionProfile &profile, const ControllerConnection &controller)
{
    const Result<QUrl> prometheus = prometheusAddress(profile.prometheusUrl, m_options.environment);
    m_connectingProfile = profile.name;
    connectToController(controller, prometheus ? prometheus.value() : QUrl(), profile.readOnly);
    if (!prometheus)
        showBanner(BannerCause::ApplyError, prometheus.error().message);
    if (const QString warning = clearTextWarning(controller.url); !warning.isEmpty())
        showBanner(BannerCause::ApplyError, tr("Connected, but %1").arg(warning));
}

void MainWindow::refreshNow()
{
    if (m_session)
        m_session->refreshNow();
}

void MainWindow::onSnapshot(SnapshotPtr snapshot)
{
    GuiActivity activity("live refresh");
    // Edits made while an apply ran are compared, from the first snapshot that shows what it sent, against that.
    if (m_rebaseOnceShown && changeProgress(*m_rebaseOnceShown, *snapshot) != ChangeProgress::NotYet) {
        m_edits->rebase(snapshot);
        m_rebaseOnceShown.reset();
    }
    // The operator stopped waiting (or the wait timed out), and the cluster got there since.
    if (m_unsettled && changeProgress(*m_unsettled, *snapshot) == ChangeProgress::Running) {
        m_unsettled.reset();
        QString text = tr("Applied: the cluster has reached the change that was sent.");
        if (!m_edits->isEmpty() && !isApplying())
            text += QLatin1Char(' ') + pendingText();
        m_applyBar->setStatusText(text);
        m_outcomeTimer.start();
    }
    m_costView->setSnapshot(snapshot);
    m_freshness->snapshotShown(snapshot->takenAt);
    m_model->setSnapshot(std::move(snapshot));
    if (!m_edits->isEmpty())
        updateCapacityWarning(); // the GPUs free move with the cluster
    const auto apps = m_model->snapshot()->applications.size();
    statusBar()->showMessage(tr("Connected: %n application(s)", nullptr, int(apps)));
}

void MainWindow::onPollFailed(const RayError &error)
{
    m_freshness->pollFailed(error);
    statusBar()->showMessage(tr("Cluster not answering; retrying"));
}

void MainWindow::onStaleChanged(bool stale)
{
    // The reason first: the model's change re-enables or disables the editors, which read it.
    m_tree->setStaleReason(m_freshness->whyNoEdits());
    m_model->setStale(stale);
    if (!stale) {
        m_staleNotice->hide();
        m_staleNoticeClosed = false;
        // The cluster answers again: an apply that failed for want of an answer has lost its cause.
        if (m_bannerCause == BannerCause::ApplyNoAnswer) {
            m_banner->hide();
            m_bannerCause = BannerCause::None;
        }
    }
    showStaleTexts();
}

void MainWindow::showStaleTexts()
{
    m_applyBar->setBlockedReason(m_freshness->whyNoChanges());
    if (m_freshness->isStale() && !m_staleNoticeClosed)
        m_staleNotice->showMessage(m_freshness->noticeText(), ErrorBanner::Severity::Warning);
}

void MainWindow::onApplyFailed(const RayError &error)
{
    if (error.kind == RayErrorKind::Conflict) {
        showBanner(
            BannerCause::Conflict,
            tr("Someone else changed the cluster since you began editing: %1. Nothing was sent.").arg(error.message),
            tr("Reload"));
        m_applyBar->setStatusText(tr("Not applied: conflict."));
        return;
    }
    const bool noAnswer = error.kind == RayErrorKind::Unreachable || error.kind == RayErrorKind::Timeout;
    showBanner(noAnswer ? BannerCause::ApplyNoAnswer : BannerCause::ApplyError,
               tr("Apply failed — %1").arg(error.describe()));
    QString text = tr("Not applied: %1").arg(RayError::kindName(error.kind));
    if (!m_edits->isEmpty()) // all of them if nothing was sent; after a change Ray accepted, those made meanwhile
        text += QStringLiteral(". ") + pendingText();
    m_applyBar->setStatusText(text);
}

void MainWindow::onApplied(const ApplyOutcome &outcome)
{
    // The sequence has settled what was sent: whatever is still pending was edited while it ran, and stays.
    const int meanwhile = m_edits->size();
    const ChangeSet &sent = m_applySequence->lastSent();
    QString text;
    bool needsReading = false; // sent, but not (yet) there: shown until closed or replaced
    if (outcome.converged) {
        text = tr("Applied: %1.").arg(outcome.summary);
    } else if (outcome.followStopped) {
        text = outcome.stillWaiting.isEmpty()
                   ? tr("Sent; stopped waiting for the cluster.")
                   : tr("Sent; stopped waiting for the cluster (%1).").arg(outcome.stillWaiting);
        needsReading = true;
    } else {
        text = tr("Sent: %1.").arg(outcome.summary);
        needsReading = !outcome.error; // an error goes on to the banner (failed() comes next)
    }
    if (meanwhile > 0)
        text += QLatin1Char(' ') + meanwhileText(meanwhile, false);
    m_outcomeTimer.stop();
    m_unsettled.reset();
    if (needsReading)
        m_unsettled = sent;
    else
        m_outcomeTimer.start();
    m_applyBar->setStatusText(text, needsReading);
    // Edits made meanwhile are compared against a cluster that holds what was sent: the snapshot shown if it
    // does already, else the first one that does.
    m_rebaseOnceShown.reset();
    if (meanwhile > 0) {
        const SnapshotPtr shown = m_model->snapshot();
        if (shown && changeProgress(sent, *shown) != ChangeProgress::NotYet)
            m_edits->rebase(shown);
        else
            m_rebaseOnceShown = sent;
    }
    refreshNow();
}

void MainWindow::onEditsChanged()
{
    if (m_applySequence->isFollowing()) {
        // What was sent is not Apply's to send again: the bar counts, and Discard drops, what was edited since.
        m_applyBar->setPendingCount(m_edits->unsentCount());
        showFollowStatus();
        return;
    }
    if (!m_edits->isEmpty() && !isApplying()) {
        m_outcomeTimer.stop();
        m_unsettled.reset();
        m_applyBar->setStatusText(pendingText());
    } else if (m_edits->isEmpty() && !isApplying() && !m_outcomeTimer.isActive() && !m_unsettled) {
        m_applyBar->setStatusText({});
    }
    m_applyBar->setPendingCount(m_edits->size());
    updateCapacityWarning();
}

CapacityCheck MainWindow::capacityOfPendingEdits() const
{
    const SnapshotPtr shown = m_model->snapshot();
    if (!shown)
        return {};
    return checkCapacity(*shown, m_edits->changes(), m_costView->data().prices);
}

// While editing, not only in the confirmation: what the edits ask that the nodes cannot place.
void MainWindow::updateCapacityWarning()
{
    const QStringList warnings = m_edits->isEmpty() ? QStringList() : capacityOfPendingEdits().warnings();
    m_applyBar->setCapacityWarning(
        warnings.isEmpty() ? QString()
                           : tr("Not enough free GPUs: %1. Apply still sends it (an autoscaler may add nodes).")
                                 .arg(warnings.join(QStringLiteral("; "))));
}

void MainWindow::showFollowStatus()
{
    QString text = m_followMessage.isEmpty() ? tr("Sent; waiting for the cluster…")
                                             : tr("Sent; waiting for the cluster: %1.").arg(m_followMessage);
    if (const int meanwhile = m_edits->unsentCount(); meanwhile > 0)
        text += QLatin1Char(' ') + meanwhileText(meanwhile, true);
    m_applyBar->setStatusText(text);
}

void MainWindow::discardPending()
{
    if (m_applySequence->isFollowing())
        m_edits->discardUnsent(); // what was sent stays as sent
    else
        m_edits->clear();
}

void MainWindow::clearOutcome()
{
    m_outcomeTimer.stop();
    m_unsettled.reset();
    if (isApplying())
        return; // the bar shows the apply's progress
    m_applyBar->setStatusText(m_edits->isEmpty() ? QString() : pendingText());
}

QString MainWindow::pendingText() const
{
    return tr("%n pending change(s), not yet sent to the cluster.", nullptr, m_edits->size());
}

QString MainWindow::meanwhileText(int count, bool stillWaiting) const
{
    if (stillWaiting)
        return tr("%n change(s) made while waiting, not yet sent.", nullptr, count);
    return tr("%n change(s) made while waiting (is|are) still pending.", nullptr, count);
}

void MainWindow::applyPendingChanges(bool confirmed)
{
    // While the cluster does not answer the plan could not be checked (Apply is disabled and says so).
    if (m_edits->isEmpty() || isApplying() || m_schedules->isBusy() || m_freshness->isStale())
        return;
    if (m_bannerCause != BannerCause::None) {
        m_banner->hide();
        m_bannerCause = BannerCause::None;
    }
    // Edits of scheduled targets become overrides with an expiry the operator picks (asked without blocking);
    // the controller applies them. The rest is applied as usual once they are stored.
    m_schedules->takeScheduledEdits(m_edits, [this, confirmed](bool proceed, const QStringList &overrides) {
        if (!proceed)
            return;
        if (!overrides.isEmpty()) {
            m_unsettled.reset();
            m_applyBar->setStatusText(overrides.join(QStringLiteral("; ")));
            m_outcomeTimer.start();
        }
        if (m_edits->isEmpty() || isApplying())
            return;
        m_applySequence->apply(confirmed);
    });
}

bool MainWindow::isApplying() const
{
    return m_applySequence->isBusy();
}

void MainWindow::confirmPlan(const ApplyPlan &plan, std::function<void(bool apply)> answer)
{
    // The check is over: behind the dialog the bar says what waits for the answer, not what was being done.
    m_applyBar->setStatusText(pendingText());
    auto *dialog = new ApplyPreviewDialog(plan, ApplyPreviewDialog::Mode::ConfirmApply, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setCapacity(capacityOfPendingEdits());
    checkRecentTraffic(dialog);
    if (m_session && m_session->endpoint().production)
        dialog->requireTypedNamesToPark();
    connect(dialog, &QDialog::finished, this,
            [answer = std::move(answer)](int result) { answer(result == QDialog::Accepted); });
    dialog->open();
}

void MainWindow::showPreview(const ApplyPlan &plan)
{
    m_applyBar->setStatusText(pendingText());
    auto *dialog = new ApplyPreviewDialog(plan, ApplyPreviewDialog::Mode::PreviewOnly, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setCapacity(capacityOfPendingEdits());
    checkRecentTraffic(dialog);
    dialog->open();
}

void MainWindow::checkOverrideTraffic(OverrideDialog *dialog, const ScheduleTarget &target, int replicas)
{
    const SnapshotPtr now = m_model->snapshot();
    const auto reduced = now ? reducedServingOf(*now, target.app, target.deployment, replicas) : std::nullopt;
    m_recentTraffic->ask(m_session.get(), dialog->recentTraffic(),
                         reduced ? std::vector<ReducedServing>{*reduced} : std::vector<ReducedServing>{});
}

void MainWindow::checkRecentTraffic(ApplyPreviewDialog *dialog)
{
    if (const SnapshotPtr now = m_model->snapshot())
        m_recentTraffic->ask(m_session.get(), dialog->recentTraffic(), reducedServing(*now, m_edits->changes()));
}

void MainWindow::showBanner(BannerCause cause, const QString &text, const QString &actionText)
{
    m_bannerCause = cause;
    m_banner->showMessage(text, ErrorBanner::Severity::Error, actionText);
}

void MainWindow::showContests(const QStringList &targets, const QString &text)
{
    m_contestedTargets = targets;
    if (targets.isEmpty()) {
        if (m_bannerCause == BannerCause::Contested) {
            m_banner->hide();
            m_bannerCause = BannerCause::None;
        }
        return;
    }
    // A warning, not an error: nothing failed, and the operator decides who wins.
    m_bannerCause = BannerCause::Contested;
    m_banner->showMessage(tr("ScaleDeck stopped correcting: %1").arg(text), ErrorBanner::Severity::Warning,
                          targets.size() == 1 ? tr("Resume correcting") : tr("Resume all"));
}

void MainWindow::onBannerAction()
{
    if (m_bannerCause == BannerCause::Contested) {
        m_schedules->resumeContested(m_contestedTargets);
        m_banner->hide();
        m_bannerCause = BannerCause::None;
        return;
    }
    if (m_bannerCause == BannerCause::Conflict) {
        // Reload: drop the edits made against the old state and show the cluster as it is now.
        m_edits->clear();
        m_banner->hide();
        m_bannerCause = BannerCause::None;
        refreshNow();
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About ScaleDeck"),
                       tr("<h3>ScaleDeck %1</h3><p>A control panel for Ray Serve operators: scale GPU deployments "
                          "between 0 and N replicas, park and unpark applications, safely.</p>")
                           .arg(QStringLiteral(SCALEDECK_VERSION)));
}

} // namespace scaledeck
