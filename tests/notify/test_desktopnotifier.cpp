// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// DesktopNotifier against a REAL notification service: dunst on a private session bus (with-dunst.sh). A
// grouped notification sent through it arrives with its summary, body, application name and urgency (critical:
// it has a failure), as dunst's own history shows it; a bus without the service is logged once and the program goes on.
#include "desktopnotifier.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

using namespace scaledeck;

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");

// dunst's history (org.dunstproject.cmd0.NotificationListHistory: aa{sv}), each entry's values as text.
QList<QVariantMap> dunstHistory()
{
    QDBusInterface dunst(kService, kPath, QStringLiteral("org.dunstproject.cmd0"));
    const QDBusMessage reply = dunst.call(QStringLiteral("NotificationListHistory"));
    QList<QVariantMap> entries;
    if (reply.type() != QDBusMessage::ReplyMessage || reply.arguments().isEmpty())
        return entries;
    const QDBusArgument list = reply.arguments().at(0).value<QDBusArgument>();
    list.beginArray();
    while (!list.atEnd()) {
        QVariantMap entry;
        list >> entry;
        entries << entry;
    }
    list.endArray();
    return entries;
}

std::optional<QVariantMap> historyEntry(uint id)
{
    for (const QVariantMap &entry : dunstHistory())
        if (entry.value(QStringLiteral("id")).toUInt() == id)
            return entry;
    return std::nullopt;
}
} // namespace

class TestDesktopNotifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void serviceIsDunst();
    void groupedNotificationArrives();
    void missingServiceIsLoggedOnce();
};

// The wrapper started a real dunst on this bus (not some stand-in answering the name).
void TestDesktopNotifier::serviceIsDunst()
{
    QDBusInterface notifications(kService, kPath, kService);
    const QDBusMessage reply = notifications.call(QStringLiteral("GetServerInformation"));
    QCOMPARE(reply.type(), QDBusMessage::ReplyMessage);
    QCOMPARE(reply.arguments().value(0).toString(), QStringLiteral("dunst"));
}

void TestDesktopNotifier::groupedNotificationArrives()
{
    std::vector<NotificationEvent> events;
    for (int i = 0; i < 10; ++i)
        events.push_back({NotificationKind::Parked, QStringLiteral("app%1").arg(i), {}});
    events.push_back({NotificationKind::Failed, QStringLiteral("llm/LLM"), QStringLiteral("Ray refused it")});
    const DesktopNotification notification = composeNotification(events);

    DesktopNotifier notifier(QDBusConnection::sessionBus());
    QSignalSpy delivered(&notifier, &DesktopNotifier::delivered);
    QSignalSpy failed(&notifier, &DesktopNotifier::failed);
    notifier.send(notification);
    QVERIFY2(delivered.wait(10000), qPrintable(failed.isEmpty() ? QString() : failed.at(0).at(0).toString()));
    const uint id = delivered.at(0).at(0).toUInt();
    QVERIFY(id > 0);

    // dunst lists a notification in its history once it is closed.
    QDBusInterface dunst(kService, kPath, QStringLiteral("org.dunstproject.cmd0"));
    QCOMPARE(dunst.call(QStringLiteral("NotificationCloseAll")).type(), QDBusMessage::ReplyMessage);
    QTRY_VERIFY_WITH_TIMEOUT(historyEntry(id).has_value(), 10000);
    const QVariantMap entry = *historyEntry(id);
    QCOMPARE(entry.value(QStringLiteral("appname")).toString(), QStringLiteral("ScaleDeck"));
    QCOMPARE(entry.value(QStringLiteral("summary")).toString(), notification.summary);
    QCOMPARE(entry.value(QStringLiteral("body")).toString(), notification.body);
    QVERIFY(notification.summary.contains(QStringLiteral("Parked 10 targets")));
    // with-dunst.sh's dunstrc marks the text of what dunst took as critical.
    QCOMPARE(entry.value(QStringLiteral("message")).toString(),
             QStringLiteral("[critical] %1\n%2").arg(notification.summary, notification.body));
}

// A bus without the service (here: no bus at all) fails each send, logs the first, and nothing waits on it.
void TestDesktopNotifier::missingServiceIsLoggedOnce()
{
    const QDBusConnection nowhere = QDBusConnection::connectToBus(
        QStringLiteral("unix:path=/nonexistent/scaledeck-test-bus"), QStringLiteral("scaledeck-nowhere"));
    DesktopNotifier notifier(nowhere);
    QSignalSpy failed(&notifier, &DesktopNotifier::failed);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^desktop notifications are not shown: ")));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("desktop notifications")));
    notifier.send({QStringLiteral("one"), {}, NotificationUrgency::Normal});
    notifier.send({QStringLiteral("two"), {}, NotificationUrgency::Normal});
    QTRY_COMPARE(failed.size(), 2);
    QDBusConnection::disconnectFromBus(QStringLiteral("scaledeck-nowhere"));
}

QTEST_GUILESS_MAIN(TestDesktopNotifier)
#include "test_desktopnotifier.moc"
