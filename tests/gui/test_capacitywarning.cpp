// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Capacity is visible before it bites (issue 11): the replica editor says why it stops where it does, the apply
// bar warns while the operator edits a count the nodes cannot place, and Preview and the confirmation show the
// GPUs the change needs against the GPUs free and the cost per hour before → after. The real window, driven with
// keys and clicks, against a scripted cluster that shows the demo state (4 GPUs, 3.5 held).
#include "applybar.h"
#include "applypreviewdialog.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "costview.h"
#include "demodocuments.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "pricestore.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "scriptedhttpserver.h"
#include "scriptedwindow.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString kEmbedder = QStringLiteral("embedder");
const QString kEmbedderDeployment = QStringLiteral("Embedder");
const QString kNotPlaced = QStringLiteral(
    "embedder/Embedder: 5 of 6 new replicas cannot be placed on the current nodes (0.5 GPUs each, 0.5 GPUs free)");
} // namespace

class TestCapacityWarning : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void editorSaysWhyItStopsWhereItDoes();
    void editingPastTheFreeGpusWarnsInTheBar();
    void previewAndConfirmationShowGpusAndCost();

private:
    ReplicaEditor *embedderEditor() const;
    void typeEmbedderReplicas(int replicas);
    void clickAndWaitForDialog(QPushButton *button);
    static ApplyPreviewDialog *shownDialog();
    void saveScreenshot(QWidget *widget, const QString &name) const;

    std::unique_ptr<ScriptedWindow> m_scripted;
    ScriptedHttpServer *m_server = nullptr; // m_scripted's
    MainWindow *m_window = nullptr;         // m_scripted's
};

void TestCapacityWarning::init()
{
    m_scripted = std::make_unique<ScriptedWindow>();
    QVERIFY(m_scripted->dir.isValid());
    m_scripted->serveApplications(bodyOf(demoDocument()));
    m_server = &m_scripted->server;
    ClusterEndpoint endpoint = m_scripted->endpoint();
    PriceList prices;
    prices.gpuHour = 2.0;
    QVERIFY(PriceStore(m_scripted->storePath()).setPrices(endpoint.clusterKey(), prices));
    QVERIFY(m_scripted->open(QSize(1200, 640), 200, endpoint));
    m_window = m_scripted->window.get();
    QTRY_VERIFY(embedderEditor());
    QTRY_COMPARE(m_window->costView()->data().prices.gpuHour, 2.0);
}

void TestCapacityWarning::cleanup()
{
    if (QWidget *modal = QApplication::activeModalWidget())
        modal->close();
    m_window = nullptr;
    m_server = nullptr;
    m_scripted.reset();
}

ReplicaEditor *TestCapacityWarning::embedderEditor() const
{
    return m_window->treeView()->replicaEditor(kEmbedder, kEmbedderDeployment);
}

// As an operator types a count: select the spin box's text, type, Enter.
void TestCapacityWarning::typeEmbedderReplicas(int replicas)
{
    QSpinBox *spin = embedderEditor()->spinBox();
    spin->setFocus();
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, QString::number(replicas));
    QTest::keyClick(spin, Qt::Key_Return);
    QCOMPARE(m_window->pendingEdits()->pendingReplicas(kEmbedder, kEmbedderDeployment),
             replicas == 2 ? std::nullopt : std::optional<int>(replicas));
}

void TestCapacityWarning::clickAndWaitForDialog(QPushButton *button)
{
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(shownDialog(), 10000);
}

ApplyPreviewDialog *TestCapacityWarning::shownDialog()
{
    return qobject_cast<ApplyPreviewDialog *>(QApplication::activeModalWidget());
}

void TestCapacityWarning::saveScreenshot(QWidget *widget, const QString &name) const
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// The slider offered 0..8 with no reason shown.
void TestCapacityWarning::editorSaysWhyItStopsWhereItDoes()
{
    ReplicaEditor *editor = embedderEditor();
    QCOMPARE(editor->maximum(), 8);
    QVERIFY2(editor->toolTip().contains(
                 QStringLiteral("Up to 8: room for 8 replicas of 0.5 GPUs each in the cluster's 4 GPUs")),
             qPrintable(editor->toolTip()));
}

void TestCapacityWarning::editingPastTheFreeGpusWarnsInTheBar()
{
    ApplyBar *bar = m_window->applyBar();
    typeEmbedderReplicas(3); // one more replica: the 0.5 GPU free holds it
    QCOMPARE(bar->capacityWarning(), QString());
    typeEmbedderReplicas(8);
    QVERIFY2(bar->capacityWarning().contains(kNotPlaced), qPrintable(bar->capacityWarning()));
    QVERIFY(bar->findChild<QLabel *>(QStringLiteral("capacityWarning"))->isVisible());
    QVERIFY(bar->applyButton()->isEnabled()); // a warning, not a refusal: an autoscaler may add nodes
    saveScreenshot(m_window, QStringLiteral("capacity-bar"));
    typeEmbedderReplicas(2); // back where it was: nothing pending, nothing to warn of
    QCOMPARE(bar->capacityWarning(), QString());
}

void TestCapacityWarning::previewAndConfirmationShowGpusAndCost()
{
    typeEmbedderReplicas(8);
    QPushButton *previewButton = nullptr;
    for (QPushButton *button : m_window->applyBar()->findChildren<QPushButton *>())
        if (button->text() == QStringLiteral("&Preview…"))
            previewButton = button;
    QVERIFY(previewButton);
    const QStringList expected = {
        QStringLiteral("GPUs: needs 3 more GPUs; 0.5 of 4 GPUs free now."),
        QStringLiteral("Cost: 2.00 USD → 8.00 USD per hour for the changed deployments."),
        QStringLiteral("⚠ ") + kNotPlaced,
    };
    clickAndWaitForDialog(previewButton);
    ApplyPreviewDialog *preview = shownDialog();
    QVERIFY(preview);
    QCOMPARE(preview->capacityText().split(QLatin1Char('\n')).mid(0, 3), expected);
    saveScreenshot(preview, QStringLiteral("capacity-preview"));
    preview->close();
    QTRY_VERIFY(!QApplication::activeModalWidget());

    clickAndWaitForDialog(m_window->applyBar()->applyButton());
    ApplyPreviewDialog *confirmation = shownDialog();
    QVERIFY(confirmation);
    QCOMPARE(confirmation->capacityText().split(QLatin1Char('\n')).mid(0, 3), expected);
    QVERIFY(confirmation->capacityText().contains(QStringLiteral("It can still be applied")));
    QPushButton *ok = confirmation->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok && ok->isEnabled());
    saveScreenshot(confirmation, QStringLiteral("capacity-confirmation"));
    confirmation->reject();
    QCOMPARE(m_server->countRequests("PUT"), 0);
}

SCALEDECK_GUI_TEST_MAIN(TestCapacityWarning)
#include "test_capacitywarning.moc"
