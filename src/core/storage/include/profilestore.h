// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

class QSettings;

namespace scaledeck {

// A named way to reach one cluster: its Ray dashboard, or the team's controller in front of it. It names the token
// FILE (or that the token is in the keychain), never the token: settings files end up in backups and dotfile
// repositories, so a secret must not live there.
struct ConnectionProfile {
    QString name;
    QString address;   // empty: RAY_DASHBOARD_ADDRESS, else Ray's default
    QString tokenFile; // empty: RAY_AUTH_TOKEN, RAY_AUTH_TOKEN_PATH, ~/.ray/auth_token
    bool readOnly = false;
    QString caFile;               // https: the CA file to trust instead of the system's CAs (empty: the system's)
    bool production = false;      // parking an application asks for its name to be typed
    bool tokenInKeychain = false; // the token is in the OS keychain under this profile's name, not in tokenFile
    QString prometheusUrl;        // where the cluster's traffic is read; empty: RAY_PROMETHEUS_HOST, else the nodes
    // Through the team's controller (`scaledeckctl run --listen`) instead of the dashboard: its URL; empty: a Ray
    // profile. A controller profile leaves address, tokenFile, tokenInKeychain, caFile and production empty.
    QString controllerUrl;
    QString controllerTokenFile; // the file with this person's token from the controller's users file
    // The controller token is in the OS keychain (service "ScaleDeck controller", account = this profile's name,
    // apart from the Ray token's entry), not in controllerTokenFile.
    bool controllerTokenInKeychain = false;

    bool throughController() const { return !controllerUrl.isEmpty(); }
    bool operator==(const ConnectionProfile &) const = default;
};

// Connection profiles remembered in QSettings. The QSettings comes from the caller, so tests can use a
// temporary file instead of the user's configuration.
class ProfileStore {
public:
    explicit ProfileStore(QSettings *settings);

    std::vector<ConnectionProfile> profiles() const;
    std::optional<ConnectionProfile> find(const QString &name) const;
    void save(const ConnectionProfile &profile); // replaces the profile of the same name
    void remove(const QString &name);
    QString lastUsed() const;
    void setLastUsed(const QString &name);

private:
    std::vector<int> storedIndices() const;
    void write(const std::vector<ConnectionProfile> &profiles);

    QSettings *m_settings;
};

} // namespace scaledeck
