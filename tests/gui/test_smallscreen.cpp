// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 11, "any screen": the schedule editor on a 1366×768 laptop screen, and dialogs on the screen of the main
// window. The offscreen platform is given two screens (tests/fixtures/screens_two_laptop.json): a 1920×1080 desk
// screen and, right of it, the 1366×768 laptop the window is moved to. A scripted cluster shows the demo state.
#include "clustermodel.h"
#include "clustertreeview.h"
#include "demodocuments.h"
#include "mainwindow.h"
#include "pluralforms.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "schedulecoordinator.h"
#include "scheduleeditordialog.h"
#include "scriptedhttpserver.h"

#include <QApplication>
#include <QDir>
#include <QLayout>
#include <QScreen>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
// What a desktop's title bar and panel take from a screen's height, at most (the offscreen platform has neither).
constexpr int kDecorations = 70;
} // namespace

class TestSmallScreen : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void scheduleEditorFitsALaptopScreen();
    void dialogsOpenOnTheWindowsScreen();

private:
    QDialog *openScheduleEditor();
    void saveScreenshot(QWidget *widget, const QString &name) const;

    QScreen *m_laptop = nullptr;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
};

void TestSmallScreen::initTestCase()
{
    const QList<QScreen *> screens = QGuiApplication::screens();
    QCOMPARE(screens.size(), 2);
    m_laptop = screens.at(1);
    QCOMPARE(m_laptop->geometry(), QRect(1920, 0, 1366, 768));
}

void TestSmallScreen::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer("/api/serve/applications/", {200, bodyOf(demoDocument())});
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(m_server->url());
    endpoint.timeoutMs = 5000;
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    MainWindowOptions options;
    options.storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    options.pollIntervalMs = 500;
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    // On the laptop, as an operator who dragged the window there.
    m_window->setGeometry(m_laptop->availableGeometry().adjusted(0, 0, 0, -kDecorations));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->screen(), m_laptop);
    m_window->connectToCluster(endpoint);
    QTRY_VERIFY(m_window->treeView()->replicaEditor(QStringLiteral("llm"), QStringLiteral("LLM")));
}

void TestSmallScreen::cleanup()
{
    while (QWidget *modal = QApplication::activeModalWidget())
        modal->close();
    m_window.reset();
    m_profiles.reset();
    m_settings.reset();
    m_server.reset();
    m_dir.reset();
}

QDialog *TestSmallScreen::openScheduleEditor()
{
    m_window->schedules()->editSchedule(QStringLiteral("llm"), QStringLiteral("LLM"), m_window->model()->snapshot());
    QDialog *dialog = nullptr;
    [&] { QTRY_VERIFY((dialog = qobject_cast<ScheduleEditorDialog *>(QApplication::activeModalWidget()))); }();
    if (dialog)
        [&] { QVERIFY(QTest::qWaitForWindowExposed(dialog)); }();
    return dialog;
}

void TestSmallScreen::saveScreenshot(QWidget *widget, const QString &name) const
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// The editor opens whole on the laptop, with room for the desktop's title bar and panel; it still fits when made
// as small as it goes, and it can be resized.
void TestSmallScreen::scheduleEditorFitsALaptopScreen()
{
    QDialog *dialog = openScheduleEditor();
    QVERIFY(dialog);
    QApplication::processEvents();
    saveScreenshot(dialog, QStringLiteral("schedule-editor-1366x768"));
    const QRect room = m_laptop->availableGeometry().adjusted(0, 0, 0, -kDecorations);
    const auto describe = [&](const char *what, QRect rect) {
        return QStringLiteral("%1 %2,%3 %4×%5 does not fit %6×%7 at %8,%9")
            .arg(QLatin1String(what))
            .arg(rect.x())
            .arg(rect.y())
            .arg(rect.width())
            .arg(rect.height())
            .arg(room.width())
            .arg(room.height())
            .arg(room.x())
            .arg(room.y());
    };
    QVERIFY2(room.contains(dialog->geometry()), qPrintable(describe("the editor", dialog->geometry())));
    const QSize least = dialog->minimumSizeHint().expandedTo(dialog->minimumSize());
    QVERIFY2(least.width() <= room.width() && least.height() <= room.height(),
             qPrintable(describe("its minimum size", QRect(QPoint(), least))));
    // Resizable: no fixed size, and it grows and shrinks when asked.
    QVERIFY(dialog->layout()->sizeConstraint() != QLayout::SetFixedSize);
    QVERIFY(dialog->maximumWidth() > room.width() && dialog->maximumHeight() > room.height());
    dialog->resize(least);
    QTRY_COMPARE(dialog->size(), least);
    dialog->resize(room.size());
    QTRY_COMPARE(dialog->size(), room.size());
    saveScreenshot(dialog, QStringLiteral("schedule-editor-resized"));
}

// Dialogs open over the main window, on its screen, not on the primary screen.
void TestSmallScreen::dialogsOpenOnTheWindowsScreen()
{
    QDialog *editor = openScheduleEditor();
    QVERIFY(editor);
    QCOMPARE(editor->screen(), m_laptop);
    QVERIFY2(m_laptop->geometry().contains(editor->geometry().center()),
             qPrintable(QStringLiteral("the editor's centre is at %1,%2")
                            .arg(editor->geometry().center().x())
                            .arg(editor->geometry().center().y())));
    editor->close();
    QTRY_VERIFY(!QApplication::activeModalWidget());
    m_window->showConnectDialog();
    QTRY_VERIFY(QApplication::activeModalWidget());
    QWidget *connect = QApplication::activeModalWidget();
    QVERIFY(QTest::qWaitForWindowExposed(connect));
    QCOMPARE(connect->screen(), m_laptop);
    QVERIFY(m_laptop->geometry().contains(connect->geometry()));
}

// Two screens for the offscreen platform, whatever QT_QPA_PLATFORM says (ctest sets "offscreen").
int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" SCALEDECK_FIXTURES "/screens_two_laptop.json");
    QApplication app(argc, argv);
    if (const QString why = scaledeck::installPluralForms(&app); !why.isEmpty())
        qFatal("%s", qPrintable(why));
    TestSmallScreen test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_smallscreen.moc"
