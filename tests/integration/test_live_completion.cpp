// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Shell completion against the real Ray head: `scaledeckctl targets` names what the cluster serves, the bash
// completion (packaging/completion/scaledeckctl.bash) offers those names through the real binary, and a
// cluster that does not answer leaves the shell waiting no longer than the completion's timeout.
#include "livecluster.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

const QString kScript = QStringLiteral(SCALEDECK_SOURCE_DIR "/packaging/completion/scaledeckctl.bash");

QString quoted(QString word)
{
    return QLatin1Char('\'') + word.replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
}

} // namespace

class TestLiveCompletion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void targetsNamesEveryAppAndDeployment();
    void completionOffersTheClustersNames();
    void unreachableClusterIsQuickAndQuiet();

private:
    Run ctl(const QStringList &arguments);
    // COMPREPLY for `line` (the cursor at its end) with the real scaledeckctl first on PATH.
    QStringList complete(const QString &line);
    QStringList expectedTargets();

    std::optional<ClusterEndpoint> m_endpoint;
    QNetworkAccessManager m_network;
    std::unique_ptr<DashboardClient> m_client;
    QTemporaryDir m_dir;
};

Run TestLiveCompletion::ctl(const QStringList &arguments)
{
    QProcess process;
    process.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
    process.start(QStringLiteral(SCALEDECKCTL_PATH),
                  QStringList{QStringLiteral("--store"), m_dir.filePath(QStringLiteral("store.sqlite"))} + arguments);
    if (!process.waitForFinished(60000))
        qFatal("scaledeckctl %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
    return Run{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
               QString::fromUtf8(process.readAllStandardError())};
}

QStringList TestLiveCompletion::complete(const QString &line)
{
    // COMP_WORDS split at spaces only: the line names no URL, so bash's ':' splitting does not come in.
    const QStringList words = line.split(QLatin1Char(' '));
    QStringList quotedWords;
    for (const QString &word : words)
        quotedWords.append(quoted(word));
    const QString program = QStringLiteral("source %1\nCOMP_WORDS=(%2)\nCOMP_CWORD=%3\nCOMP_LINE=%4\n"
                                           "COMP_POINT=${#COMP_LINE}\n_scaledeckctl\n"
                                           "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
                                .arg(quoted(kScript), quotedWords.join(QLatin1Char(' ')))
                                .arg(words.size() - 1)
                                .arg(quoted(line));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"), QFileInfo(QStringLiteral(SCALEDECKCTL_PATH)).absolutePath() +
                                                   QLatin1Char(':') + environment.value(QStringLiteral("PATH")));
    QProcess bash;
    bash.setProcessEnvironment(environment);
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("--norc"), QStringLiteral("--noprofile"), QStringLiteral("-c"), program});
    if (!bash.waitForFinished(60000))
        qFatal("bash did not finish");
    QStringList reply = QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    reply.sort();
    return reply;
}

// What the cluster serves, asked directly: each application, then each of its deployments as APP/DEPLOYMENT.
QStringList TestLiveCompletion::expectedTargets()
{
    const Result<SnapshotPtr> snapshot = snapshotNow(*m_client, nullptr);
    if (!snapshot)
        qFatal("snapshot: %s", qPrintable(snapshot.error().describe()));
    QStringList targets;
    for (const ApplicationSnapshot &application : snapshot.value()->applications) {
        targets.append(application.name);
        for (const DeploymentSnapshot &deployment : application.deployments)
            targets.append(application.name + QLatin1Char('/') + deployment.name);
    }
    return targets;
}

void TestLiveCompletion::initTestCase()
{
    QString whyNot;
    m_endpoint = liveEndpoint(&whyNot);
    if (!m_endpoint)
        QFAIL(qPrintable(whyNot));
    m_client = std::make_unique<DashboardClient>(&m_network, *m_endpoint);
    QVERIFY2(waitUntilSettled(*m_client), "the demo apps did not all reach RUNNING");
}

void TestLiveCompletion::targetsNamesEveryAppAndDeployment()
{
    const Run run = ctl({QStringLiteral("targets")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QStringList names = run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(names, expectedTargets());
    for (const char *name : {"llm", "llm/LLM", "embedder", "embedder/Embedder", "scaler"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
}

void TestLiveCompletion::completionOffersTheClustersNames()
{
    QStringList deployments;
    QStringList applications;
    for (const QString &target : expectedTargets())
        (target.contains(QLatin1Char('/')) ? deployments : applications).append(target);
    deployments.sort();
    applications.sort();
    const QString store = QStringLiteral("scaledeckctl --store ") + m_dir.filePath(QStringLiteral("store.sqlite"));
    QCOMPARE(complete(store + QStringLiteral(" scale ")), deployments);
    QCOMPARE(complete(store + QStringLiteral(" park ")), applications);
    QCOMPARE(complete(store + QStringLiteral(" schedule show llm/")), QStringList{QStringLiteral("llm/LLM")});
    QCOMPARE(complete(store + QStringLiteral(" unpark emb")), QStringList{QStringLiteral("embedder")});
}

void TestLiveCompletion::unreachableClusterIsQuickAndQuiet()
{
    // Nothing listens on port 1: the completion must get nothing, promptly, and print nothing on stdout.
    QElapsedTimer timer;
    timer.start();
    const Run run = ctl({QStringLiteral("--address"), QStringLiteral("http://127.0.0.1:1"), QStringLiteral("targets")});
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QString());
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));
}

QTEST_GUILESS_MAIN(TestLiveCompletion)
#include "test_live_completion.moc"
