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
#include "scriptedwindow.h"

#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <nlohmann/json.hpp>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestPlacementNotice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void waitingReplicasAreNamedInTheRowAndTheNotice();
    void manyWaitingDeploymentsKeepTheNoticeShort();

private:
    QString embedderReplicasText() const;

    std::unique_ptr<ScriptedWindow> m_scripted;
    ScriptedHttpServer *m_server = nullptr; // m_scripted's
    MainWindow *m_window = nullptr;         // m_scripted's
};

void TestPlacementNotice::init()
{
    m_scripted = std::make_unique<ScriptedWindow>();
    QVERIFY(m_scripted->dir.isValid());
    m_scripted->serveApplications(readFixture(QStringLiteral("applications_embedder5_waiting.json")));
    m_server = &m_scripted->server;
    ClusterEndpoint endpoint = m_scripted->endpoint();
    QVERIFY(m_scripted->open(QSize(1200, 640), 200, endpoint));
    m_window = m_scripted->window.get();
    QTRY_VERIFY(m_window->model()->deploymentIndex(QStringLiteral("embedder"), QStringLiteral("Embedder")).isValid());
}

void TestPlacementNotice::cleanup()
{
    m_window = nullptr;
    m_server = nullptr;
    m_scripted.reset();
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
