// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "profilestore.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ConnectDialog;
}

namespace scaledeck {

// Picks or edits a connection profile and remembers it. A profile is one of two kinds, chosen at the top: a Ray
// dashboard (address, token file or keychain, CA file, production) or the team's controller (URL, token file or
// keychain); both have Prometheus and read-only. Only the chosen kind's fields show.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    ConnectDialog(ProfileStore *profiles, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);
    // A token pasted to be stored in the keychain (empty: none): the Ray token, or for a controller profile the
    // controller token. Held only by the dialog's widgets.
    QByteArray pastedToken() const;

    void accept() override; // remembers the profile when asked to
    // The profile remembered on accept() kept its controller token in the keychain and no longer does (it became a
    // Ray dashboard's profile, or reads its controller token from a file): that entry is the profile's alone and
    // should go (MainWindow removes it). False when the profile was not remembered: the saved one still uses it.
    bool controllerKeychainTokenLeft() const { return m_controllerKeychainTokenLeft; }

private:
    void loadProfileNames();
    void onProfileChosen(int index);
    void browseTokenFile();
    void browseControllerTokenFile();
    void forgetProfile();
    void updateKindFields();
    void updateTokenFields();
    bool throughController() const;
    QString prometheusProblem() const; // why the Prometheus field holds no usable address; empty: it does
    bool checkController();            // says beside the controller's fields what is wrong with them, if anything
    void showControllerProblem(const QString &problem, QWidget *field);

    std::unique_ptr<Ui::ConnectDialog> m_ui;
    ProfileStore *m_profiles;
    bool m_controllerKeychainTokenLeft = false;
};

} // namespace scaledeck
