// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The connection profiles in the settings file: saved and read back whole, and a damaged or hand-edited file
// read in the time its contents take, whatever its array "size" says.
#include "profilestore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

class TestProfileStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void savedProfilesComeBack();
    void prometheusAddressComesBackAndOldProfilesLoad();
    void controllerProfilesComeBackAndOldOnesAreRayProfiles();
    void hugeSizeReadsOnlyWhatIsThere();
    void entriesPastSizeAreIgnored();

private:
    QString writeFile(const QByteArray &contents);
    QTemporaryDir m_dir;
};

QString TestProfileStore::writeFile(const QByteArray &contents)
{
    const QString path =
        m_dir.filePath(QStringLiteral("scaledeck-%1.conf").arg(QLatin1String(QTest::currentTestFunction())));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) != contents.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestProfileStore::savedProfilesComeBack()
{
    QSettings settings(m_dir.filePath(QStringLiteral("roundtrip.conf")), QSettings::IniFormat);
    ProfileStore store(&settings);
    ConnectionProfile prod{QStringLiteral("prod"),
                           QStringLiteral("https://ray.example:8265"),
                           QStringLiteral("/home/op/.ray/token"),
                           true,
                           QStringLiteral("/etc/ca.pem"),
                           true,
                           false,
                           QStringLiteral("http://prom.example:9090"),
                           {},
                           {},
                           false};
    ConnectionProfile lab{
        QStringLiteral("lab"), QStringLiteral("http://127.0.0.1:8265"), {}, false, {}, false, true, {}, {}, {}, false};
    store.save(prod);
    store.save(lab);
    QCOMPARE(store.profiles(), (std::vector<ConnectionProfile>{prod, lab}));
    store.remove(QStringLiteral("prod"));
    QCOMPARE(store.profiles(), std::vector<ConnectionProfile>{lab});
}

// Issue 12: a profile's Prometheus address is remembered; a profile saved before it existed loads with none
// (RAY_PROMETHEUS_HOST, else the nodes).
void TestProfileStore::prometheusAddressComesBackAndOldProfilesLoad()
{
    QSettings settings(
        writeFile("[profiles]\n1\\name=old\n1\\address=http://127.0.0.1:8265\n1\\readOnly=true\nsize=1\n"),
        QSettings::IniFormat);
    ProfileStore store(&settings);
    const auto old = store.find(QStringLiteral("old"));
    QVERIFY(old);
    QVERIFY(old->prometheusUrl.isEmpty());
    QVERIFY(old->readOnly);
    ConnectionProfile withPrometheus = *old;
    withPrometheus.prometheusUrl = QStringLiteral("http://prom.example:9090");
    store.save(withPrometheus);
    QSettings reread(settings.fileName(), QSettings::IniFormat);
    QCOMPARE(ProfileStore(&reread).find(QStringLiteral("old")), std::optional(withPrometheus));
}

// A profile may name the team's controller: its URL and where its token is (a file, or the keychain), never the
// token. A file written before profiles could name one (every key of that version, with a Ray keychain token)
// loads as the Ray profile it was.
void TestProfileStore::controllerProfilesComeBackAndOldOnesAreRayProfiles()
{
    QSettings settings(writeFile("[profiles]\n1\\name=prod\n1\\address=https://ray.example:8265\n1\\tokenFile=\n"
                                 "1\\readOnly=false\n1\\caFile=/etc/ca.pem\n1\\production=true\n1\\keychain=true\n"
                                 "1\\prometheus=http://prom.example:9090\nsize=1\n"),
                       QSettings::IniFormat);
    ProfileStore store(&settings);
    const auto old = store.find(QStringLiteral("prod"));
    QVERIFY(old);
    QVERIFY(!old->throughController());
    QVERIFY(old->controllerTokenFile.isEmpty());
    QVERIFY(!old->controllerTokenInKeychain);
    QCOMPARE(old->address, QStringLiteral("https://ray.example:8265"));
    QVERIFY(old->tokenInKeychain);
    QVERIFY(old->production);
    QCOMPARE(old->caFile, QStringLiteral("/etc/ca.pem"));

    ConnectionProfile team;
    team.name = QStringLiteral("team");
    team.controllerUrl = QStringLiteral("https://scaledeck.example.com");
    team.controllerTokenFile = QStringLiteral("/home/op/.config/scaledeck/controller-token");
    team.readOnly = true;
    team.prometheusUrl = QStringLiteral("http://prom.example:9090");
    ConnectionProfile teamKeychain;
    teamKeychain.name = QStringLiteral("team-keychain");
    teamKeychain.controllerUrl = QStringLiteral("http://127.0.0.1:8270");
    teamKeychain.controllerTokenInKeychain = true;
    store.save(team);
    store.save(teamKeychain);
    QSettings reread(settings.fileName(), QSettings::IniFormat);
    QCOMPARE(ProfileStore(&reread).profiles(), (std::vector<ConnectionProfile>{*old, team, teamKeychain}));
    QVERIFY(ProfileStore(&reread).find(QStringLiteral("team"))->throughController());
    QVERIFY(ProfileStore(&reread).find(QStringLiteral("team-keychain"))->controllerTokenInKeychain);
}

// Found by fuzz_profiles: "size=828266" made reading the file take minutes (seven lookups for each index up to
// it). With two billion it would never finish; the one profile the file has comes back at once.
void TestProfileStore::hugeSizeReadsOnlyWhatIsThere()
{
    QSettings settings(writeFile("[profiles]\n1\\name=lab\n1\\address=http://127.0.0.1:8265\nsize=2000000000\n"),
                       QSettings::IniFormat);
    ProfileStore store(&settings);
    const std::vector<ConnectionProfile> profiles = store.profiles();
    QCOMPARE(profiles.size(), size_t(1));
    QCOMPARE(profiles.front().name, QStringLiteral("lab"));
    QCOMPARE(profiles.front().address, QStringLiteral("http://127.0.0.1:8265"));
}

void TestProfileStore::entriesPastSizeAreIgnored()
{
    QSettings settings(writeFile("[profiles]\n2\\name=second\n1\\name=first\n7\\name=stray\nsize=2\n"),
                       QSettings::IniFormat);
    ProfileStore store(&settings);
    const std::vector<ConnectionProfile> profiles = store.profiles();
    QCOMPARE(profiles.size(), size_t(2));
    QCOMPARE(profiles[0].name, QStringLiteral("first"));
    QCOMPARE(profiles[1].name, QStringLiteral("second"));
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "test_profilestore.moc"
