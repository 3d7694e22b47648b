// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// An unplaceable replica is not hidden in a tooltip (issue 11): while Ray cannot place replicas, the deployment's
// row says so in words and a notice above the tree says which deployment waits for what; both go once Ray placed
// them. The real window against a scripted cluster that serves Ray's own payloads, captured with the Embedder
// scaled past the cluster's 4 GPUs (two replicas waiting), then placed once llm gave a GPU back.
#include "clustermodel.h"
#include "fixtures.h"
#include "guitestmain.h"
#include "mainwindow.h"
#include "placementnotice.h"
#include "profilestore.h"
#include "scriptedhttpserver.h"

#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>

using namespace scaledeck;

class TestPlacementNotice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void waitingReplicasAreNamedInTheRowAndTheNotice();
    void manyWaitingDeploymentsKeepTheNoticeShort();

private:
    QString embedderReplicasText() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ProfileStore> m_profiles;
    std::unique_ptr<MainWindow> m_window;
};

void TestPlacementNotice::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer("/api/serve/applications/",
                     {200, readFixture(QStringLiteral("applications_embedder5_waiting.json"))});
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = QUrl(m_server->url());
    endpoint.timeoutMs = 5000;
    m_settings = std::make_unique<QSettings>(m_dir->filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    m_profiles = std::make_unique<ProfileStore>(m_settings.get());
    MainWindowOptions options;
    options.storePath = m_dir->filePath(QStringLiteral("store.sqlite"));
    options.pollIntervalMs = 200;
    m_window = std::make_unique<MainWindow>(m_profiles.get(), options);
    m_window->resize(1200, 640);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->connectToCluster(endpoint);
    QTRY_VERIFY(m_window->model()->deploymentIndex(QStringLiteral("embedder"), QStringLiteral("Embedder")).isValid());
}

void TestPlacementNotice::cleanup()
{
    m_window.reset();
    m_profiles.reset();
    m_settings.reset();
    m_server.reset();
    m_dir.reset();
}

QString TestPlacementNotice::embedderReplicasText() const
{
    const QModelIndex row = m_window->model()->deploymentIndex(QStringLiteral("embedder"), QStringLiteral("Embedder"));
    return row.siblingAtColumn(ClusterModel::ReplicasColumn).data().toString();
}

void TestPlacementNotice::waitingReplicasAreNamedInTheRowAndTheNotice()
{
    // Ray's state counts them as STARTING; the row says what they wait for.
    QCOMPARE(embedderReplicasText(), QStringLiteral("3/5 (2 wait for GPUs)"));
    PlacementNotice *notice = m_window->placementNotice();
    QTRY_VERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(
                 QStringLiteral("embedder/Embedder: 2 replicas wait for a node with 0.5 GPUs free (0 of 4 GPUs free)")),
             qPrintable(notice->text()));
    const QString dir = qEnvironmentVariable("SCALEDECK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        m_window->grab().save(QDir(dir).filePath(QStringLiteral("placement-waiting.png")));

    m_server->answer("/api/serve/applications/",
                     {200, readFixture(QStringLiteral("applications_embedder5_placed.json"))});
    QTRY_COMPARE(embedderReplicasText(), QStringLiteral("5/5"));
    QTRY_VERIFY(!notice->isVisible());
}

// A fleet with many waiting deployments: the first few are named, then how many more (the tooltip has them all).
void TestPlacementNotice::manyWaitingDeploymentsKeepTheNoticeShort()
{
    QByteArray body = readFixture(QStringLiteral("applications_embedder5_waiting.json"));
    nlohmann::json document = nlohmann::json::parse(body.constBegin(), body.constEnd());
    const nlohmann::json embedder = document["applications"]["embedder"];
    for (int i = 0; i < 5; ++i)
        document["applications"]["embedder" + std::to_string(i)] = embedder;
    for (auto &[name, app] : document["applications"].items())
        if (name.rfind("embedder", 0) == 0)
            app["name"] = name;
    m_server->answer("/api/serve/applications/", {200, QByteArray::fromStdString(document.dump())});
    PlacementNotice *notice = m_window->placementNotice();
    QTRY_VERIFY2(notice->text().contains(QStringLiteral("3 more deployments wait too")), qPrintable(notice->text()));
    QCOMPARE(notice->toolTip().count(QLatin1Char('\n')), 5); // six lines: all six Embedders
}

SCALEDECK_GUI_TEST_MAIN(TestPlacementNotice)
#include "test_placementnotice.moc"
