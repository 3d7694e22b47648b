// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 11, "any screen": the real window on a small screen (900×600). Every tab stays usable there: a
// deployment's name is in view while its replica editor is, the cost tab's tables have room for five rows, and
// nothing overlaps. A scripted cluster shows the demo state. With SCALEDECK_SCREENSHOT_DIR set, each case saves
// what it checked, to look at.
#include "clustermodel.h"
#include "clustertreeview.h"
#include "costview.h"
#include "demodocuments.h"
#include "mainwindow.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "scriptedhttpserver.h"

#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QScrollBar>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QSize kSmallScreen(900, 600);

// Where `widget` lies in `ancestor`'s coordinates.
QRect rectIn(const QWidget *widget, const QWidget *ancestor)
{
    return QRect(widget->mapTo(ancestor, QPoint(0, 0)), widget->size());
}
} // namespace

class TestAnyScreen : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void namesStayBesideTheirEditorsAt900x600();
    void costTablesShowFiveRowsAt900x600();

private:
    void openWindow(QSize size);
    QTabWidget *tabs() const { return m_window->findChild<QTabWidget *>(); }
    void saveScreenshot(QWidget *widget, const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
    ClusterEndpoint m_endpoint;
};

void TestAnyScreen::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer("/api/serve/applications/", {200, bodyOf(demoDocument())});
    m_endpoint = ClusterEndpoint{};
    m_endpoint.dashboardUrl = QUrl(m_server->url());
    m_endpoint.timeoutMs = 5000;
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
}

void TestAnyScreen::cleanup()
{
    m_window.reset();
    m_profiles.reset();
    m_settings.reset();
    m_server.reset();
    m_dir.reset();
}

void TestAnyScreen::openWindow(QSize size)
{
    MainWindowOptions options;
    options.storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    options.pollIntervalMs = 500;
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->resize(size);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->connectToCluster(m_endpoint);
    QTRY_VERIFY(m_window->treeView()->replicaEditor(QStringLiteral("llm"), QStringLiteral("LLM")));
}

void TestAnyScreen::saveScreenshot(QWidget *widget, const QString &name) const
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// The operator reads which deployment a slider belongs to without scrolling sideways: on every row with an
// editor, the name cell and the editor are both whole inside the viewport, side by side.
void TestAnyScreen::namesStayBesideTheirEditorsAt900x600()
{
    openWindow(kSmallScreen);
    ClusterTreeView *tree = m_window->treeView();
    QApplication::processEvents();
    saveScreenshot(m_window.get(), QStringLiteral("cluster-900x600"));
    const QRect viewport = tree->viewport()->rect();
    int checked = 0;
    for (const auto &[app, deployment] : {std::pair{QStringLiteral("llm"), QStringLiteral("LLM")},
                                          std::pair{QStringLiteral("embedder"), QStringLiteral("Embedder")}}) {
        ReplicaEditor *editor = tree->replicaEditor(app, deployment);
        QVERIFY(editor);
        const QRect name = tree->visualRect(m_window->model()->deploymentIndex(app, deployment));
        const QRect editorRect = rectIn(editor, tree->viewport());
        const QString where = QStringLiteral("%1/%2: name %3..%4, editor %5..%6, viewport width %7")
                                  .arg(app, deployment)
                                  .arg(name.left())
                                  .arg(name.right())
                                  .arg(editorRect.left())
                                  .arg(editorRect.right())
                                  .arg(viewport.width());
        QVERIFY2(viewport.contains(editorRect), qPrintable(where));
        QVERIFY2(name.left() >= 0 && name.right() <= viewport.right(), qPrintable(where));
        QVERIFY2(!name.intersects(editorRect), qPrintable(where)); // side by side, not on top of each other
        ++checked;
    }
    QCOMPARE(checked, 2);
    QCOMPARE(tree->horizontalScrollBar()->value(), 0); // nothing was scrolled sideways to get there
    // The window's parts fit the screen: its minimum size does not push it past 900×600.
    QCOMPARE(m_window->size(), kSmallScreen);
}

// Both cost tables have room for five rows (below their header) at 900×600, and the chart is not squeezed to
// nothing for it.
void TestAnyScreen::costTablesShowFiveRowsAt900x600()
{
    openWindow(kSmallScreen);
    tabs()->setCurrentWidget(m_window->costView());
    QTRY_VERIFY(m_window->costView()->deploymentModel()->rowCount() > 0); // the screenshot shows rows
    QApplication::processEvents();
    saveScreenshot(m_window.get(), QStringLiteral("cost-900x600"));
    for (const QString &name : {QStringLiteral("costDeployments"), QStringLiteral("costLeases")}) {
        auto *table = m_window->costView()->findChild<QTableView *>(name);
        QVERIFY(table);
        QVERIFY(table->isVisible());
        const int fiveRows = 5 * table->verticalHeader()->defaultSectionSize();
        const int room = table->viewport()->height();
        QVERIFY2(room >= fiveRows,
                 qPrintable(QStringLiteral("%1: %2 px for rows, 5 rows need %3").arg(name).arg(room).arg(fiveRows)));
    }
    // Nothing is cut at the right: the content is as wide as the tab.
    const QWidget *content = m_window->costView()->findChild<QWidget *>(QStringLiteral("costSplitter"))->parentWidget();
    QVERIFY2(content->width() <= m_window->costView()->width(),
             qPrintable(QStringLiteral("%1 > %2").arg(content->width()).arg(m_window->costView()->width())));
    const QWidget *chart = m_window->costView()->findChild<QWidget *>(QStringLiteral("gpuUsageChart"));
    QVERIFY(chart);
    QVERIFY2(chart->height() >= 120, qPrintable(QString::number(chart->height())));
}

QTEST_MAIN(TestAnyScreen)
#include "test_anyscreen.moc"
