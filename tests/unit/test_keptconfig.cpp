// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The stored config ScaleDeck keeps of a live app after a park or unpark whose outcome was unknown: a fact of
// the snapshot (ApplicationSnapshot::keptConfig, not only a message), and discardKeptConfig(), which drops it
// only once a fresh read shows the app live beside it. Ray answers from fixtures through a scripted server.
#include "dashboardclient.h"
#include "fixtures.h"
#include "keptconfig.h"
#include "scriptedhttpserver.h"
#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace scaledeck;

namespace {
const QDateTime kStoredAt(QDate(2026, 11, 25), QTime(18, 20), Qt::UTC);

ParkedApp storedEmbedder()
{
    ParkedApp app;
    app.name = QStringLiteral("embedder");
    app.configJson = R"({"name": "embedder", "route_prefix": "/embed", "import_path": "scaledeck_demo.embedder:app"})";
    app.summaryJson = R"({"route_prefix": "/embed", "deployments": []})";
    app.parkedAt = kStoredAt;
    return app;
}

SnapshotPtr snapshotOf(const QString &applicationsFile, const std::vector<ParkedApp> &stored)
{
    auto serve = readServeState(readFixture(applicationsFile));
    auto nodes = parseNodeTotals(readFixture(QStringLiteral("nodes.json")));
    if (!serve || !nodes)
        return nullptr;
    return buildSnapshot(QStringLiteral("2.60.0"), std::move(serve).value(), nodes.value(), stored, kStoredAt);
}
} // namespace

class TestKeptConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void liveAppWithStoredRecordHasTheFlag();
    void parkedAppHasNoFlag();
    void flagChangeIsAChange();
    void discardDropsTheRecordOfALiveApp();
    void discardKeepsTheOnlyCopy();
    void readOnlyRefusesDiscard();
    void discardKeepsANewerRecord();

private:
    // Runs discardKeptConfig against the scripted cluster and returns its result.
    Result<Done> discard(bool readOnly);
    Result<std::vector<ParkedApp>> stored();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ScriptedHttpServer> m_server;
    ClusterEndpoint m_endpoint;
    QDateTime m_storedAt = kStoredAt; // the copy the operator agreed to drop
};

void TestKeptConfig::init()
{
    m_storedAt = kStoredAt;
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_server = std::make_unique<ScriptedHttpServer>();
    m_server->answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
    m_server->answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    m_server->answer("/api/serve/applications/", {200, readFixture(QStringLiteral("applications_demo.json"))});
    m_endpoint = ClusterEndpoint{};
    m_endpoint.dashboardUrl = QUrl(m_server->url());
    m_endpoint.timeoutMs = 5000;
    ParkedStore store(m_dir->filePath(QStringLiteral("store.sqlite")));
    QVERIFY(store.save(m_endpoint.clusterKey(), storedEmbedder()));
}

Result<std::vector<ParkedApp>> TestKeptConfig::stored()
{
    ParkedStore store(m_dir->filePath(QStringLiteral("store.sqlite")));
    return store.list(m_endpoint.clusterKey());
}

Result<Done> TestKeptConfig::discard(bool readOnly)
{
    QNetworkAccessManager network;
    ClusterEndpoint endpoint = m_endpoint;
    endpoint.readOnly = readOnly;
    DashboardClient client(&network, endpoint);
    ParkedStore store(m_dir->filePath(QStringLiteral("store.sqlite")), WriteGuard(readOnly));
    std::optional<Result<Done>> result;
    discardKeptConfig(&client, &client, &store, QStringLiteral("embedder"), m_storedAt,
                      [&](Result<Done> done) { result = done; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        return makeError(RayErrorKind::Timeout, QStringLiteral("no answer"));
    return *result;
}

// embedder is live in applications_demo.json and has a stored record: shown once, as what Ray runs, flagged.
void TestKeptConfig::liveAppWithStoredRecordHasTheFlag()
{
    const SnapshotPtr snapshot = snapshotOf(QStringLiteral("applications_demo.json"), {storedEmbedder()});
    QVERIFY(snapshot);
    const ApplicationSnapshot *embedder = snapshot->findApplication(QStringLiteral("embedder"));
    QVERIFY(embedder);
    QVERIFY(!embedder->parked);
    QVERIFY(embedder->keptConfig);
    QCOMPARE(embedder->keptConfigAt, kStoredAt);
    QVERIFY2(embedder->message.contains(QStringLiteral("scaledeckctl parked discard embedder")),
             qPrintable(embedder->message));
    const ApplicationSnapshot *llm = snapshot->findApplication(QStringLiteral("llm"));
    QVERIFY(llm);
    QVERIFY(!llm->keptConfig);
    QVERIFY(!llm->keptConfigAt.isValid());
}

// An app only in the store is parked: its stored config is its only copy, not a kept one.
void TestKeptConfig::parkedAppHasNoFlag()
{
    const SnapshotPtr snapshot = snapshotOf(QStringLiteral("applications_empty.json"), {storedEmbedder()});
    QVERIFY(snapshot);
    const ApplicationSnapshot *embedder = snapshot->findApplication(QStringLiteral("embedder"));
    QVERIFY(embedder);
    QVERIFY(embedder->parked);
    QVERIFY(!embedder->keptConfig);
}

// Dropping the record changes the row even when the message stayed the same (the poller diffs with sameAs).
void TestKeptConfig::flagChangeIsAChange()
{
    const SnapshotPtr with = snapshotOf(QStringLiteral("applications_demo.json"), {storedEmbedder()});
    QVERIFY(with);
    ApplicationSnapshot without = *with->findApplication(QStringLiteral("embedder"));
    QVERIFY(without.sameAs(*with->findApplication(QStringLiteral("embedder"))));
    without.keptConfig = false;
    QVERIFY(!without.sameAs(*with->findApplication(QStringLiteral("embedder"))));
    without.keptConfig = true;
    without.keptConfigAt = kStoredAt.addSecs(60);
    QVERIFY(!without.sameAs(*with->findApplication(QStringLiteral("embedder"))));
}

void TestKeptConfig::discardDropsTheRecordOfALiveApp()
{
    const Result<Done> result = discard(false);
    QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
    const auto left = stored();
    QVERIFY(left);
    QVERIFY(left->empty());
}

// The cluster no longer lists embedder (parked meanwhile): the record is its only copy and stays.
void TestKeptConfig::discardKeepsTheOnlyCopy()
{
    m_server->answer("/api/serve/applications/", {200, readFixture(QStringLiteral("applications_empty.json"))});
    const Result<Done> result = discard(false);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, RayErrorKind::InvalidChange);
    QVERIFY2(result.error().message.contains(QStringLiteral("not discarded")), qPrintable(result.error().message));
    const auto left = stored();
    QVERIFY(left);
    QCOMPARE(left->size(), size_t(1));
}

void TestKeptConfig::readOnlyRefusesDiscard()
{
    const Result<Done> result = discard(true);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, RayErrorKind::ReadOnly);
    const auto left = stored();
    QVERIFY(left);
    QCOMPARE(left->size(), size_t(1));
}

// The store's record is no longer the one the operator saw (a park saved a new one meanwhile): it stays.
void TestKeptConfig::discardKeepsANewerRecord()
{
    m_storedAt = kStoredAt.addSecs(-3600);
    const Result<Done> result = discard(false);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.contains(QStringLiteral("not discarded")), qPrintable(result.error().message));
    const auto left = stored();
    QVERIFY(left);
    QCOMPARE(left->size(), size_t(1));
}

QTEST_GUILESS_MAIN(TestKeptConfig)
#include "test_keptconfig.moc"
