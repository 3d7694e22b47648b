// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// A Connect-dialog profile whose controller token is in the OS keychain, against a REAL Secret Service
// (with-keyring.sh) and the real controller API (ApiBench): the token pasted once is stored and used at once;
// another window's connect reads it from the keychain without a paste (asynchronously, off the GUI thread's
// waits); forgetting the profile removes its entry, and so does saving it as a profile that no longer keeps its
// controller token there (a Ray dashboard's, or one with a token file).
#include "apibench.h"
#include "connectdialog.h"
#include "mainwindow.h"
#include "profilestore.h"
#include "schedulecoordinator.h"
#include "tokenkeychain.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <optional>

using namespace scaledeck;
using namespace scaledeck::testing;

namespace {
const QDateTime kStart(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC); // a Monday
const QString kProfile = QStringLiteral("team");

// The controller token the keychain holds for the profile, read as the window reads it.
Result<ResolvedToken> keychainToken()
{
    std::optional<Result<ResolvedToken>> result;
    QObject context;
    readControllerKeychainToken(kProfile, &context, [&result](Result<ResolvedToken> token) { result = token; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        qFatal("the keychain did not answer");
    return *result;
}

ConnectDialog *openConnectDialog(MainWindow &window)
{
    window.showConnectDialog();
    if (!QTest::qWaitFor([] { return qobject_cast<ConnectDialog *>(QApplication::activeModalWidget()); }))
        qFatal("no Connect dialog");
    return qobject_cast<ConnectDialog *>(QApplication::activeModalWidget());
}

void clickConnect(ConnectDialog *dialog)
{
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"))->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
}
} // namespace

class TestControllerProfileKeychain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void pastedOnceThenReadFromTheKeychainThenForgotten();
    void aProfileThatStopsUsingTheKeychainTakesItsTokenOut_data();
    void aProfileThatStopsUsingTheKeychainTakesItsTokenOut();

private:
    std::unique_ptr<MainWindow> window();

    QTemporaryDir m_dir;
    QSettings m_settings{m_dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat};
    ProfileStore m_profiles{&m_settings}; // both windows' profiles, as one user's
};

void TestControllerProfileKeychain::initTestCase()
{
    QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"),
             "no session bus: run this test through tests/keychain/with-keyring.sh (ctest does)");
}

std::unique_ptr<MainWindow> TestControllerProfileKeychain::window()
{
    MainWindowOptions options;
    options.storePath = m_dir.filePath(QStringLiteral("store.sqlite"));
    options.trafficIntervalMs = 0;
    auto window = std::make_unique<MainWindow>(&m_profiles, options);
    window->show();
    return window;
}

void TestControllerProfileKeychain::pastedOnceThenReadFromTheKeychainThenForgotten()
{
    ApiCase apiCase(kStart);
    const QString failed = apiCase.bench.setUp(QStringLiteral("tz UTC\ndefault 2\n"));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString controllerUrl = apiCase.bench.base.chopped(int(qstrlen("/api/v1/")));
    QVERIFY(!keychainToken().ok());

    // The first window: a new controller profile with the token pasted to be stored.
    auto first = window();
    ConnectDialog *dialog = openConnectDialog(*first);
    ConnectionProfile team;
    team.name = kProfile;
    team.controllerUrl = controllerUrl;
    team.controllerTokenInKeychain = true;
    dialog->setProfile(team);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("controllerTokenPasteEdit")),
                     QString::fromLatin1(kAliceToken));
    clickConnect(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(first->schedules()->controllerText().contains(QStringLiteral("you: alice (operator)")),
                             10000);
    QTRY_VERIFY_WITH_TIMEOUT(keychainToken().ok(), 10000); // stored in the background meanwhile
    QCOMPARE(keychainToken()->token, kAliceToken);
    first.reset();

    // The second window: the same profile, nothing pasted; the token comes from the keychain.
    auto second = window();
    dialog = openConnectDialog(*second); // opens on the last profile
    QCOMPARE(dialog->profile(), team);
    QVERIFY(dialog->pastedToken().isEmpty());
    clickConnect(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(second->schedules()->controllerText().contains(QStringLiteral("you: alice (operator)")),
                             10000);
    QVERIFY(!second->schedules()->runsController());

    // Forgetting the profile takes its keychain entry with it.
    dialog = openConnectDialog(*second);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("deleteProfileButton")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!keychainToken().ok(), 10000);
    QVERIFY2(keychainToken().error().message.startsWith(QStringLiteral("no controller token for the profile 'team'")),
             qPrintable(keychainToken().error().message));
    dialog->reject();
}

void TestControllerProfileKeychain::aProfileThatStopsUsingTheKeychainTakesItsTokenOut_data()
{
    QTest::addColumn<bool>("dashboard"); // else: the controller's token from a file
    QTest::newRow("now a Ray dashboard's profile") << true;
    QTest::newRow("now the controller's token from a file") << false;
}

void TestControllerProfileKeychain::aProfileThatStopsUsingTheKeychainTakesItsTokenOut()
{
    QFETCH(bool, dashboard);
    ConnectionProfile team;
    team.name = kProfile;
    team.controllerUrl = QStringLiteral("http://127.0.0.1:9"); // nobody answers: only the keychain matters here
    team.controllerTokenInKeychain = true;
    m_profiles.save(team);
    std::optional<Result<Done>> stored;
    QObject context;
    storeControllerKeychainToken(kProfile, kAliceToken, &context, [&stored](Result<Done> done) { stored = done; });
    QTRY_VERIFY_WITH_TIMEOUT(stored.has_value(), 30000);
    QVERIFY2(stored->ok(), qPrintable(stored->ok() ? QString() : stored->error().describe()));
    QVERIFY(keychainToken().ok());

    auto shown = window();
    ConnectDialog *dialog = openConnectDialog(*shown);
    ConnectionProfile changed = team;
    changed.controllerTokenInKeychain = false;
    if (dashboard) {
        changed.controllerUrl.clear();
        changed.address = QStringLiteral("http://127.0.0.1:9");
    } else {
        const QString tokenFile = m_dir.filePath(QStringLiteral("controller-token"));
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(file.write(kAliceToken) > 0);
        file.close();
        changed.controllerTokenFile = tokenFile;
    }
    dialog->setProfile(changed);
    QCOMPARE(dialog->profile().throughController(), !dashboard);
    clickConnect(dialog);
    QCOMPARE(m_profiles.find(kProfile)->controllerTokenInKeychain, false);
    QTRY_VERIFY_WITH_TIMEOUT(!keychainToken().ok(), 10000);
    QVERIFY2(keychainToken().error().message.startsWith(QStringLiteral("no controller token for the profile 'team'")),
             qPrintable(keychainToken().error().message));
    m_profiles.remove(kProfile);
}

QTEST_MAIN(TestControllerProfileKeychain)
#include "test_controllerprofile_keychain.moc"
