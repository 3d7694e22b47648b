// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Issue 11, "any screen": the real window at 2× scale (QT_SCALE_FACTOR=2, set before the application starts), as on
// a high-DPI laptop. Nothing is cut or overlaps: each replica editor lies whole in its cell with its slider and spin
// box inside it, the apply bar's buttons stand apart, the cost tables keep room for five rows. A scripted cluster
// shows the demo state; with SCALEDECK_SCREENSHOT_DIR set the window is saved at device resolution.
#include "applybar.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "costview.h"
#include "demodocuments.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "pluralforms.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "scriptedhttpserver.h"
#include "scriptedwindow.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
QRect rectIn(const QWidget *widget, const QWidget *ancestor)
{
    return QRect(widget->mapTo(ancestor, QPoint(0, 0)), widget->size());
}

QString rectText(const QRect &rect)
{
    return QStringLiteral("%1,%2 %3×%4").arg(rect.x()).arg(rect.y()).arg(rect.width()).arg(rect.height());
}
} // namespace

class TestHiDpi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void clusterTabAt2x();
    void costTabAt2x();

private:
    void saveScreenshot(const QString &name) const;

    std::unique_ptr<ScriptedWindow> m_scripted;
    ScriptedHttpServer *m_server = nullptr; // m_scripted's
    MainWindow *m_window = nullptr;         // m_scripted's
};

void TestHiDpi::init()
{
    m_scripted = std::make_unique<ScriptedWindow>();
    QVERIFY(m_scripted->dir.isValid());
    m_scripted->serveApplications(bodyOf(demoDocument()));
    m_server = &m_scripted->server;
    ClusterEndpoint endpoint = m_scripted->endpoint();
    QVERIFY(m_scripted->open(QSize(1000, 650), 500, endpoint));
    m_window = m_scripted->window.get();
    QCOMPARE(m_window->devicePixelRatioF(), 2.0);
    QTRY_VERIFY(m_window->treeView()->replicaEditor(QStringLiteral("llm"), QStringLiteral("LLM")));
}

void TestHiDpi::cleanup()
{
    m_window = nullptr;
    m_server = nullptr;
    m_scripted.reset();
}

void TestHiDpi::saveScreenshot(const QString &name) const
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        m_window->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// Every deployment's editor lies whole in its cell, its slider and spin box whole in it and apart; the row is as
// tall as the editor; with a pending edit the apply bar's buttons are whole and apart.
void TestHiDpi::clusterTabAt2x()
{
    ClusterTreeView *tree = m_window->treeView();
    ClusterModel *model = m_window->model();
    m_window->pendingEdits()->setReplicas(model->snapshot(), QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    QTRY_VERIFY(m_window->applyBar()->isVisible());
    QApplication::processEvents();
    saveScreenshot(QStringLiteral("hidpi-2x-cluster"));
    int checked = 0;
    for (const auto &[app, deployment] : {std::pair{QStringLiteral("llm"), QStringLiteral("LLM")},
                                          std::pair{QStringLiteral("embedder"), QStringLiteral("Embedder")},
                                          std::pair{QStringLiteral("gateway"), QStringLiteral("Router")}}) {
        ReplicaEditor *editor = tree->replicaEditor(app, deployment);
        QVERIFY(editor);
        const QRect cell = tree->visualRect(model->deploymentIndex(app, deployment, ClusterModel::TargetColumn));
        const QRect editorRect = rectIn(editor, tree->viewport());
        QVERIFY2(cell.contains(editorRect), qPrintable(app + QStringLiteral(": editor ") + rectText(editorRect) +
                                                       QStringLiteral(" outside its cell ") + rectText(cell)));
        const QRect slider = rectIn(editor->slider(), editor);
        const QRect spin = rectIn(editor->findChild<QSpinBox *>(), editor);
        QVERIFY2(editor->rect().contains(slider) && editor->rect().contains(spin) && !slider.intersects(spin),
                 qPrintable(QStringLiteral("slider %1, spin box %2, editor %3")
                                .arg(rectText(slider), rectText(spin), rectText(editor->rect()))));
        QVERIFY2(spin.height() >= editor->findChild<QSpinBox *>()->minimumSizeHint().height(),
                 qPrintable(QStringLiteral("spin box %1 high, needs %2")
                                .arg(spin.height())
                                .arg(editor->findChild<QSpinBox *>()->minimumSizeHint().height())));
        ++checked;
    }
    QCOMPARE(checked, 3);
    // The bar's buttons: whole, as wide as they ask, apart (once the bar that just appeared is laid out).
    const auto buttonProblem = [this]() -> QString {
        QList<QRect> buttons;
        for (const QPushButton *button : m_window->applyBar()->findChildren<QPushButton *>()) {
            if (!button->isVisible())
                continue;
            const QRect rect = rectIn(button, m_window->applyBar());
            if (!m_window->applyBar()->rect().contains(rect) || rect.width() < button->minimumSizeHint().width())
                return button->text() + QStringLiteral(" at ") + rectText(rect);
            for (const QRect &other : buttons)
                if (rect.intersects(other))
                    return button->text() + QStringLiteral(" overlaps ") + rectText(other);
            buttons.append(rect);
        }
        return buttons.size() >= 2 ? QString() : QStringLiteral("fewer than 2 buttons");
    };
    QTRY_VERIFY2(buttonProblem().isEmpty(), qPrintable(buttonProblem()));
}

// The cost tab at 2×: both tables keep room for five rows.
void TestHiDpi::costTabAt2x()
{
    m_window->findChild<QTabWidget *>()->setCurrentWidget(m_window->costView());
    // The tab reads the leases the window's polls record; a load may come before the first is stored.
    CostView *cost = m_window->costView();
    for (int attempt = 0; attempt < 50 && cost->deploymentModel()->rowCount() == 0; ++attempt) {
        QSignalSpy applied(cost, &CostView::dataApplied);
        cost->refresh();
        QVERIFY(applied.wait());
    }
    QVERIFY(cost->deploymentModel()->rowCount() > 0);
    // At any height: no wrapped label stays squeezed below the height its lines need (it would be cut, or drawn
    // over its neighbours); a relayout may take a few events to settle. Whether the tab scrolls depends on the height.
    const auto squeezedLabel = [this]() -> QString {
        for (const QLabel *label : m_window->costView()->findChildren<QLabel *>())
            if (label->isVisible() && label->wordWrap() && label->height() < label->heightForWidth(label->width()))
                return QStringLiteral("“%1”: %2 px high, its lines need %3")
                    .arg(label->text())
                    .arg(label->height())
                    .arg(label->heightForWidth(label->width()));
        return {};
    };
    for (int height = 560; height <= 900; height += 20) {
        m_window->resize(1000, height);
        QTRY_VERIFY2(squeezedLabel().isEmpty(),
                     qPrintable(QStringLiteral("window height %1: ").arg(height) + squeezedLabel()));
    }
    m_window->resize(1000, 650);
    QTRY_VERIFY2(squeezedLabel().isEmpty(), qPrintable(squeezedLabel()));
    // What does not fit can be scrolled to: content taller than the tab shows the scroll bar.
    const auto *scroll = m_window->costView()->findChild<QAbstractScrollArea *>(QStringLiteral("costScroll"));
    QVERIFY(scroll);
    QTRY_VERIFY2(
        scroll->verticalScrollBar()->maximum() == 0 || scroll->verticalScrollBar()->isVisible(),
        qPrintable(QStringLiteral("%1 px out of view, no scroll bar").arg(scroll->verticalScrollBar()->maximum())));
    saveScreenshot(QStringLiteral("hidpi-2x-cost"));
    for (const QString &name : {QStringLiteral("costDeployments"), QStringLiteral("costLeases")}) {
        auto *table = m_window->costView()->findChild<QTableView *>(name);
        QVERIFY(table);
        QVERIFY2(table->viewport()->height() >= 5 * table->verticalHeader()->defaultSectionSize(), qPrintable(name));
        // Its export button stands below it, not over it.
        QWidget *box = table->parentWidget();
        for (const QPushButton *button : box->findChildren<QPushButton *>()) {
            const QRect buttonRect = rectIn(button, box);
            const QRect tableRect = rectIn(table, box);
            QVERIFY2(
                !buttonRect.intersects(tableRect),
                qPrintable(name +
                           QStringLiteral(": button %1 over table %2").arg(rectText(buttonRect), rectText(tableRect))));
        }
    }
}

// 2× scale, whatever the environment says (ctest sets only QT_QPA_PLATFORM=offscreen).
int main(int argc, char **argv)
{
    qputenv("QT_SCALE_FACTOR", "2");
    QApplication app(argc, argv);
    if (const QString why = scaledeck::installPluralForms(&app); !why.isEmpty())
        qFatal("%s", qPrintable(why));
    TestHiDpi test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_hidpi.moc"
