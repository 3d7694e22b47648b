// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "notificationtext.h"

#include <QDBusConnection>
#include <QObject>

namespace scaledeck {

// Sends notifications to the desktop's notification service (org.freedesktop.Notifications's Notify) on the
// bus it is given, asynchronously: the caller (the GUI thread) never waits for the service. Where there is no
// bus or no service, the first failure is logged under scaledeck.notify and the rest are dropped quietly:
// a notification is a convenience, never a reason to stop.
class DesktopNotifier : public QObject {
    Q_OBJECT
public:
    explicit DesktopNotifier(QDBusConnection bus, QObject *parent = nullptr);
    void send(const scaledeck::DesktopNotification &notification);

Q_SIGNALS:
    void delivered(uint id);           // the service took it, and gave it this id
    void failed(const QString &error); // the bus or the service refused or did not answer

private:
    void noteFailure(const QString &error);

    QDBusConnection m_bus;
    bool m_failureLogged = false;
};

} // namespace scaledeck
