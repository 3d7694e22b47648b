// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Against the real Ray cluster: every change reaches the cluster exactly, nothing else in the Serve config
// changes, parked configs come back byte for byte, and someone else's change is a conflict.
#include "livecluster.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

class TestLiveChanges : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scaleDownAndUpChangesOnlyThatCount();
    void parkAndUnparkRestoresExactConfig();
    void externalScalerToZeroAndBack();
    void serveDeployBetweenEditAndApplyIsAConflict();
    void tokenAuth();
    void cleanupTestCase();

private:
    const DeploymentSnapshot *deployment(const SnapshotPtr &snapshot, const QString &app, const QString &name);
    SnapshotPtr snapshot();
    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_storeDir;
    std::unique_ptr<ParkedStore> m_store;
    OrderedJson m_original; // the declarative config as deployed by the test script
};

void TestLiveChanges::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    m_store = std::make_unique<ParkedStore>(m_storeDir.filePath(QStringLiteral("store.sqlite")));
    QVERIFY(m_store->open().ok());
    QVERIFY2(waitUntilSettled(*m_client), "the demo apps did not all reach RUNNING");
    m_original = declarativeConfig(serveDocument(*m_client));
    for (const char *app : {"llm", "embedder", "gateway", "batch", "scaler"})
        QVERIFY2(m_original["applications"].contains(app), app);
}

SnapshotPtr TestLiveChanges::snapshot()
{
    auto result = snapshotNow(*m_client, m_store.get());
    if (!result)
        qFatal("%s", qPrintable(result.error().describe()));
    return result.value();
}

const DeploymentSnapshot *TestLiveChanges::deployment(const SnapshotPtr &snap, const QString &app, const QString &name)
{
    const ApplicationSnapshot *found = snap->findApplication(app);
    return found ? found->findDeployment(name) : nullptr;
}

void TestLiveChanges::scaleDownAndUpChangesOnlyThatCount()
{
    ChangeSet down;
    down.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);
    ApplyOutcome outcome = applyAndFollow(*m_client, *m_store, snapshot(), down);
    QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->describe() : QString()));
    QVERIFY2(outcome.converged, qPrintable(outcome.summary));

    OrderedJson expected = m_original;
    expected["applications"]["llm"]["deployments"][0]["num_replicas"] = 1;
    const OrderedJson now = declarativeConfig(serveDocument(*m_client));
    QCOMPARE(QString::fromStdString(now.dump(1)), QString::fromStdString(expected.dump(1)));
    const SnapshotPtr after = snapshot();
    QCOMPARE(deployment(after, QStringLiteral("llm"), QStringLiteral("LLM"))->runningReplicas, 1);
    QCOMPARE(deployment(after, QStringLiteral("llm"), QStringLiteral("LLM"))->gpusHeld, 1.0);

    ChangeSet up;
    up.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
    outcome = applyAndFollow(*m_client, *m_store, after, up);
    QVERIFY2(!outcome.error && outcome.converged, qPrintable(outcome.summary));
    QCOMPARE(QString::fromStdString(declarativeConfig(serveDocument(*m_client)).dump(1)),
             QString::fromStdString(m_original.dump(1)));
    QCOMPARE(deployment(snapshot(), QStringLiteral("llm"), QStringLiteral("LLM"))->runningReplicas, 2);
}

void TestLiveChanges::parkAndUnparkRestoresExactConfig()
{
    const std::string embedderConfig = m_original["applications"]["embedder"].dump();
    ChangeSet park;
    park.park(QStringLiteral("embedder"));
    ApplyOutcome outcome = applyAndFollow(*m_client, *m_store, snapshot(), park);
    QVERIFY2(!outcome.error && outcome.converged,
             qPrintable(outcome.error ? outcome.error->describe() : outcome.summary));

    // The exact config is in the store; the cluster lost only that app.
    auto parked = m_store->list(m_endpoint->clusterKey());
    QVERIFY(parked.ok());
    QCOMPARE(parked->size(), size_t(1));
    QCOMPARE(parked->at(0).configJson.toStdString(), embedderConfig);
    OrderedJson expected = m_original;
    expected["applications"].erase("embedder");
    QCOMPARE(QString::fromStdString(declarativeConfig(serveDocument(*m_client)).dump(1)),
             QString::fromStdString(expected.dump(1)));
    const SnapshotPtr whileParked = snapshot();
    const ApplicationSnapshot *shown = whileParked->findApplication(QStringLiteral("embedder"));
    QVERIFY(shown && shown->parked);
    QCOMPARE(shown->deployments.at(0).targetReplicas, 0);
    QCOMPARE(shown->gpusHeld(), 0.0);

    ChangeSet unpark;
    unpark.unpark(QStringLiteral("embedder"));
    outcome = applyAndFollow(*m_client, *m_store, whileParked, unpark);
    QVERIFY2(!outcome.error && outcome.converged,
             qPrintable(outcome.error ? outcome.error->describe() : outcome.summary));
    QCOMPARE(QString::fromStdString(declarativeConfig(serveDocument(*m_client)).dump(1)),
             QString::fromStdString(m_original.dump(1)));
    QVERIFY(m_store->list(m_endpoint->clusterKey())->empty()); // the stored copy is released once Ray has it
    QCOMPARE(deployment(snapshot(), QStringLiteral("embedder"), QStringLiteral("Embedder"))->runningReplicas, 2);
}

void TestLiveChanges::externalScalerToZeroAndBack()
{
    ChangeSet zero;
    zero.setReplicas(QStringLiteral("scaler"), QStringLiteral("Scaled"), 0);
    ApplyOutcome outcome = applyAndFollow(*m_client, *m_store, snapshot(), zero);
    QVERIFY2(!outcome.error && outcome.converged,
             qPrintable(outcome.error ? outcome.error->describe() : outcome.summary));
    QVERIFY(!outcome.plan.putBody);
    QCOMPARE(outcome.plan.scaleCalls.size(), size_t(1));
    const SnapshotPtr atZero = snapshot();
    QCOMPARE(deployment(atZero, QStringLiteral("scaler"), QStringLiteral("Scaled"))->targetReplicas, 0);
    QCOMPARE(deployment(atZero, QStringLiteral("scaler"), QStringLiteral("Scaled"))->gpusHeld, 0.0);
    QCOMPARE(QString::fromStdString(declarativeConfig(serveDocument(*m_client)).dump(1)),
             QString::fromStdString(m_original.dump(1))); // the declarative config did not move

    ChangeSet back;
    back.setReplicas(QStringLiteral("scaler"), QStringLiteral("Scaled"), 1);
    outcome = applyAndFollow(*m_client, *m_store, atZero, back);
    QVERIFY2(!outcome.error && outcome.converged,
             qPrintable(outcome.error ? outcome.error->describe() : outcome.summary));
    QCOMPARE(deployment(snapshot(), QStringLiteral("scaler"), QStringLiteral("Scaled"))->runningReplicas, 1);
}

void TestLiveChanges::serveDeployBetweenEditAndApplyIsAConflict()
{
    const SnapshotPtr editBegan = snapshot();
    // Someone else redeploys with llm at 1 replica, using Ray's own CLI.
    const QString serveBin = qEnvironmentVariable("SCALEDECK_SERVE_BIN");
    const QString config = qEnvironmentVariable("SCALEDECK_SERVE_CONFIG");
    QVERIFY2(!serveBin.isEmpty() && !config.isEmpty(),
             "SCALEDECK_SERVE_BIN / SCALEDECK_SERVE_CONFIG not set by the test script");
    QTemporaryDir dir;
    const QString changedConfig = dir.filePath(QStringLiteral("changed.yaml"));
    QFile in(config);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QByteArray yaml = in.readAll();
    // The deployed config (as the test script rendered it): llm's LLM entry goes from 2 to 1 replicas.
    const qsizetype llmEntry = yaml.indexOf("name: LLM");
    const qsizetype replicas = yaml.indexOf("num_replicas: 2", llmEntry);
    QVERIFY2(llmEntry >= 0 && replicas > llmEntry, "the deployed serve config has no 'name: LLM ... num_replicas: 2'");
    yaml.replace(replicas, qsizetype(sizeof("num_replicas: 2") - 1), QByteArray("num_replicas: 1"));
    QFile out(changedConfig);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(yaml);
    out.close();
    QProcess deploy;
    deploy.setProcessChannelMode(QProcess::MergedChannels);
    deploy.start(serveBin, {QStringLiteral("deploy"), changedConfig, QStringLiteral("--address"),
                            m_endpoint->dashboardUrl.toString()});
    QVERIFY(deploy.waitForFinished(120000));
    QVERIFY2(deploy.exitCode() == 0, deploy.readAll().constData());

    ChangeSet mine;
    mine.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);
    const ApplyOutcome outcome = applyAndFollow(*m_client, *m_store, editBegan, mine);
    QVERIFY(outcome.error);
    QCOMPARE(outcome.error->kind, RayErrorKind::Conflict);
    QVERIFY2(outcome.error->message.contains(QStringLiteral("num_replicas: 2 → 1")),
             qPrintable(outcome.error->message));
    // Nothing was overwritten: the cluster keeps the other operator's value.
    const OrderedJson now = declarativeConfig(serveDocument(*m_client));
    QCOMPARE(now["applications"]["llm"]["deployments"][0]["num_replicas"], OrderedJson(1));

    // Put the original back the same way it came, for the next tests.
    deploy.start(serveBin,
                 {QStringLiteral("deploy"), config, QStringLiteral("--address"), m_endpoint->dashboardUrl.toString()});
    QVERIFY(deploy.waitForFinished(120000));
    QCOMPARE(deploy.exitCode(), 0);
    QVERIFY(waitUntilSettled(*m_client));
}

void TestLiveChanges::tokenAuth()
{
    QVERIFY2(!m_endpoint->token.isEmpty(), "the test cluster runs with token auth: a token must have been found");
    ClusterEndpoint noToken = *m_endpoint;
    noToken.token.clear();
    ClusterEndpoint wrongToken = *m_endpoint;
    wrongToken.token = "not-the-token";
    for (const auto &[endpoint, kind] :
         {std::pair{noToken, RayErrorKind::Unauthorized}, std::pair{wrongToken, RayErrorKind::Forbidden}}) {
        DashboardClient client(&m_network, endpoint);
        auto result = snapshotNow(client, nullptr);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, kind);
    }
    QVERIFY(snapshotNow(*m_client, nullptr).ok());
}

void TestLiveChanges::cleanupTestCase()
{
    if (m_client)
        QVERIFY(waitUntilSettled(*m_client));
}

QTEST_GUILESS_MAIN(TestLiveChanges)
#include "test_live_changes.moc"
