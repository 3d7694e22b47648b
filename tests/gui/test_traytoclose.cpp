// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The tray and the close question, on the offscreen platform with real widgets: closing the window while the
// controller runs asks (once per close) whether to keep running in the tray; "Don't ask again" is remembered
// in the settings handed in; Quit closes for good; without a tray, or without a controller (read-only), closing
// is as it always was. And what the tray shows: its state (connected, changing, error) and the GPUs held in its
// tooltip. The cluster is scripted: Ray's captured answers from a local HTTP server.
#include "closetotrayquestion.h"
#include "clustermodel.h"
#include "desktopnotifier.h"
#include "fixtures.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "profilestore.h"
#include "schedulecoordinator.h"
#include "scriptedhttpserver.h"
#include "statusreport.h"
#include "trayicon.h"

#include <QCheckBox>
#include <QDBusConnection>
#include <QDir>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace scaledeck;

Q_DECLARE_METATYPE(scaledeck::TrayFacts)
Q_DECLARE_METATYPE(scaledeck::TrayState)

class TestTrayToClose : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void closeAsksAndKeepsRunningInTray();
    void dontAskAgainIsRemembered();
    void quitClosesForGood();
    void withoutTrayCloseIsPlain();
    void withoutControllerCloseIsPlain();
    void trayState_data();
    void trayState();
    void trayShowsTheWindowsCluster();
    void trayFollowsTheController();
    void screenshotTrayAndNotification();

private:
    void openWindow(bool tray, bool readOnly = false);
    QList<QMessageBox *> openQuestions() const;
    QMessageBox *waitForQuestion();
    static void answer(QMessageBox *box, const QString &button, bool dontAskAgain);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
};

void TestTrayToClose::openWindow(bool tray, bool readOnly)
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    MainWindowOptions options;
    options.storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    options.pollIntervalMs = 60000;
    options.controllerTickMs = 60000;
    options.systemTray = tray;
    options.settings = m_settings.get();
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer("/api/serve/applications/", {200, readFixture(QStringLiteral("applications_demo.json"))});
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(m_server->url());
    endpoint.timeoutMs = 5000;
    endpoint.readOnly = readOnly;
    m_window->connectToCluster(endpoint);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->model()->snapshot()->takenAt.isValid(), 10000);
    QCOMPARE(m_window->schedules()->runsController(), !readOnly);
}

void TestTrayToClose::cleanup()
{
    m_window.reset();
    m_profiles.reset();
    m_settings.reset();
    m_server.reset();
    m_dir.reset();
}

QList<QMessageBox *> TestTrayToClose::openQuestions() const
{
    QList<QMessageBox *> open;
    for (QMessageBox *box : m_window->findChildren<QMessageBox *>())
        if (box->isVisible())
            open << box;
    return open;
}

QMessageBox *TestTrayToClose::waitForQuestion()
{
    // null when none (or more than one) opened: answer() fails on it
    (void)QTest::qWaitFor([this] { return openQuestions().size() == 1; }, 5000);
    return openQuestions().size() == 1 ? openQuestions().front() : nullptr;
}

void TestTrayToClose::answer(QMessageBox *box, const QString &button, bool dontAskAgain)
{
    QVERIFY2(box, "no question opened");
    QVERIFY(box->checkBox());
    QCOMPARE(box->checkBox()->text(), QStringLiteral("Don't ask again"));
    box->checkBox()->setChecked(dontAskAgain);
    for (QAbstractButton *candidate : box->buttons())
        if (candidate->text() == button) {
            candidate->click();
            return;
        }
    QFAIL(qPrintable(QStringLiteral("no button \"%1\"").arg(button)));
}

void TestTrayToClose::closeAsksAndKeepsRunningInTray()
{
    openWindow(true);
    QSignalSpy closed(m_window.get(), &MainWindow::closedForGood);
    QVERIFY(!m_window->close()); // not closed: asked
    QMessageBox *box = waitForQuestion();
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("Keep it running in the tray")));
    QVERIFY(!m_window->close()); // a second close while the question is open asks nothing more
    QCOMPARE(openQuestions().size(), 1);
    answer(box, QStringLiteral("Keep running in the tray"), false);
    QTRY_VERIFY(!m_window->isVisible());
    QCOMPARE(closed.size(), 0);
    QVERIFY(m_window->schedules()->runsController()); // the controller goes on
    QVERIFY(!m_settings->contains(QStringLiteral("tray/onClose")));

    m_window->show(); // from the tray's menu
    QVERIFY(!m_window->close());
    answer(waitForQuestion(), QStringLiteral("Keep running in the tray"), false); // not remembered: asked again
    QTRY_VERIFY(!m_window->isVisible());
}

void TestTrayToClose::dontAskAgainIsRemembered()
{
    openWindow(true);
    QVERIFY(!m_window->close());
    answer(waitForQuestion(), QStringLiteral("Keep running in the tray"), true);
    QTRY_VERIFY(!m_window->isVisible());
    m_window->show();
    QVERIFY(!m_window->close());
    QVERIFY(!m_window->isVisible()); // straight into the tray
    QVERIFY(openQuestions().isEmpty());

    // The next start of ScaleDeck reads the same settings file.
    m_settings->sync();
    QSettings nextStart(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    QCOMPARE(CloseToTrayQuestion(&nextStart, nullptr).remembered(), CloseToTrayQuestion::Answer::KeepInTray);
}

void TestTrayToClose::quitClosesForGood()
{
    openWindow(true);
    QSignalSpy closed(m_window.get(), &MainWindow::closedForGood);
    QVERIFY(!m_window->close());
    answer(waitForQuestion(), QStringLiteral("Quit"), true);
    QTRY_COMPARE(closed.size(), 1);
    QVERIFY(!m_window->isVisible());
    QCOMPARE(m_settings->value(QStringLiteral("tray/onClose")).toString(), QStringLiteral("quit"));
    m_window->show();
    QVERIFY(m_window->close()); // remembered: quits without asking
    QCOMPARE(closed.size(), 2);
    QVERIFY(openQuestions().isEmpty());
}

void TestTrayToClose::withoutTrayCloseIsPlain()
{
    openWindow(false);
    QVERIFY(!m_window->trayIcon());
    QSignalSpy closed(m_window.get(), &MainWindow::closedForGood);
    QVERIFY(m_window->close());
    QCOMPARE(closed.size(), 1);
    QVERIFY(openQuestions().isEmpty());
}

void TestTrayToClose::withoutControllerCloseIsPlain()
{
    openWindow(true, true);
    QVERIFY(m_window->trayIcon());
    QVERIFY(m_window->close());
    QVERIFY(openQuestions().isEmpty());
}

void TestTrayToClose::trayState_data()
{
    QTest::addColumn<TrayFacts>("facts");
    QTest::addColumn<TrayState>("state");
    QTest::addColumn<QString>("toolTip");
    TrayFacts facts;
    facts.cluster = QStringLiteral("http://ray:8265");
    QTest::newRow("no answer yet") << facts << TrayState::NotConnected
                                   << QStringLiteral("ScaleDeck — http://ray:8265\nNot connected");
    facts.answered = true;
    facts.gpusHeld = 3;
    facts.gpusTotal = 8;
    QTest::newRow("connected") << facts << TrayState::Connected
                               << QStringLiteral("ScaleDeck — http://ray:8265\nGPUs held: 3 / 8");
    facts.controllerChanging = true;
    QTest::newRow("controller changing")
        << facts << TrayState::Changing
        << QStringLiteral("ScaleDeck — http://ray:8265\nGPUs held: 3 / 8\nA change is in progress");
    facts.controllerChanging = false;
    facts.applying = true;
    facts.gpusHeld = 2.5;
    QTest::newRow("applying") << facts << TrayState::Changing
                              << QStringLiteral(
                                     "ScaleDeck — http://ray:8265\nGPUs held: 2.5 / 8\nA change is in progress");
    facts.controllerError = QStringLiteral("changing llm/LLM failed");
    QTest::newRow("failed change wins") << facts << TrayState::Error
                                        << QStringLiteral(
                                               "ScaleDeck — http://ray:8265\nGPUs held: 2.5 / 8\n"
                                               "Schedules: changing llm/LLM failed\nA change is in progress");
    facts.controllerError.clear();
    facts.applying = false;
    facts.stale = true;
    QTest::newRow("stale") << facts << TrayState::Error
                           << QStringLiteral(
                                  "ScaleDeck — http://ray:8265\nGPUs held: 2.5 / 8\nThe cluster does not answer");
}

void TestTrayToClose::trayState()
{
    QFETCH(TrayFacts, facts);
    QFETCH(TrayState, state);
    QFETCH(QString, toolTip);
    QCOMPARE(trayStateOf(facts), state);
    QCOMPARE(trayToolTip(facts), toolTip);
}

// The window feeds its tray the snapshot: the GPUs held are in the tooltip the system tray shows.
void TestTrayToClose::trayShowsTheWindowsCluster()
{
    openWindow(true);
    TrayIcon *tray = m_window->trayIcon();
    QVERIFY(tray);
    const SnapshotPtr snapshot = m_window->model()->snapshot();
    QVERIFY(snapshot->gpusTotal > 0);
    QTRY_COMPARE(tray->state(), TrayState::Connected);
    QVERIFY(tray->toolTip().contains(QStringLiteral("GPUs held: %1 / %2")
                                         .arg(formatAmount(snapshot->gpusHeld()), formatAmount(snapshot->gpusTotal))));
    QCOMPARE(tray->systemTrayIcon()->toolTip(), tray->toolTip());
}

// The controller's ticks: a failed change is an error until a change of its target goes through (the ticks
// that wait to retry it included); one sent, or Ray still applying it, is a change in progress.
void TestTrayToClose::trayFollowsTheController()
{
    QWidget window;
    TrayIcon tray(&window);
    auto snapshot = std::make_shared<ClusterSnapshot>();
    snapshot->takenAt = QDateTime::currentDateTimeUtc();
    snapshot->gpusTotal = 8;
    tray.setSnapshot(snapshot);
    QCOMPARE(tray.state(), TrayState::Connected);
    TickReport report;
    TargetDecision decision;
    decision.target = QStringLiteral("llm/LLM");
    report.decisions = {decision};
    const auto tick = [&](DecisionResult result) {
        report.decisions.front().result = result;
        tray.setControllerReport(report);
        return tray.state();
    };
    QCOMPARE(tick(DecisionResult::Failed), TrayState::Error);
    QVERIFY(tray.toolTip().contains(QStringLiteral("Schedules: changing llm/LLM failed")));
    QCOMPARE(tick(DecisionResult::Waiting), TrayState::Error); // waiting to retry: still the failure
    QCOMPARE(tick(DecisionResult::Sent), TrayState::Changing);
    QCOMPARE(tick(DecisionResult::Waiting), TrayState::Changing); // Ray still applying it
    QCOMPARE(tick(DecisionResult::InStep), TrayState::Connected);
    report.error = RayError{};
    report.decisions.clear();
    tray.setControllerReport(report);
    QCOMPARE(tray.state(), TrayState::Error);
}

// Not a check: what scripts/screenshot-tray.sh takes its pictures with, on a virtual X display (xcb) with a tint2
// panel (a system tray) and dunst. The tray icon of a connected window with its tooltip (tray.png), then a
// grouped notification sent through the real D-Bus sender (notification.png), each `import -window root`.
void TestTrayToClose::screenshotTrayAndNotification()
{
    const QString dir = qEnvironmentVariable("SCALEDECK_TRAY_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("scripts/screenshot-tray.sh sets SCALEDECK_TRAY_SCREENSHOT_DIR (xcb, tint2 and dunst)");
    // The screen's part `area` as `name`, once what is shown has reached the X server.
    auto capture = [&dir](const QString &name, const QRect &area) {
        QGuiApplication::sync();
        QProcess import;
        import.start(QStringLiteral("import"),
                     {QStringLiteral("-window"), QStringLiteral("root"), QStringLiteral("-crop"),
                      QStringLiteral("%1x%2+%3+%4").arg(area.width()).arg(area.height()).arg(area.x()).arg(area.y()),
                      QStringLiteral("+repage"), QDir(dir).filePath(name)});
        return import.waitForFinished(30000) && import.exitCode() == 0;
    };
    // tint2 takes the tray selection some seconds after it starts (without a window manager, ~15 s here).
    QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 60000);
    openWindow(true);
    m_window->resize(1000, 560);
    m_window->move(20, 20);
    TrayIcon *tray = m_window->trayIcon();
    QTRY_COMPARE(tray->state(), TrayState::Connected);
    QTRY_VERIFY_WITH_TIMEOUT(tray->systemTrayIcon()->geometry().isValid(), 10000); // embedded in the panel
    const QRect icon = tray->systemTrayIcon()->geometry();
    QToolTip::showText(icon.topLeft() - QPoint(150, 60), tray->toolTip());
    QTRY_VERIFY(QToolTip::isVisible());
    for (QWidget *shown : QApplication::topLevelWidgets())
        if (shown->isVisible())
            QVERIFY(QTest::qWaitForWindowExposed(shown));
    const QRect screen = QGuiApplication::primaryScreen()->geometry();
    // The panel's corner with the icon and its tooltip, and the window above them.
    QVERIFY(capture(QStringLiteral("tray.png"), QRect(screen.width() - 760, screen.height() - 330, 760, 330)));
    QToolTip::hideText();

    std::vector<NotificationEvent> events;
    for (const QString &target : {QStringLiteral("embedder"), QStringLiteral("rerank/Reranker"),
                                  QStringLiteral("chat/LLM"), QStringLiteral("vision/ViT")})
        events.push_back({NotificationKind::Parked, target, {}});
    events.push_back({NotificationKind::OverrideExpired, QStringLiteral("llm/LLM"), QStringLiteral("was 3 replicas")});
    DesktopNotifier notifier(QDBusConnection::sessionBus());
    QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
    notifier.send(composeNotification(events));
    QVERIFY(delivered.wait(10000));
    auto displayed = [] {
        QProcess count;
        count.start(QStringLiteral("dunstctl"), {QStringLiteral("count"), QStringLiteral("displayed")});
        count.waitForFinished(10000);
        return QString::fromUtf8(count.readAllStandardOutput()).trimmed().toInt();
    };
    QTRY_VERIFY_WITH_TIMEOUT(displayed() > 0, 10000);
    // dunst's corner (top right) and the window beside it.
    QVERIFY(capture(QStringLiteral("notification.png"), QRect(screen.width() - 760, 0, 760, 260)));
}

SCALEDECK_GUI_TEST_MAIN(TestTrayToClose)
#include "test_traytoclose.moc"
