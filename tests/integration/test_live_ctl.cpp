// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// scaledeckctl as an operator runs it, against the real Ray cluster: output shapes, exit codes, dry runs
// that send nothing, and real scale / park / unpark round trips.
#include "livecluster.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
QStringList words(const char *text)
{
    return QString::fromUtf8(text).split(QLatin1Char(' '));
}

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};
} // namespace

class TestLiveCtl : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void statusJson();
    void statusText();
    void dryRunSendsNothing();
    void capacityIsWeighedBeforeSending();
    void errorsAndExitCodes_data();
    void errorsAndExitCodes();
    void noTokenIsNamed();
    void scaleRoundTrip();
    void parkAndUnparkRoundTrip();

private:
    CtlRun ctl(const QStringList &arguments,
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());
    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
};

CtlRun TestLiveCtl::ctl(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SCALEDECKCTL_PATH),
                  QStringList{QStringLiteral("--store"), m_dir.filePath(QStringLiteral("store.sqlite"))} + arguments);
    if (!process.waitForFinished(300000))
        qFatal("scaledeckctl %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
    return CtlRun{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                  QString::fromUtf8(process.readAllStandardError())};
}

void TestLiveCtl::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY2(waitUntilSettled(*m_client), "the demo apps did not all reach RUNNING");
}

void TestLiveCtl::statusJson()
{
    const CtlRun run = ctl({QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto json = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(json.is_object(), qPrintable(run.out));
    QCOMPARE(json["ray_version"], nlohmann::json("2.60.0"));
    QCOMPARE(json["gpus_total"].get<double>(), 4.0);
    QCOMPARE(json["gpus_held"].get<double>(), 3.5);
    bool sawLlm = false;
    for (const auto &app : json["applications"]) {
        if (app["name"] != "llm")
            continue;
        sawLlm = true;
        QCOMPARE(app["parked"], nlohmann::json(false));
        QCOMPARE(app["source"], nlohmann::json("declarative"));
        const auto &deployment = app["deployments"][0];
        QCOMPARE(deployment["name"], nlohmann::json("LLM"));
        QCOMPARE(deployment["target_replicas"], nlohmann::json(2));
        QCOMPARE(deployment["running_replicas"], nlohmann::json(2));
        QCOMPARE(deployment["replicas_by_state"]["RUNNING"], nlohmann::json(2));
        QCOMPARE(deployment["gpus_per_replica"].get<double>(), 1.0);
        QCOMPARE(deployment["gpus_held"].get<double>(), 2.0);
        QVERIFY(deployment["autoscaling"].is_null());
    }
    QVERIFY(sawLlm);
}

void TestLiveCtl::statusText()
{
    const CtlRun run = ctl({QStringLiteral("status")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("GPUs held 3.5 of 4")), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("BatchWorker")));
}

void TestLiveCtl::dryRunSendsNothing()
{
    const OrderedJson before = declarativeConfig(serveDocument(*m_client));
    CtlRun run =
        ctl({QStringLiteral("scale"), QStringLiteral("llm/LLM"), QStringLiteral("1"), QStringLiteral("--dry-run")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("PUT ") + m_endpoint->dashboardUrl.toString(QUrl::StripTrailingSlash) +
                              QStringLiteral("/api/serve/applications/")),
             qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("\"num_replicas\": 1")));
    QVERIFY(run.out.contains(QStringLiteral("llm/LLM num_replicas: 2 → 1")));
    QVERIFY2(!run.out.contains(QString::fromUtf8(m_endpoint->token)), "the dry run printed the token");

    run = ctl({QStringLiteral("park"), QStringLiteral("embedder"), QStringLiteral("--dry-run")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(!run.out.contains(QStringLiteral("\"name\": \"embedder\"")));

    run = ctl(
        {QStringLiteral("scale"), QStringLiteral("scaler/Scaled"), QStringLiteral("0"), QStringLiteral("--dry-run")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains(QStringLiteral("POST ")) &&
                 run.out.contains(QStringLiteral("/api/v1/applications/scaler/deployments/Scaled/scale")),
             qPrintable(run.out));
    QVERIFY(!run.out.contains(QStringLiteral("PUT ")));

    QCOMPARE(QString::fromStdString(declarativeConfig(serveDocument(*m_client)).dump(1)),
             QString::fromStdString(before.dump(1)));
    QCOMPARE(ctl({QStringLiteral("parked"), QStringLiteral("--json")}).out.trimmed(), QStringLiteral("[]"));
}

// The demo holds 3.5 of its 4 GPUs: the Embedder (0.5 GPU a replica) has room for one more replica. The test head's
// one node names its GPUs L4 (ray-cluster.sh --accelerator-type L4), so the Embedder's GPUs are L4 GPUs.
void TestLiveCtl::capacityIsWeighedBeforeSending()
{
    QCOMPARE(ctl({QStringLiteral("prices"), QStringLiteral("--gpu-hour"), QStringLiteral("2")}).exitCode, 0);
    CtlRun run = ctl({QStringLiteral("scale"), QStringLiteral("embedder/Embedder"), QStringLiteral("8"),
                      QStringLiteral("--dry-run")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QStringList expected = {
        QStringLiteral("# embedder/Embedder num_replicas: 2 → 8"),
        QStringLiteral("# capacity: needs 3 more GPUs; 0.5 of 4 GPUs free now"),
        QStringLiteral("# cost: 2.00 USD → 8.00 USD per hour for the changed deployments"),
        QStringLiteral("# warning: embedder/Embedder: 5 of 6 new replicas cannot be placed on the current nodes "
                       "(0.5 L4 GPUs each, 0.5 GPUs free) (it would still be sent: an autoscaler may add nodes)")};
    QCOMPARE(run.out.split(QLatin1Char('\n')).mid(0, 4), expected);

    // Sent for real, the warning comes before the wait, and the change is still sent: one replica waits.
    run = ctl({QStringLiteral("scale"), QStringLiteral("embedder/Embedder"), QStringLiteral("4"),
               QStringLiteral("--timeout"), QStringLiteral("5")});
    const QString warning = QStringLiteral("scaledeckctl: warning: embedder/Embedder: 1 of 2 new replicas cannot be "
                                           "placed on the current nodes (0.5 L4 GPUs each, 0.5 GPUs free); sending it "
                                           "anyway (an autoscaler may add nodes)");
    QVERIFY2(run.err.startsWith(warning), qPrintable(run.err));
    QVERIFY2(run.exitCode != 0 && run.err.contains(QStringLiteral("Ray accepted the change, but")),
             qPrintable(run.err));
    run = ctl({QStringLiteral("scale"), QStringLiteral("embedder/Embedder"), QStringLiteral("2")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("warning")), qPrintable(run.err));
    QVERIFY2(waitUntilSettled(*m_client), "the Embedder did not settle back at 2");
}

void TestLiveCtl::errorsAndExitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown app") << words("scale nope/X 1") << 1 << "no application 'nope'";
    QTest::newRow("unknown deployment") << words("scale llm/Nope 1") << 1 << "has no deployment 'Nope'";
    QTest::newRow("not parked") << words("unpark llm") << 1 << "not parked";
    QTest::newRow("no deployment part") << words("scale llm 1") << 2 << "is not APP/DEPLOYMENT";
    QTest::newRow("negative") << words("scale llm/LLM -1") << 2 << "not a replica count";
    QTest::newRow("unknown command") << words("frobnicate") << 2 << "unknown command";
    QTest::newRow("json on scale") << words("scale llm/LLM 1 --json") << 2 << "takes no --json";
}

void TestLiveCtl::errorsAndExitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const CtlRun run = ctl(arguments);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
}

void TestLiveCtl::noTokenIsNamed()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("RAY_AUTH_TOKEN"));
    environment.remove(QStringLiteral("RAY_AUTH_TOKEN_PATH"));
    environment.insert(QStringLiteral("HOME"), m_dir.path()); // no ~/.ray/auth_token there
    CtlRun run = ctl({QStringLiteral("status")}, environment);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("HTTP 401")) && run.err.contains(QStringLiteral("requires a token")),
             qPrintable(run.err));

    const QString wrong = m_dir.filePath(QStringLiteral("wrong_token"));
    QFile file(wrong);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("wrong-token");
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)); // a private file, so Ray judges it
    run = ctl({QStringLiteral("--token-file"), wrong, QStringLiteral("status")}, environment);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("HTTP 403")), qPrintable(run.err));
    QVERIFY(!run.err.contains(QStringLiteral("wrong-token"))); // tokens never printed
}

void TestLiveCtl::scaleRoundTrip()
{
    CtlRun run = ctl({QStringLiteral("scale"), QStringLiteral("llm/LLM"), QStringLiteral("1")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY(run.out.contains(QStringLiteral("reached the requested state")));
    auto snapshot = snapshotNow(*m_client, nullptr);
    QCOMPARE(snapshot.value()->findApplication(QStringLiteral("llm"))->deployments[0].runningReplicas, 1);
    run = ctl({QStringLiteral("scale"), QStringLiteral("llm/LLM"), QStringLiteral("2")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    snapshot = snapshotNow(*m_client, nullptr);
    QCOMPARE(snapshot.value()->findApplication(QStringLiteral("llm"))->deployments[0].runningReplicas, 2);
}

void TestLiveCtl::parkAndUnparkRoundTrip()
{
    const OrderedJson before = declarativeConfig(serveDocument(*m_client));
    CtlRun run = ctl({QStringLiteral("park"), QStringLiteral("embedder")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    run = ctl({QStringLiteral("parked"), QStringLiteral("--json")});
    const auto parked = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(parked.is_array() && parked.size() == 1 && parked[0]["name"] == "embedder", qPrintable(run.out));
    QCOMPARE(QString::fromStdString(parked[0]["config"].dump()),
             QString::fromStdString(nlohmann::json::parse(before["applications"]["embedder"].dump()).dump()));
    run = ctl({QStringLiteral("status"), QStringLiteral("--json")});
    QVERIFY(run.out.contains(QStringLiteral("\"parked\": true")));

    run = ctl({QStringLiteral("unpark"), QStringLiteral("embedder")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(QString::fromStdString(declarativeConfig(serveDocument(*m_client)).dump(1)),
             QString::fromStdString(before.dump(1)));
    QCOMPARE(ctl({QStringLiteral("parked"), QStringLiteral("--json")}).out.trimmed(), QStringLiteral("[]"));
}

QTEST_GUILESS_MAIN(TestLiveCtl)
#include "test_live_ctl.moc"
