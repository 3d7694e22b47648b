// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Ray's PUT is last-writer-wins: another writer whose GET came before ScaleDeck's PUT (a second ScaleDeck,
// `serve deploy`) can replace the count ScaleDeck just set. While following, ScaleDeck sees its count gone from
// the config and reports a conflict at once, instead of waiting for a state that will never come and then
// saying only "not converged" (tests/integration/test_live_races.cpp measured such lost scales on a real
// cluster). Ray's side is scripted here.
#include "changeapplier.h"
#include "dashboardclient.h"
#include "fixtures.h"
#include "scriptedhttpserver.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace scaledeck;

namespace {

OrderedJson demoDocument()
{
    const QByteArray body = readFixture(QStringLiteral("applications_demo.json"));
    return OrderedJson::parse(body.constBegin(), body.constEnd());
}

QByteArray bodyOf(const OrderedJson &document)
{
    return QByteArray::fromStdString(document.dump());
}

SnapshotPtr snapshotOf(const OrderedJson &document)
{
    auto serve = readServeState(bodyOf(document));
    if (!serve)
        qFatal("fixture does not parse: %s", qPrintable(serve.error().describe()));
    return buildSnapshot(QStringLiteral("2.60.0"), serve.value(), NodeTotals{4, 8, 1, {}, {}, {}}, {},
                         QDateTime::currentDateTimeUtc());
}

// The demo cluster with llm/LLM configured for `configured` replicas and `running` of them running.
OrderedJson withLlm(OrderedJson document, int configured, int running)
{
    OrderedJson &app = document["applications"]["llm"];
    app["deployed_app_config"]["deployments"][0]["num_replicas"] = configured;
    OrderedJson &deployment = app["deployments"]["LLM"];
    deployment["target_num_replicas"] = configured;
    OrderedJson replicas = deployment["replicas"];
    while (int(replicas.size()) > running)
        replicas.erase(replicas.size() - 1);
    deployment["replicas"] = replicas;
    return document;
}

} // namespace

class TestChangeApplierReplaced : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void countReplacedAfterThePutIsAConflict();
    void countKeptConverges();
    void externalScalerCountIsNotJudgedByTheConfig();

private:
    ApplyOutcome apply(SnapshotPtr baseline, ChangeSet changes);

    std::optional<QTemporaryDir> m_dir;
    std::optional<ScriptedHttpServer> m_server;
    std::optional<ParkedStore> m_store;
    QNetworkAccessManager m_network;
    ClusterEndpoint m_endpoint;
};

void TestChangeApplierReplaced::init()
{
    m_dir.emplace();
    m_server.emplace();
    m_store.emplace(m_dir->filePath(QStringLiteral("store.sqlite")));
    m_endpoint = ClusterEndpoint{};
    m_endpoint.dashboardUrl = QUrl(m_server->url());
    m_endpoint.timeoutMs = 2000;
}

ApplyOutcome TestChangeApplierReplaced::apply(SnapshotPtr baseline, ChangeSet changes)
{
    DashboardClient client(&m_network, m_endpoint);
    ChangeApplier applier(&client, &*m_store);
    QSignalSpy finished(&applier, &ChangeApplier::finished);
    ApplyOptions options;
    options.followIntervalMs = 10;
    options.followTimeoutMs = 500; // what "waiting for a state that never comes" costs here
    applier.apply(std::move(baseline), std::move(changes), options);
    if (!finished.wait(20000))
        qFatal("the change did not finish");
    return finished.first().first().value<ApplyOutcome>();
}

void TestChangeApplierReplaced::countReplacedAfterThePutIsAConflict()
{
    const OrderedJson demo = demoDocument(); // llm/LLM at 2
    m_server->enqueue({200, bodyOf(demo)});  // the fresh GET
    m_server->enqueue({200, ""});            // the PUT setting 3
    for (int i = 0; i < 100; ++i)
        m_server->enqueue({200, bodyOf(withLlm(demo, 1, 1))}); // someone else's PUT set 1 right after
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 3);

    const ApplyOutcome outcome = apply(snapshotOf(demo), changes);

    QVERIFY2(outcome.error, qPrintable(outcome.summary));
    QCOMPARE(outcome.error->kind, RayErrorKind::Conflict);
    QVERIFY(outcome.accepted);
    QVERIFY(!outcome.converged);
    const QString said = outcome.error->describe();
    QVERIFY2(said.contains(QStringLiteral("replaced by someone else")), qPrintable(said));
    QVERIFY2(said.contains(QStringLiteral("llm/LLM num_replicas is now 1, not 3")), qPrintable(said));
    QCOMPARE(m_server->countRequests("PUT"), 1);
}

// The count still in the config (replicas still starting, then running): no conflict, it converges.
void TestChangeApplierReplaced::countKeptConverges()
{
    const OrderedJson demo = demoDocument();
    m_server->enqueue({200, bodyOf(demo)});
    m_server->enqueue({200, ""});
    m_server->enqueue({200, bodyOf(withLlm(demo, 1, 2))}); // one replica still to stop
    for (int i = 0; i < 10; ++i)
        m_server->enqueue({200, bodyOf(withLlm(demo, 1, 1))});
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 1);

    const ApplyOutcome outcome = apply(snapshotOf(demo), changes);

    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(outcome.converged);
}

// An app scaled through the external scaler keeps num_replicas in its config: that is not a replaced count.
void TestChangeApplierReplaced::externalScalerCountIsNotJudgedByTheConfig()
{
    const OrderedJson demo = demoDocument(); // scaler/Scaled: external_scaler_enabled, num_replicas 1
    m_server->enqueue({200, bodyOf(demo)});
    m_server->enqueue({200, ""}); // the POST setting 2
    for (int i = 0; i < 100; ++i)
        m_server->enqueue({200, bodyOf(demo)});
    ChangeSet changes;
    changes.setReplicas(QStringLiteral("scaler"), QStringLiteral("Scaled"), 2);

    const ApplyOutcome outcome = apply(snapshotOf(demo), changes);

    QCOMPARE(m_server->countRequests("POST"), 1);
    QVERIFY2(!outcome.error, outcome.error ? qPrintable(outcome.error->describe()) : "");
    QVERIFY(!outcome.converged); // the scripted cluster never gets there
}

QTEST_GUILESS_MAIN(TestChangeApplierReplaced)
#include "test_changeapplier_replaced.moc"
