// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "desktopnotifier.h"

#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcNotify, "scaledeck.notify")

namespace scaledeck {

namespace {
const QString kService = QStringLiteral("org.freedesktop.Notifications");
const QString kPath = QStringLiteral("/org/freedesktop/Notifications");
constexpr int kCallTimeoutMs = 5000;     // a service that hangs must not pile up calls
constexpr int kServerDefaultExpiry = -1; // the service decides how long it shows one
} // namespace

DesktopNotifier::DesktopNotifier(QDBusConnection bus, QObject *parent) : QObject(parent), m_bus(std::move(bus)) {}

void DesktopNotifier::send(const DesktopNotification &notification)
{
    if (!m_bus.isConnected()) {
        noteFailure(QStringLiteral("no D-Bus session bus: %1").arg(m_bus.lastError().message()));
        return;
    }
    QDBusMessage call = QDBusMessage::createMethodCall(kService, kPath, kService, QStringLiteral("Notify"));
    QVariantMap hints;
    hints.insert(QStringLiteral("urgency"), QVariant::fromValue(uchar(notification.urgency))); // a D-Bus byte
    hints.insert(QStringLiteral("desktop-entry"), QStringLiteral("scaledeck"));
    call << QStringLiteral("ScaleDeck") << uint(0) << QStringLiteral("scaledeck") << notification.summary
         << notification.body << QStringList() << hints << kServerDefaultExpiry;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(call, kCallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *finished) {
        finished->deleteLater();
        const QDBusPendingReply<uint> reply = *finished;
        if (reply.isError()) {
            noteFailure(QStringLiteral("%1: %2").arg(reply.error().name(), reply.error().message()));
            return;
        }
        Q_EMIT delivered(reply.value());
    });
}

void DesktopNotifier::noteFailure(const QString &error)
{
    if (!m_failureLogged) {
        qCWarning(lcNotify).noquote() << "desktop notifications are not shown:" << error;
        m_failureLogged = true;
    }
    Q_EMIT failed(error);
}

} // namespace scaledeck
