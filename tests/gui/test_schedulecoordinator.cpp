// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// ScheduleCoordinator's decision paths without a cluster: the window's controller runs against an address
// that refuses connections, which still reads the store every tick (TickReport::schedules), so schedules
// change under an open dialog exactly as they do on a real cluster.
#include "fixturesnapshots.h"
#include "guitestmain.h"
#include "modalwatch.h"
#include "overridedialog.h"
#include "pendingedits.h"
#include "schedulecoordinator.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include "scheduleeditordialog.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

using namespace scaledeck;

namespace {
const ScheduleTarget kLlm{QStringLiteral("llm"), QStringLiteral("LLM")};
const ScheduleTarget kEmbedder{QStringLiteral("embedder"), QStringLiteral("Embedder")};

ClusterEndpoint refusingEndpoint()
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // discard port: connection refused
    endpoint.timeoutMs = 2000;
    return endpoint;
}
} // namespace

class TestScheduleCoordinator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void schedulesReplacedWhileTheOverrideDialogIsOpen();
    void saveWaitsForAnotherProcessesLockWithoutFreezing();
    void savingAScheduleThatParksAServingAppAsksFirst();
    void savingAScheduleThatScalesDownAsksFirstAndOneThatDoesNotSavesAtOnce();
    void unparkingAnAppParkedByItsDeploymentsScheduleIsAnOverride();

private:
    void storeSchedule(const ScheduleTarget &target, const char *text);
    template <typename T> void whenModal(std::function<void(T *)> act, bool *found, int attempts = 200)
    {
        m_modals->whenModal<T>(std::move(act), found, attempts, 20);
    }
    std::unique_ptr<ModalWatch> m_modals; // one per test: see ModalWatch

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScheduleStore> m_store; // the test's own connection (another process, in effect)
    std::unique_ptr<QWidget> m_window;
    SystemClock m_clock;
};

void TestScheduleCoordinator::init()
{
    m_modals = std::make_unique<ModalWatch>();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<ScheduleStore>(m_dir->filePath(QStringLiteral("store.sqlite")));
    QVERIFY(m_store->open().ok());
    m_window = std::make_unique<QWidget>();
    m_window->show();
}

void TestScheduleCoordinator::cleanup()
{
    m_modals.reset();
    m_window.reset();
    m_store.reset();
    m_dir.reset();
}

void TestScheduleCoordinator::storeSchedule(const ScheduleTarget &target, const char *text)
{
    const ScheduleParse parsed = parseScheduleText(QString::fromLatin1(text));
    QVERIFY(parsed.ok());
    QVERIFY(m_store
                ->saveSchedule(refusingEndpoint().clusterKey(), StoredSchedule{target, scheduleToText(*parsed.schedule),
                                                                               QDateTime::currentDateTimeUtc()})
                .ok());
}

// Two scheduled deployments edited; while the first one's override dialog is open a tick brings the
// schedules without the other one (`scaledeckctl schedule remove` ran meanwhile). Answering the dialog
// stores the first override; the other edit is no longer of a scheduled target and stays pending as an
// ordinary edit: nothing is asked about it, nothing stale is read.
void TestScheduleCoordinator::schedulesReplacedWhileTheOverrideDialogIsOpen()
{
    storeSchedule(kLlm, "tz UTC\ndefault 2\n");
    storeSchedule(kEmbedder, "tz UTC\ndefault 2\n");
    ScheduleCoordinator coordinator(m_dir->filePath(QStringLiteral("store.sqlite")), &m_clock, m_window.get());
    coordinator.setCluster(refusingEndpoint(), 100);
    QTRY_VERIFY(coordinator.isScheduled(kLlm.app, kLlm.deployment) &&
                coordinator.isScheduled(kEmbedder.app, kEmbedder.deployment));

    PendingEdits edits;
    const SnapshotPtr snapshot = test::fixtureSnapshot(QStringLiteral("applications_demo.json"));
    edits.setReplicas(snapshot, kLlm.app, kLlm.deployment, 1);
    edits.setReplicas(snapshot, kEmbedder.app, kEmbedder.deployment, 1);
    QCOMPARE(edits.size(), 2);

    QString asked;
    ScheduleTarget removed;
    int dialogs = 0;
    bool found = false;
    whenModal<OverrideDialog>(
        [&](OverrideDialog *dialog) {
            ++dialogs;
            asked = dialog->windowTitle();
            removed = asked.contains(kLlm.toString()) ? kEmbedder : kLlm;
            QVERIFY(m_store->removeSchedule(refusingEndpoint().clusterKey(), removed).ok());
            QTRY_VERIFY(!coordinator.isScheduled(removed.app, removed.deployment)); // a tick replaced them
            dialog->accept();
            // Any further dialog (there must be none) is refused.
            whenModal<OverrideDialog>([&](OverrideDialog *) { ++dialogs; }, &found, 20);
        },
        &found);
    std::optional<bool> proceed;
    coordinator.takeScheduledEdits(&edits, [&proceed](bool go, const QStringList &) { proceed = go; });
    QTRY_VERIFY(found);
    QTRY_VERIFY(proceed.has_value());
    QVERIFY(*proceed);
    QCOMPARE(dialogs, 1);

    const ScheduleTarget kept = removed == kLlm ? kEmbedder : kLlm;
    const auto overrides = m_store->activeOverrides(refusingEndpoint().clusterKey(), QDateTime::currentDateTimeUtc());
    QVERIFY(overrides.ok());
    QCOMPARE(overrides->size(), size_t(1));
    QCOMPARE(overrides->front().target, kept);
    QCOMPARE(edits.size(), 1);
    QCOMPARE(edits.pendingReplicas(removed.app, removed.deployment), std::optional<int>(1));
}

// Another process holds the SQLite file's write lock (BEGIN EXCLUSIVE) while the operator saves a schedule:
// the window keeps processing events while the save waits, and the save completes once the lock is gone.
void TestScheduleCoordinator::saveWaitsForAnotherProcessesLockWithoutFreezing()
{
    const QString path = m_dir->filePath(QStringLiteral("store.sqlite"));
    ScheduleCoordinator coordinator(path, &m_clock, m_window.get());
    coordinator.setCluster(refusingEndpoint(), 100);
    QSignalSpy failed(&coordinator, &ScheduleCoordinator::failed);

    QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
    locker.setDatabaseName(path);
    QVERIFY(locker.open());
    QSqlQuery lock(locker);
    QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));

    int ticks = 0; // a timer on the GUI thread: it fires only while the GUI thread processes events
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
    ticker.start();

    bool found = false;
    whenModal<ScheduleEditorDialog>(
        [](ScheduleEditorDialog *dialog) {
            auto *text = dialog->findChild<QPlainTextEdit *>();
            QVERIFY(text);
            text->setPlainText(QStringLiteral("tz UTC\ndefault 1\n"));
            dialog->accept();
        },
        &found);
    coordinator.editSchedule(kLlm.app, kLlm.deployment, {});
    QTRY_VERIFY(found);
    const int ticksAtSave = ticks;
    QTRY_VERIFY(ticks >= ticksAtSave + 5); // the GUI thread runs while the save waits for the lock
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
    QVERIFY(!coordinator.isScheduled(kLlm.app, kLlm.deployment));

    const int ticksWhileLocked = ticks - ticksAtSave;
    QElapsedTimer sinceRelease;
    sinceRelease.start();
    QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
    QTRY_VERIFY(coordinator.isScheduled(kLlm.app, kLlm.deployment));
    qInfo("the GUI timer fired %d times while the save waited for the lock; stored %lld ms after it was released",
          ticksWhileLocked, sinceRelease.elapsed());
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
    lock = QSqlQuery();
    locker.close();
    locker = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
}

// A new schedule "default 0" for llm/LLM, saved while llm serves 2 replicas, would park llm at the next tick:
// the save asks first, naming the app, the replicas serving now and when. Cancelled, nothing is stored.
void TestScheduleCoordinator::savingAScheduleThatParksAServingAppAsksFirst()
{
    const SnapshotPtr serving = test::fixtureSnapshot(QStringLiteral("applications_demo.json"));
    ScheduleCoordinator coordinator(m_dir->filePath(QStringLiteral("store.sqlite")), &m_clock, m_window.get());
    coordinator.setSnapshotSource([serving] { return serving; });
    coordinator.setCluster(refusingEndpoint(), 100);

    QString question;
    bool asked = false;
    bool edited = false;
    whenModal<ScheduleEditorDialog>(
        [&](ScheduleEditorDialog *dialog) {
            dialog->findChild<QPlainTextEdit *>()->setPlainText(QStringLiteral("tz UTC\ndefault 0\n"));
            dialog->accept();
            whenModal<QMessageBox>(
                [&](QMessageBox *box) {
                    question = box->text();
                    box->reject();
                },
                &asked);
        },
        &edited);
    coordinator.editSchedule(kLlm.app, kLlm.deployment, serving);
    QTRY_VERIFY(edited);
    QTRY_VERIFY2(asked, "saved without asking");
    QCOMPARE(question, QStringLiteral("Saving this schedule parks llm now: 2 replicas serving stop."));
    QTRY_VERIFY(!coordinator.isBusy());
    auto stored = m_store->schedule(refusingEndpoint().clusterKey(), kLlm);
    QVERIFY(stored.ok());
    QVERIFY(!stored->has_value());

    // Confirmed with the button that says what it does, it is stored.
    QSignalSpy storedSpy(&coordinator, &ScheduleCoordinator::scheduleStored);
    asked = edited = false;
    QString button;
    whenModal<ScheduleEditorDialog>(
        [&](ScheduleEditorDialog *dialog) {
            dialog->findChild<QPlainTextEdit *>()->setPlainText(QStringLiteral("tz UTC\ndefault 0\n"));
            dialog->accept();
            whenModal<QMessageBox>(
                [&](QMessageBox *box) {
                    for (QAbstractButton *candidate : box->buttons())
                        if (box->buttonRole(candidate) == QMessageBox::AcceptRole) {
                            button = candidate->text();
                            candidate->click();
                        }
                },
                &asked);
        },
        &edited);
    coordinator.editSchedule(kLlm.app, kLlm.deployment, serving);
    QVERIFY(storedSpy.wait());
    QVERIFY(asked);
    QCOMPARE(button, QStringLiteral("Save and park"));
    QVERIFY(coordinator.isScheduled(kLlm.app, kLlm.deployment));
}

// Scaling down without parking names both counts; a schedule that stops nothing is saved without a question.
void TestScheduleCoordinator::savingAScheduleThatScalesDownAsksFirstAndOneThatDoesNotSavesAtOnce()
{
    const SnapshotPtr serving = test::fixtureSnapshot(QStringLiteral("applications_demo.json"));
    ScheduleCoordinator coordinator(m_dir->filePath(QStringLiteral("store.sqlite")), &m_clock, m_window.get());
    coordinator.setSnapshotSource([serving] { return serving; });
    coordinator.setCluster(refusingEndpoint(), 100);
    QSignalSpy storedSpy(&coordinator, &ScheduleCoordinator::scheduleStored);

    QString question;
    bool asked = false;
    bool edited = false;
    const auto editTo = [&](const QString &text) {
        whenModal<ScheduleEditorDialog>(
            [&, text](ScheduleEditorDialog *dialog) {
                dialog->findChild<QPlainTextEdit *>()->setPlainText(text);
                dialog->accept();
                whenModal<QMessageBox>(
                    [&](QMessageBox *box) {
                        question = box->text();
                        box->reject();
                    },
                    &asked, 50);
            },
            &edited);
        coordinator.editSchedule(kLlm.app, kLlm.deployment, serving);
    };
    editTo(QStringLiteral("tz UTC\ndefault 1\n"));
    QTRY_VERIFY(asked);
    QCOMPARE(question, QStringLiteral("Saving this schedule takes llm/LLM from 2 replicas to 1 replica now: "
                                      "1 replica serving stops."));
    QTRY_VERIFY(!coordinator.isBusy());
    QCOMPARE(storedSpy.size(), 0);

    asked = edited = false;
    editTo(QStringLiteral("tz UTC\ndefault 3\n")); // up, never down
    QVERIFY(storedSpy.wait());
    QVERIFY(edited);
    QVERIFY(!asked);
    QVERIFY(coordinator.isScheduled(kLlm.app, kLlm.deployment));
}

// embedder is parked because its deployment's schedule says 0 there. Its Unpark button, applied, asks
// until when like a slider move, and is stored as an override of embedder/Embedder at the count it comes
// back with (2), audited as the operator's: not left for the controller to find as drift.
void TestScheduleCoordinator::unparkingAnAppParkedByItsDeploymentsScheduleIsAnOverride()
{
    storeSchedule(kEmbedder, "tz UTC\ndefault 0\n");
    ScheduleCoordinator coordinator(m_dir->filePath(QStringLiteral("store.sqlite")), &m_clock, m_window.get());
    coordinator.setCluster(refusingEndpoint(), 100);
    QTRY_VERIFY(coordinator.isScheduled(kEmbedder.app, kEmbedder.deployment));

    PendingEdits edits;
    edits.unpark(
        test::fixtureSnapshot(QStringLiteral("applications_llm1_embedder_parked.json"), {test::parkedEmbedder()}),
        kEmbedder.app);
    QVERIFY(edits.isUnparkPending(kEmbedder.app));

    QString title;
    bool found = false;
    whenModal<OverrideDialog>(
        [&](OverrideDialog *dialog) {
            title = dialog->windowTitle();
            dialog->accept();
        },
        &found);
    std::optional<bool> proceed;
    QStringList summary;
    coordinator.takeScheduledEdits(&edits, [&](bool go, const QStringList &lines) {
        proceed = go;
        summary = lines;
    });
    QTRY_VERIFY2(found, "unparked without asking until when");
    QTRY_VERIFY(proceed.has_value());
    QVERIFY(*proceed);
    QCOMPARE(summary.size(), 1);
    QCOMPARE(title, QStringLiteral("Override the schedule of embedder/Embedder"));
    QVERIFY(edits.isEmpty()); // the controller unparks it

    const QString key = refusingEndpoint().clusterKey();
    const auto overrides = m_store->activeOverrides(key, QDateTime::currentDateTimeUtc());
    QVERIFY(overrides.ok());
    QCOMPARE(overrides->size(), size_t(1));
    QCOMPARE(overrides->front().target, kEmbedder);
    QCOMPARE(overrides->front().replicas, 2);
    const auto audit = m_store->audit(key, QDateTime::currentDateTimeUtc().addDays(-1));
    QVERIFY(audit.ok());
    QCOMPARE(audit->size(), size_t(1));
    QCOMPARE(audit->front().target, QStringLiteral("embedder/Embedder"));
    QCOMPARE(audit->front().cause, AuditCause::Operator);
    QCOMPARE(audit->front().after, QStringLiteral("2"));
}

SCALEDECK_GUI_TEST_MAIN(TestScheduleCoordinator)
#include "test_schedulecoordinator.moc"
