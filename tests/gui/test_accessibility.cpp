// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Every control a screen reader lands on says what it is: the real window on a scripted cluster (both tabs)
// and each dialog, opened the way the window opens it, are walked widget by widget, and every visible
// interactive widget without an accessible name is listed in the failure.
#include "applybar.h"
#include "applypreviewdialog.h"
#include "auditview.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "connectdialog.h"
#include "costview.h"
#include "demodocuments.h"
#include "gpuusagechart.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "overridedialog.h"
#include "parkbuttoncell.h"
#include "pendingedits.h"
#include "pricesdialog.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "schedulecoordinator.h"
#include "scheduleeditordialog.h"
#include "scriptedhttpserver.h"
#include "scriptedwindow.h"
#include "weekgridwidget.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString kLlm = QStringLiteral("llm");
const QString kLlmDeployment = QStringLiteral("LLM");

// A part of a composite control that the control's own accessible object stands for: the line edit of a spin
// box or an editable combo box, a view's header and scroll bars.
bool isPartOfAnotherControl(const QWidget *widget)
{
    if (qobject_cast<const QScrollBar *>(widget) || qobject_cast<const QHeaderView *>(widget))
        return true;
    const QWidget *parent = widget->parentWidget();
    return qobject_cast<const QLineEdit *>(widget) &&
           (qobject_cast<const QAbstractSpinBox *>(parent) || qobject_cast<const QComboBox *>(parent));
}

bool isInteractive(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QAbstractSlider *>(widget) ||
           qobject_cast<const QAbstractSpinBox *>(widget) || qobject_cast<const QLineEdit *>(widget) ||
           qobject_cast<const QComboBox *>(widget) || qobject_cast<const QAbstractItemView *>(widget) ||
           qobject_cast<const QPlainTextEdit *>(widget) || qobject_cast<const QTextEdit *>(widget) ||
           qobject_cast<const WeekGridWidget *>(widget) || qobject_cast<const GpuUsageChart *>(widget);
}

// "ClusterTreeView/ReplicaEditor/QSlider" in the window "MainWindow": the widget and its ancestors that have a
// class of their own or a name, up to its window.
QString describe(const QWidget *widget)
{
    QStringList path;
    for (const QWidget *at = widget; at; at = at->parentWidget()) {
        const QString className =
            QString::fromLatin1(at->metaObject()->className()).remove(QStringLiteral("scaledeck::"));
        const bool plain = className == QStringLiteral("QWidget") || className == QStringLiteral("QStackedWidget");
        if (at == widget || at->isWindow() || !plain)
            path.prepend(at->objectName().isEmpty() ? className : className + QLatin1Char('#') + at->objectName());
        if (at->isWindow())
            break;
    }
    return path.join(QLatin1Char('/'));
}

// The visible interactive widgets under `root` (itself included) whose accessible name is empty.
QStringList unnamedControls(QWidget *root)
{
    QStringList unnamed;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *widget : std::as_const(widgets)) {
        if (!widget->isVisible() || !isInteractive(widget) || isPartOfAnotherControl(widget))
            continue;
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        if (!accessible || accessible->text(QAccessible::Name).trimmed().isEmpty())
            unnamed.append(describe(widget));
    }
    return unnamed;
}

#define VERIFY_ALL_NAMED(root)                                                                                         \
    do {                                                                                                               \
        const QStringList unnamed = unnamedControls(root);                                                             \
        QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("%1 without an accessible name:\n  %2")                  \
                                                   .arg(unnamed.size())                                                \
                                                   .arg(unnamed.join(QStringLiteral("\n  ")))));                       \
    } while (false)

template <typename T> T *modal()
{
    return qobject_cast<T *>(QApplication::activeModalWidget());
}
} // namespace

class TestAccessibility : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void clusterTab();
    void costTab();
    void auditTab();
    void previewDialog();
    void confirmationDialog();
    void scheduleEditor();
    void overrideDialog();
    void pricesDialog();
    void connectDialog();

private:
    void editLlm(); // llm/LLM from 2 to 3, with a key on its slider
    ReplicaEditor *editor(const QString &app, const QString &deployment) const
    {
        return m_window->treeView()->replicaEditor(app, deployment);
    }

    std::unique_ptr<ScriptedWindow> m_scripted;
    ScriptedHttpServer *m_server = nullptr; // m_scripted's
    MainWindow *m_window = nullptr;         // m_scripted's
};

void TestAccessibility::init()
{
    m_scripted = std::make_unique<ScriptedWindow>();
    QVERIFY(m_scripted->dir.isValid());
    m_scripted->serveApplications(bodyOf(demoDocument()));
    m_server = &m_scripted->server;
    ClusterEndpoint endpoint = m_scripted->endpoint();
    endpoint.production = true; // a park asks for the app's name to be typed: one more field to walk
    QVERIFY(m_scripted->open(QSize(1200, 700), 500, endpoint));
    m_window = m_scripted->window.get();
    QTRY_VERIFY(editor(kLlm, kLlmDeployment));
}

void TestAccessibility::cleanup()
{
    if (QWidget *open = QApplication::activeModalWidget())
        open->close();
    m_window = nullptr;
    m_server = nullptr;
    m_scripted.reset();
}

void TestAccessibility::editLlm()
{
    ReplicaEditor *replicas = editor(kLlm, kLlmDeployment);
    QVERIFY(replicas && replicas->isEnabled());
    QTest::keyClick(replicas->slider(), Qt::Key_Right);
    QVERIFY(!m_window->pendingEdits()->isEmpty());
}

// The tree with its editors and park buttons, and the apply bar with an edit pending.
void TestAccessibility::clusterTab()
{
    editLlm();
    QVERIFY(m_window->applyBar()->isVisible());
    VERIFY_ALL_NAMED(m_window);
    // The names say which row a control belongs to, as the row does to the eye.
    ReplicaEditor *replicas = editor(kLlm, kLlmDeployment);
    QCOMPARE(replicas->slider()->accessibleName(), QStringLiteral("Target replicas of llm/LLM"));
    QCOMPARE(replicas->spinBox()->accessibleName(), QStringLiteral("Target replicas of llm/LLM"));
    QVERIFY2(replicas->spinBox()->accessibleDescription().contains(QStringLiteral("from 2 to 3")),
             qPrintable(replicas->spinBox()->accessibleDescription()));
    const QModelIndex parkCell = m_window->model()->applicationIndex(kLlm, ClusterModel::TargetColumn);
    auto *park = qobject_cast<ParkButtonCell *>(m_window->treeView()->indexWidget(parkCell));
    QVERIFY(park);
    QCOMPARE(QAccessible::queryAccessibleInterface(park->button())->text(QAccessible::Name),
             QStringLiteral("Park llm"));
}

void TestAccessibility::costTab()
{
    auto *tabs = m_window->findChild<QTabWidget *>();
    QVERIFY(tabs);
    tabs->setCurrentIndex(1);
    QTRY_VERIFY(m_window->costView()->hasData());
    QVERIFY(m_window->costView()->chart()->isVisible());
    VERIFY_ALL_NAMED(m_window);
}

void TestAccessibility::auditTab()
{
    auto *tabs = m_window->findChild<QTabWidget *>();
    QVERIFY(tabs);
    tabs->setCurrentWidget(m_window->auditView());
    QSignalSpy loaded(m_window->auditView(), &AuditView::loaded);
    QVERIFY(loaded.wait());
    VERIFY_ALL_NAMED(m_window);
}

void TestAccessibility::previewDialog()
{
    editLlm();
    QPushButton *preview = nullptr;
    for (QPushButton *button : m_window->applyBar()->findChildren<QPushButton *>())
        if (button->text().remove(QLatin1Char('&')) == QStringLiteral("Preview…"))
            preview = button;
    QVERIFY(preview);
    QTest::mouseClick(preview, Qt::LeftButton);
    QTRY_VERIFY(modal<ApplyPreviewDialog>());
    VERIFY_ALL_NAMED(modal<ApplyPreviewDialog>());
}

// A park on a production profile: the confirmation with its "type the name" field.
void TestAccessibility::confirmationDialog()
{
    editLlm();
    m_window->pendingEdits()->park(m_window->model()->snapshot(), QStringLiteral("embedder"));
    QTest::mouseClick(m_window->applyBar()->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(modal<ApplyPreviewDialog>());
    QVERIFY(modal<ApplyPreviewDialog>()->needsTypedNames());
    VERIFY_ALL_NAMED(modal<ApplyPreviewDialog>());
}

void TestAccessibility::scheduleEditor()
{
    m_window->schedules()->editSchedule(kLlm, kLlmDeployment, m_window->model()->snapshot());
    QTRY_VERIFY(modal<ScheduleEditorDialog>());
    VERIFY_ALL_NAMED(modal<ScheduleEditorDialog>());
}

// Asked when an edit of a scheduled target is applied: llm/LLM gets a schedule through the editor, then an edit of
// it is applied.
void TestAccessibility::overrideDialog()
{
    QSignalSpy stored(m_window->schedules(), &ScheduleCoordinator::scheduleStored);
    m_window->schedules()->editSchedule(kLlm, kLlmDeployment, m_window->model()->snapshot());
    QTRY_VERIFY(modal<ScheduleEditorDialog>());
    modal<ScheduleEditorDialog>()->findChild<QPlainTextEdit *>()->setPlainText(
        QStringLiteral("tz UTC\ndefault 2\n")); // what llm/LLM runs: saving it stops nothing
    modal<ScheduleEditorDialog>()->accept();
    QVERIFY(stored.wait());
    QVERIFY(m_window->schedules()->isScheduled(kLlm, kLlmDeployment));

    QTRY_VERIFY(!m_window->schedules()->isBusy()); // until the editor is gone, Apply waits for it
    editLlm();
    QTest::mouseClick(m_window->applyBar()->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(modal<OverrideDialog>());
    modal<OverrideDialog>()->setExpiry(OverrideDialog::Expiry::DateTime); // its date and time box shows
    VERIFY_ALL_NAMED(modal<OverrideDialog>());
}

void TestAccessibility::pricesDialog()
{
    m_window->findChild<QTabWidget *>()->setCurrentIndex(1);
    auto *edit = m_window->costView()->findChild<QPushButton *>(QStringLiteral("costEditPrices"));
    QVERIFY(edit && edit->isEnabled());
    QTest::mouseClick(edit, Qt::LeftButton);
    QTRY_VERIFY(modal<PricesDialog>());
    modal<PricesDialog>()->addTypeRow(QStringLiteral("L4"), 1.25); // a row with its price box
    VERIFY_ALL_NAMED(modal<PricesDialog>());
}

void TestAccessibility::connectDialog()
{
    m_window->showConnectDialog();
    QTRY_VERIFY(modal<ConnectDialog>());
    VERIFY_ALL_NAMED(modal<ConnectDialog>());
    // The Team controller kind's fields, shown in place of the dashboard's, are named too.
    auto *controller = modal<ConnectDialog>()->findChild<QAbstractButton *>(QStringLiteral("controllerKindRadio"));
    QVERIFY(controller);
    controller->click();
    QTRY_VERIFY(modal<ConnectDialog>()->findChild<QLineEdit *>(QStringLiteral("controllerUrlEdit"))->isVisible());
    VERIFY_ALL_NAMED(modal<ConnectDialog>());
}

SCALEDECK_GUI_TEST_MAIN(TestAccessibility)
#include "test_accessibility.moc"
