// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Following the cluster after an apply never holds the window: once Ray has accepted a change, the operator
// can go on editing while the applier waits for the cluster, leave the wait with Stop waiting, and nothing
// edited meanwhile is dropped when the wait ends. The real window, driven with mouse and key events, against
// a scripted cluster that shows the demo state, then (once the PUT is in) llm/LLM at 3 with only 2 running.
#include "applybar.h"
#include "applypreviewdialog.h"
#include "clustermodel.h"
#include "clustertreeview.h"
#include "demodocuments.h"
#include "errorbanner.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "pendingedits.h"
#include "profilestore.h"
#include "replicaeditor.h"
#include "scriptedhttpserver.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <nlohmann/json.hpp>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString kLlm = QStringLiteral("llm");
const QString kLlmDeployment = QStringLiteral("LLM");
const QString kEmbedder = QStringLiteral("embedder");
const QString kEmbedderDeployment = QStringLiteral("Embedder");
const QByteArray kApplicationsPath = "/api/serve/applications/";

// num_replicas of `app`/`deployment` in a PUT body (-1 when not set).
int sentReplicas(const QByteArray &putBody, const QString &app, const QString &deployment)
{
    const nlohmann::json config = nlohmann::json::parse(putBody.constBegin(), putBody.constEnd());
    for (const auto &application : config.at("applications")) {
        if (application.value("name", std::string()) != app.toStdString())
            continue;
        for (const auto &entry : application.value("deployments", nlohmann::json::array()))
            if (entry.value("name", std::string()) == deployment.toStdString())
                return entry.value("num_replicas", -1);
    }
    return -1;
}
} // namespace

class TestApplyFollow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void stopWaitingLeavesTheFollow();
    void editsWhileFollowingStayPending();
    void applyWaitsWhileFollowingEditingDoesNot();
    void stoppedOutcomeGoesOnceTheClusterGetsThere();
    void sessionSwitchWhileFollowing();
    void checkingIsGoneOnceTheConfirmationShows();

private:
    // Scales llm/LLM from 2 to 3 with a key on its slider, clicks Apply and then OK in the confirmation, and
    // returns once Ray has the change and the window is following the cluster (2 of 3 replicas running).
    void startFollowingLlmAt3();
    void confirmInDialog();
    ReplicaEditor *editor(const QString &app, const QString &deployment) const;
    void pressKey(const QString &app, const QString &deployment, Qt::Key key);
    QPushButton *barButton(const QString &text) const;
    QString status() const { return m_window->applyBar()->statusText(); }
    // With SCALEDECK_SCREENSHOT_DIR set, the window is saved there, to look at what the operator sees.
    void saveScreenshot(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
    ClusterEndpoint m_endpoint;
    QList<QByteArray> m_afterPuts; // what the cluster shows after each PUT, in turn
};

void TestApplyFollow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer(kApplicationsPath, {200, bodyOf(demoDocument())});
    // Ray shows a PUT's effect as soon as it has accepted it. After the first, llm/LLM is at 3, and its third
    // replica finds no room.
    m_afterPuts = {bodyOf(withReplicas(demoDocument(), "llm", "LLM", 3, 2))};
    m_server->onRequest([this](const ReceivedRequest &request) {
        if (request.method == "PUT" && !m_afterPuts.isEmpty())
            m_server->answer(kApplicationsPath, {200, m_afterPuts.takeFirst()});
    });
    m_endpoint = ClusterEndpoint{};
    m_endpoint.dashboardUrl = QUrl(m_server->url());
    m_endpoint.timeoutMs = 5000;
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    MainWindowOptions options;
    options.storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    options.pollIntervalMs = 200;
    options.outcomeShownMs = 300; // a success outcome goes after this; one that needs reading stays
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->resize(1200, 600);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->connectToCluster(m_endpoint);
    QTRY_VERIFY(editor(kLlm, kLlmDeployment) && editor(kEmbedder, kEmbedderDeployment));
}

void TestApplyFollow::cleanup()
{
    if (QWidget *modal = QApplication::activeModalWidget())
        modal->close();
    m_window.reset();
    m_profiles.reset();
    m_settings.reset();
    m_server.reset();
    m_dir.reset();
}

ReplicaEditor *TestApplyFollow::editor(const QString &app, const QString &deployment) const
{
    return m_window->treeView()->replicaEditor(app, deployment);
}

void TestApplyFollow::pressKey(const QString &app, const QString &deployment, Qt::Key key)
{
    ReplicaEditor *replicas = editor(app, deployment);
    QVERIFY(replicas);
    QVERIFY2(replicas->isEnabled(), qPrintable(app + QStringLiteral(" cannot be edited")));
    QTest::keyClick(replicas->slider(), key);
}

QPushButton *TestApplyFollow::barButton(const QString &text) const
{
    for (QPushButton *button : m_window->applyBar()->findChildren<QPushButton *>())
        if (button->text().remove(QLatin1Char('&')) == text) // "&Discard": the mnemonic is not part of the name
            return button;
    return nullptr;
}

void TestApplyFollow::saveScreenshot(const QString &name) const
{
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        m_window->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}

void TestApplyFollow::confirmInDialog()
{
    QTRY_VERIFY(qobject_cast<ApplyPreviewDialog *>(QApplication::activeModalWidget()));
    auto *dialog = qobject_cast<ApplyPreviewDialog *>(QApplication::activeModalWidget());
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok && ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
}

void TestApplyFollow::startFollowingLlmAt3()
{
    pressKey(kLlm, kLlmDeployment, Qt::Key_Right);
    QCOMPARE(m_window->pendingEdits()->pendingReplicas(kLlm, kLlmDeployment), std::optional<int>(3));
    QPushButton *apply = m_window->applyBar()->applyButton();
    QVERIFY(apply->isVisible() && apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    confirmInDialog();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countRequests("PUT"), 1, 10000);
    // The applier reads the cluster after the PUT and says what it waits for.
    QTRY_VERIFY2_WITH_TIMEOUT(status().contains(QStringLiteral("llm/LLM: 2 of 3 running")), qPrintable(status()),
                              10000);
    // The window's own polls show the new target too.
    QTRY_COMPARE(m_window->model()->deploymentIndex(kLlm, kLlmDeployment).data(ClusterModel::CurrentTargetRole).toInt(),
                 3);
    QVERIFY(m_window->isApplying());
}

// (b) Stop waiting ends the follow at once: the bar is idle, and the outcome (sent, not there yet, what the last
// read saw) stays until the operator closes it.
void TestApplyFollow::stopWaitingLeavesTheFollow()
{
    startFollowingLlmAt3();
    QPushButton *stop = barButton(QStringLiteral("Stop waiting"));
    QVERIFY2(stop, "the apply bar has no Stop waiting button");
    QVERIFY(stop->isVisible());
    QVERIFY(stop->isEnabled());
    QTest::mouseClick(stop, Qt::LeftButton);

    QTRY_VERIFY(!m_window->isApplying());
    const QString outcome = status();
    QVERIFY2(outcome.startsWith(QStringLiteral("Sent; stopped waiting for the cluster")), qPrintable(outcome));
    QVERIFY2(outcome.contains(QStringLiteral("llm/LLM: 2 of 3 running")), qPrintable(outcome));
    QVERIFY(!stop->isVisible());
    QVERIFY(m_window->pendingEdits()->isEmpty()); // what was sent is no longer pending
    saveScreenshot(QStringLiteral("follow-stopped"));
    QCOMPARE(m_server->countRequests("PUT"), 1);

    // The window keeps polling, well past the time a success outcome is shown; this one stays (the cluster
    // still has 2 of 3).
    const int reads = m_server->countRequests("GET");
    QTRY_VERIFY(m_server->countRequests("GET") >= reads + 12);
    QCOMPARE(status(), outcome);
    QVERIFY(m_window->applyBar()->isVisible());
    // Until the operator closes it.
    QToolButton *close = m_window->applyBar()->findChild<QToolButton *>(QStringLiteral("dismissStatusButton"));
    QVERIFY(close && close->isVisible());
    QTest::mouseClick(close, Qt::LeftButton);
    QCOMPARE(status(), QString());
    QVERIFY(!m_window->applyBar()->isVisible());
}

// (c) Edits made while the window follows the cluster are still pending when the follow ends, whether they touch
// the deployment that was sent (3, then back to 2) or another one, and the next apply sends them against the
// cluster as it is now.
void TestApplyFollow::editsWhileFollowingStayPending()
{
    startFollowingLlmAt3();
    pressKey(kLlm, kLlmDeployment, Qt::Key_Left);            // 3 → 2: the operator changes their mind
    pressKey(kEmbedder, kEmbedderDeployment, Qt::Key_Right); // 2 → 3
    QVERIFY(m_window->isApplying());

    // The cluster gets there: the follow ends.
    m_server->answer(kApplicationsPath, {200, bodyOf(withReplicas(demoDocument(), "llm", "LLM", 3, 3))});
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isApplying(), 10000);
    QCOMPARE(m_window->pendingEdits()->size(), 2);
    QCOMPARE(m_window->pendingEdits()->pendingReplicas(kLlm, kLlmDeployment), std::optional<int>(2));
    QCOMPARE(m_window->pendingEdits()->pendingReplicas(kEmbedder, kEmbedderDeployment), std::optional<int>(3));
    QVERIFY2(status().contains(QStringLiteral("2 changes made while waiting are still pending")), qPrintable(status()));
    QCOMPARE(editor(kLlm, kLlmDeployment)->value(), 2);
    QPushButton *apply = m_window->applyBar()->applyButton();
    QVERIFY(apply->isEnabled());
    QCOMPARE(apply->text(), QStringLiteral("&Apply 2 changes"));
    saveScreenshot(QStringLiteral("follow-ended-with-edits"));

    // The next apply compares against the cluster as it is now (llm at 3): no conflict, both counts sent.
    m_afterPuts = {
        bodyOf(withReplicas(withReplicas(demoDocument(), "llm", "LLM", 2, 2), "embedder", "Embedder", 3, 3))};
    QTest::mouseClick(apply, Qt::LeftButton);
    confirmInDialog();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countRequests("PUT"), 2, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isApplying(), 10000);
    QVERIFY2(status().startsWith(QStringLiteral("Applied: the cluster reached the requested state")),
             qPrintable(status()));
    QVERIFY2(!m_window->errorBanner()->isVisible(), qPrintable(m_window->errorBanner()->text()));
    QVERIFY(m_window->pendingEdits()->isEmpty());
    QByteArray secondPut;
    for (const ReceivedRequest &request : m_server->requests())
        if (request.method == "PUT")
            secondPut = request.body;
    QCOMPARE(sentReplicas(secondPut, kLlm, kLlmDeployment), 2);
    QCOMPARE(sentReplicas(secondPut, kEmbedder, kEmbedderDeployment), 3);
}

// (d) While following, Apply and Preview wait (and say why), but the tree stays editable, and Discard drops only
// what was edited meanwhile.
void TestApplyFollow::applyWaitsWhileFollowingEditingDoesNot()
{
    startFollowingLlmAt3();
    QPushButton *apply = m_window->applyBar()->applyButton();
    QPushButton *preview = barButton(QStringLiteral("Preview…"));
    QPushButton *discard = barButton(QStringLiteral("Discard"));
    QVERIFY(preview && discard);
    QVERIFY(!apply->isEnabled());
    QVERIFY(!preview->isEnabled());
    QVERIFY2(apply->toolTip().contains(QStringLiteral("Stop waiting")), qPrintable(apply->toolTip()));
    QVERIFY2(preview->toolTip().contains(QStringLiteral("Stop waiting")), qPrintable(preview->toolTip()));
    QVERIFY(editor(kLlm, kLlmDeployment)->isEnabled());
    QVERIFY(editor(kEmbedder, kEmbedderDeployment)->isEnabled());

    pressKey(kEmbedder, kEmbedderDeployment, Qt::Key_Right);
    QCOMPARE(m_window->pendingEdits()->pendingReplicas(kEmbedder, kEmbedderDeployment), std::optional<int>(3));
    QVERIFY(!apply->isEnabled()); // still waiting for the cluster
    QVERIFY2(status().contains(QStringLiteral("1 change made while waiting")), qPrintable(status()));
    QVERIFY(discard->isEnabled());
    saveScreenshot(QStringLiteral("follow-editing"));
    QTest::mouseClick(discard, Qt::LeftButton);
    QVERIFY(!m_window->pendingEdits()->pendingReplicas(kEmbedder, kEmbedderDeployment));
    QCOMPARE(editor(kEmbedder, kEmbedderDeployment)->value(), 2);
    QCOMPARE(editor(kLlm, kLlmDeployment)->value(), 3); // what was sent stays as sent
    QVERIFY(m_window->isApplying());
    QVERIFY(!discard->isEnabled());
}

// After Stop waiting, the next snapshots are watched: once the cluster has what was sent, the outcome says so
// and, being good news, goes after a while.
void TestApplyFollow::stoppedOutcomeGoesOnceTheClusterGetsThere()
{
    startFollowingLlmAt3();
    QTest::mouseClick(barButton(QStringLiteral("Stop waiting")), Qt::LeftButton);
    QTRY_VERIFY(!m_window->isApplying());
    QVERIFY2(status().startsWith(QStringLiteral("Sent; stopped waiting for the cluster")), qPrintable(status()));

    m_server->answer(kApplicationsPath, {200, bodyOf(withReplicas(demoDocument(), "llm", "LLM", 3, 3))});
    QTRY_VERIFY2(status().startsWith(QStringLiteral("Applied: the cluster has reached the change that was sent")),
                 qPrintable(status()));
    QTRY_COMPARE(status(), QString());
    QVERIFY(!m_window->applyBar()->isVisible());
}

// Connecting elsewhere while following: the apply belonged to the old session; its edits, the ones made meanwhile
// too, go with it (as every edit does on a switch), and the bar is idle.
void TestApplyFollow::sessionSwitchWhileFollowing()
{
    startFollowingLlmAt3();
    pressKey(kEmbedder, kEmbedderDeployment, Qt::Key_Right);
    m_window->connectToCluster(m_endpoint);
    QVERIFY(!m_window->isApplying());
    QVERIFY(m_window->pendingEdits()->isEmpty());
    QVERIFY(!m_window->pendingEdits()->hasSent());
    QCOMPARE(status(), QString());
    QVERIFY(!barButton(QStringLiteral("Stop waiting"))->isVisible());
    // The new session's tree is editable and applies as usual.
    QTRY_VERIFY(editor(kEmbedder, kEmbedderDeployment) && editor(kEmbedder, kEmbedderDeployment)->isEnabled());
    pressKey(kEmbedder, kEmbedderDeployment, Qt::Key_Right);
    QVERIFY(m_window->applyBar()->applyButton()->isEnabled());
}

// Issue 11: "Checking the plan against the cluster…" says what happens until the plan is checked; by the time the
// confirmation is on screen it has gone, and neither cancelling nor confirming brings it back.
void TestApplyFollow::checkingIsGoneOnceTheConfirmationShows()
{
    const QString checking = QStringLiteral("Checking the plan against the cluster");
    // Every status the bar shows, as the event loop runs (the bar has no signal for it).
    QStringList shown;
    QTimer watch;
    watch.setInterval(0);
    connect(&watch, &QTimer::timeout, this, [&] {
        if (shown.isEmpty() || shown.last() != status())
            shown.append(status());
    });
    watch.start();

    pressKey(kLlm, kLlmDeployment, Qt::Key_Right);
    QTest::mouseClick(m_window->applyBar()->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(qobject_cast<ApplyPreviewDialog *>(QApplication::activeModalWidget()));
    QVERIFY2(shown.join(QLatin1Char('|')).contains(checking), qPrintable(shown.join(QLatin1Char('|'))));
    saveScreenshot(QStringLiteral("confirmation-shown"));
    QVERIFY2(!status().contains(checking), qPrintable(status()));

    // Cancel: the plan is not applied, and the bar says so.
    auto *dialog = qobject_cast<ApplyPreviewDialog *>(QApplication::activeModalWidget());
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!QApplication::activeModalWidget());
    QTRY_COMPARE(status(), QStringLiteral("Not applied: cancelled."));

    // Again, confirmed this time: from the dialog on, the check is never shown again.
    QTest::mouseClick(m_window->applyBar()->applyButton(), Qt::LeftButton);
    QTRY_VERIFY(qobject_cast<ApplyPreviewDialog *>(QApplication::activeModalWidget()));
    shown = {status()};
    QVERIFY2(!status().contains(checking), qPrintable(status()));
    confirmInDialog();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->countRequests("PUT"), 1, 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(status().contains(QStringLiteral("llm/LLM: 2 of 3 running")), qPrintable(status()),
                              10000);
    watch.stop();
    for (const QString &text : shown)
        QVERIFY2(!text.contains(checking), qPrintable(shown.join(QLatin1Char('|'))));
}

SCALEDECK_GUI_TEST_MAIN(TestApplyFollow)
#include "test_applyfollow.moc"
