// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The real window against a scripted cluster: a ScriptedHttpServer answering Ray's captured version and nodes (and
// whatever applications a test serves), settings, profiles and a store in a folder of their own. What the window's
// GUI tests set up alike. Members go in reverse: the window first, the folder last.
#include "fixtures.h"
#include "mainwindow.h"
#include "profilestore.h"
#include "scriptedhttpserver.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace scaledeck::testing {

class ScriptedWindow {
public:
    ScriptedWindow()
    {
        server.answer("/api/ray/version", {200, readFixture(QStringLiteral("version.json"))});
        server.answer("/api/v0/nodes", {200, readFixture(QStringLiteral("nodes.json"))});
    }

    void serveApplications(const QByteArray &body) { server.answer("/api/serve/applications/", {200, body}); }
    QString storePath() const { return dir.filePath(QStringLiteral("store.sqlite")); }
    ClusterEndpoint endpoint() const
    {
        ClusterEndpoint endpoint;
        endpoint.dashboardUrl = QUrl(server.url());
        endpoint.timeoutMs = 5000;
        return endpoint;
    }
    // Shows the window at `size`, polling every `pollIntervalMs`, and connects it to `to` (its traffic read from
    // `prometheus`, else from the nodes); false if it never showed.
    bool open(QSize size, int pollIntervalMs, const ClusterEndpoint &to, const QUrl &prometheus = {})
    {
        MainWindowOptions options;
        options.storePath = storePath();
        options.pollIntervalMs = pollIntervalMs;
        window = std::make_unique<MainWindow>(&profiles, options);
        window->resize(size);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return false;
        window->connectToCluster(to, prometheus);
        return true;
    }

    QTemporaryDir dir;
    ScriptedHttpServer server;
    QSettings settings{dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat};
    ProfileStore profiles{&settings};
    std::unique_ptr<MainWindow> window;
};

} // namespace scaledeck::testing
