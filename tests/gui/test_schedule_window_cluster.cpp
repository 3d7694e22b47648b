// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Schedules in the main window against a real Ray cluster running examples/serve_config.yaml: the window runs
// the schedule controller (or says who does), a schedule saved with the editor is enforced, and a manual edit
// of a scheduled deployment becomes an override the controller applies. Every test leaves llm/LLM at 2.
#include "clusterendpoint.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "errorbanner.h"
#include "guitestmain.h"
#include "livecluster.h"
#include "mainwindow.h"
#include "modalwatch.h"
#include "operatoridentity.h"
#include "overridedialog.h"
#include "parkbuttoncell.h"
#include "pendingedits.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "schedulecoordinator.h"
#include "scheduleeditordialog.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString kLlm = QStringLiteral("llm");
const QString kLlmDeployment = QStringLiteral("LLM");
const QString kOtherHolder = QStringLiteral("scaledeckctl run on otherhost (pid 1)");
constexpr int kTickMs = 500;
} // namespace

class TestScheduleWindowCluster : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void windowRunsTheController();
    void anotherHolderKeepsTheLockUntilReleased();
    void scheduleSavedWithTheEditorIsEnforced();
    void manualEditOfScheduledDeploymentBecomesOverride();
    void driftOutsideScaleDeckIsShownInTheScheduleColumn();
    void fightOverATargetIsShownAndResumed();
    void unparkButtonOfAScheduledAppIsAnOverride();

private:
    void createWindow();
    void connectWindow();
    void storeSchedule(const char *text);
    void changeLlmOutside(int replicas);     // as `serve deploy` or another controller would: sent, not followed
    std::optional<int> clusterLlmReplicas(); // configured == target on a fresh snapshot, else empty
    const DeploymentSnapshot *shownLlm() const;
    bool shownLlmSettledAt(int replicas) const; // the window shows llm RUNNING with only `replicas` RUNNING
    QLabel *controllerLabel() const;
    void saveScreenshot(const QString &name);
    // Runs `act` on the modal dialog of type T once it is open (exec() only opens it after the call that
    // starts it has begun); records whether it was found.
    template <typename T> void whenModal(std::function<void(T *)> act, bool *found, int attempts = 100)
    {
        m_modals->whenModal<T>(std::move(act), found, attempts, 50);
    }
    std::unique_ptr<ModalWatch> m_modals; // one per test: see ModalWatch

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    OrderedJson m_configAtStart;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<ParkedStore> m_parked; // the test's own connections to the window's store
    std::unique_ptr<ScheduleStore> m_store;
    std::unique_ptr<MainWindow> m_window;
};

void TestScheduleWindowCluster::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(clusterLlmReplicas(), std::optional<int>(2));
    m_configAtStart = declarativeConfig(serveDocument(*m_client));
}

void TestScheduleWindowCluster::init()
{
    m_modals = std::make_unique<ModalWatch>();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(QStringLiteral("store.sqlite"));
    m_parked = std::make_unique<ParkedStore>(path);
    m_store = std::make_unique<ScheduleStore>(path);
    QVERIFY(m_parked->open().ok());
    QVERIFY(m_store->open().ok());
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
}

void TestScheduleWindowCluster::cleanup()
{
    m_modals.reset();
    // The window (and its controller, which releases its lock) goes first, so nothing scales llm back
    // while it is restored. Settled first: Ray shows a PUT in its config only once it applied it.
    m_window.reset();
    QVERIFY(waitUntilSettled(*m_client));
    auto snapshot = snapshotNow(*m_client, m_parked.get());
    QVERIFY(snapshot.ok());
    if (clusterLlmReplicas() != 2) {
        ChangeSet restore;
        restore.setReplicas(kLlm, kLlmDeployment, 2);
        const ApplyOutcome outcome = applyAndFollow(*m_client, *m_parked, snapshot.value(), restore);
        QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    }
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(clusterLlmReplicas(), std::optional<int>(2));
    const OrderedJson configNow = declarativeConfig(serveDocument(*m_client));
    QVERIFY2(configNow == m_configAtStart, configNow.dump().c_str());
    m_store.reset();
    m_parked.reset();
    m_profiles.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestScheduleWindowCluster::createWindow()
{
    MainWindowOptions options;
    options.storePath = m_dir->filePath(QStringLiteral("store.sqlite")); // never the user's store
    options.pollIntervalMs = 1000;
    options.controllerTickMs = kTickMs;
    options.clock = nullptr; // the system clock: the controller thread runs on it too
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->show();
}

void TestScheduleWindowCluster::connectWindow()
{
    m_window->connectToCluster(*m_endpoint);
    QTRY_VERIFY2_WITH_TIMEOUT(
        shownLlm() && m_window->treeView()->replicaEditor(kLlm, kLlmDeployment),
        qPrintable(QStringLiteral("no llm/LLM shown; banner: ") + m_window->errorBanner()->text()), 60000);
}

void TestScheduleWindowCluster::storeSchedule(const char *text)
{
    const ScheduleParse parsed = parseScheduleText(QString::fromLatin1(text));
    QVERIFY(parsed.ok());
    const auto saved = m_store->saveSchedule(
        m_endpoint->clusterKey(), StoredSchedule{ScheduleTarget{kLlm, kLlmDeployment}, scheduleToText(*parsed.schedule),
                                                 QDateTime::currentDateTimeUtc()});
    QVERIFY2(saved.ok(), saved.ok() ? "" : qPrintable(saved.error().describe()));
}

std::optional<int> TestScheduleWindowCluster::clusterLlmReplicas()
{
    auto snapshot = snapshotNow(*m_client, nullptr);
    if (!snapshot)
        return std::nullopt;
    const ApplicationSnapshot *app = snapshot.value()->findApplication(kLlm);
    const DeploymentSnapshot *deployment = app ? app->findDeployment(kLlmDeployment) : nullptr;
    if (!deployment || !deployment->configuredReplicas || *deployment->configuredReplicas != deployment->targetReplicas)
        return std::nullopt;
    return deployment->targetReplicas;
}

const DeploymentSnapshot *TestScheduleWindowCluster::shownLlm() const
{
    const SnapshotPtr snapshot = m_window->model()->snapshot();
    const ApplicationSnapshot *app = snapshot ? snapshot->findApplication(kLlm) : nullptr;
    return app ? app->findDeployment(kLlmDeployment) : nullptr;
}

bool TestScheduleWindowCluster::shownLlmSettledAt(int replicas) const
{
    const SnapshotPtr snapshot = m_window->model()->snapshot();
    const ApplicationSnapshot *app = snapshot ? snapshot->findApplication(kLlm) : nullptr;
    const DeploymentSnapshot *deployment = app ? app->findDeployment(kLlmDeployment) : nullptr;
    return deployment && app->status == QStringLiteral("RUNNING") && deployment->targetReplicas == replicas &&
           deployment->runningReplicas == replicas && deployment->replicasByState.size() == (replicas > 0 ? 1 : 0);
}

QLabel *TestScheduleWindowCluster::controllerLabel() const
{
    // The status bar's permanent label that shows ScheduleCoordinator::controllerText().
    const QString text = m_window->schedules()->controllerText();
    const QList<QLabel *> labels = m_window->statusBar()->findChildren<QLabel *>();
    for (QLabel *label : labels)
        if (!text.isEmpty() && label->text() == text)
            return label;
    return nullptr;
}

void TestScheduleWindowCluster::saveScreenshot(const QString &name)
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(m_window->grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

// Connected, the window's controller takes the (free) lock: the status bar says this ScaleDeck enforces the
// schedules, and the store names the window as the lock's holder.
void TestScheduleWindowCluster::windowRunsTheController()
{
    createWindow();
    connectWindow();
    QTRY_VERIFY2_WITH_TIMEOUT(m_window->schedules()->controllerText().contains(QStringLiteral("this ScaleDeck")),
                              qPrintable(m_window->schedules()->controllerText()), 5000);
    QVERIFY(controllerLabel());
    QVERIFY(controllerLabel()->isVisible());
    const auto lock = m_store->currentLock(m_endpoint->clusterKey());
    QVERIFY(lock.ok());
    QVERIFY(lock->has_value());
    QVERIFY2((*lock)->holder.startsWith(QStringLiteral("ScaleDeck by ")), qPrintable((*lock)->holder));
    QVERIFY2((*lock)->holder.contains(QLatin1Char('@') + QSysInfo::machineHostName()), qPrintable((*lock)->holder));
    QCOMPARE(clusterLlmReplicas(), std::optional<int>(2)); // no schedules: nothing changed

    // Closed, the window's controller gives the lock back at once (not only when it goes stale).
    m_window.reset();
    const auto after = m_store->currentLock(m_endpoint->clusterKey());
    QVERIFY(after.ok());
    QVERIFY(!after->has_value());
}

// Another controller holds the lock (renewed throughout): the window names it and decides nothing, though a
// stored schedule would take llm to 1. Once it releases the lock, the window takes over and enforces it.
void TestScheduleWindowCluster::anotherHolderKeepsTheLockUntilReleased()
{
    const QString key = m_endpoint->clusterKey();
    storeSchedule("tz UTC\ndefault 1\n");
    const auto taken = m_store->acquireLock(key, kOtherHolder, false, QDateTime::currentDateTimeUtc(), 60000);
    QVERIFY(taken.ok());
    QCOMPARE(taken->holder, kOtherHolder);

    // The other holder's heartbeat, well within the window controller's staleness (3 ticks).
    bool lockLost = false;
    QTimer heartbeat;
    heartbeat.setInterval(kTickMs / 3);
    connect(&heartbeat, &QTimer::timeout, this, [this, key, &lockLost] {
        const auto renewed = m_store->acquireLock(key, kOtherHolder, false, QDateTime::currentDateTimeUtc(), 60000);
        if (!renewed || renewed->holder != kOtherHolder)
            lockLost = true;
    });
    heartbeat.start();

    createWindow();
    QSignalSpy ticks(m_window->schedules(), &ScheduleCoordinator::controllerTicked);
    connectWindow();
    QTRY_VERIFY2_WITH_TIMEOUT(m_window->schedules()->controllerText().contains(kOtherHolder),
                              qPrintable(m_window->schedules()->controllerText()), 5000);
    QVERIFY(controllerLabel());
    QVERIFY(!m_window->schedules()->controllerText().contains(QStringLiteral("this ScaleDeck")));

    // Several ticks: none holds the lock or decides anything, and the cluster keeps llm at 2.
    QTRY_VERIFY_WITH_TIMEOUT(ticks.size() >= 8, 20000);
    for (const QList<QVariant> &arguments : std::as_const(ticks)) {
        const TickReport report = arguments.at(0).value<TickReport>();
        QVERIFY2(!report.error, report.error ? qPrintable(report.error->describe()) : "");
        QVERIFY(!report.holdsLock);
        QCOMPARE(report.lock.holder, kOtherHolder);
        QVERIFY(report.decisions.empty());
    }
    QVERIFY(!lockLost);
    QCOMPARE(clusterLlmReplicas(), std::optional<int>(2));
    const auto audit = m_store->audit(key, QDateTime::currentDateTimeUtc().addDays(-1));
    QVERIFY(audit.ok());
    QVERIFY(audit->empty());

    heartbeat.stop();
    QVERIFY(m_store->releaseLock(key, kOtherHolder).ok());
    QTRY_VERIFY2_WITH_TIMEOUT(m_window->schedules()->controllerText().contains(QStringLiteral("this ScaleDeck")),
                              qPrintable(m_window->schedules()->controllerText()), 5000);
    QVERIFY(controllerLabel());
    QTRY_COMPARE_WITH_TIMEOUT(clusterLlmReplicas(), std::optional<int>(1), 60000);
}

// The editor's text is saved to the store and the controller brings llm/LLM to it on the real cluster.
void TestScheduleWindowCluster::scheduleSavedWithTheEditorIsEnforced()
{
    createWindow();
    connectWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->schedules()->controllerText().contains(QStringLiteral("this ScaleDeck")), 5000);
    QVERIFY(!m_window->schedules()->isScheduled(kLlm, kLlmDeployment));

    // llm serves 2 replicas: saving "default 1" asks first, naming what stops and when.
    bool found = false;
    bool confirmed = false;
    QString question;
    whenModal<ScheduleEditorDialog>(
        [this, &confirmed, &question](ScheduleEditorDialog *dialog) {
            auto *text = dialog->findChild<QPlainTextEdit *>();
            QVERIFY(text);
            text->setPlainText(QStringLiteral("tz UTC\ndefault 1\n")); // typed: the parse is debounced
            dialog->accept();
            whenModal<QMessageBox>(
                [&confirmed, &question](QMessageBox *box) {
                    question = box->text();
                    for (QAbstractButton *button : box->buttons())
                        if (box->buttonRole(button) == QMessageBox::AcceptRole) {
                            confirmed = true;
                            button->click();
                        }
                },
                &confirmed);
        },
        &found);
    QSignalSpy stored(m_window->schedules(), &ScheduleCoordinator::scheduleStored);
    m_window->schedules()->editSchedule(kLlm, kLlmDeployment, m_window->model()->snapshot());
    QVERIFY(stored.wait(10000));
    QVERIFY(found);
    QVERIFY(confirmed);
    QCOMPARE(question, QStringLiteral("Saving this schedule takes llm/LLM from 2 replicas to 1 replica now: "
                                      "1 replica serving stops."));
    QVERIFY(m_window->schedules()->isScheduled(kLlm, kLlmDeployment));

    const auto inStore = m_store->schedule(m_endpoint->clusterKey(), ScheduleTarget{kLlm, kLlmDeployment});
    QVERIFY(inStore.ok());
    QVERIFY(inStore->has_value());
    const ScheduleParse parsed = parseScheduleText((*inStore)->text);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.schedule->timeZone, QByteArray("UTC"));
    QCOMPARE(parsed.schedule->defaultReplicas, 1);
    QVERIFY(parsed.schedule->weekly.empty());

    QTRY_COMPARE_WITH_TIMEOUT(clusterLlmReplicas(), std::optional<int>(1), 60000);
    const auto audit = m_store->audit(m_endpoint->clusterKey(), QDateTime::currentDateTimeUtc().addDays(-1));
    QVERIFY(audit.ok());
    QVERIFY(std::any_of(audit->begin(), audit->end(), [](const AuditEntry &entry) {
        return entry.target == QStringLiteral("llm/LLM") && entry.cause == AuditCause::Schedule &&
               entry.after == QStringLiteral("1") && entry.result == AuditResult::Sent;
    }));

    // What the operator sees while the schedule is enforced (the window has caught up with the cluster).
    QTRY_VERIFY_WITH_TIMEOUT(shownLlmSettledAt(1), 120000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->schedules()->controllerText(),
                              QStringLiteral("Schedules: 1 enforced by this ScaleDeck"), 5000);
    QVERIFY(controllerLabel());
    saveScreenshot(QStringLiteral("main-window-schedules"));
}

// A change made outside ScaleDeck to a scheduled deployment is drift: with "drift keep" it stays, and the
// Schedule column says so.
void TestScheduleWindowCluster::driftOutsideScaleDeckIsShownInTheScheduleColumn()
{
    storeSchedule("tz UTC\ndefault 2\n");
    createWindow();
    connectWindow();
    const QModelIndex cell = m_window->model()->deploymentIndex(kLlm, kLlmDeployment, ClusterModel::ScheduleColumn);
    QTRY_COMPARE_WITH_TIMEOUT(cell.data().toString(), QStringLiteral("2 now"), 10000);

    ChangeSet outside; // as `serve deploy` or another tool would: not through ScaleDeck's controller
    outside.setReplicas(kLlm, kLlmDeployment, 1);
    const ApplyOutcome outcome =
        applyAndFollow(*m_client, *m_parked, snapshotNow(*m_client, m_parked.get()).value(), outside);
    QVERIFY(!outcome.error);
    QTRY_COMPARE_WITH_TIMEOUT(
        m_window->model()->deploymentIndex(kLlm, kLlmDeployment, ClusterModel::ScheduleColumn).data().toString(),
        QStringLiteral("drift: 1 kept · 2 now"), 60000);
    QVERIFY(m_window->model()
                ->deploymentIndex(kLlm, kLlmDeployment, ClusterModel::ScheduleColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("Changed outside ScaleDeck to 1")));
    QCOMPARE(clusterLlmReplicas(), std::optional<int>(1)); // kept, not corrected
}

void TestScheduleWindowCluster::changeLlmOutside(int replicas)
{
    ChangeSet outside;
    outside.setReplicas(kLlm, kLlmDeployment, replicas);
    ApplyOptions options;
    options.follow = false; // the window's controller may move it back before it settles
    const ApplyOutcome outcome =
        applyAndFollow(*m_client, *m_parked, snapshotNow(*m_client, m_parked.get()).value(), outside, options);
    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
}

// Another tool moves llm/LLM away from its schedule's 2 twice (drift correct): the first is corrected, the second
// stops the corrections. The banner says who fights over what and offers to resume, the Schedule column says it
// too, and the cluster keeps the other value; the banner's action hands the target back to the controller.
void TestScheduleWindowCluster::fightOverATargetIsShownAndResumed()
{
    storeSchedule("tz UTC\ndefault 2\ndrift correct\n");
    createWindow();
    connectWindow();
    const auto scheduleCell = [this] {
        return m_window->model()->deploymentIndex(kLlm, kLlmDeployment, ClusterModel::ScheduleColumn).data().toString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(scheduleCell(), QStringLiteral("2 now"), 10000);

    changeLlmOutside(1);
    QTRY_COMPARE_WITH_TIMEOUT(clusterLlmReplicas(), std::optional<int>(2), 60000); // corrected once
    changeLlmOutside(1);
    ErrorBanner *banner = m_window->errorBanner();
    QTRY_VERIFY2_WITH_TIMEOUT(banner->isVisible() && banner->text().contains(QStringLiteral("stopped correcting")),
                              qPrintable(banner->text()), 60000);
    QVERIFY2(banner->text().contains(QStringLiteral("another controller or tool is changing llm/LLM (2 → 1 twice in ")),
             qPrintable(banner->text()));
    QCOMPARE(banner->severity(), ErrorBanner::Severity::Warning);
    QTRY_VERIFY_WITH_TIMEOUT(scheduleCell().startsWith(QStringLiteral("contested: 1 · ")), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(shownLlmSettledAt(1), 60000);
    saveScreenshot(QStringLiteral("contested"));
    QCOMPARE(clusterLlmReplicas(), std::optional<int>(1)); // not corrected

    QPushButton *resume = nullptr;
    for (QPushButton *button : banner->findChildren<QPushButton *>())
        if (button->text() == QStringLiteral("Resume correcting"))
            resume = button;
    QVERIFY(resume);
    resume->click();
    QTRY_COMPARE_WITH_TIMEOUT(clusterLlmReplicas(), std::optional<int>(2), 60000);
    auto audit = m_store->audit(m_endpoint->clusterKey(), QDateTime::currentDateTimeUtc().addSecs(-600));
    QVERIFY(audit.ok());
    QVERIFY(std::any_of(audit->begin(), audit->end(), [](const AuditEntry &row) {
        return row.result == AuditResult::Resumed && row.cause == AuditCause::Operator &&
               row.holder.endsWith(QStringLiteral("(ScaleDeck)"));
    }));
    QTRY_VERIFY_WITH_TIMEOUT(!scheduleCell().startsWith(QStringLiteral("contested")), 10000);
}

// Moving a scheduled deployment's slider and applying asks until when: accepted, it is stored as an override
// (and audited), the edit leaves the pending set and the controller applies it; cancelled, the edit stays
// pending and nothing is stored.
void TestScheduleWindowCluster::manualEditOfScheduledDeploymentBecomesOverride()
{
    const QString key = m_endpoint->clusterKey();
    storeSchedule("tz UTC\ndefault 2\n");
    createWindow();
    connectWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->schedules()->controllerText().contains(QStringLiteral("this ScaleDeck")), 5000);
    QVERIFY(m_window->schedules()->isScheduled(kLlm, kLlmDeployment));
    QCOMPARE(shownLlm()->targetReplicas, 2);

    ReplicaEditor *editor = m_window->treeView()->replicaEditor(kLlm, kLlmDeployment);
    QVERIFY(editor);
    QVERIFY(editor->isEnabled());
    editor->slider()->setValue(1); // what dragging the slider does
    QCOMPARE(m_window->pendingEdits()->size(), 1);

    // The custom expiry two hours ahead, as wall-clock time in the schedule's zone (UTC).
    const QDateTime until = QDateTime::currentDateTimeUtc().addSecs(2 * 3600);
    const QDateTime untilMinute(until.date(), QTime(until.time().hour(), until.time().minute()), Qt::UTC);
    bool found = false;
    whenModal<OverrideDialog>(
        [until](OverrideDialog *dialog) {
            dialog->setCustomUntil(until.date(), until.time());
            QCOMPARE(dialog->expiry(), OverrideDialog::Expiry::DateTime);
            QVERIFY(dialog->canAccept());
            dialog->accept();
        },
        &found);
    m_window->applyPendingChanges(true);
    QTRY_VERIFY(found);
    QTRY_VERIFY(m_window->pendingEdits()->isEmpty()); // once the override is stored
    QVERIFY(!m_window->isApplying());                 // nothing left for the apply path: the controller does it

    auto overrides = m_store->activeOverrides(key, QDateTime::currentDateTimeUtc());
    QVERIFY(overrides.ok());
    QCOMPARE(overrides->size(), size_t(1));
    const ScheduleOverride stored = overrides->front();
    QCOMPARE(stored.target, (ScheduleTarget{kLlm, kLlmDeployment}));
    QCOMPARE(stored.replicas, 1);
    QCOMPARE(stored.untilUtc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
             untilMinute.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    QCOMPARE(stored.createdBy, operatorIdentity(QStringLiteral("ScaleDeck"))); // user@host (ScaleDeck)

    const auto operatorEntries = [this, &key] {
        const auto audit = m_store->audit(key, QDateTime::currentDateTimeUtc().addDays(-1));
        return audit ? std::count_if(audit->begin(), audit->end(),
                                     [](const AuditEntry &entry) {
                                         return entry.cause == AuditCause::Operator &&
                                                entry.target == QStringLiteral("llm/LLM") &&
                                                entry.after == QStringLiteral("1");
                                     })
                     : -1;
    };
    QCOMPARE(operatorEntries(), 1);

    QTRY_COMPARE_WITH_TIMEOUT(clusterLlmReplicas(), std::optional<int>(1), 60000);

    // Cancelled: another edit, the dialog rejected.
    QTRY_VERIFY_WITH_TIMEOUT(shownLlmSettledAt(1), 120000);
    editor = m_window->treeView()->replicaEditor(kLlm, kLlmDeployment);
    QVERIFY(editor);
    editor->slider()->setValue(2);
    QCOMPARE(m_window->pendingEdits()->size(), 1);
    found = false;
    whenModal<OverrideDialog>([](OverrideDialog *dialog) { dialog->reject(); }, &found);
    m_window->applyPendingChanges(true);
    QTRY_VERIFY(found);
    QTRY_VERIFY(!m_window->schedules()->isBusy());
    QCOMPARE(m_window->pendingEdits()->size(), 1);
    QCOMPARE(m_window->pendingEdits()->pendingReplicas(kLlm, kLlmDeployment), std::optional<int>(2));
    QVERIFY(!m_window->isApplying());
    overrides = m_store->activeOverrides(key, QDateTime::currentDateTimeUtc());
    QVERIFY(overrides.ok());
    QCOMPARE(overrides->size(), size_t(1));
    QCOMPARE(overrides->front().replicas, 1);
    QCOMPARE(overrides->front().untilUtc, stored.untilUtc);
    QCOMPARE(operatorEntries(), 1);
    m_window->pendingEdits()->clear();
    QCOMPARE(clusterLlmReplicas(), std::optional<int>(1));
}

// llm is parked by its deployment's schedule ("default 0"). Its Unpark button, applied, asks until when
// (as a slider move does), and the controller unparks it as an override: the audit log shows the operator's
// override and the controller's action for it, never "drift kept — changed outside ScaleDeck".
void TestScheduleWindowCluster::unparkButtonOfAScheduledAppIsAnOverride()
{
    const QString key = m_endpoint->clusterKey();
    storeSchedule("tz UTC\ndefault 0\n");
    createWindow();
    connectWindow();
    QTRY_VERIFY_WITH_TIMEOUT(m_window->model()->applicationIndex(kLlm).data(ClusterModel::ParkedRole).toBool(), 60000);

    const QModelIndex buttonCell = m_window->model()->applicationIndex(kLlm, ClusterModel::TargetColumn);
    m_window->treeView()->scrollTo(buttonCell);
    ParkButtonCell *cell = nullptr;
    QTRY_VERIFY((cell = qobject_cast<ParkButtonCell *>(m_window->treeView()->indexWidget(buttonCell))));
    QTRY_COMPARE(cell->button()->text(), QStringLiteral("Unpark"));
    cell->button()->click();
    QVERIFY(m_window->pendingEdits()->isUnparkPending(kLlm));

    bool found = false;
    QString title;
    whenModal<OverrideDialog>(
        [&title](OverrideDialog *dialog) {
            title = dialog->windowTitle();
            QVERIFY(dialog->canAccept());
            dialog->accept();
        },
        &found);
    m_window->applyPendingChanges(true);
    QTRY_VERIFY2(found, "unparked without asking until when");
    QCOMPARE(title, QStringLiteral("Override the schedule of llm/LLM"));
    QTRY_VERIFY(m_window->pendingEdits()->isEmpty());
    QVERIFY(!m_window->isApplying()); // the controller unparks it, not the apply path

    QTRY_COMPARE_WITH_TIMEOUT(clusterLlmReplicas(), std::optional<int>(2), 120000);
    QTRY_VERIFY_WITH_TIMEOUT(shownLlmSettledAt(2), 120000);
    // A few more ticks with llm back at 2: the controller must not take it for drift.
    QSignalSpy ticks(m_window->schedules(), &ScheduleCoordinator::controllerTicked);
    QTRY_VERIFY_WITH_TIMEOUT(ticks.size() >= 4, 20000);

    const auto audit = m_store->audit(key, QDateTime::currentDateTimeUtc().addDays(-1));
    QVERIFY(audit.ok());
    QStringList rows;
    for (const AuditEntry &entry : *audit)
        rows.append(QStringLiteral("%1 %2 %3 %4")
                        .arg(entry.target, auditCauseName(entry.cause), entry.after, entry.resultText()));
    const auto has = [&audit](AuditCause cause, const char *after, AuditResult result) {
        return std::any_of(audit->begin(), audit->end(), [&](const AuditEntry &entry) {
            return entry.target == QStringLiteral("llm/LLM") && entry.cause == cause &&
                   entry.after == QLatin1String(after) && entry.result == result;
        });
    };
    QVERIFY2(has(AuditCause::Operator, "2", AuditResult::OverrideSet), qPrintable(rows.join(QStringLiteral("; "))));
    QVERIFY2(has(AuditCause::Override, "2", AuditResult::Sent), qPrintable(rows.join(QStringLiteral("; "))));
    QVERIFY2(std::none_of(audit->begin(), audit->end(),
                          [](const AuditEntry &entry) {
                              return entry.cause == AuditCause::DriftKept || entry.cause == AuditCause::DriftCorrection;
                          }),
             qPrintable(rows.join(QStringLiteral("; "))));
}

SCALEDECK_GUI_TEST_MAIN(TestScheduleWindowCluster)
#include "test_schedule_window_cluster.moc"
