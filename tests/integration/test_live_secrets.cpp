// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The Ray auth token never lands anywhere ScaleDeck writes. Against the real cluster (token auth on), the
// real executables do what an operator does, with every ScaleDeck log category at debug, their HOME and XDG
// folders in a temporary directory, and core dumps allowed by the parent: status, a dry run, scale, park,
// unpark, schedules, an override, the controller, the audit, leases and cost, refused and failing commands,
// the GUI connecting, and crashes (SIGSEGV). Then every file under that directory (settings, the SQLite
// store and its WAL, logs, core files) and every byte the processes printed is searched for the token.
#include "livecluster.h"
#include "schedulestore.h"

#include <QDirIterator>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QString kLlm = QStringLiteral("llm/LLM");
const QString kEmbedder = QStringLiteral("embedder");
} // namespace

class TestLiveSecrets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void tokenIsInNoFileAndNoOutput();

private:
    QProcessEnvironment childEnvironment() const;
    QString runCtl(const QStringList &arguments, int expectedExit);
    void crashWhileRunning(const QString &program, const QStringList &arguments, const QByteArray &readyMarker);
    void connectTheGui();
    QStringList filesHoldingTheToken() const;

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
    QString m_home;
    QString m_storePath;
    QByteArray m_transcript; // everything the processes printed
};

void TestLiveSecrets::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    QVERIFY2(m_endpoint->token.size() >= 16, "the test cluster must run with token auth");
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY(waitUntilSettled(*m_client));
    m_home = m_dir.filePath(QStringLiteral("home"));
    QVERIFY(QDir().mkpath(m_home));
    m_storePath = m_dir.filePath(QStringLiteral("home/store.sqlite"));
}

void TestLiveSecrets::cleanupTestCase()
{
    if (!m_client)
        return;
    // Leave the shared cluster as the other tests expect it.
    ParkedStore parked(m_storePath);
    QVERIFY(parked.open().ok());
    auto snapshot = snapshotNow(*m_client, &parked);
    QVERIFY(snapshot.ok());
    ChangeSet restore;
    if (const ApplicationSnapshot *embedder = snapshot.value()->findApplication(kEmbedder);
        embedder && embedder->parked)
        restore.unpark(kEmbedder);
    if (configuredReplicas(*m_client, QStringLiteral("llm"), QStringLiteral("LLM")) != 2)
        restore.setReplicas(QStringLiteral("llm"), QStringLiteral("LLM"), 2);
    if (!restore.isEmpty())
        QVERIFY(!applyAndFollow(*m_client, parked, snapshot.value(), restore).error);
    QVERIFY(waitUntilSettled(*m_client));
}

QProcessEnvironment TestLiveSecrets::childEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), m_home);
    for (const char *xdg : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
        env.insert(QString::fromLatin1(xdg), m_home + QLatin1Char('/') + QString::fromLatin1(xdg).toLower());
    env.insert(QStringLiteral("SCALEDECK_STORE"), m_storePath);
    // Everything ScaleDeck can log, Qt's own network logging included.
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("scaledeck.*.debug=true\nqt.network.*.debug=true"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env; // the token comes as the cluster gave it: RAY_AUTH_TOKEN_PATH, a file outside m_dir
}

QString TestLiveSecrets::runCtl(const QStringList &arguments, int expectedExit)
{
    QProcess process;
    process.setProcessEnvironment(childEnvironment());
    process.setWorkingDirectory(m_home);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(SCALEDECKCTL_PATH), arguments);
    if (!process.waitForFinished(300000))
        qFatal("scaledeckctl %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
    const QByteArray output = process.readAll();
    m_transcript += "$ scaledeckctl " + arguments.join(QLatin1Char(' ')).toUtf8() + "\n" + output;
    const QString text = QString::fromUtf8(output);
    if (process.exitCode() != expectedExit)
        qFatal("scaledeckctl %s exited %d (expected %d):\n%s", qPrintable(arguments.join(QLatin1Char(' '))),
               process.exitCode(), expectedExit, qPrintable(text));
    return text;
}

// Starts a process with core dumps allowed (as a developer's shell might), waits until it printed
// `readyMarker` (it holds the token by then), and crashes it with SIGSEGV.
void TestLiveSecrets::crashWhileRunning(const QString &program, const QStringList &arguments,
                                        const QByteArray &readyMarker)
{
    QProcess process;
    process.setProcessEnvironment(childEnvironment());
    process.setWorkingDirectory(m_home);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setChildProcessModifier([] {
        const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
        setrlimit(RLIMIT_CORE, &unlimited);
    });
    process.start(program, arguments);
    QVERIFY(process.waitForStarted());
    QByteArray output;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     output += process.readAll();
                     return output.contains(readyMarker);
                 },
                 120000),
             output.constData());
    ::kill(pid_t(process.processId()), SIGSEGV);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    output += process.readAll();
    m_transcript += "$ " + program.toUtf8() + " (crashed)\n" + output;
}

void TestLiveSecrets::connectTheGui()
{
#ifndef SCALEDECK_GUI_PATH
    QFAIL("built without the GUI (SCALEDECK_GUI=OFF): the window's files and output are not searched");
#else
    // The window logs each successful read of the cluster under scaledeck.ray: that line proves it is
    // connected with the token, and then it is crashed like the CLI.
    crashWhileRunning(QStringLiteral(SCALEDECK_GUI_PATH), {QStringLiteral("--store"), m_storePath},
                      QByteArrayLiteral("GET /api/serve/applications/ 200"));
#endif
}

QStringList TestLiveSecrets::filesHoldingTheToken() const
{
    QStringList holding;
    QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(file.fileName()));
        if (file.readAll().contains(m_endpoint->token))
            holding.append(file.fileName());
    }
    return holding;
}

void TestLiveSecrets::tokenIsInNoFileAndNoOutput()
{
    runCtl({QStringLiteral("status")}, 0);
    runCtl({QStringLiteral("status"), QStringLiteral("--json")}, 0);
    runCtl({QStringLiteral("scale"), kLlm, QStringLiteral("1"), QStringLiteral("--dry-run")}, 0);
    runCtl({QStringLiteral("scale"), kLlm, QStringLiteral("1")},
           0); // down and back: the demo cluster has no GPU for a third
    runCtl({QStringLiteral("scale"), kLlm, QStringLiteral("2")}, 0);
    runCtl({QStringLiteral("park"), kEmbedder}, 0);
    runCtl({QStringLiteral("parked"), QStringLiteral("--json")}, 0);
    runCtl({QStringLiteral("unpark"), kEmbedder}, 0);

    const QString scheduleFile = m_dir.filePath(QStringLiteral("llm.txt"));
    QFile schedule(scheduleFile);
    QVERIFY(schedule.open(QIODevice::WriteOnly));
    schedule.write("tz UTC\ndefault 2\n"); // what the cluster holds: the controller changes nothing
    schedule.close();
    runCtl({QStringLiteral("schedule"), QStringLiteral("set"), kLlm, scheduleFile}, 0);
    runCtl({QStringLiteral("override"), kLlm, QStringLiteral("2"), QStringLiteral("--until"),
            QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate)},
           0);
    runCtl({QStringLiteral("run"), QStringLiteral("--once")}, 0);
    runCtl({QStringLiteral("audit"), QStringLiteral("--json")}, 0);
    runCtl({QStringLiteral("leases"), QStringLiteral("--json")}, 0);
    runCtl({QStringLiteral("cost"), QStringLiteral("--json")}, 0);

    // Refused and failing commands print errors: none of them may quote the token.
    const QString wrongToken = m_dir.filePath(QStringLiteral("wrong_token"));
    QFile wrong(wrongToken);
    QVERIFY(wrong.open(QIODevice::WriteOnly));
    wrong.write("not-the-token");
    wrong.close();
    QVERIFY(wrong.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const QString refused = runCtl({QStringLiteral("--token-file"), wrongToken, QStringLiteral("status")}, 1);
    QVERIFY2(refused.contains(QStringLiteral("403")) ||
                 refused.contains(QStringLiteral("forbidden"), Qt::CaseInsensitive),
             qPrintable(refused));
    runCtl({QStringLiteral("--address"), QStringLiteral("http://127.0.0.1:9"), QStringLiteral("status")}, 1);
    runCtl({QStringLiteral("scale"), kLlm, QStringLiteral("-1")}, 2);

    crashWhileRunning(QStringLiteral(SCALEDECKCTL_PATH),
                      {QStringLiteral("run"), QStringLiteral("--tick"), QStringLiteral("1")},
                      QByteArrayLiteral(" controlling "));
    connectTheGui();

    // The test saw what it claims to search: the store holds the audit, the processes logged at debug.
    QVERIFY(QFileInfo::exists(m_storePath));
    ScheduleStore store(m_storePath);
    QVERIFY(store.open().ok());
    auto audit = store.audit(m_endpoint->clusterKey(), QDateTime::currentDateTimeUtc().addDays(-1));
    QVERIFY(audit.ok() && !audit->empty());
    QVERIFY2(m_transcript.contains("scaledeck.ray") || m_transcript.contains("GET /api/serve/applications/ 200"),
             "the processes did not log at debug level");

    const QString transcriptPath = m_dir.filePath(QStringLiteral("transcript.txt"));
    QFile transcript(transcriptPath);
    QVERIFY(transcript.open(QIODevice::WriteOnly));
    transcript.write(m_transcript);
    transcript.close();
    qInfo("searched %lld bytes of output and every file under %s", qlonglong(m_transcript.size()),
          qPrintable(m_dir.path()));

    const QStringList holding = filesHoldingTheToken();
    QVERIFY2(holding.isEmpty(), qPrintable(QStringLiteral("the token is in: ") + holding.join(QStringLiteral(", "))));
}

QTEST_GUILESS_MAIN(TestLiveSecrets)
#include "test_live_secrets.moc"
