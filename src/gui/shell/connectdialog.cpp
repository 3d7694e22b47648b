// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "connectdialog.h"

#include "ui_connectdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QPushButton>
#include <QUrl>

namespace scaledeck {

ConnectDialog::ConnectDialog(ProfileStore *profiles, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ConnectDialog>()), m_profiles(profiles)
{
    m_ui->setupUi(this);
    loadProfileNames();
    connect(m_ui->profileCombo, &QComboBox::activated, this, &ConnectDialog::onProfileChosen);
    connect(m_ui->browseTokenButton, &QToolButton::clicked, this, &ConnectDialog::browseTokenFile);
    connect(m_ui->deleteProfileButton, &QPushButton::clicked, this, &ConnectDialog::forgetProfile);
    connect(m_ui->tokenKeychainCheck, &QCheckBox::toggled, this, &ConnectDialog::updateTokenFields);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    updateTokenFields();
    if (const auto last = m_profiles->find(m_profiles->lastUsed()))
        setProfile(*last);
}

ConnectDialog::~ConnectDialog() = default;

void ConnectDialog::loadProfileNames()
{
    const QString current = m_ui->profileCombo->currentText();
    m_ui->profileCombo->clear();
    for (const ConnectionProfile &profile : m_profiles->profiles())
        m_ui->profileCombo->addItem(profile.name);
    m_ui->profileCombo->setEditText(current);
}

ConnectionProfile ConnectDialog::profile() const
{
    ConnectionProfile profile;
    profile.name = m_ui->profileCombo->currentText().trimmed();
    profile.address = m_ui->addressEdit->text().trimmed();
    profile.tokenFile = m_ui->tokenFileEdit->text().trimmed();
    profile.readOnly = m_ui->readOnlyCheck->isChecked();
    profile.caFile = m_ui->caFileEdit->text().trimmed();
    profile.production = m_ui->productionCheck->isChecked();
    profile.tokenInKeychain = m_ui->tokenKeychainCheck->isChecked();
    profile.prometheusUrl = m_ui->prometheusEdit->text().trimmed();
    if (profile.tokenInKeychain)
        profile.tokenFile.clear(); // one source of the token
    return profile;
}

void ConnectDialog::setProfile(const ConnectionProfile &profile)
{
    m_ui->profileCombo->setEditText(profile.name);
    m_ui->addressEdit->setText(profile.address);
    m_ui->tokenFileEdit->setText(profile.tokenFile);
    m_ui->readOnlyCheck->setChecked(profile.readOnly);
    m_ui->caFileEdit->setText(profile.caFile);
    m_ui->productionCheck->setChecked(profile.production);
    m_ui->tokenKeychainCheck->setChecked(profile.tokenInKeychain);
    m_ui->prometheusEdit->setText(profile.prometheusUrl);
    m_ui->prometheusError->hide();
    m_ui->tokenPasteEdit->clear();
}

QByteArray ConnectDialog::pastedToken() const
{
    return m_ui->tokenKeychainCheck->isChecked() ? m_ui->tokenPasteEdit->text().trimmed().toUtf8() : QByteArray();
}

void ConnectDialog::updateTokenFields()
{
    const bool inKeychain = m_ui->tokenKeychainCheck->isChecked();
    m_ui->tokenFileEdit->setEnabled(!inKeychain);
    m_ui->browseTokenButton->setEnabled(!inKeychain);
    m_ui->tokenPasteEdit->setEnabled(inKeychain);
    m_ui->tokenPasteLabel->setEnabled(inKeychain);
}

void ConnectDialog::onProfileChosen(int index)
{
    if (const auto chosen = m_profiles->find(m_ui->profileCombo->itemText(index)))
        setProfile(*chosen);
}

void ConnectDialog::browseTokenFile()
{
    const QString start = m_ui->tokenFileEdit->text().isEmpty() ? QDir::homePath() + QStringLiteral("/.ray")
                                                                : m_ui->tokenFileEdit->text();
    const QString path = QFileDialog::getOpenFileName(this, tr("Token file"), start);
    if (!path.isEmpty())
        m_ui->tokenFileEdit->setText(path);
}

void ConnectDialog::forgetProfile()
{
    m_profiles->remove(m_ui->profileCombo->currentText().trimmed());
    loadProfileNames();
}

QString ConnectDialog::prometheusProblem() const
{
    const QString text = m_ui->prometheusEdit->text().trimmed();
    if (text.isEmpty())
        return {};
    const QUrl url(text, QUrl::StrictMode);
    const bool http = url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
    if (url.isValid() && http && !url.host().isEmpty())
        return {};
    return tr("“%1” is no Prometheus address: give its URL, e.g. http://127.0.0.1:9090").arg(text);
}

void ConnectDialog::accept()
{
    // A bad address is said beside its field, and the dialog stays open to fix it.
    if (const QString problem = prometheusProblem(); !problem.isEmpty()) {
        m_ui->prometheusError->setText(problem);
        m_ui->prometheusError->show();
        m_ui->prometheusEdit->setFocus();
        return;
    }
    m_ui->prometheusError->hide();
    ConnectionProfile chosen = profile();
    if (chosen.name.isEmpty())
        chosen.name = chosen.address.isEmpty() ? tr("default") : chosen.address;
    if (m_ui->rememberCheck->isChecked()) {
        m_profiles->save(chosen);
        m_profiles->setLastUsed(chosen.name);
    }
    m_ui->profileCombo->setEditText(chosen.name);
    QDialog::accept();
}

} // namespace scaledeck
