// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Tokens in the OS keychain, against a REAL Secret Service (gnome-keyring in a private D-Bus session, set up
// by with-keyring.sh): store and read back, a missing entry's specific error, `scaledeckctl token store`
// reading stdin, and `--token-keychain NAME` sending exactly that token. A scripted HTTP server stands in
// for Ray only to see the Authorization header scaledeckctl sends.
#include "ctlcommands.h"
#include "scriptedhttpserver.h"
#include "tokenkeychain.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace scaledeck;

namespace {
template <typename T, typename Start> T await(Start start)
{
    std::optional<T> result;
    QObject context;
    start(&context, [&result](T value) { result = std::move(value); });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        qFatal("the keychain did not answer");
    return std::move(*result);
}

Result<ResolvedToken> readToken(const QString &name)
{
    return await<Result<ResolvedToken>>([&](QObject *context, auto done) { readKeychainToken(name, context, done); });
}

Result<Done> storeToken(const QString &name, const QByteArray &token)
{
    return await<Result<Done>>([&](QObject *context, auto done) { storeKeychainToken(name, token, context, done); });
}

Result<ResolvedToken> readControllerToken(const QString &profile)
{
    return await<Result<ResolvedToken>>(
        [&](QObject *context, auto done) { readControllerKeychainToken(profile, context, done); });
}

Result<Done> storeControllerToken(const QString &profile, const QByteArray &token)
{
    return await<Result<Done>>(
        [&](QObject *context, auto done) { storeControllerKeychainToken(profile, token, context, done); });
}

Result<Done> removeControllerToken(const QString &profile)
{
    return await<Result<Done>>(
        [&](QObject *context, auto done) { removeControllerKeychainToken(profile, context, done); });
}

struct CtlRun {
    int exitCode = -1;
    QString out;
    QString err;
};
} // namespace

class TestTokenKeychain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storedTokenReadsBack();
    void storeReplacesTheEntry();
    void missingEntryIsNamed();
    void emptyNameAndTokenAreRefused();
    void controllerTokenIsApartFromTheRayToken();
    void removedControllerTokenIsGoneAndRemovingAgainIsDone();
    void ctlTokenStoreReadsStdin();
    void ctlTokenStoreRefusesEmptyInput();
    void ctlSendsTheKeychainToken();
    void ctlMissingKeychainEntrySendsNothing();
    void ctlTokenFileAndKeychainTogetherAreRefused();

private:
    CtlRun ctlProcess(const QStringList &arguments, const QByteArray &input);
    CtlRun ctl(const QStringList &arguments);
};

void TestTokenKeychain::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no session bus: run this test through tests/keychain/with-keyring.sh (ctest does)");
}

void TestTokenKeychain::storedTokenReadsBack()
{
    const auto stored = storeToken(QStringLiteral("lab"), QByteArrayLiteral("tok-lab-1234\n"));
    if (!stored)
        QFAIL(qPrintable(stored.error().describe()));
    const auto token = readToken(QStringLiteral("lab"));
    if (!token)
        QFAIL(qPrintable(token.error().describe()));
    QCOMPARE(token->token, QByteArrayLiteral("tok-lab-1234"));
    QCOMPARE(token->origin, QStringLiteral("the keychain entry scaledeck/lab"));
}

void TestTokenKeychain::storeReplacesTheEntry()
{
    QVERIFY(storeToken(QStringLiteral("prod"), QByteArrayLiteral("first")).ok());
    QVERIFY(storeToken(QStringLiteral("prod"), QByteArrayLiteral("second")).ok());
    QCOMPARE(readToken(QStringLiteral("prod"))->token, QByteArrayLiteral("second"));
}

void TestTokenKeychain::missingEntryIsNamed()
{
    const auto token = readToken(QStringLiteral("nobody"));
    QVERIFY(!token.ok());
    QCOMPARE(token.error().kind, RayErrorKind::BadSetting);
    QCOMPARE(token.error().message, QStringLiteral("no token for 'nobody' in the keychain (service scaledeck); store "
                                                   "one with: scaledeckctl token store nobody"));
}

void TestTokenKeychain::emptyNameAndTokenAreRefused()
{
    const auto noName = readToken(QStringLiteral(" "));
    QVERIFY(!noName.ok());
    QVERIFY2(noName.error().message.contains(QStringLiteral("needs a name")), qPrintable(noName.error().message));
    const auto noToken = storeToken(QStringLiteral("lab"), QByteArrayLiteral("  \n"));
    QVERIFY(!noToken.ok());
    QVERIFY2(noToken.error().message.contains(QStringLiteral("empty")), qPrintable(noToken.error().message));
    QCOMPARE(readToken(QStringLiteral("lab"))->token, QByteArrayLiteral("tok-lab-1234")); // unchanged
}

// A profile's controller token (service "ScaleDeck controller") and its Ray token (service "scaledeck") share the
// profile's name but never overwrite each other.
void TestTokenKeychain::controllerTokenIsApartFromTheRayToken()
{
    QVERIFY(storeToken(QStringLiteral("team"), QByteArrayLiteral("ray-token-team")).ok());
    const auto stored = storeControllerToken(QStringLiteral("team"), QByteArrayLiteral(" ctl-token-team\n"));
    if (!stored)
        QFAIL(qPrintable(stored.error().describe()));
    const auto controller = readControllerToken(QStringLiteral("team"));
    if (!controller)
        QFAIL(qPrintable(controller.error().describe()));
    QCOMPARE(controller->token, QByteArrayLiteral("ctl-token-team"));
    QCOMPARE(controller->origin, QStringLiteral("the keychain entry ScaleDeck controller/team"));
    QCOMPARE(controllerKeychainOrigin(QStringLiteral("team")), controller->origin);
    QCOMPARE(readToken(QStringLiteral("team"))->token, QByteArrayLiteral("ray-token-team"));

    const auto missing = readControllerToken(QStringLiteral("lab")); // lab has a Ray token only
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().message,
             QStringLiteral("no controller token for the profile 'lab' in the keychain (service ScaleDeck controller); "
                            "give it once in the Connect dialog's profile lab (Controller token to store)"));
}

// Forgetting a controller profile removes its entry, and the Ray token of the same name stays.
void TestTokenKeychain::removedControllerTokenIsGoneAndRemovingAgainIsDone()
{
    QVERIFY(storeControllerToken(QStringLiteral("team"), QByteArrayLiteral("ctl-token-team")).ok());
    const auto removed = removeControllerToken(QStringLiteral("team"));
    if (!removed)
        QFAIL(qPrintable(removed.error().describe()));
    const auto gone = readControllerToken(QStringLiteral("team"));
    QVERIFY(!gone.ok());
    QVERIFY2(gone.error().message.startsWith(QStringLiteral("no controller token for the profile 'team'")),
             qPrintable(gone.error().message));
    QCOMPARE(readToken(QStringLiteral("team"))->token, QByteArrayLiteral("ray-token-team"));
    QVERIFY(removeControllerToken(QStringLiteral("team")).ok()); // nothing left to remove: done all the same
    QVERIFY(!removeControllerToken(QStringLiteral(" ")).ok());
}

CtlRun TestTokenKeychain::ctlProcess(const QStringList &arguments, const QByteArray &input)
{
    QProcess process;
    process.start(QStringLiteral(SCALEDECKCTL_PATH), arguments);
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        qFatal("scaledeckctl did not finish");
    return CtlRun{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                  QString::fromUtf8(process.readAllStandardError())};
}

CtlRun TestTokenKeychain::ctl(const QStringList &arguments)
{
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    QTemporaryDir dir;
    QProcessEnvironment environment; // no RAY_AUTH_TOKEN from the machine
    const int exitCode = runScaledeckCtl(QStringList{QStringLiteral("scaledeckctl"), QStringLiteral("--store"),
                                                     dir.filePath(QStringLiteral("store.sqlite"))} +
                                             arguments,
                                         environment, outStream, errStream);
    outStream.flush();
    errStream.flush();
    return CtlRun{exitCode, out, err};
}

void TestTokenKeychain::ctlTokenStoreReadsStdin()
{
    const CtlRun run = ctlProcess({QStringLiteral("token"), QStringLiteral("store"), QStringLiteral("staging")},
                                  QByteArrayLiteral("tok-from-stdin-987\n"));
    QVERIFY2(run.exitCode == ExitDone, qPrintable(run.err));
    QVERIFY2(!run.out.contains(QStringLiteral("tok-from-stdin")) && !run.err.contains(QStringLiteral("tok-from-stdin")),
             "the token was printed");
    QCOMPARE(readToken(QStringLiteral("staging"))->token, QByteArrayLiteral("tok-from-stdin-987"));
}

void TestTokenKeychain::ctlTokenStoreRefusesEmptyInput()
{
    const CtlRun run = ctlProcess({QStringLiteral("token"), QStringLiteral("store"), QStringLiteral("staging")}, {});
    QCOMPARE(run.exitCode, int(ExitUsage));
    QVERIFY2(run.err.contains(QStringLiteral("standard input must hold the token")), qPrintable(run.err));
    QCOMPARE(readToken(QStringLiteral("staging"))->token, QByteArrayLiteral("tok-from-stdin-987")); // unchanged
}

void TestTokenKeychain::ctlSendsTheKeychainToken()
{
    ScriptedHttpServer server;
    server.enqueue({200, QByteArrayLiteral("{\"ray_version\": \"2.60.0\"}")});
    const CtlRun run = ctl({QStringLiteral("status"), QStringLiteral("--address"), server.url(),
                            QStringLiteral("--token-keychain"), QStringLiteral("lab")});
    QVERIFY(!server.requests().isEmpty());
    for (const ReceivedRequest &request : server.requests())
        QCOMPARE(request.header("Authorization"), QByteArrayLiteral("Bearer tok-lab-1234"));
    QVERIFY2(!run.err.contains(QStringLiteral("tok-lab")), qPrintable(run.err));
}

void TestTokenKeychain::ctlMissingKeychainEntrySendsNothing()
{
    ScriptedHttpServer server;
    const CtlRun run = ctl({QStringLiteral("status"), QStringLiteral("--address"), server.url(),
                            QStringLiteral("--token-keychain"), QStringLiteral("nobody")});
    QCOMPARE(run.exitCode, int(ExitError));
    QVERIFY2(run.err.contains(QStringLiteral("no token for 'nobody' in the keychain")), qPrintable(run.err));
    QVERIFY(server.requests().isEmpty());
}

void TestTokenKeychain::ctlTokenFileAndKeychainTogetherAreRefused()
{
    ScriptedHttpServer server;
    const CtlRun run =
        ctl({QStringLiteral("status"), QStringLiteral("--address"), server.url(), QStringLiteral("--token-keychain"),
             QStringLiteral("lab"), QStringLiteral("--token-file"), QStringLiteral("/dev/null")});
    QCOMPARE(run.exitCode, int(ExitError));
    QVERIFY2(run.err.contains(QStringLiteral("give one of them")), qPrintable(run.err));
    QVERIFY(server.requests().isEmpty());
}

QTEST_GUILESS_MAIN(TestTokenKeychain)
#include "test_tokenkeychain.moc"
