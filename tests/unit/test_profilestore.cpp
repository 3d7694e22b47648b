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
                           QStringLiteral("http://prom.example:9090")};
    ConnectionProfile lab{
        QStringLiteral("lab"), QStringLiteral("http://127.0.0.1:8265"), {}, false, {}, false, true, {}};
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
