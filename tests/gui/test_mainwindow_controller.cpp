// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Two real windows on one controller: the real controller API in front of the real controller on the fake cluster
// (ApiBench), alice the operator and bob the viewer. Each window shows the controller's snapshot and schedules, says
// who enforces them and as whom it is connected, runs no controller of its own; alice's change goes to the
// controller as a request it applies and audits under her name; bob's window is read-only and sees the schedule
// alice's controller holds change. A Connect-dialog profile naming the controller takes the same way.
#include "apibench.h"
#include "applybar.h"
#include "clusterheader.h"
#include "clustermodel.h"
#include "connectdialog.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "profilestore.h"
#include "schedulecoordinator.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC); // a Monday

// One person's window on the controller, with its own settings and (unused) store.
struct ClientWindow {
    ClientWindow(const QString &controllerUrl, const QByteArray &token)
    {
        MainWindowOptions options;
        options.storePath = dir.filePath(QStringLiteral("store.sqlite"));
        options.trafficIntervalMs = 0;
        window = std::make_unique<MainWindow>(&profiles, options);
        window->resize(1100, 600);
        window->show();
        window->connectToController(ControllerConnection{QUrl(controllerUrl), token, QStringLiteral("token file")});
    }
    int rows() const { return window->model()->rowCount(); }

    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat};
    ProfileStore profiles{&settings};
    std::unique_ptr<MainWindow> window;
};
} // namespace

class TestMainWindowController : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void bothWindowsShowTheControllersClusterAndWhoEnforces();
    void anOperatorsChangeIsAppliedByTheControllerUnderHerName();
    void aViewersWindowIsReadOnlyAndFollowsTheSchedules();
    void choosingAControllerProfileConnectsThroughTheController();
    void aContestIsShownAndResumedThroughTheController();

private:
    QString controllerUrl() const { return bench().base.chopped(int(qstrlen("/api/v1/"))); }

    ApiBench &bench() const { return m_case->bench; }

    std::unique_ptr<ApiCase> m_case;
};

void TestMainWindowController::init()
{
    m_case = std::make_unique<ApiCase>(kStart);
    const QString failed = bench().setUp(QStringLiteral("tz UTC\ndefault 2\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString ticked = bench().tick();
    QVERIFY2(ticked.isEmpty(), qPrintable(ticked));
}

void TestMainWindowController::cleanup()
{
    m_case.reset();
}

void TestMainWindowController::bothWindowsShowTheControllersClusterAndWhoEnforces()
{
    ClientWindow alice(controllerUrl(), kAliceToken);
    ClientWindow bob(controllerUrl(), kBobToken);
    QTRY_COMPARE_WITH_TIMEOUT(alice.rows(), 5, 10000); // the demo cluster's five applications
    QTRY_COMPARE_WITH_TIMEOUT(bob.rows(), 5, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(
        alice.window->schedules()->controllerText().contains(QStringLiteral("you: alice (operator)")), 10000);
    const QString text = alice.window->schedules()->controllerText();
    QVERIFY2(text.startsWith(QStringLiteral("Schedules: enforced by the controller (")), qPrintable(text));
    QVERIFY2(!alice.window->schedules()->runsController(), "no controller runs in a client window");
    QTRY_VERIFY_WITH_TIMEOUT(bob.window->schedules()->controllerText().contains(QStringLiteral("you: bob (viewer)")),
                             10000);
    // The schedule shown is the controller's, not this machine's store's (which has none).
    QTRY_VERIFY_WITH_TIMEOUT(alice.window->schedules()->isScheduled(QStringLiteral("llm"), QStringLiteral("LLM")),
                             10000);
}

void TestMainWindowController::anOperatorsChangeIsAppliedByTheControllerUnderHerName()
{
    ClientWindow alice(controllerUrl(), kAliceToken);
    QTRY_COMPARE_WITH_TIMEOUT(alice.rows(), 5, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!alice.window->model()->isReadOnly() &&
                                 alice.window->schedules()->controllerText().contains(QStringLiteral("operator")),
                             10000);
    alice.window->pendingEdits()->setReplicas(alice.window->model()->snapshot(), QStringLiteral("embedder"),
                                              QStringLiteral("Embedder"), 3);
    alice.window->applyPendingChanges(true);
    // The controller applies the request on its tick; the window follows the request until it is sent.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            (void)bench().tick();
            return alice.window->applyBar()->statusText().startsWith(QStringLiteral("Applied"));
        }(),
        20000);
    const QString outcome = alice.window->applyBar()->statusText();
    QVERIFY2(outcome.contains(QStringLiteral("embedder/Embedder → 3")), qPrintable(outcome));
    // Through the controller's API, as any client sees it: the request is audited under alice's name.
    const ApiAnswer audit = bench().client(kBobToken).get(QStringLiteral("audit"));
    QCOMPARE(audit.status, 200);
    QVERIFY2(audit.body.contains("alice") && audit.body.contains("embedder/Embedder"), audit.body.constData());
}

void TestMainWindowController::aViewersWindowIsReadOnlyAndFollowsTheSchedules()
{
    ClientWindow bob(controllerUrl(), kBobToken);
    QTRY_COMPARE_WITH_TIMEOUT(bob.rows(), 5, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(bob.window->model()->isReadOnly(), 10000);
    QVERIFY(!bob.window->schedules()->isScheduled(QStringLiteral("embedder"), QStringLiteral("Embedder")));
    // Someone else schedules a deployment through the controller: bob's window reads it within its reload.
    ApiTestClient alice = bench().client(kAliceToken);
    const ApiAnswer set = alice.call("PUT", QStringLiteral("schedules/embedder/Embedder"), "tz UTC\ndefault 1\n");
    QVERIFY2(set.status == 200, set.body.constData());
    QTRY_VERIFY_WITH_TIMEOUT(
        bob.window->schedules()->isScheduled(QStringLiteral("embedder"), QStringLiteral("Embedder")), 15000);
}

// The Connect dialog's way: a window on a Ray profile picks the controller profile in the dialog and connects; it
// is then the controller's client as with --controller (its cluster, its schedules, who enforces them, as whom),
// runs no controller of its own, and says the profile's name in its title and header.
void TestMainWindowController::choosingAControllerProfileConnectsThroughTheController()
{
    QTemporaryDir dir;
    const QString tokenPath = dir.filePath(QStringLiteral("controller-token"));
    QFile token(tokenPath);
    QVERIFY(token.open(QIODevice::WriteOnly));
    token.write(kAliceToken + '\n');
    token.close();
    QVERIFY(token.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    ProfileStore profiles(&settings);
    ConnectionProfile lab;
    lab.name = QStringLiteral("lab");
    lab.address = QStringLiteral("http://127.0.0.1:9"); // nothing answers there: the window waits on it
    profiles.save(lab);
    ConnectionProfile team;
    team.name = QStringLiteral("team");
    team.controllerUrl = controllerUrl();
    team.controllerTokenFile = tokenPath;
    profiles.save(team);
    profiles.setLastUsed(lab.name);

    MainWindowOptions options;
    options.storePath = dir.filePath(QStringLiteral("store.sqlite"));
    options.trafficIntervalMs = 0;
    MainWindow window(&profiles, options);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showConnectDialog();
    QTRY_VERIFY(qobject_cast<ConnectDialog *>(QApplication::activeModalWidget()));
    auto *dialog = qobject_cast<ConnectDialog *>(QApplication::activeModalWidget());
    auto *combo = dialog->findChild<QComboBox *>(QStringLiteral("profileCombo"));
    QCOMPARE(combo->currentText(), lab.name); // opens on the last profile
    combo->setFocus();
    QTRY_COMPARE(QApplication::focusWidget(), combo);
    QTest::keyClick(combo, Qt::Key_Down); // the next profile: team
    QCOMPARE(combo->currentText(), team.name);
    QVERIFY(dialog->findChild<QRadioButton *>(QStringLiteral("controllerKindRadio"))->isChecked());
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(window.model()->rowCount(), 5, 10000); // the controller's cluster
    QTRY_VERIFY_WITH_TIMEOUT(window.schedules()->controllerText().contains(QStringLiteral("you: alice (operator)")),
                             10000);
    const QString text = window.schedules()->controllerText();
    QVERIFY2(text.startsWith(QStringLiteral("Schedules: enforced by the controller (")), qPrintable(text));
    QVERIFY2(!window.schedules()->runsController(), "no controller runs in a client window");
    QTRY_VERIFY_WITH_TIMEOUT(window.schedules()->isScheduled(QStringLiteral("llm"), QStringLiteral("LLM")), 10000);
    QCOMPARE(window.windowTitle(), QStringLiteral("ScaleDeck — team (%1)").arg(controllerUrl()));
    QVERIFY2(window.header()->text().contains(QStringLiteral("team (%1)").arg(controllerUrl())),
             qPrintable(window.header()->text()));
    QVERIFY(!window.model()->isReadOnly());
}

void TestMainWindowController::aContestIsShownAndResumedThroughTheController()
{
    // No tick of the window's own reports the fight: it reads the controller's contests with the schedules.
    TargetContest contest;
    contest.target = QStringLiteral("llm/LLM");
    contest.contestedUtc = kStart.addSecs(-240);
    contest.description = QStringLiteral("2 → 3 twice in 35 s");
    contest.outsideValue = QStringLiteral("3");
    QVERIFY(bench().controller.schedules->saveTargetContest(bench().controller.key, contest));
    ClientWindow alice(controllerUrl(), kAliceToken);
    QSignalSpy contests(alice.window->schedules(), &ScheduleCoordinator::contestsChanged);
    QTRY_VERIFY_WITH_TIMEOUT(!contests.isEmpty(), 15000);
    QCOMPARE(contests.last().at(0).toStringList(), QStringList{QStringLiteral("llm/LLM")});
    QVERIFY2(contests.last().at(1).toString().contains(QStringLiteral("2 → 3 twice in 35 s")),
             qPrintable(contests.last().at(1).toString()));
    // The banner's action: resumed under alice's name, and the banner goes with the next read.
    alice.window->schedules()->resumeContested({QStringLiteral("llm/LLM")});
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto stored =
                bench().controller.schedules->targetContest(bench().controller.key, QStringLiteral("llm/LLM"));
            return stored && (!stored->has_value() || !(*stored)->isContested());
        }(),
        10000);
    QTRY_VERIFY_WITH_TIMEOUT(contests.last().at(0).toStringList().isEmpty(), 15000);
    const ApiAnswer audit = bench().client(kBobToken).get(QStringLiteral("audit"));
    QVERIFY2(audit.body.contains("resumed") && audit.body.contains("alice"), audit.body.constData());
}

QTEST_MAIN(TestMainWindowController)
#include "test_mainwindow_controller.moc"
