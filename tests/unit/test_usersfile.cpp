// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The users file of `scaledeckctl run --users`: NAME ROLE TOKEN lines with comments and blank lines; each
// malformed line, unknown role, duplicate name or token is an error with its line number that never shows a
// token; a file any other user may read is refused with its mode and the chmod that fixes it.
#include "usersfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace scaledeck;

class TestUsersFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesPeopleCommentsAndBlankLines();
    void refusesBadLines_data();
    void refusesBadLines();
    void refusesAFileOthersMayRead();
    void readsAPrivateFile();
};

void TestUsersFile::parsesPeopleCommentsAndBlankLines()
{
    const auto users = parseUsers("# who may call the API\n\nalice operator aaaaaaaaaaaaaaaaaaaa\n"
                                  "  bob\tviewer   bbbbbbbbbbbbbbbbbbbb  \n",
                                  QStringLiteral("users"));
    QVERIFY2(users, users ? "" : qPrintable(users.error().describe()));
    QCOMPARE(users->size(), size_t(2));
    QCOMPARE(users->at(0).name, QStringLiteral("alice"));
    QCOMPARE(users->at(0).role, ApiRole::Operator);
    QCOMPARE(users->at(0).token, QByteArrayLiteral("aaaaaaaaaaaaaaaaaaaa"));
    QCOMPARE(users->at(1).name, QStringLiteral("bob"));
    QCOMPARE(users->at(1).role, ApiRole::Viewer);
    QCOMPARE(users->at(1).token, QByteArrayLiteral("bbbbbbbbbbbbbbbbbbbb"));
}

void TestUsersFile::refusesBadLines_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    const QByteArray alice = "alice operator aaaaaaaaaaaaaaaaaaaa\n";
    QTest::newRow("two fields") << QByteArray("# c\nalice operator\n")
                                << "users:2: expected NAME ROLE TOKEN, found 2 fields";
    QTest::newRow("four fields") << QByteArray("alice operator aaaaaaaaaaaaaaaaaaaa extra\n")
                                 << "users:1: expected NAME ROLE TOKEN, found 4 fields";
    QTest::newRow("unknown role") << alice + "bob admin bbbbbbbbbbbbbbbbbbbb\n"
                                  << "users:2: unknown role 'admin' (viewer or operator)";
    QTest::newRow("duplicate name") << alice + "\nalice viewer bbbbbbbbbbbbbbbbbbbb\n"
                                    << "users:3: alice is already on line 1";
    QTest::newRow("duplicate token") << alice + "bob viewer aaaaaaaaaaaaaaaaaaaa\n"
                                     << "users:2: the token of bob is the same as the one on line 1";
    QTest::newRow("short token") << QByteArray("alice operator short\n")
                                 << "users:1: the token of alice is shorter than 16 characters";
    QTest::newRow("nobody") << QByteArray("# nobody yet\n\n")
                            << "users: names nobody (one line per person: NAME ROLE "
                               "TOKEN)";
}

void TestUsersFile::refusesBadLines()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const auto users = parseUsers(content, QStringLiteral("users"));
    QVERIFY(!users);
    QCOMPARE(users.error().message, message);
    // No token in any error (the tokens of these rows all start with four equal letters).
    QVERIFY(!users.error().message.contains(QStringLiteral("aaaa")));
    QVERIFY(!users.error().message.contains(QStringLiteral("bbbb")));
}

void TestUsersFile::refusesAFileOthersMayRead()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("users"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("alice operator aaaaaaaaaaaaaaaaaaaa\n");
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                                QFileDevice::ReadOther));
    const auto users = readUsersFile(path);
    QVERIFY(!users);
    QCOMPARE(users.error().message, QStringLiteral("%1 has mode 0644, but it holds tokens: it must be readable by its "
                                                   "owner only (chmod 600 %1)")
                                        .arg(path));
}

void TestUsersFile::readsAPrivateFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("users"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("alice operator aaaaaaaaaaaaaaaaaaaa\nbob admin bbbbbbbbbbbbbbbbbbbb\n");
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    auto users = readUsersFile(path);
    QVERIFY(!users);
    QCOMPARE(users.error().message, path + QStringLiteral(":2: unknown role 'admin' (viewer or operator)"));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("alice operator aaaaaaaaaaaaaaaaaaaa\n");
    file.close();
    users = readUsersFile(path);
    QVERIFY2(users, users ? "" : qPrintable(users.error().describe()));
    QCOMPARE(users->size(), size_t(1));
    QVERIFY(!readUsersFile(dir.filePath(QStringLiteral("missing"))));
}

QTEST_GUILESS_MAIN(TestUsersFile)
#include "test_usersfile.moc"
