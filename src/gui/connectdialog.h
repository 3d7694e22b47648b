#pragma once

#include "profilestore.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ConnectDialog;
}

namespace scaledeck {

// Picks or edits a connection profile (address, token file path, read-only) and remembers it.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    ConnectDialog(ProfileStore *profiles, QWidget *parent = nullptr);
    ~ConnectDialog() override;

    ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);

    void accept() override;  // remembers the profile when asked to

private:
    void loadProfileNames();
    void onProfileChosen(int index);
    void browseTokenFile();
    void forgetProfile();

    std::unique_ptr<Ui::ConnectDialog> m_ui;
    ProfileStore *m_profiles;
};

}  // namespace scaledeck
