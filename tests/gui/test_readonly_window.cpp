// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A window on a read-only profile, with real widgets on the offscreen platform: the schedule editor's Save,
// "Remove schedule", the Prices… button and the park buttons and replica editors are disabled with a tooltip
// saying why; and when the same paths are invoked anyway (a painted schedule saved, a schedule removed, an
// override, prices and an always-on count saved) the core refuses, the window shows the refusal and the store
// is exactly as it was. No cluster is needed: nothing listens on the address, and the rows come from a fixture.
#include "clustermodel.h"
#include "clustertreeview.h"
#include "costview.h"
#include "errorbanner.h"
#include "fixturesnapshots.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "modalwatch.h"
#include "overridedialog.h"
#include "pendingedits.h"
#include "pricestore.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "schedulecoordinator.h"
#include "scheduleeditordialog.h"
#include "schedulestore.h"
#include "weekgridwidget.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QDialogButtonBox>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace scaledeck;
using namespace scaledeck::test;

namespace {
const QString kStoredText = QStringLiteral("tz UTC\ndefault 1\nMon-Fri 07:00-17:00 = 2\n");
const ScheduleTarget kLlm{QStringLiteral("llm"), QStringLiteral("LLM")};
const QString kReadOnly = QStringLiteral("read-only");
} // namespace

class TestReadOnlyWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void paintedScheduleIsNotSaved();
    void scheduleIsNotRemoved();
    void overrideIsNotStored();
    void pricesAndAlwaysOnAreNotSaved();
    void parkingAndScalingAreDisabled();

private:
    // Runs `act` on the modal dialog of type T once it is open (polling briefly), then closes it if `act` did not.
    template <typename T> void whenModal(std::function<void(T *)> act, bool *found, int attempts = 100)
    {
        m_modals->whenModal<T>(std::move(act), found, attempts, 20);
    }
    std::unique_ptr<ModalWatch> m_modals; // one per test: see ModalWatch
    // The store as a writer sees it: schedules, overrides, audit, prices, always-on counts.
    QStringList storeRows();
    QString clusterKey() const { return m_endpoint.clusterKey(); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
    ClusterEndpoint m_endpoint;
};

void TestReadOnlyWindow::init()
{
    m_modals = std::make_unique<ModalWatch>();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_endpoint = ClusterEndpoint{};
    m_endpoint.dashboardUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // discard port: nothing listens
    m_endpoint.timeoutMs = 1000;
    m_endpoint.readOnly = true;
    const QString storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    {
        // What a writable ScaleDeck or scaledeckctl stored before: a schedule, prices, an always-on count.
        ScheduleStore schedules(storePath);
        QVERIFY(
            schedules.saveSchedule(clusterKey(), StoredSchedule{kLlm, kStoredText, QDateTime::currentDateTimeUtc()}));
        PriceStore prices(storePath);
        PriceList list;
        list.gpuHour = 2.5;
        QVERIFY(prices.setPrices(clusterKey(), list));
        QVERIFY(prices.setAlwaysOnCount(clusterKey(), kLlm.toString(), 3));
    }
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    MainWindowOptions options;
    options.storePath = storePath;
    options.pollIntervalMs = 60000;
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->connectToCluster(m_endpoint);
    m_window->model()->setSnapshot(fixtureSnapshot(QStringLiteral("applications_demo.json")));
    QTRY_VERIFY(m_window->schedules()->isScheduled(kLlm.app, kLlm.deployment));
}

void TestReadOnlyWindow::cleanup()
{
    m_modals.reset();
    m_window.reset();
    m_profiles.reset();
    m_settings.reset();
    m_dir.reset();
}

QStringList TestReadOnlyWindow::storeRows()
{
    const QString path = m_dir->filePath(QStringLiteral("store.sqlite"));
    ScheduleStore schedules(path);
    PriceStore prices(path);
    QStringList rows;
    const auto stored = schedules.schedules(clusterKey());
    const auto overrides = schedules.activeOverrides(clusterKey(), QDateTime::currentDateTimeUtc());
    const auto audit = schedules.audit(clusterKey(), QDateTime::currentDateTimeUtc().addDays(-1));
    const auto list = prices.prices(clusterKey());
    const auto counts = prices.alwaysOnCounts(clusterKey());
    if (!stored || !overrides || !audit || !list || !counts)
        return {QStringLiteral("unreadable")};
    for (const StoredSchedule &s : *stored)
        rows << QStringLiteral("schedule %1: %2").arg(s.target.toString(), s.text);
    for (const ScheduleOverride &o : *overrides)
        rows << QStringLiteral("override %1: %2").arg(o.target.toString()).arg(o.replicas);
    for (const AuditEntry &e : *audit)
        rows << QStringLiteral("audit %1 %2").arg(e.target, e.resultText());
    rows << QStringLiteral("prices %1 %2").arg(list->currency).arg(list->gpuHour);
    for (const auto &[target, count] : *counts)
        rows << QStringLiteral("always-on %1: %2").arg(target).arg(count);
    return rows;
}

// Painting in the editor is allowed (it is how one reads a schedule), saving is not: Save is disabled and says
// why; accepted anyway, the store refuses and the banner says so.
void TestReadOnlyWindow::paintedScheduleIsNotSaved()
{
    const QStringList before = storeRows();
    QVERIFY(before.contains(QStringLiteral("schedule llm/LLM: ") + kStoredText));
    bool found = false;
    bool painted = false;
    whenModal<ScheduleEditorDialog>(
        [&](ScheduleEditorDialog *dialog) {
            auto *grid = dialog->findChild<WeekGridWidget *>(QStringLiteral("weekGrid"));
            QVERIFY(grid);
            const QPoint from = grid->cellRect(5, 40).center(); // Saturday 10:00
            const QPoint to = grid->cellRect(6, 60).center();   // Sunday 15:00
            QTest::mousePress(grid, Qt::LeftButton, Qt::NoModifier, from);
            QTest::mouseMove(grid, to);
            QTest::mouseRelease(grid, Qt::LeftButton, Qt::NoModifier, to);
            QTRY_VERIFY(dialog->text() != kStoredText);
            painted = true;
            QPushButton *save = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save);
            QVERIFY(!save->isEnabled());
            QVERIFY2(save->toolTip().contains(kReadOnly), qPrintable(save->toolTip()));
            dialog->accept(); // as if Save were pressed anyway
        },
        &found);
    m_window->schedules()->editSchedule(kLlm.app, kLlm.deployment, m_window->model()->snapshot());
    QTRY_VERIFY(found); // the editor opens without a nested event loop, its answer comes later
    QVERIFY(painted);
    QTRY_VERIFY(m_window->errorBanner()->isVisible());
    QTRY_VERIFY2(m_window->errorBanner()->text().contains(
                     QStringLiteral("this profile is read-only: the schedule of llm/LLM was not saved")),
                 qPrintable(m_window->errorBanner()->text()));
    QCOMPARE(storeRows(), before);
}

// The tree's "Remove schedule" is disabled and says why; called anyway, the store refuses.
void TestReadOnlyWindow::scheduleIsNotRemoved()
{
    const QStringList before = storeRows();
    ClusterTreeView *tree = m_window->treeView();
    const QModelIndex row = m_window->model()->deploymentIndex(kLlm.app, kLlm.deployment);
    QVERIFY(row.isValid());
    tree->expandAll();
    tree->scrollTo(row);
    const QPoint at = tree->visualRect(row).center();

    QStringList seen; // "text|enabled|tooltip" of every action
    bool shown = false;
    QTimer::singleShot(0, this, [&] {
        QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        shown = true;
        for (QAction *action : menu->actions())
            if (!action->isSeparator())
                seen << QStringLiteral("%1|%2|%3").arg(action->text()).arg(action->isEnabled()).arg(action->toolTip());
        menu->close();
    });
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, tree->viewport()->mapToGlobal(at));
    QApplication::sendEvent(tree->viewport(), &event);
    QTRY_VERIFY(shown); // the menu pops up without a nested event loop
    const QStringList removal = seen.filter(QStringLiteral("Remove schedule"));
    QCOMPARE(removal.size(), 1);
    QVERIFY2(removal.front().contains(QStringLiteral("|0|")) && removal.front().contains(kReadOnly),
             qPrintable(removal.front()));
    const QStringList editing = seen.filter(QStringLiteral("schedule of")); // "Edit schedule of …": view it
    QVERIFY2(!editing.isEmpty() && editing.front().contains(QStringLiteral("|1|")), qPrintable(seen.join(u'\n')));

    m_window->schedules()->removeSchedule(kLlm.app, kLlm.deployment); // answered in the background
    QTRY_VERIFY2(m_window->errorBanner()->text().contains(
                     QStringLiteral("this profile is read-only: the schedule of llm/LLM was not removed")),
                 qPrintable(m_window->errorBanner()->text()));
    QVERIFY(m_window->schedules()->isScheduled(kLlm.app, kLlm.deployment));
    QCOMPARE(storeRows(), before);
}

// A pending edit of a scheduled deployment would become an override: the operator is asked until when, and
// then the store refuses; nothing is stored and the banner says why.
void TestReadOnlyWindow::overrideIsNotStored()
{
    const QStringList before = storeRows();
    m_window->pendingEdits()->setReplicas(m_window->model()->snapshot(), kLlm.app, kLlm.deployment, 3);
    QCOMPARE(m_window->pendingEdits()->size(), 1);
    bool found = false;
    whenModal<OverrideDialog>([](OverrideDialog *dialog) { dialog->accept(); }, &found);
    m_window->applyPendingChanges(true);
    QTRY_VERIFY(found);
    QTRY_VERIFY2(m_window->errorBanner()->text().contains(
                     QStringLiteral("this profile is read-only: the override of llm/LLM was not set")),
                 qPrintable(m_window->errorBanner()->text()));
    QCOMPARE(storeRows(), before);
}

// The Prices… button is disabled and says why; the view's save paths are refused by the store (the view says
// "Not saved" with the reason) and the prices and counts stay as they were.
void TestReadOnlyWindow::pricesAndAlwaysOnAreNotSaved()
{
    const QStringList before = storeRows();
    QVERIFY(before.contains(QStringLiteral("always-on llm/LLM: 3")));
    CostView *cost = m_window->costView();
    auto *editPrices = cost->findChild<QPushButton *>(QStringLiteral("costEditPrices"));
    QVERIFY(editPrices);
    QVERIFY(!editPrices->isEnabled());
    QVERIFY2(editPrices->toolTip().contains(kReadOnly), qPrintable(editPrices->toolTip()));

    QSignalSpy saved(cost, &CostView::pricesSaved);
    QString shown;
    bool found = false;
    whenModal<QMessageBox>(
        [&](QMessageBox *box) {
            shown = box->text();
            box->accept();
        },
        &found);
    PriceList changed;
    changed.gpuHour = 9;
    cost->savePrices(changed);
    QVERIFY(saved.wait());
    QVERIFY2(saved.front().front().toString().contains(
                 QStringLiteral("this profile is read-only: the prices of http://127.0.0.1:9 were not saved")),
             qPrintable(saved.front().front().toString()));
    QTRY_VERIFY(found);
    QVERIFY2(shown.contains(kReadOnly), qPrintable(shown));
    QCOMPARE(storeRows(), before);

    found = false;
    whenModal<QMessageBox>([](QMessageBox *box) { box->accept(); }, &found);
    cost->saveAlwaysOn(kLlm.toString(), 8);
    QVERIFY(saved.wait());
    QVERIFY2(saved.back().front().toString().contains(
                 QStringLiteral("this profile is read-only: the always-on count of llm/LLM was not saved")),
             qPrintable(saved.back().front().toString()));
    QTRY_VERIFY(found);
    QCOMPARE(storeRows(), before);
}

// The park buttons and the replica editors are disabled and say why.
void TestReadOnlyWindow::parkingAndScalingAreDisabled()
{
    ClusterTreeView *tree = m_window->treeView();
    const QModelIndex app = m_window->model()->applicationIndex(kLlm.app, ClusterModel::TargetColumn);
    QVERIFY(app.isValid());
    tree->scrollTo(app);
    QTRY_VERIFY(tree->indexWidget(app));
    auto *park = tree->indexWidget(app)->findChild<QPushButton *>();
    QVERIFY(park);
    QVERIFY(!park->isEnabled());
    QVERIFY2(park->toolTip().contains(kReadOnly), qPrintable(park->toolTip()));

    ReplicaEditor *editor = tree->replicaEditor(kLlm.app, kLlm.deployment);
    QVERIFY(editor);
    QVERIFY(!editor->isEnabled());
    QVERIFY2(editor->toolTip().contains(kReadOnly), qPrintable(editor->toolTip()));
}

SCALEDECK_GUI_TEST_MAIN(TestReadOnlyWindow)
#include "test_readonly_window.moc"
