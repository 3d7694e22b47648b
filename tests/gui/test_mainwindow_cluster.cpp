// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clusterendpoint.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "errorbanner.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "profilestore.h"
#include "replicaeditor.h"

#include <QDir>
#include <QPixmap>
#include <QSettings>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;

// Against a real Ray cluster running examples/serve_config.yaml: scale llm/LLM through the window's own
// editor and apply path, wait for the cluster to converge, then put it back the same way.
class TestMainWindowCluster : public QObject {
    Q_OBJECT

private:
    // With SCALEDECK_SCREENSHOT_DIR set, the window is saved at the interesting moments (for the README
    // and for looking at what the operator sees).
    void saveScreenshot(MainWindow &window, const QString &name)
    {
        const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            window.grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
    }

    const DeploymentSnapshot *llm(const MainWindow &window) const
    {
        const SnapshotPtr snapshot = window.model()->snapshot();
        const ApplicationSnapshot *app = snapshot ? snapshot->findApplication(QStringLiteral("llm")) : nullptr;
        return app ? app->findDeployment(QStringLiteral("LLM")) : nullptr;
    }

    void scaleThroughTheWindow(MainWindow &window, int replicas)
    {
        ReplicaEditor *editor = window.treeView()->replicaEditor(QStringLiteral("llm"), QStringLiteral("LLM"));
        QVERIFY(editor);
        QVERIFY(editor->isEnabled());
        QVERIFY(replicas <= editor->maximum());
        editor->slider()->setValue(replicas); // what dragging the slider does
        QCOMPARE(window.pendingEdits()->size(), 1);
        QCOMPARE(window.model()
                     ->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"))
                     .data(ClusterModel::TargetReplicasRole)
                     .toInt(),
                 replicas);
        saveScreenshot(window, QStringLiteral("pending-llm-%1").arg(replicas));

        window.applyPendingChanges(true); // the Apply button's path, without the modal dialog
        QVERIFY(window.isApplying());
        if (qEnvironmentVariableIsSet("SCALEDECK_SCREENSHOT_DIR")) {
            QTest::qWait(1500); // only so the screenshot shows progress text; nothing depends on it
            saveScreenshot(window, QStringLiteral("applying-llm-%1").arg(replicas));
        }
        QTRY_VERIFY_WITH_TIMEOUT(!window.isApplying(), 180000);
        QVERIFY2(window.pendingEdits()->isEmpty(),
                 qPrintable(QStringLiteral("apply failed: ") + window.errorBanner()->text()));
        QTRY_VERIFY2_WITH_TIMEOUT(llm(window) && llm(window)->targetReplicas == replicas &&
                                      llm(window)->runningReplicas == replicas,
                                  qPrintable(QStringLiteral("llm/LLM did not converge to %1").arg(replicas)), 120000);
        // Ray can count the running replicas at the target while the one it removes is still STOPPING: the cell
        // says so ("1/1 (1 stopping)") until the next snapshot no longer has it.
        QTRY_COMPARE_WITH_TIMEOUT(
            window.model()
                ->deploymentIndex(QStringLiteral("llm"), QStringLiteral("LLM"), ClusterModel::ReplicasColumn)
                .data()
                .toString(),
            QStringLiteral("%1/%1").arg(replicas), 120000);
        saveScreenshot(window, QStringLiteral("converged-llm-%1").arg(replicas));
    }

private Q_SLOTS:
    void scaleLlmAndRestore()
    {
        const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        if (environment.value(QStringLiteral("RAY_DASHBOARD_ADDRESS")).isEmpty())
            QFAIL("RAY_DASHBOARD_ADDRESS is not set: this test needs a real Ray cluster running "
                  "examples/serve_config.yaml (scripts/ray-cluster.sh start && deploy, or scripts/test.sh)");
        auto url = resolveDashboardUrl(QString(), environment);
        QVERIFY2(url.ok(), url.ok() ? "" : qPrintable(url.error().describe()));
        auto token = resolveToken(QString(), environment, QDir::homePath());
        QVERIFY2(token.ok(), token.ok() ? "" : qPrintable(token.error().describe()));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ProfileStore profiles(&settings);
        MainWindowOptions options;
        options.storePath = dir.filePath(QStringLiteral("store.sqlite")); // never the user's store
        options.pollIntervalMs = 1000;
        options.environment = environment;
        MainWindow window(&profiles, options);
        window.show();

        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = url.value();
        endpoint.token = token->token;
        endpoint.tokenOrigin = token->origin;
        window.connectToCluster(endpoint);

        QTRY_VERIFY2_WITH_TIMEOUT(
            llm(window) && window.treeView()->replicaEditor(QStringLiteral("llm"), QStringLiteral("LLM")),
            qPrintable(QStringLiteral("no llm/LLM shown; banner: ") + window.errorBanner()->text()), 60000);
        // Start from a settled deployment, so "converged" below is about our change.
        QTRY_VERIFY_WITH_TIMEOUT(llm(window)->runningReplicas == llm(window)->targetReplicas, 120000);
        const int original = llm(window)->targetReplicas;
        QVERIFY2(original >= 1, "llm/LLM is at 0 replicas; deploy examples/serve_config.yaml first");
        const int scaled = original == 1 ? 2 : 1; // both fit in the demo cluster's 4 logical GPUs

        scaleThroughTheWindow(window, scaled);
        if (QTest::currentTestFailed())
            return;
        scaleThroughTheWindow(window, original);
    }
};

SCALEDECK_GUI_TEST_MAIN(TestMainWindowCluster)
#include "test_mainwindow_cluster.moc"
