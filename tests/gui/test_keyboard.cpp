// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Every action without the mouse: the real window on a scripted cluster, driven with key events sent to the
// widget that has the focus, as a keyboard would. Ctrl+Return applies (through the confirmation), Esc in the
// apply bar discards, F5 refreshes, Ctrl+K parks the current row's application, Ctrl+E opens its schedule, the
// apply bar tabs left to right, and the week grid is painted with arrows, Shift and Space.
#include "applybar.h"
#include "applypreviewdialog.h"
#include "clock.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "demodocuments.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "scheduleeditordialog.h"
#include "scriptedhttpserver.h"
#include "weekgridwidget.h"

#include <QAccessible>
#include <QApplication>
#include <QContextMenuEvent>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString kLlm = QStringLiteral("llm");
const QString kLlmDeployment = QStringLiteral("LLM");
const QByteArray kApplicationsPath = "/api/serve/applications/";

// A key as the keyboard sends it: to the widget that has the focus.
void typeKey(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget *focus = QApplication::focusWidget();
    QVERIFY2(focus, "no widget has the focus");
    QTest::keyClick(focus, key, modifiers);
}

QPushButton *buttonNamed(QWidget *parent, const QString &text)
{
    for (QPushButton *button : parent->findChildren<QPushButton *>())
        if (button->text().remove(QLatin1Char('&')) == text)
            return button;
    return nullptr;
}

int countGets(const ScriptedHttpServer &server, const QByteArray &path)
{
    int count = 0;
    for (const ReceivedRequest &request : server.requests())
        if (request.method == "GET" && request.path.startsWith(path))
            ++count;
    return count;
}
} // namespace

class TestKeyboard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void ctrlReturnAppliesThroughTheConfirmation();
    void escapeInTheApplyBarDiscards();
    void f5Refreshes();
    void ctrlKParksTheCurrentApplication();
    void ctrlEOpensTheScheduleOfTheCurrentRow();
    void changeActionsFollowWhatIsPossible();
    void contextMenuFromTheKeyboardIsTheCurrentRows();
    void applyBarTabsLeftToRight();
    void applyBarMnemonics();
    void weekGridPaintedWithTheKeyboard();

private:
    void editLlmWithTheKeyboard(); // llm/LLM from 2 to 3: focus on its slider, Right
    void makeCurrent(const QModelIndex &row);
    ReplicaEditor *editor(const QString &app, const QString &deployment) const
    {
        return m_window->treeView()->replicaEditor(app, deployment);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
    QList<QByteArray> m_afterPuts;
};

void TestKeyboard::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer(kApplicationsPath, {200, bodyOf(demoDocument())});
    m_afterPuts = {bodyOf(withReplicas(demoDocument(), "llm", "LLM", 1, 1))};
    m_server->onRequest([this](const ReceivedRequest &request) {
        if (request.method == "PUT" && !m_afterPuts.isEmpty())
            m_server->answer(kApplicationsPath, {200, m_afterPuts.takeFirst()});
    });
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(m_server->url());
    endpoint.timeoutMs = 5000;
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    MainWindowOptions options;
    options.storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    options.pollIntervalMs = 60000; // no poll of its own during a test: a GET is the refresh asked for
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->resize(1200, 700);
    m_window->show();
    QApplication::setActiveWindow(m_window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->connectToCluster(endpoint);
    QTRY_VERIFY(editor(kLlm, kLlmDeployment));
}

void TestKeyboard::cleanup()
{
    if (QWidget *open = QApplication::activeModalWidget())
        open->close();
    m_window.reset();
    m_profiles.reset();
    m_settings.reset();
    m_server.reset();
    m_dir.reset();
}

void TestKeyboard::editLlmWithTheKeyboard()
{
    ReplicaEditor *replicas = editor(kLlm, kLlmDeployment);
    QVERIFY(replicas && replicas->isEnabled());
    replicas->slider()->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), replicas->slider());
    typeKey(Qt::Key_Right);
    QCOMPARE(m_window->pendingEdits()->pendingReplicas(kLlm, kLlmDeployment), std::optional<int>(3));
}

void TestKeyboard::makeCurrent(const QModelIndex &row)
{
    QVERIFY(row.isValid());
    ClusterTreeView *tree = m_window->treeView();
    tree->setFocus(Qt::TabFocusReason);
    tree->setCurrentIndex(row);
    QTRY_COMPARE(QApplication::focusWidget(), tree);
}

void TestKeyboard::ctrlReturnAppliesThroughTheConfirmation()
{
    editLlmWithTheKeyboard();
    // From the spin box, with a count typed and not yet entered: the count typed is the one applied.
    QSpinBox *count = editor(kLlm, kLlmDeployment)->spinBox();
    count->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), count);
    typeKey(Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(count, QStringLiteral("1"));
    typeKey(Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY(qobject_cast<ApplyPreviewDialog *>(QApplication::activeModalWidget()));
    auto *changes = QApplication::activeModalWidget()->findChild<QTreeWidget *>();
    QVERIFY(changes && changes->topLevelItemCount() == 1);
    QCOMPARE(changes->topLevelItem(0)->text(4), QStringLiteral("1")); // After
    QCOMPARE(m_server->countRequests("PUT"), 0);                      // nothing is sent before the confirmation
    QTRY_VERIFY(QApplication::focusWidget() &&
                QApplication::activeModalWidget()->isAncestorOf(QApplication::focusWidget()));
    typeKey(Qt::Key_Return); // the confirmation's default button
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countRequests("PUT"), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isApplying(), 10000);
    QVERIFY(m_window->pendingEdits()->isEmpty());
    QTRY_COMPARE(m_window->model()->deploymentIndex(kLlm, kLlmDeployment).data(ClusterModel::CurrentTargetRole).toInt(),
                 1);
}

void TestKeyboard::escapeInTheApplyBarDiscards()
{
    editLlmWithTheKeyboard();
    // Esc in the tree leaves the edit alone: it discards only from within the bar.
    typeKey(Qt::Key_Escape);
    QVERIFY(!m_window->pendingEdits()->isEmpty());
    QPushButton *apply = m_window->applyBar()->applyButton();
    apply->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), apply);
    typeKey(Qt::Key_Escape);
    QVERIFY(m_window->pendingEdits()->isEmpty());
    QCOMPARE(editor(kLlm, kLlmDeployment)->value(), 2);
}

void TestKeyboard::f5Refreshes()
{
    const int before = countGets(*m_server, kApplicationsPath);
    QVERIFY(before >= 1);
    makeCurrent(m_window->model()->applicationIndex(kLlm));
    typeKey(Qt::Key_F5);
    QTRY_VERIFY2(countGets(*m_server, kApplicationsPath) > before, "F5 asked the cluster nothing");
}

void TestKeyboard::ctrlKParksTheCurrentApplication()
{
    makeCurrent(m_window->model()->deploymentIndex(kLlm, kLlmDeployment)); // a deployment row: its application
    typeKey(Qt::Key_K, Qt::ControlModifier);
    QVERIFY(m_window->pendingEdits()->isParkPending(kLlm));
    // Again: the pending park is taken back, as the row's button does.
    typeKey(Qt::Key_K, Qt::ControlModifier);
    QVERIFY(!m_window->pendingEdits()->isParkPending(kLlm));
    QVERIFY(m_window->pendingEdits()->isEmpty());
}

void TestKeyboard::ctrlEOpensTheScheduleOfTheCurrentRow()
{
    makeCurrent(m_window->model()->deploymentIndex(kLlm, kLlmDeployment));
    typeKey(Qt::Key_E, Qt::ControlModifier);
    QTRY_VERIFY(qobject_cast<ScheduleEditorDialog *>(QApplication::activeModalWidget()));
    auto *dialog = qobject_cast<ScheduleEditorDialog *>(QApplication::activeModalWidget());
    QCOMPARE(dialog->target().toString(), QStringLiteral("llm/LLM"));
}

// The menu's actions are there, with their shortcuts, and enabled only when they can act.
void TestKeyboard::changeActionsFollowWhatIsPossible()
{
    auto action = [this](const QKeySequence &shortcut) -> QAction * {
        for (QAction *candidate : m_window->findChildren<QAction *>())
            if (candidate->shortcuts().contains(shortcut))
                return candidate;
        return nullptr;
    };
    QAction *apply = action(QKeySequence(Qt::CTRL | Qt::Key_Return));
    QAction *preview = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    QAction *park = action(QKeySequence(Qt::CTRL | Qt::Key_K));
    QAction *schedule = action(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *refresh = action(QKeySequence(Qt::Key_F5));
    QVERIFY(apply && preview && park && schedule && refresh);
    QVERIFY(!apply->isEnabled());
    QVERIFY(!preview->isEnabled());
    m_window->treeView()->setCurrentIndex(QModelIndex());
    QVERIFY(!park->isEnabled());
    QVERIFY(!schedule->isEnabled());
    makeCurrent(m_window->model()->applicationIndex(kLlm));
    QVERIFY(park->isEnabled());
    QVERIFY(schedule->isEnabled());
    editLlmWithTheKeyboard();
    QVERIFY(apply->isEnabled());
    QVERIFY(preview->isEnabled());
}

// The Menu key (or Shift+F10) opens the current row's menu, where the mouse is not: what is only in that menu
// (Discard edits of an application, Remove schedule) is reachable too.
void TestKeyboard::contextMenuFromTheKeyboardIsTheCurrentRows()
{
    makeCurrent(m_window->model()->applicationIndex(QStringLiteral("embedder")));
    ClusterTreeView *tree = m_window->treeView();
    // As the platform sends it for the Menu key: to the focused widget, at a point of its own.
    QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(5, 5), tree->mapToGlobal(QPoint(5, 5)));
    QApplication::sendEvent(tree, &event);
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QStringList entries;
    for (QAction *action : menu->actions())
        entries.append(action->text());
    QVERIFY2(entries.contains(QStringLiteral("Park “embedder”")), qPrintable(entries.join(QLatin1Char('|'))));
    QTest::keyClick(menu, Qt::Key_Down); // the first entry (a popup menu has the keyboard to itself)
    QTest::keyClick(menu, Qt::Key_Return);
    QTRY_VERIFY(m_window->pendingEdits()->isParkPending(QStringLiteral("embedder")));
}

void TestKeyboard::applyBarTabsLeftToRight()
{
    editLlmWithTheKeyboard();
    ApplyBar *bar = m_window->applyBar();
    QPushButton *discard = buttonNamed(bar, QStringLiteral("Discard"));
    QPushButton *preview = buttonNamed(bar, QStringLiteral("Preview…"));
    QVERIFY(discard && preview);
    discard->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), discard);
    typeKey(Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), preview);
    typeKey(Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), bar->applyButton());
}

// Each of the bar's buttons has a mnemonic: Alt+D discards.
void TestKeyboard::applyBarMnemonics()
{
    ApplyBar *bar = m_window->applyBar();
    for (const QString &name : {QStringLiteral("Discard"), QStringLiteral("Preview…")})
        QVERIFY2(buttonNamed(bar, name) && buttonNamed(bar, name)->text().contains(QLatin1Char('&')), qPrintable(name));
    QVERIFY(bar->applyButton()->text().startsWith(QStringLiteral("&Apply")));
    QVERIFY(bar->stopButton()->text().contains(QLatin1Char('&')));
    editLlmWithTheKeyboard();
    typeKey(Qt::Key_D, Qt::AltModifier);
    QTRY_VERIFY(m_window->pendingEdits()->isEmpty()); // a mnemonic presses its button with a short animation
}

// Arrows move the cursor, Shift+arrows span a rectangle, a digit picks the brush and Space paints.
void TestKeyboard::weekGridPaintedWithTheKeyboard()
{
    ManualClock clock(QDateTime(QDate(2026, 11, 25), QTime(10, 0), Qt::UTC));
    ScheduleEditorDialog dialog(ScheduleTarget{kLlm, kLlmDeployment}, QStringLiteral("tz UTC\ndefault 0\n"), {}, 1.0,
                                &clock);
    dialog.show();
    QApplication::setActiveWindow(&dialog);
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    auto *grid = dialog.findChild<WeekGridWidget *>();
    QVERIFY(grid);
    QVERIFY2(grid->focusPolicy() & Qt::TabFocus, "the week grid cannot be reached with Tab");
    grid->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), grid);

    for (int i = 0; i < 4; ++i)
        typeKey(Qt::Key_Right); // Mon 01:00
    typeKey(Qt::Key_Down);      // Tue 01:00
    QVERIFY2(QAccessible::queryAccessibleInterface(grid)
                 ->text(QAccessible::Description)
                 .contains(QStringLiteral("Tue 01:00-01:15")),
             qPrintable(QAccessible::queryAccessibleInterface(grid)->text(QAccessible::Description)));
    typeKey(Qt::Key_Down, Qt::ShiftModifier); // Tue..Wed
    for (int i = 0; i < 3; ++i)
        typeKey(Qt::Key_Right, Qt::ShiftModifier); // 01:00..02:00
    typeKey(Qt::Key_3);
    QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("brushSpin"))->value(), 3);
    QSignalSpy painted(grid, &WeekGridWidget::rangePainted);
    typeKey(Qt::Key_Space);
    QCOMPARE(painted.size(), 1);

    for (int day = 0; day < WeekGridWidget::kDays; ++day) {
        for (int quarter = 0; quarter < WeekGridWidget::kQuarters; ++quarter) {
            const bool inside = day >= 1 && day <= 2 && quarter >= 4 && quarter <= 7;
            QCOMPARE(grid->grid()[std::size_t(day * WeekGridWidget::kQuarters + quarter)], inside ? 3 : 0);
        }
    }
    QVERIFY2(dialog.text().contains(QStringLiteral("Tue,Wed 01:00-02:00 = 3")), qPrintable(dialog.text()));

    // Enter paints too: the cursor cell alone once an arrow has dropped the rectangle.
    typeKey(Qt::Key_Left);
    typeKey(Qt::Key_0);
    typeKey(Qt::Key_Enter);
    QCOMPARE(painted.size(), 2);
    QCOMPARE(painted.last().mid(0, 5), (QList<QVariant>{2, 2, 6, 6, 0}));
    QCOMPARE(grid->grid()[std::size_t(2 * WeekGridWidget::kQuarters + 6)], 0);
}

SCALEDECK_GUI_TEST_MAIN(TestKeyboard)
#include "test_keyboard.moc"
