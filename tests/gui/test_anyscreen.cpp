// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 11, "any screen": the real window on a small screen (900×600). Every tab stays usable there: a
// deployment's name is in view while its replica editor is, the cost tab's tables have room for five rows, and
// nothing overlaps. A scripted cluster shows the demo state. With SCALEDECK_SCREENSHOT_DIR set, each case saves
// what it checked, to look at.
#include "clustermodel.h"
#include "clustertreeview.h"
#include "contrast.h"
#include "costview.h"
#include "demodocuments.h"
#include "displayformat.h"
#include "gpuusagechart.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "scheduleeditordialog.h"
#include "scriptedhttpserver.h"
#include "weekgridwidget.h"

#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QStyle>
#include <QValueAxis>

#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QSize kSmallScreen(900, 600);

// A dark desktop palette (KDE's Breeze Dark), as an operator's system would hand the application.
QPalette darkPalette()
{
    QPalette palette;
    const auto set = [&](QPalette::ColorRole role, QRgb colour) { palette.setColor(role, QColor(colour)); };
    set(QPalette::Window, 0x2a2e32);
    set(QPalette::WindowText, 0xfcfcfc);
    set(QPalette::Base, 0x1b1e20);
    set(QPalette::AlternateBase, 0x232629);
    set(QPalette::Text, 0xfcfcfc);
    set(QPalette::Button, 0x31363b);
    set(QPalette::ButtonText, 0xfcfcfc);
    set(QPalette::Light, 0x40464c);
    set(QPalette::Midlight, 0x363b40);
    set(QPalette::Mid, 0x1d2023);
    set(QPalette::Dark, 0x141618);
    set(QPalette::Shadow, 0x0e0f10);
    set(QPalette::Highlight, 0x3daee9);
    set(QPalette::HighlightedText, 0xfcfcfc);
    set(QPalette::ToolTipBase, 0x31363b);
    set(QPalette::ToolTipText, 0xfcfcfc);
    set(QPalette::PlaceholderText, 0xa1a9b1);
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6e, 0x71, 0x74));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6e, 0x71, 0x74));
    return palette;
}

QString contrastText(const QString &what, const QColor &front, const QColor &back)
{
    return QStringLiteral("%1: %2 on %3, contrast %4")
        .arg(what, front.name(), back.name())
        .arg(contrastRatio(front, back), 0, 'f', 2);
}

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
    void contrastRatioIsWcags();
    void statusColoursReadOnBothPalettes_data();
    void statusColoursReadOnBothPalettes();
    void weekGridReadsOnBothPalettes_data();
    void weekGridReadsOnBothPalettes();
    void chartReadsOnBothPalettes_data();
    void chartReadsOnBothPalettes();
    void layoutIsRememberedPerCluster();

private:
    void openWindow(QSize size);
    QTabWidget *tabs() const { return m_window->findChild<QTabWidget *>(); }
    void saveScreenshot(QWidget *widget, const QString &name) const;
    void waitForCostRows();

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
    QApplication::setPalette(QApplication::style()->standardPalette());
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
    options.layoutSettings = m_settings.get();
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

// The cost tab reads the leases the window's polls record; a load may come before the first is stored.
void TestAnyScreen::waitForCostRows()
{
    CostView *cost = m_window->costView();
    for (int attempt = 0; attempt < 50 && cost->deploymentModel()->rowCount() == 0; ++attempt) {
        QSignalSpy applied(cost, &CostView::dataApplied);
        cost->refresh();
        QVERIFY(applied.wait());
    }
    QVERIFY(cost->deploymentModel()->rowCount() > 0);
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
    waitForCostRows(); // for the screenshot
    // No wrapped label stays squeezed below the height its lines need (it would be cut, or drawn over its
    // neighbours); a relayout may take a few events to settle.
    const auto squeezedLabel = [this]() -> QString {
        for (const QLabel *label : m_window->costView()->findChildren<QLabel *>())
            if (label->isVisible() && label->wordWrap() && label->height() < label->heightForWidth(label->width()))
                return QStringLiteral("“%1”: %2 px high, its lines need %3")
                    .arg(label->text())
                    .arg(label->height())
                    .arg(label->heightForWidth(label->width()));
        return {};
    };
    QTRY_VERIFY2(squeezedLabel().isEmpty(), qPrintable(squeezedLabel()));
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

void TestAnyScreen::contrastRatioIsWcags()
{
    QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
    QCOMPARE(contrastRatio(Qt::white, Qt::white), 1.0);
    QVERIFY(qAbs(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01); // WCAG's usual example
    QVERIFY(isDark(QColor(0x1b, 0x1e, 0x20)));
    QVERIFY(!isDark(Qt::white));
}

namespace {
void addPaletteRows()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}
} // namespace

void TestAnyScreen::statusColoursReadOnBothPalettes_data()
{
    addPaletteRows();
}

// Each status's colour in the tree, as the model gives it, against the rows it is drawn on (plain, alternate, and
// the pale amber of a pending edit, with the text of the pending row's other cells too): at least 3:1.
void TestAnyScreen::statusColoursReadOnBothPalettes()
{
    QFETCH(bool, dark);
    if (dark)
        QApplication::setPalette(darkPalette());
    openWindow(QSize(1200, 700));
    const QPalette palette = m_window->treeView()->palette();
    for (const QString &status : {QStringLiteral("RUNNING"), QStringLiteral("HEALTHY"), QStringLiteral("DEPLOY_FAILED"),
                                  QStringLiteral("UNHEALTHY"), QStringLiteral("PARKED"), QStringLiteral("UPDATING")}) {
        const QColor colour = statusColour(status);
        for (const QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase}) {
            const QColor background = palette.color(role);
            QVERIFY2(contrastRatio(colour, background) >= 3.0, qPrintable(contrastText(status, colour, background)));
        }
    }
    // A pending edit: the row turns amber; its texts must still read.
    ClusterModel *model = m_window->model();
    m_window->pendingEdits()->park(model->snapshot(), QStringLiteral("llm"));
    const QModelIndex row = model->applicationIndex(QStringLiteral("llm"));
    QTRY_VERIFY(row.siblingAtColumn(ClusterModel::NameColumn).data(Qt::BackgroundRole).isValid());
    QApplication::processEvents();
    saveScreenshot(m_window.get(), dark ? QStringLiteral("dark-cluster") : QStringLiteral("light-cluster"));
    for (const int column : {int(ClusterModel::NameColumn), int(ClusterModel::StatusColumn)}) {
        const QModelIndex cell = row.siblingAtColumn(column);
        const QColor background = cell.data(Qt::BackgroundRole).value<QColor>();
        const QVariant foreground = cell.data(Qt::ForegroundRole);
        const QColor text = foreground.isValid() ? foreground.value<QColor>() : palette.color(QPalette::Text);
        QVERIFY2(contrastRatio(text, background) >= 3.0,
                 qPrintable(contrastText(QStringLiteral("pending row, column %1").arg(column), text, background)));
    }
}

void TestAnyScreen::weekGridReadsOnBothPalettes_data()
{
    addPaletteRows();
}

// The week grid: its labels on the window, the count written on each legend swatch on the swatch's colour, the
// "now" line on an empty cell, and the deepest cell against an empty one.
void TestAnyScreen::weekGridReadsOnBothPalettes()
{
    QFETCH(bool, dark);
    if (dark)
        QApplication::setPalette(darkPalette());
    WeekGridWidget grid;
    const QPalette palette = grid.palette();
    const QColor window = palette.color(QPalette::Window);
    const QColor base = palette.color(QPalette::Base);
    QVERIFY2(contrastRatio(palette.color(QPalette::WindowText), window) >= 4.5,
             qPrintable(contrastText(QStringLiteral("labels"), palette.color(QPalette::WindowText), window)));
    constexpr int maximum = 8;
    for (int count = 0; count <= maximum; ++count) {
        const QColor fill = grid.colourFor(count, maximum);
        const QColor text = WeekGridWidget::textOn(fill);
        QVERIFY2(contrastRatio(text, fill) >= 4.5,
                 qPrintable(contrastText(QStringLiteral("count %1").arg(count), text, fill)));
    }
    const QColor now = grid.nowColour();
    QVERIFY2(contrastRatio(now, base) >= 3.0, qPrintable(contrastText(QStringLiteral("now line"), now, base)));
    const QColor deepest = grid.colourFor(maximum, maximum);
    QVERIFY2(contrastRatio(deepest, base) >= 2.0,
             qPrintable(contrastText(QStringLiteral("deepest cell"), deepest, base)));

    // The whole editor, to look at.
    ManualClock clock(QDateTime(QDate(2026, 12, 2), QTime(10, 30), Qt::UTC));
    ScheduleEditorDialog editor(ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                QStringLiteral("tz UTC\ndefault 0\nMon-Fri 07:00-19:00 = 2\nMon-Fri 09:00-17:00 = "
                                               "6\nSat 10:00-14:00 = 8\n2026-12-24..2026-12-26 = 0\n"),
                                {}, 1.0, &clock);
    editor.resize(1280, 700);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    saveScreenshot(&editor, dark ? QStringLiteral("dark-schedule-editor") : QStringLiteral("light-schedule-editor"));
}

void TestAnyScreen::chartReadsOnBothPalettes_data()
{
    addPaletteRows();
}

// The GPU chart: its axis labels, legend and capacity line against the chart's own background.
void TestAnyScreen::chartReadsOnBothPalettes()
{
    QFETCH(bool, dark);
    if (dark)
        QApplication::setPalette(darkPalette());
    openWindow(QSize(1200, 800));
    auto *tabs = this->tabs();
    tabs->setCurrentWidget(m_window->costView());
    waitForCostRows();
    QApplication::processEvents();
    saveScreenshot(m_window.get(), dark ? QStringLiteral("dark-cost") : QStringLiteral("light-cost"));
    const QChart *chart = m_window->costView()->chart()->chart();
    const QColor background = chart->backgroundBrush().color();
    const QWidget *view = m_window->costView()->chart();
    // The chart's background reads as part of the window: a white panel in a dark window glares.
    QCOMPARE(isDark(background), isDark(view->palette().color(QPalette::Window)));
    QVERIFY(!chart->axes().isEmpty());
    for (const QAbstractAxis *axis : chart->axes()) {
        const QColor labels = axis->labelsBrush().color();
        QVERIFY2(contrastRatio(labels, background) >= 4.5,
                 qPrintable(contrastText(QStringLiteral("axis labels"), labels, background)));
        QVERIFY2(contrastRatio(axis->titleBrush().color(), background) >= 4.5,
                 qPrintable(contrastText(QStringLiteral("axis title"), axis->titleBrush().color(), background)));
    }
    const QColor legend = chart->legend()->labelColor();
    QVERIFY2(contrastRatio(legend, background) >= 4.5,
             qPrintable(contrastText(QStringLiteral("legend"), legend, background)));
    for (const QAbstractSeries *series : chart->series())
        if (series->name() == QStringLiteral("capacity")) {
            const QColor line = static_cast<const QLineSeries *>(series)->pen().color();
            QVERIFY2(contrastRatio(line, background) >= 3.0,
                     qPrintable(contrastText(QStringLiteral("capacity line"), line, background)));
        }
}

// The window's size, the tree's columns, the cost tab's splitters and window are remembered per cluster: closing
// the window and opening it again brings them back, and another cluster keeps its own.
void TestAnyScreen::layoutIsRememberedPerCluster()
{
    openWindow(QSize(1200, 700));
    ClusterTreeView *tree = m_window->treeView();
    CostView *cost = m_window->costView();
    tabs()->setCurrentWidget(cost);
    auto *splitter = cost->findChild<QSplitter *>(QStringLiteral("costSplitter"));
    QVERIFY(splitter);
    m_window->resize(1010, 660);
    tree->setColumnWidth(ClusterModel::NameColumn, 321);
    splitter->setSizes({150, 400});
    QApplication::processEvents();
    const QList<int> splitterSizes = splitter->sizes();
    cost->setWindow(CostWindow::Week);
    const QSize size = m_window->size();
    QCOMPARE(size, QSize(1010, 660));

    // Another cluster: what was set here stays here.
    ScriptedHttpServer other;
    other.answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    other.answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    other.answer("/api/serve/applications/", {200, bodyOf(demoDocument())});
    ClusterEndpoint otherEndpoint = m_endpoint;
    otherEndpoint.dashboardUrl = QUrl(other.url());
    QVERIFY(otherEndpoint.clusterKey() != m_endpoint.clusterKey());
    m_window->connectToCluster(otherEndpoint);
    tree->setColumnWidth(ClusterModel::NameColumn, 250);
    cost->setWindow(CostWindow::Hour);

    m_window->connectToCluster(m_endpoint);
    QCOMPARE(tree->columnWidth(ClusterModel::NameColumn), 321);
    QCOMPARE(cost->window(), CostWindow::Week);
    m_window->connectToCluster(otherEndpoint);
    QCOMPARE(tree->columnWidth(ClusterModel::NameColumn), 250);
    QCOMPARE(cost->window(), CostWindow::Hour);
    m_window->connectToCluster(m_endpoint);

    // Closed and opened again, on the same settings.
    m_window->close();
    m_window.reset();
    openWindow(QSize(1200, 700));
    tabs()->setCurrentWidget(m_window->costView());
    QApplication::processEvents();
    QCOMPARE(m_window->size(), size);
    QCOMPARE(m_window->treeView()->columnWidth(ClusterModel::NameColumn), 321);
    QCOMPARE(m_window->costView()->window(), CostWindow::Week);
    // The chart keeps the height it was given; the tables take the rest, which moves with the labels above them.
    QCOMPARE(m_window->costView()->findChild<QSplitter *>(QStringLiteral("costSplitter"))->sizes().constFirst(),
             splitterSizes.constFirst());
    // The editors still sit beside the names: the restored column order is the one the window set.
    const QHeaderView *header = m_window->treeView()->header();
    QCOMPARE(header->visualIndex(ClusterModel::TargetColumn), 1);
}

SCALEDECK_GUI_TEST_MAIN(TestAnyScreen)
#include "test_anyscreen.moc"
