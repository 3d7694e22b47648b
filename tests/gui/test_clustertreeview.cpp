// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The tree view on a cluster larger than its viewport: editors exist only for rows near the viewport,
// follow scrolling and refreshes, and a re-created editor shows the row's pending edit.
#include "clustermodel.h"
#include "clustertreeview.h"
#include "guitestmain.h"
#include "pendingedits.h"
#include "replicaeditor.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"
#include "syntheticcluster.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QToolTip>

using namespace scaledeck;

namespace {
constexpr int kApps = 300;
constexpr int kDeployments = 4;
constexpr int kReplicas = 2;

SnapshotPtr syntheticSnapshot(int variant)
{
    auto serve = readServeState(syntheticServeBody(kApps, kDeployments, kReplicas, variant));
    if (!serve)
        qFatal("the synthetic body does not parse: %s", qPrintable(serve.error().describe()));
    return buildSnapshot(QStringLiteral("2.60.0"), std::move(serve).value(), NodeTotals{64, 128, 4, {}, {}, {}}, {},
                         QDateTime::currentDateTimeUtc());
}

// Lets the deferred editor sync, relayouts and deletions of dropped editors run, as the event loop would
// before the next paint.
void settle()
{
    for (int round = 0; round < 3; ++round) {
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
}

QString fromLabelText(const ReplicaEditor *editor)
{
    for (const QLabel *label : editor->findChildren<QLabel *>())
        if (label->isVisibleTo(const_cast<ReplicaEditor *>(editor)))
            return label->text();
    return {};
}
} // namespace

class TestClusterTreeView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_edits = std::make_unique<PendingEdits>();
        m_model = std::make_unique<ClusterModel>(m_edits.get());
        m_tree = std::make_unique<ClusterTreeView>();
        m_tree->setClusterModel(m_model.get());
        m_tree->resize(1100, 500);
        m_tree->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_tree.get()));
        m_model->setSnapshot(syntheticSnapshot(0));
        settle();
    }

    void cleanup()
    {
        m_tree.reset();
        m_model.reset();
        m_edits.reset();
    }

    void editorsOnlyNearTheViewport()
    {
        QCOMPARE(m_model->rowCount(), kApps);
        QVERIFY(m_tree->isExpanded(m_model->applicationIndex(QStringLiteral("app-299"))));
        const int editors = liveEditors();
        QVERIFY(editors > 0);
        QVERIFY2(editors <= rowsBound(),
                 qPrintable(QStringLiteral("%1 editors for %2 rows in view").arg(editors).arg(visibleRows())));
        // The first rows are on screen: their editors are there, initialised from the model.
        ReplicaEditor *first = editorAt(QStringLiteral("app-0"), QStringLiteral("Deployment0"));
        QVERIFY(first);
        QCOMPARE(first->value(), kReplicas);
        QCOMPARE(first->maximum(), 64);
    }

    void scrollingFarCreatesTheRowsEditorAndDropsOthers()
    {
        const QString farApp = QStringLiteral("app-87"); // sorts far below the first screen
        const QString deployment = QStringLiteral("Deployment2");
        QVERIFY(!editorAt(farApp, deployment));
        QPointer<ReplicaEditor> top = editorAt(QStringLiteral("app-0"), QStringLiteral("Deployment0"));
        QVERIFY(top);

        // A pending edit made while the row has no editor: the editor created on scrolling shows it.
        m_edits->setReplicas(m_model->snapshot(), farApp, deployment, kReplicas + 3);
        m_tree->scrollTo(m_model->deploymentIndex(farApp, deployment));
        settle();
        ReplicaEditor *far = editorAt(farApp, deployment);
        QVERIFY(far);
        QCOMPARE(far->value(), kReplicas + 3);
        QVERIFY(fromLabelText(far).contains(QString::number(kReplicas))); // "2 →" in front of the 5
        QVERIFY(top.isNull());                                            // the first screen's editors went with it
        QVERIFY(liveEditors() <= rowsBound());

        // The operator's move reaches the view's signal like before.
        QSignalSpy edited(m_tree.get(), &ClusterTreeView::replicasEdited);
        far->slider()->setValue(1);
        QCOMPARE(edited.size(), 1);
        QCOMPARE(edited.at(0).at(0).toString(), farApp);
        QCOMPARE(edited.at(0).at(1).toString(), deployment);
        QCOMPARE(edited.at(0).at(2).toInt(), 1);

        m_tree->scrollToTop();
        settle();
        QVERIFY(editorAt(QStringLiteral("app-0"), QStringLiteral("Deployment0")));
        QVERIFY(!editorAt(farApp, deployment));
        QVERIFY(liveEditors() <= rowsBound());
    }

    void replicaEditorBringsTheRowIntoView()
    {
        ReplicaEditor *editor = m_tree->replicaEditor(QStringLiteral("app-250"), QStringLiteral("Deployment3"));
        QVERIFY(editor);
        QCOMPARE(editor->value(), kReplicas);
        QVERIFY(m_tree->viewport()->rect().intersects(
            m_tree->visualRect(m_model->deploymentIndex(QStringLiteral("app-250"), QStringLiteral("Deployment3")))));
        QVERIFY(!m_tree->replicaEditor(QStringLiteral("app-250"), QStringLiteral("NoSuchDeployment")));
    }

    void refreshUpdatesLiveEditorsAndStaysBounded()
    {
        // Variant 1 scales every 50th application up by one; app-0 is on the first screen.
        ReplicaEditor *first = editorAt(QStringLiteral("app-0"), QStringLiteral("Deployment1"));
        QVERIFY(first);
        m_model->setSnapshot(syntheticSnapshot(1));
        QCOMPARE(first->value(), kReplicas + 1); // at once, not after the deferred sync
        settle();
        QCOMPARE(editorAt(QStringLiteral("app-0"), QStringLiteral("Deployment1")), first); // kept, not re-created
        QVERIFY(liveEditors() <= rowsBound());
    }

    void removedApplicationsTakeTheirEditors()
    {
        QVERIFY(editorAt(QStringLiteral("app-0"), QStringLiteral("Deployment0")));
        m_model->setSnapshot(std::make_shared<const ClusterSnapshot>());
        settle();
        QCOMPARE(liveEditors(), 0);
        QCOMPARE(m_tree->editorWidgetCount(), 0);
    }

    // The context menu opens without a nested event loop: polls go on under it, and its entry acts on the
    // application it was opened for.
    void contextMenuLeavesTheEventLoopRunning()
    {
        const QString app = QStringLiteral("app-0");
        const QModelIndex row = m_model->applicationIndex(app);
        const QPoint at = m_tree->visualRect(row).center();
        bool returned = false;
        bool ranInsideTheEvent = false;
        QTimer::singleShot(0, this, [&] {
            ranInsideTheEvent = !returned;
            if (ranInsideTheEvent) // a nested loop: close its menu so that the event returns and the test fails
                if (QWidget *popup = QApplication::activePopupWidget())
                    popup->close();
        });
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, m_tree->viewport()->mapToGlobal(at));
        QApplication::sendEvent(m_tree->viewport(), &event);
        returned = true;
        QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
        QVERIFY(!ranInsideTheEvent);

        m_model->setSnapshot(syntheticSnapshot(1)); // a poll while the menu is open
        settle();
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        QVERIFY(menu);
        QAction *park = menu->actions().first();
        QCOMPARE(park->text(), QStringLiteral("Park \u201C%1\u201D").arg(app));
        QSignalSpy parkRequested(m_tree.get(), &ClusterTreeView::parkRequested);
        menu->setActiveAction(park);
        QTest::keyClick(menu, Qt::Key_Return);
        QTRY_COMPARE(parkRequested.size(), 1);
        QCOMPARE(parkRequested.first().first().toString(), app);
        QTRY_VERIFY(!QApplication::activePopupWidget());
    }

    // Issue 11: status texts are never cut ("RUNNING → PAR…"). The columns that show statuses are at least as wide
    // as their longest text, bold for a pending edit and in the operator's font, and every text cell carries its
    // full text as a tooltip for what is cut anyway (a long name).
    void statusTextsAreNeverCut()
    {
        QFont large = m_tree->font();
        large.setPointSizeF(large.pointSizeF() * 1.5); // an operator with large fonts
        m_tree->setFont(large);
        connect(m_tree.get(), &ClusterTreeView::parkRequested, m_edits.get(),
                [this](const QString &app) { m_edits->park(m_model->snapshot(), app); });
        // Park app-0 with a click on its button: its status reads "RUNNING → PARKED", in bold.
        const QString app = QStringLiteral("app-0");
        QWidget *cell = m_tree->indexWidget(m_model->applicationIndex(app, ClusterModel::TargetColumn));
        QVERIFY(cell);
        QTest::mouseClick(cell->findChild<QPushButton *>(), Qt::LeftButton);
        QVERIFY(m_edits->isParkPending(app));
        settle();
        const QModelIndex status = m_model->applicationIndex(app, ClusterModel::StatusColumn);
        const QString full = status.data().toString();
        QCOMPARE(full, QStringLiteral("RUNNING \u2192 PARKED"));

        const int fitted[] = {ClusterModel::StatusColumn, ClusterModel::ReplicasColumn,
                              ClusterModel::GpusPerReplicaColumn, ClusterModel::GpusHeldColumn,
                              ClusterModel::AutoscalingColumn};
        QStyleOptionViewItem option;
        option.initFrom(m_tree.get());
        option.widget = m_tree.get();
        option.font = m_tree->font();
        option.fontMetrics = QFontMetrics(option.font);
        QStringList cut; // what does not fit, or has no tooltip to read it in full
        const auto checkRow = [&](const QModelIndex &row) {
            for (const int column : fitted) {
                const QModelIndex index = row.siblingAtColumn(column);
                const int needed = m_tree->itemDelegate()->sizeHint(option, index).width();
                if (needed > m_tree->columnWidth(column))
                    cut.append(QStringLiteral("\"%1\" needs %2 px, its column has %3")
                                   .arg(index.data().toString())
                                   .arg(needed)
                                   .arg(m_tree->columnWidth(column)));
            }
            for (int column = 0; column < ClusterModel::ColumnCount; ++column) {
                const QModelIndex index = row.siblingAtColumn(column);
                const QString text = index.data().toString();
                if (!text.isEmpty() && !index.data(Qt::ToolTipRole).toString().contains(text))
                    cut.append(QStringLiteral("\"%1\" has the tooltip \"%2\"")
                                   .arg(text, index.data(Qt::ToolTipRole).toString()));
            }
        };
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex appRow = m_model->index(row, 0);
            checkRow(appRow);
            for (int child = 0; child < m_model->rowCount(appRow); ++child)
                checkRow(m_model->index(child, 0, appRow));
        }
        cut.removeDuplicates();
        QVERIFY2(
            cut.isEmpty(),
            qPrintable(
                QStringLiteral("%1 cells, e.g. %2").arg(cut.size()).arg(cut.mid(0, 4).join(QStringLiteral("; ")))));

        // Pointing at the cell shows its whole text.
        m_tree->scrollTo(status);
        const QPoint at = m_tree->visualRect(status).center();
        QHelpEvent help(QEvent::ToolTip, at, m_tree->viewport()->mapToGlobal(at));
        QApplication::sendEvent(m_tree->viewport(), &help);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(full), qPrintable(QToolTip::text()));
        QToolTip::hideText();
    }

private:
    ReplicaEditor *editorAt(const QString &app, const QString &deployment) const
    {
        return qobject_cast<ReplicaEditor *>(
            m_tree->indexWidget(m_model->deploymentIndex(app, deployment, ClusterModel::TargetColumn)));
    }

    int liveEditors() const { return int(m_tree->viewport()->findChildren<ReplicaEditor *>().size()); }

    int visibleRows() const
    {
        const int rowHeight = m_tree->visualRect(m_model->index(0, 0)).height();
        return m_tree->viewport()->height() / std::max(1, rowHeight) + 1;
    }

    // The rows on screen and "a few" on either side: far fewer than the 1,500 rows of the model.
    int rowsBound() const { return visibleRows() + 2 * 6; }

    std::unique_ptr<PendingEdits> m_edits;
    std::unique_ptr<ClusterModel> m_model;
    std::unique_ptr<ClusterTreeView> m_tree;
};

SCALEDECK_GUI_TEST_MAIN(TestClusterTreeView)
#include "test_clustertreeview.moc"
