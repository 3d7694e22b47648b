// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `scaledeckctl run --listen 127.0.0.1:0 --users FILE` against the real Ray cluster, called over real HTTP by a
// viewer (bob) and an operator (alice): the snapshot and its long poll (a new version, or "unchanged"), a schedule set
// by alice (audited naming her), bob's change refused 403, and a manual scale of llm/LLM to 1 that the controller
// applies on the cluster in its tick (reported by requests/ID). The process is stopped by its own PID (QProcess),
// and llm/LLM is put back to 2.
#include "livecluster.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QFile>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QByteArray kAlice = "alice-live-operator-token-1";
const QByteArray kBob = "bob-live-viewer-token-000002";

struct Answer {
    int status = 0;
    nlohmann::json json;
    QByteArray body;
};
} // namespace

class TestLiveCtlApi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void servesTheControllerOverHttp();

private:
    Answer call(const QByteArray &token, const QByteArray &verb, const QString &path, const QByteArray &body = {},
                int timeoutMs = 20000);

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    QString m_storePath;
    QString m_usersPath;
    QString m_base;
};

void TestLiveCtlApi::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    QCOMPARE(configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")), std::optional<int>(2));
    m_storePath = m_dir.filePath(QStringLiteral("store.sqlite"));
    ScheduleStore store(m_storePath);
    QVERIFY(store.open().ok());
    // drift keep: the manual scale below is kept until the schedule's next transition (there is none).
    const ScheduleParse parsed = parseScheduleText(QStringLiteral("tz UTC\ndefault 2\ndrift keep\n"));
    QVERIFY(parsed.ok());
    QVERIFY(store
                .saveSchedule(m_endpoint->clusterKey(),
                              StoredSchedule{ScheduleTarget{QStringLiteral("llm"), QStringLiteral("LLM")},
                                             scheduleToText(*parsed.schedule), QDateTime::currentDateTimeUtc()})
                .ok());
    m_usersPath = m_dir.filePath(QStringLiteral("users"));
    QFile users(m_usersPath);
    QVERIFY(users.open(QIODevice::WriteOnly));
    users.write("# the API's people\nalice operator " + kAlice + "\nbob viewer " + kBob + "\n");
    users.close();
    QVERIFY(users.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
}

void TestLiveCtlApi::cleanupTestCase()
{
    if (!m_client)
        return;
    if (configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) != 2) {
        ParkedStore parked(m_storePath);
        QVERIFY(parked.open().ok());
        ChangeSet restore;
        restore.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
        const ApplyOutcome outcome =
            applyAndFollow(*m_client, parked, snapshotNow(*m_client, &parked).value(), restore);
        QVERIFY(!outcome.error);
    }
    QVERIFY(waitUntilSettled(*m_client));
}

Answer TestLiveCtlApi::call(const QByteArray &token, const QByteArray &verb, const QString &path,
                            const QByteArray &body, int timeoutMs)
{
    QNetworkRequest request(QUrl(m_base + path));
    request.setTransferTimeout(timeoutMs);
    request.setRawHeader("Authorization", "Bearer " + token);
    std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, verb, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(timeoutMs + 5000))
        return {};
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.json = nlohmann::json::parse(answer.body.toStdString(), nullptr, false);
    return answer;
}

void TestLiveCtlApi::servesTheControllerOverHttp()
{
    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(QStringLiteral(SCALEDECKCTL_PATH),
              {QStringLiteral("--store"), m_storePath, QStringLiteral("run"), QStringLiteral("--tick"),
               QStringLiteral("1"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
               QStringLiteral("--users"), m_usersPath});
    QVERIFY(run.waitForStarted());
    QByteArray output;
    static const QRegularExpression listening(QStringLiteral("API on (http://127\\.0\\.0\\.1:\\d+/api/v1/) "));
    QRegularExpressionMatch match;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     output += run.readAll();
                     match = listening.match(QString::fromUtf8(output));
                     return match.hasMatch() || run.state() == QProcess::NotRunning;
                 },
                 30000),
             output.constData());
    QVERIFY2(match.hasMatch(), output.constData());
    m_base = match.captured(1);
    auto logs = [&] {
        output += run.readAll();
        return output;
    };
    // No token in what the controller prints.
    auto noTokenPrinted = [&] { return !logs().contains(kAlice) && !output.contains(kBob); };

    QCOMPARE(call(kBob, "GET", QStringLiteral("whoami")).json["role"], "viewer");
    QCOMPARE(call("wrong-token-wrong-token", "GET", QStringLiteral("whoami")).status, 401);

    // The snapshot, then the next version by long poll.
    Answer snapshot = call(kBob, "GET", QStringLiteral("snapshot?after=0&wait=30"), {}, 40000);
    QVERIFY2(snapshot.status == 200, logs().constData());
    const qint64 version = snapshot.json["version"].get<qint64>();
    QVERIFY(version >= 1);
    QVERIFY(snapshot.json["applications"].is_array());
    // A new version only if the cluster changed meanwhile; else, when the wait runs out, the short "unchanged"
    // answer, with a later checkedAt: the controller read the same cluster again.
    const std::string checkedAt = snapshot.json["checkedAt"].get<std::string>();
    snapshot = call(kBob, "GET", QStringLiteral("snapshot?after=%1&wait=30").arg(version), {}, 40000);
    QCOMPARE(snapshot.status, 200);
    if (snapshot.json.value("unchanged", false)) {
        QCOMPARE(snapshot.json["version"].get<qint64>(), version);
        QVERIFY2(snapshot.json["checkedAt"].get<std::string>() > checkedAt, snapshot.body.constData());
    } else {
        QCOMPARE(snapshot.json["version"].get<qint64>(), version + 1);
    }

    // A schedule set by the operator, audited naming her; the viewer refused.
    const QByteArray schedule = "tz UTC\ndefault 2\ndrift keep\n2030-01-01 = 2\n";
    Answer answer = call(kBob, "PUT", QStringLiteral("schedules/llm/LLM"), schedule);
    QCOMPARE(answer.status, 403);
    answer = call(kAlice, "PUT", QStringLiteral("schedules/llm/LLM"), schedule);
    QVERIFY2(answer.status == 200, answer.body.constData());
    answer = call(kBob, "GET", QStringLiteral("audit"));
    QCOMPARE(answer.status, 200);
    bool audited = false;
    for (const nlohmann::json &entry : answer.json["entries"])
        audited = audited || (entry["result"] == "schedule set" && entry["by"] == "alice (scaledeckctl API)");
    QVERIFY2(audited, answer.body.constData());

    // A manual scale, applied by the controller's tick on the cluster.
    answer = call(kAlice, "POST", QStringLiteral("scale"), R"({"target": "llm/LLM", "replicas": 1})");
    QCOMPARE(answer.status, 202);
    const QString request = QStringLiteral("requests/%1").arg(answer.json["id"].get<qint64>());
    QVERIFY2(QTest::qWaitFor([&] { return call(kBob, "GET", request).json["state"] != "pending"; }, 60000),
             logs().constData());
    answer = call(kBob, "GET", request);
    QVERIFY2(answer.json["state"] == "sent", answer.body.constData());
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     return configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) ==
                            std::optional<int>(1);
                 },
                 60000),
             logs().constData());
    QVERIFY(noTokenPrinted());

    // Stopped by its own PID (SIGTERM through QProcess), never by name.
    run.terminate();
    QVERIFY(run.waitForFinished(30000));
    QCOMPARE(run.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestLiveCtlApi)
#include "test_live_ctl_api.moc"
