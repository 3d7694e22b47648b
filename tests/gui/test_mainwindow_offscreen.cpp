// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "applybar.h"
#include "applypreviewdialog.h"
#include "applyworker.h"
#include "clustermodel.h"
#include "clustersession.h"
#include "clustertreeview.h"
#include "errorbanner.h"
#include "fixturesnapshots.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "servestatereader.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace scaledeck;
using namespace scaledeck::test;

namespace {
// With SCALEDECK_SCREENSHOT_DIR set, widgets are saved as PNGs to look at what the operator sees.
void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    // Let replaced editors be deleted and editor geometries settle, as they would before the next paint.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    widget.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

// The demo snapshot with embedder parked and gateway made imperative (as if deployed with serve.run).
SnapshotPtr parkedAndImperativeSnapshot()
{
    auto serve = readServeState(readFixture(QStringLiteral("applications_llm1_embedder_parked.json")));
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    for (ApplicationSnapshot &app : serve.value().applications)
        if (app.name == QStringLiteral("gateway"))
            app.source = QStringLiteral("imperative");
    return buildSnapshot(QStringLiteral("2.60.0"), std::move(serve).value(), nodes.value(), {parkedEmbedder()},
                         QDateTime::currentDateTimeUtc());
}
} // namespace

// The window without any cluster: what the operator sees when the cluster does not answer.
class TestMainWindowOffscreen : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void unreachableClusterShowsBannerWithoutBlocking()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        MainWindowOptions options;
        options.storePath = dir.filePath(QStringLiteral("store.sqlite"));
        options.pollIntervalMs = 500;
        MainWindow window(&profiles, options);
        window.show();

        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // discard port: nothing listens
        endpoint.timeoutMs = 1000;
        QElapsedTimer clock;
        clock.start();
        window.connectToCluster(endpoint);
        QVERIFY2(clock.elapsed() < 500, "connecting must not wait for the network");
        QVERIFY(window.windowTitle().contains(QStringLiteral("127.0.0.1:9")));

        QTRY_VERIFY_WITH_TIMEOUT(window.staleNotice()->isVisible(), 15000);
        QVERIFY2(window.staleNotice()->text().contains(QStringLiteral("unreachable")),
                 qPrintable(window.staleNotice()->text()));
        QVERIFY2(window.staleNotice()->text().contains(QStringLiteral("no data received yet")),
                 qPrintable(window.staleNotice()->text()));
        QCOMPARE(window.model()->rowCount(), 0);
        QVERIFY(!window.isApplying());
    }

    void editorsFollowTheRows()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        MainWindowOptions options;
        options.storePath = dir.filePath(QStringLiteral("store.sqlite"));
        MainWindow window(&profiles, options);
        window.show();
        ClusterTreeView *tree = window.treeView();

        window.model()->setSnapshot(fixtureSnapshot(QStringLiteral("applications_demo.json")));
        QVERIFY(tree->replicaEditor(QStringLiteral("embedder"), QStringLiteral("Embedder")));
        QCOMPARE(tree->replicaEditor(QStringLiteral("llm"), QStringLiteral("LLM"))->value(), 2);
        QCOMPARE(tree->replicaEditor(QStringLiteral("llm"), QStringLiteral("LLM"))->maximum(), 4);

        window.model()->setSnapshot(parkedAndImperativeSnapshot());
        // Parked: no replica editor, an Unpark button. Imperative: no editor, a note instead.
        QVERIFY(!tree->replicaEditor(QStringLiteral("embedder"), QStringLiteral("Embedder")));
        QVERIFY(!tree->replicaEditor(QStringLiteral("gateway"), QStringLiteral("Router")));
        QCOMPARE(
            window.model()->applicationIndex(QStringLiteral("gateway"), ClusterModel::TargetColumn).data().toString(),
            QStringLiteral("read-only (serve.run)"));
        ReplicaEditor *llm = tree->replicaEditor(QStringLiteral("llm"), QStringLiteral("LLM"));
        QVERIFY(llm);
        QCOMPARE(llm->value(), 1); // the editor that moved with its row shows the new target
        QWidget *unparkCell =
            tree->indexWidget(window.model()->applicationIndex(QStringLiteral("embedder"), ClusterModel::TargetColumn));
        QVERIFY(unparkCell);
        auto *unpark = unparkCell->findChild<QPushButton *>();
        QCOMPARE(unpark->text(), QStringLiteral("Unpark"));

        unpark->click();
        QVERIFY(window.pendingEdits()->isUnparkPending(QStringLiteral("embedder")));
        QCOMPARE(unpark->text(), QStringLiteral("Keep parked"));
        llm->slider()->setValue(2);
        QCOMPARE(window.pendingEdits()->size(), 2);
        QVERIFY(window.applyBar()->isVisible());
        QCOMPARE(window.applyBar()->applyButton()->text(), QStringLiteral("&Apply 2 changes"));
        saveScreenshot(window, QStringLiteral("offscreen-pending"));

        window.pendingEdits()->clear();
        QCOMPARE(unpark->text(), QStringLiteral("Unpark"));
        QCOMPARE(llm->value(), 1);
    }

    void profilesKeepTheTokenPathOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        {
            QSettings settings(path, QSettings::IniFormat);
            ProfileStore profiles(&settings);
            profiles.save({QStringLiteral("lab"),
                           QStringLiteral("http://10.0.0.5:8265"),
                           QStringLiteral("/home/op/.ray/lab_token"),
                           true,
                           {},
                           false,
                           false,
                           {},
                           {},
                           {},
                           false});
            profiles.save({QStringLiteral("prod"),
                           QStringLiteral("http://10.0.0.9:8265"),
                           QString(),
                           false,
                           {},
                           false,
                           false,
                           {},
                           {},
                           {},
                           false});
            profiles.setLastUsed(QStringLiteral("lab"));
        }
        QSettings settings(path, QSettings::IniFormat);
        ProfileStore profiles(&settings);
        QCOMPARE(int(profiles.profiles().size()), 2);
        const auto lab = profiles.find(QStringLiteral("lab"));
        QVERIFY(lab);
        QCOMPARE(lab->tokenFile, QStringLiteral("/home/op/.ray/lab_token"));
        QVERIFY(lab->readOnly);
        QCOMPARE(profiles.lastUsed(), QStringLiteral("lab"));
        profiles.remove(QStringLiteral("lab"));
        QCOMPARE(int(profiles.profiles().size()), 1);
        for (const QString &key : settings.allKeys())
            QVERIFY2(!key.contains(QStringLiteral("token"), Qt::CaseInsensitive) ||
                         key.endsWith(QStringLiteral("tokenFile"), Qt::CaseInsensitive), // controllerTokenFile too
                     qPrintable(key));
    }

    void stoppingServingNeedsConfirmation()
    {
        ApplyPlan plan;
        plan.preview.push_back({QStringLiteral("llm"), QString(), QStringLiteral("park"), QStringLiteral("RUNNING"),
                                QStringLiteral("parked"), true});
        ApplyPreviewDialog dialog(plan, ApplyPreviewDialog::Mode::ConfirmApply);
        QVERIFY(dialog.needsStopConfirmation());
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        saveScreenshot(dialog, QStringLiteral("preview-dialog"));
        dialog.setStopConfirmed(true);
        QVERIFY(ok->isEnabled());

        ApplyPlan harmless;
        harmless.preview.push_back({QStringLiteral("llm"), QStringLiteral("LLM"), QStringLiteral("num_replicas"),
                                    QStringLiteral("2"), QStringLiteral("3"), false});
        ApplyPreviewDialog plain(harmless, ApplyPreviewDialog::Mode::ConfirmApply);
        QVERIFY(!plain.needsStopConfirmation());
        QVERIFY(plain.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->isEnabled());
    }

    // The applier runs on the session's own thread; its results arrive queued in the GUI thread.
    void applierRunsOffTheGuiThread()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
        endpoint.readOnly = true; // a real apply then fails before any request, so no cluster is needed
        ClusterSession session(endpoint, dir.filePath(QStringLiteral("store.sqlite")), 60000);
        ApplyBackend *worker = session.applyWorker();
        QVERIFY(worker->thread() != QThread::currentThread());
        QVERIFY(worker->thread()->isRunning());

        QObject receiver; // in the GUI thread
        std::optional<ApplyOutcome> outcome;
        QThread *deliveredIn = nullptr;
        connect(worker, &ApplyBackend::finished, &receiver, [&](const ApplyOutcome &result) {
            outcome = result;
            deliveredIn = QThread::currentThread();
        });
        ChangeSet changes;
        changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
        QMetaObject::invokeMethod(
            worker, [worker, changes] { worker->apply(nullptr, changes, ApplyOptions{}); }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 5000);
        QCOMPARE(deliveredIn, QThread::currentThread());
        QVERIFY(outcome->error);
        QCOMPARE(outcome->error->kind, RayErrorKind::ReadOnly);
    }

    // Closing a session (switching clusters, closing the window) while a request of the applier is in
    // flight: the worker thread is torn down and joined promptly, and nothing calls back afterwards.
    void sessionClosesWhileApplyIsInFlight()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QTcpServer silentServer; // accepts the connection and never answers
        QVERIFY(silentServer.listen(QHostAddress::LocalHost));
        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silentServer.serverPort()));
        endpoint.timeoutMs = 60000;
        auto session = std::make_unique<ClusterSession>(endpoint, dir.filePath(QStringLiteral("store.sqlite")), 60000);
        ApplyBackend *worker = session->applyWorker();

        QObject receiver;
        int finishedCount = 0;
        connect(worker, &ApplyBackend::finished, &receiver, [&finishedCount] { ++finishedCount; });
        ChangeSet changes;
        changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
        ApplyOptions dryRun;
        dryRun.dryRun = true;
        QMetaObject::invokeMethod(
            worker, [worker, changes, dryRun] { worker->apply(nullptr, changes, dryRun); }, Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(silentServer.hasPendingConnections(), 5000); // the fresh GET is in flight

        QElapsedTimer clock;
        clock.start();
        session.reset();
        QVERIFY2(clock.elapsed() < 2000, "closing the session must not wait for the cluster");
        QTest::qWait(100);
        QCOMPARE(finishedCount, 0);
    }
};

SCALEDECK_GUI_TEST_MAIN(TestMainWindowOffscreen)
#include "test_mainwindow_offscreen.moc"
