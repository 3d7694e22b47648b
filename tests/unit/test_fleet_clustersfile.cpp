// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The clusters file of `scaledeckctl fleet --clusters FILE`: good lines read as members, each bad line refused
// with FILE:LINE and what is wrong, token files read with the usual rules (a readable-by-others one refused as
// that member's error, not the file's).
#include "clustersfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

class TestFleetClustersFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goodFiles_data();
    void goodFiles();
    void badFiles_data();
    void badFiles();
    void tokenFilesAreReadBesideTheFile();
    void readableTokenFileIsTheMembersError();
    void missingFileIsAnError();

private:
    QString write(const QString &name, const QByteArray &contents, QFile::Permissions permissions);
    QTemporaryDir m_dir;
};

QString TestFleetClustersFile::write(const QString &name, const QByteArray &contents, QFile::Permissions permissions)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(contents);
    file.close();
    file.setPermissions(permissions);
    return path;
}

void TestFleetClustersFile::goodFiles_data()
{
    // names, urls, kinds and lines: one word a cluster.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("names");
    QTest::addColumn<QByteArray>("urls");
    QTest::addColumn<QByteArray>("kinds");
    QTest::addColumn<QByteArray>("lines");

    QTest::newRow("one dashboard") << QByteArray("lab http://127.0.0.1:8265\n") << QByteArray("lab")
                                   << QByteArray("http://127.0.0.1:8265") << QByteArray("dashboard") << QByteArray("1");
    QTest::newRow("bare host:port is http")
        << QByteArray("lab head:8265") << QByteArray("lab") << QByteArray("http://head:8265") << QByteArray("dashboard")
        << QByteArray("1");
    QTest::newRow("comments, blanks, tabs, token")
        << QByteArray("# the fleet\n\n  eu\thttps://eu.example.com  tokens/eu # Frankfurt\n   \nus http://us:8265\n")
        << QByteArray("eu us") << QByteArray("https://eu.example.com http://us:8265")
        << QByteArray("dashboard dashboard") << QByteArray("3 5");
    QTest::newRow("controller") << QByteArray("team controller+https://sd.example.com:8270 tok\n") << QByteArray("team")
                                << QByteArray("https://sd.example.com:8270") << QByteArray("controller")
                                << QByteArray("1");
    QTest::newRow("windows line ends") << QByteArray("a http://a:1\r\nb http://b:2\r\n") << QByteArray("a b")
                                       << QByteArray("http://a:1 http://b:2") << QByteArray("dashboard dashboard")
                                       << QByteArray("1 2");
}

void TestFleetClustersFile::goodFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, names);
    QFETCH(QByteArray, urls);
    QFETCH(QByteArray, kinds);
    QFETCH(QByteArray, lines);
    auto entries = parseClustersFile(QString::fromUtf8(text), QStringLiteral("fleet.txt"));
    QVERIFY2(entries.ok(), qPrintable(entries.ok() ? QString() : entries.error().message));
    const QList<QByteArray> name = names.split(' '), url = urls.split(' '), kind = kinds.split(' '),
                            line = lines.split(' ');
    QCOMPARE(entries->size(), size_t(name.size()));
    for (int i = 0; i < name.size(); ++i) {
        const ClustersFileEntry &entry = entries.value()[i];
        QCOMPARE(entry.name, QString::fromUtf8(name[i]));
        QCOMPARE(entry.url.toString(), QString::fromUtf8(url[i]));
        QCOMPARE(fleetMemberKindName(entry.kind), QString::fromUtf8(kind[i]));
        QCOMPARE(entry.line, line[i].toInt());
    }
}

void TestFleetClustersFile::badFiles_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("error");

    QTest::newRow("duplicate name") << QByteArray("a http://a:1\n# b\na http://b:2\n")
                                    << QByteArray("fleet.txt:3: the name 'a' is taken by an earlier line");
    QTest::newRow("missing address")
        << QByteArray("a http://a:1\nlonely   # no address\n")
        << QByteArray("fleet.txt:2: 'lonely' has no address (expected NAME ADDRESS [TOKEN_FILE])");
    QTest::newRow("extra field")
        << QByteArray("a http://a:1 tok extra\n")
        << QByteArray("fleet.txt:1: 4 fields, 'extra' is one too many (expected NAME ADDRESS [TOKEN_FILE])");
    QTest::newRow("bad url") << QByteArray("a ftp://a:1\n")
                             << QByteArray("fleet.txt:1: 'ftp://a:1' is not a dashboard address");
    QTest::newRow("bad port") << QByteArray("\n\na http://a:99999\n")
                              << QByteArray("fleet.txt:3: 'http://a:99999' is not a dashboard address");
    QTest::newRow("bad controller url") << QByteArray("c controller+ftp://x\n")
                                        << QByteArray("fleet.txt:1: controller+URL takes the controller's URL");
    QTest::newRow("controller without scheme")
        << QByteArray("c controller+x:8270\n") << QByteArray("fleet.txt:1: controller+URL takes the controller's URL");
    QTest::newRow("no cluster") << QByteArray("# nothing yet\n\n") << QByteArray("fleet.txt names no cluster");
}

void TestFleetClustersFile::badFiles()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, error);
    auto entries = parseClustersFile(QString::fromUtf8(text), QStringLiteral("fleet.txt"));
    QVERIFY(!entries.ok());
    QVERIFY2(entries.error().message.startsWith(QString::fromUtf8(error)), qPrintable(entries.error().message));
}

void TestFleetClustersFile::tokenFilesAreReadBesideTheFile()
{
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("tokens")));
    write(QStringLiteral("tokens/lab"), "ray-secret\n", QFile::ReadOwner | QFile::WriteOwner);
    write(QStringLiteral("tokens/team"), "controller-secret\n", QFile::ReadOwner | QFile::WriteOwner);
    const QString path = write(QStringLiteral("fleet.txt"),
                               "lab http://127.0.0.1:8265 tokens/lab\n"
                               "team controller+http://127.0.0.1:8270 tokens/team\n"
                               "open http://127.0.0.1:8266\n",
                               QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    auto members = readClustersFile(path);
    QVERIFY2(members.ok(), qPrintable(members.ok() ? QString() : members.error().message));
    QCOMPARE(members->size(), size_t(3));
    const FleetMember &lab = members.value()[0];
    QVERIFY(!lab.setupError);
    QCOMPARE(lab.token, QByteArray("ray-secret"));
    QCOMPARE(lab.kind, FleetMember::Kind::Dashboard);
    const FleetMember &team = members.value()[1];
    QVERIFY(!team.setupError);
    QCOMPARE(team.token, QByteArray("controller-secret"));
    QCOMPARE(team.kind, FleetMember::Kind::Controller);
    QCOMPARE(team.addressText(), QStringLiteral("controller+http://127.0.0.1:8270"));
    QVERIFY(members.value()[2].token.isEmpty());
    QVERIFY(!members.value()[2].setupError);
}

void TestFleetClustersFile::readableTokenFileIsTheMembersError()
{
    write(QStringLiteral("loose"), "secret\n",
          QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    const QString path = write(QStringLiteral("loose-fleet.txt"),
                               "lab http://127.0.0.1:8265 loose\nteam controller+http://127.0.0.1:8270 loose\n"
                               "ok http://127.0.0.1:8266\n",
                               QFile::ReadOwner | QFile::WriteOwner);
    auto members = readClustersFile(path);
    QVERIFY(members.ok());
    QCOMPARE(members->size(), size_t(3));
    for (int i = 0; i < 2; ++i) {
        const FleetMember &member = members.value()[i];
        QVERIFY2(member.setupError, qPrintable(member.name));
        QVERIFY2(member.setupError->message.contains(QStringLiteral("chmod 600")),
                 qPrintable(member.setupError->message));
        QVERIFY(member.token.isEmpty());
    }
    QVERIFY(!members.value()[2].setupError);
}

void TestFleetClustersFile::missingFileIsAnError()
{
    auto members = readClustersFile(m_dir.filePath(QStringLiteral("none.txt")));
    QVERIFY(!members.ok());
    QVERIFY2(members.error().message.startsWith(QStringLiteral("cannot read the clusters file")),
             qPrintable(members.error().message));
}

QTEST_GUILESS_MAIN(TestFleetClustersFile)
#include "test_fleet_clustersfile.moc"
