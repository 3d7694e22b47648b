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

// Picks or edits a connection profile (address, token file path, CA file, Prometheus, read-only, production) and
// remembers it.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    ConnectDialog(ProfileStore *profiles, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);
    // A token pasted to be stored in the keychain (empty: none). Held only by the dialog's widgets.
    QByteArray pastedToken() const;

    void accept() override; // remembers the profile when asked to

private:
    void loadProfileNames();
    void onProfileChosen(int index);
    void browseTokenFile();
    void forgetProfile();
    void updateTokenFields();
    QString prometheusProblem() const; // why the Prometheus field holds no usable address; empty: it does

    std::unique_ptr<Ui::ConnectDialog> m_ui;
    ProfileStore *m_profiles;
};

} // namespace scaledeck
