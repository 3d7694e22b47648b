// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl park` and `unpark` SIGKILLed at random points against the real Ray cluster: afterwards the app
// is either still deployed or its exact config is in the store, an unpark brings it back byte for byte, and no
// other app's config changes. Iterations: $SCALEDECK_KILL_ITERATIONS (default 3 in the test command, two kills each);
// the seed is printed and $SCALEDECK_KILL_SEED repeats a run.
#include "livecluster.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <map>

using namespace scaledeck;
using namespace scaledeck::testing;

// QVERIFY2 for a function that returns a value: records the failure and returns nothing.
#define CHECK_OR_NONE(condition, message)                                                                              \
    do {                                                                                                               \
        if (!QTest::qVerify(static_cast<bool>(condition), #condition, message, __FILE__, __LINE__))                    \
            return std::nullopt;                                                                                       \
    } while (false)

namespace {
const QString app = QStringLiteral("embedder");

// Where in an operation a kill is aimed, by the progress lines scaledeckctl writes to stderr: the store write
// comes between "Reading" and "Sending", the PUT right after "Sending", then the follow.
enum class Phase { Startup, Planning, Put, Follow };
const char *phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Startup:
        return "startup (before the GET)";
    case Phase::Planning:
        return "GET and store write";
    case Phase::Put:
        return "PUT in flight";
    case Phase::Follow:
        return "following";
    }
    return "?";
}

// Milliseconds from the start of an unkilled run to its progress lines.
struct Timing {
    qint64 reading = 0;
    qint64 sending = 0;
    qint64 firstFollow = 0;
    qint64 total = 0;
};

struct CtlRun {
    bool killed = false;
    int exitCode = -1;
    QString lastMarker; // the last progress line seen before the kill (or the end)
    qint64 msAfterMarker = 0;
    QString err;
    Timing timing;
};

// What the cluster and the store hold for the app once Ray has settled.
struct AppState {
    bool deployed = false;
    std::string deployedConfig; // dump() with Ray's key order
    bool stored = false;
    std::string storedConfig;
};
} // namespace

class TestLiveKillPark : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void killedParkAndUnparkLoseNothing_data();
    void killedParkAndUnparkLoseNothing();
    void cleanupTestCase();

private:
    CtlRun runCtl(const QString &command, std::optional<Phase> killPhase = std::nullopt);
    qint64 killDelay(Phase phase, const Timing &timing);
    std::optional<AppState> settledState();
    std::optional<AppState> checkInvariant(const QString &command, const CtlRun &run);
    void restore(const AppState &state);
    std::string otherAppsConfig();

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    QString m_storePath;
    std::string m_original;  // the app's deployed_app_config before the test
    std::string m_otherApps; // every other app's config and the top-level fields
    Timing m_parkTiming;
    Timing m_unparkTiming;
    QRandomGenerator m_random;
    std::map<QString, int> m_landings; // "park killed after '… Sending …' → parked (config stored)" → count
    int m_kills = 0;
    int m_finishedFirst = 0;
};

void TestLiveKillPark::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY2(waitUntilSettled(*m_client), "the demo apps did not all reach RUNNING");
    m_storePath = m_dir.filePath(QStringLiteral("store.sqlite"));
    const OrderedJson document = serveDocument(*m_client);
    QVERIFY2(document["applications"].contains(app.toStdString()), "the demo app 'embedder' is not deployed");
    m_original = document["applications"][app.toStdString()]["deployed_app_config"].dump();
    m_otherApps = otherAppsConfig();
    const quint32 seed = qEnvironmentVariableIsSet("SCALEDECK_KILL_SEED")
                             ? quint32(qEnvironmentVariableIntValue("SCALEDECK_KILL_SEED"))
                             : QRandomGenerator::global()->generate();
    qInfo("kill seed %u (SCALEDECK_KILL_SEED=%u repeats this run)", seed, seed);
    m_random.seed(seed);

    // One unkilled round trip measures where the phases fall, so the kills can be spread over all of them.
    const CtlRun park = runCtl(QStringLiteral("park"));
    QVERIFY2(park.exitCode == 0, qPrintable(park.err));
    m_parkTiming = park.timing;
    const CtlRun unpark = runCtl(QStringLiteral("unpark"));
    QVERIFY2(unpark.exitCode == 0, qPrintable(unpark.err));
    m_unparkTiming = unpark.timing;
    qInfo("park: GET at %lld ms, PUT at %lld, following from %lld, done at %lld", park.timing.reading,
          park.timing.sending, park.timing.firstFollow, park.timing.total);
    qInfo("unpark: GET at %lld ms, PUT at %lld, following from %lld, done at %lld", unpark.timing.reading,
          unpark.timing.sending, unpark.timing.firstFollow, unpark.timing.total);
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(serveDocument(*m_client)["applications"][app.toStdString()]["deployed_app_config"].dump(), m_original);
}

void TestLiveKillPark::cleanupTestCase()
{
    qInfo("%d kills (%d more runs finished before their kill point); where they landed → what was left:", m_kills,
          m_finishedFirst);
    for (const auto &[landing, count] : m_landings)
        qInfo("  %3d  %s", count, qPrintable(landing));
    if (!m_client)
        return;
    // Leave the shared cluster as it was found: the app deployed with its original config.
    const std::optional<AppState> state = settledState();
    QVERIFY2(!state || state->deployed || state->stored, "embedder is gone and its config is not in the store: lost");
    if (state && !state->deployed && state->stored) {
        const CtlRun unpark = runCtl(QStringLiteral("unpark"));
        QVERIFY2(unpark.exitCode == 0, qPrintable(unpark.err));
    }
    QVERIFY(waitUntilSettled(*m_client));
}

std::string TestLiveKillPark::otherAppsConfig()
{
    OrderedJson config = declarativeConfig(serveDocument(*m_client));
    config["applications"].erase(app.toStdString());
    return config.dump();
}

CtlRun TestLiveKillPark::runCtl(const QString &command, std::optional<Phase> killPhase)
{
    CtlRun run;
    QProcess process;
    QElapsedTimer clock;
    QElapsedTimer sinceMarker;
    QTimer killTimer;
    killTimer.setSingleShot(true);
    QObject::connect(&killTimer, &QTimer::timeout, &process, [&] {
        if (process.state() != QProcess::NotRunning) {
            process.kill(); // SIGKILL
            run.killed = true;
            run.msAfterMarker = sinceMarker.elapsed();
        }
    });
    auto armKill = [&](Phase aimedAt) {
        if (killPhase == aimedAt && !killTimer.isActive() && !run.killed)
            killTimer.start(int(killDelay(aimedAt, command == QStringLiteral("park") ? m_parkTiming : m_unparkTiming)));
    };
    QObject::connect(&process, &QProcess::readyReadStandardError, &process, [&] {
        while (process.canReadLine()) {
            const QString line = QString::fromUtf8(process.readLine()).trimmed();
            run.err += line + QLatin1Char('\n');
            if (!line.startsWith(QStringLiteral("…")) || run.killed)
                continue;
            run.lastMarker = line;
            sinceMarker.start();
            if (line.contains(QStringLiteral("Reading the cluster"))) {
                run.timing.reading = clock.elapsed();
                armKill(Phase::Planning);
            } else if (line.contains(QStringLiteral("Sending the new Serve config"))) {
                run.timing.sending = clock.elapsed();
                armKill(Phase::Put);
                armKill(Phase::Follow);
            } else if (run.timing.firstFollow == 0) {
                run.timing.firstFollow = clock.elapsed();
            }
        }
    });
    process.setReadChannel(QProcess::StandardError);
    clock.start();
    sinceMarker.start();
    run.lastMarker = QStringLiteral("(process start)");
    process.start(QStringLiteral(SCALEDECKCTL_PATH), {QStringLiteral("--store"), m_storePath, command, app});
    if (!process.waitForStarted())
        qFatal("scaledeckctl did not start");
    armKill(Phase::Startup);
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 300000))
        qFatal("scaledeckctl %s did not finish", qPrintable(command));
    run.timing.total = clock.elapsed();
    if (run.timing.firstFollow == 0)
        run.timing.firstFollow = run.timing.total;
    run.err += QString::fromUtf8(process.readAllStandardError());
    run.exitCode = run.killed ? -1 : process.exitCode();
    return run;
}

qint64 TestLiveKillPark::killDelay(Phase phase, const Timing &timing)
{
    // Each phase's delay is uniform over that phase's length in the unkilled run (at least a few ms).
    auto uniform = [this](qint64 length) { return qint64(m_random.bounded(int(std::max<qint64>(length, 5)))); };
    switch (phase) {
    case Phase::Startup:
        return uniform(timing.reading);
    case Phase::Planning:
        return uniform(timing.sending - timing.reading);
    case Phase::Put:
        return uniform(timing.firstFollow - timing.sending);
    case Phase::Follow:
        return (timing.firstFollow - timing.sending) + uniform(timing.total - timing.firstFollow);
    }
    return 0;
}

std::optional<AppState> TestLiveKillPark::settledState()
{
    // Ray shows a removal or a deploy seconds after it accepted the PUT: judge only a state that has held
    // for five polls in a row, with nothing DELETING or DEPLOYING.
    std::optional<std::string> last;
    int stableFor = 0;
    AppState state;
    const bool settled = QTest::qWaitFor(
        [&] {
            if (!waitUntilSettled(*m_client))
                return false;
            const OrderedJson document = serveDocument(*m_client);
            const auto &apps = document["applications"];
            state = AppState{};
            if (apps.contains(app.toStdString())) {
                state.deployed = true;
                state.deployedConfig = apps[app.toStdString()]["deployed_app_config"].dump();
            }
            const std::string now = state.deployed ? state.deployedConfig : std::string("(absent)");
            stableFor = (last == now) ? stableFor + 1 : 1;
            last = now;
            if (stableFor < 5) {
                QTest::qWait(1000); // polling interval
                return false;
            }
            return true;
        },
        300000);
    if (!settled)
        return std::nullopt;
    ParkedStore store(m_storePath);
    auto parked = store.list(m_endpoint->clusterKey());
    if (!parked)
        qFatal("cannot read the store: %s", qPrintable(parked.error().describe()));
    for (const ParkedApp &record : *parked) {
        if (record.name == app) {
            state.stored = true;
            state.storedConfig =
                OrderedJson::parse(record.configJson.constBegin(), record.configJson.constEnd()).dump();
        }
    }
    return state;
}

// Returns the settled state it judged (empty when the check failed).
std::optional<AppState> TestLiveKillPark::checkInvariant(const QString &command, const CtlRun &run)
{
    // Where the kill landed, by the last progress line scaledeckctl wrote before it.
    const QString where =
        run.killed
            ? QStringLiteral("%1 killed %2 ms after '%3'").arg(command).arg(run.msAfterMarker).arg(run.lastMarker)
            : QStringLiteral("%1 finished before its kill point").arg(command);
    qInfo("%s", qPrintable(where));
    m_kills += run.killed ? 1 : 0;
    m_finishedFirst += run.killed ? 0 : 1;
    const std::optional<AppState> state = settledState();
    CHECK_OR_NONE(state, qPrintable(where + QStringLiteral(": the cluster did not settle")));
    // Either the app is deployed with exactly its config, or exactly its config is in the store.
    if (state->deployed)
        CHECK_OR_NONE(state->deployedConfig == m_original,
                      qPrintable(where + QStringLiteral(": deployed with another config: ") +
                                 QString::fromStdString(state->deployedConfig)));
    else
        CHECK_OR_NONE(state->stored,
                      qPrintable(where + QStringLiteral(": the app is gone and its config is not stored")));
    if (state->stored)
        CHECK_OR_NONE(state->storedConfig == m_original,
                      qPrintable(where + QStringLiteral(": stored config differs: ") +
                                 QString::fromStdString(state->storedConfig)));
    CHECK_OR_NONE(otherAppsConfig() == m_otherApps, "another app's config changed");
    QString marker = run.killed ? run.lastMarker : QStringLiteral("(finished)");
    if (marker.startsWith(QStringLiteral("… ")) && !marker.contains(QStringLiteral("Reading")) &&
        !marker.contains(QStringLiteral("Sending")))
        marker = QStringLiteral("(following)");
    const QString outcome =
        state->deployed ? (state->stored ? QStringLiteral("deployed, a copy still stored") : QStringLiteral("deployed"))
                        : QStringLiteral("parked (config stored)");
    ++m_landings[QStringLiteral("%1 killed after %2 → %3").arg(command, marker, outcome)];
    return state;
}

void TestLiveKillPark::restore(const AppState &state)
{
    if (!state.deployed) {
        const CtlRun unpark = runCtl(QStringLiteral("unpark"));
        QVERIFY2(unpark.exitCode == 0, qPrintable(unpark.err));
    }
    QVERIFY(waitUntilSettled(*m_client));
    const OrderedJson document = serveDocument(*m_client);
    QCOMPARE(document["applications"][app.toStdString()]["deployed_app_config"].dump(), m_original);
    QCOMPARE(otherAppsConfig(), m_otherApps);
}

void TestLiveKillPark::killedParkAndUnparkLoseNothing_data()
{
    // One row an iteration, so each has QtTest's time limit rather than the whole run sharing one.
    QTest::addColumn<int>("iteration");
    const int iterations = qEnvironmentVariableIsSet("SCALEDECK_KILL_ITERATIONS")
                               ? qEnvironmentVariableIntValue("SCALEDECK_KILL_ITERATIONS")
                               : 3;
    for (int i = 0; i < iterations; ++i)
        QTest::addRow("iteration %d", i) << i;
}

void TestLiveKillPark::killedParkAndUnparkLoseNothing()
{
    const auto parkPhase = Phase(m_random.bounded(4));
    qInfo("park, aimed at %s", phaseName(parkPhase));
    const std::optional<AppState> afterPark =
        checkInvariant(QStringLiteral("park"), runCtl(QStringLiteral("park"), parkPhase));
    if (!afterPark)
        return;

    // Unpark from parked: park it fully first if the kill left it deployed.
    if (afterPark->deployed) {
        const CtlRun again = runCtl(QStringLiteral("park"));
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    }
    const auto unparkPhase = Phase(m_random.bounded(4));
    qInfo("unpark, aimed at %s", phaseName(unparkPhase));
    const std::optional<AppState> afterUnpark =
        checkInvariant(QStringLiteral("unpark"), runCtl(QStringLiteral("unpark"), unparkPhase));
    if (!afterUnpark)
        return;
    restore(*afterUnpark);
}

QTEST_GUILESS_MAIN(TestLiveKillPark)
#include "test_live_kill_park.moc"
