// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "connectdialog.h"

#include "controllertoken.h"
#include "tokenkeychain.h"
#include "ui_connectdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QLoggingCategory>
#include <QPushButton>
#include <QUrl>

#include <optional>

namespace scaledeck {

namespace {
Q_LOGGING_CATEGORY(lcConnect, "scaledeck.connect")
}

ConnectDialog::ConnectDialog(ProfileStore *profiles, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ConnectDialog>()), m_profiles(profiles)
{
    m_ui->setupUi(this);
    loadProfileNames();
    connect(m_ui->profileCombo, &QComboBox::activated, this, &ConnectDialog::onProfileChosen);
    connect(m_ui->browseTokenButton, &QToolButton::clicked, this, &ConnectDialog::browseTokenFile);
    connect(m_ui->browseControllerTokenButton, &QToolButton::clicked, this, &ConnectDialog::browseControllerTokenFile);
    connect(m_ui->deleteProfileButton, &QPushButton::clicked, this, &ConnectDialog::forgetProfile);
    connect(m_ui->tokenKeychainCheck, &QCheckBox::toggled, this, &ConnectDialog::updateTokenFields);
    connect(m_ui->controllerKeychainCheck, &QCheckBox::toggled, this, &ConnectDialog::updateTokenFields);
    connect(m_ui->controllerKindRadio, &QRadioButton::toggled, this, &ConnectDialog::updateKindFields);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    updateKindFields();
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

bool ConnectDialog::throughController() const
{
    return m_ui->controllerKindRadio->isChecked();
}

// One kind's fields: a controller profile keeps nothing of a dashboard's, nor the other way round, so a field
// typed before switching kinds is never remembered unseen.
ConnectionProfile ConnectDialog::profile() const
{
    ConnectionProfile profile;
    profile.name = m_ui->profileCombo->currentText().trimmed();
    profile.readOnly = m_ui->readOnlyCheck->isChecked();
    profile.prometheusUrl = m_ui->prometheusEdit->text().trimmed();
    if (throughController()) {
        profile.controllerUrl = m_ui->controllerUrlEdit->text().trimmed();
        profile.controllerTokenInKeychain = m_ui->controllerKeychainCheck->isChecked();
        if (!profile.controllerTokenInKeychain) // one source of the token
            profile.controllerTokenFile = m_ui->controllerTokenFileEdit->text().trimmed();
        return profile;
    }
    profile.address = m_ui->addressEdit->text().trimmed();
    profile.tokenFile = m_ui->tokenFileEdit->text().trimmed();
    profile.caFile = m_ui->caFileEdit->text().trimmed();
    profile.production = m_ui->productionCheck->isChecked();
    profile.tokenInKeychain = m_ui->tokenKeychainCheck->isChecked();
    if (profile.tokenInKeychain)
        profile.tokenFile.clear(); // one source of the token
    return profile;
}

void ConnectDialog::setProfile(const ConnectionProfile &profile)
{
    m_ui->profileCombo->setEditText(profile.name);
    (profile.throughController() ? m_ui->controllerKindRadio : m_ui->rayKindRadio)->setChecked(true);
    m_ui->addressEdit->setText(profile.address);
    m_ui->tokenFileEdit->setText(profile.tokenFile);
    m_ui->readOnlyCheck->setChecked(profile.readOnly);
    m_ui->caFileEdit->setText(profile.caFile);
    m_ui->productionCheck->setChecked(profile.production);
    m_ui->tokenKeychainCheck->setChecked(profile.tokenInKeychain);
    m_ui->prometheusEdit->setText(profile.prometheusUrl);
    m_ui->prometheusError->hide();
    m_ui->tokenPasteEdit->clear();
    m_ui->controllerUrlEdit->setText(profile.controllerUrl);
    m_ui->controllerTokenFileEdit->setText(profile.controllerTokenFile);
    m_ui->controllerKeychainCheck->setChecked(profile.controllerTokenInKeychain);
    m_ui->controllerTokenPasteEdit->clear();
    m_ui->controllerError->hide();
}

QByteArray ConnectDialog::pastedToken() const
{
    if (throughController())
        return m_ui->controllerKeychainCheck->isChecked() ? m_ui->controllerTokenPasteEdit->text().trimmed().toUtf8()
                                                          : QByteArray();
    return m_ui->tokenKeychainCheck->isChecked() ? m_ui->tokenPasteEdit->text().trimmed().toUtf8() : QByteArray();
}

// The other kind's rows are hidden, and disabled too, so neither the eye nor the keyboard reaches them.
void ConnectDialog::updateKindFields()
{
    const bool controller = throughController();
    QFormLayout *form = m_ui->formLayout;
    for (QWidget *ray : {static_cast<QWidget *>(m_ui->addressEdit), static_cast<QWidget *>(m_ui->tokenKeychainCheck),
                         static_cast<QWidget *>(m_ui->tokenPasteEdit), static_cast<QWidget *>(m_ui->caFileEdit),
                         static_cast<QWidget *>(m_ui->productionCheck)}) {
        form->setRowVisible(ray, !controller);
        ray->setEnabled(!controller);
    }
    form->setRowVisible(m_ui->tokenFileLayout, !controller);
    for (QWidget *ours :
         {static_cast<QWidget *>(m_ui->controllerUrlEdit), static_cast<QWidget *>(m_ui->controllerKeychainCheck),
          static_cast<QWidget *>(m_ui->controllerTokenPasteEdit)}) {
        form->setRowVisible(ours, controller);
        ours->setEnabled(controller);
    }
    form->setRowVisible(m_ui->controllerTokenFileLayout, controller);
    m_ui->controllerError->hide();
    updateTokenFields();
}

void ConnectDialog::updateTokenFields()
{
    const bool ray = !throughController();
    const bool inKeychain = m_ui->tokenKeychainCheck->isChecked();
    m_ui->tokenFileEdit->setEnabled(ray && !inKeychain);
    m_ui->browseTokenButton->setEnabled(ray && !inKeychain);
    m_ui->tokenPasteEdit->setEnabled(ray && inKeychain);
    m_ui->tokenPasteLabel->setEnabled(ray && inKeychain);
    const bool controllerInKeychain = m_ui->controllerKeychainCheck->isChecked();
    m_ui->controllerTokenFileEdit->setEnabled(!ray && !controllerInKeychain);
    m_ui->browseControllerTokenButton->setEnabled(!ray && !controllerInKeychain);
    m_ui->controllerTokenPasteEdit->setEnabled(!ray && controllerInKeychain);
    m_ui->controllerTokenPasteLabel->setEnabled(!ray && controllerInKeychain);
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

void ConnectDialog::browseControllerTokenFile()
{
    const QString current = m_ui->controllerTokenFileEdit->text();
    const QString start = current.isEmpty() ? QDir::homePath() + QStringLiteral("/.config/scaledeck") : current;
    const QString path = QFileDialog::getOpenFileName(this, tr("Controller token file"), start);
    if (!path.isEmpty())
        m_ui->controllerTokenFileEdit->setText(path);
}

// A controller profile's keychain entry is the profile's alone (unlike a Ray token's, which scaledeckctl's
// --token-keychain may share): it goes with the profile.
void ConnectDialog::forgetProfile()
{
    const QString name = m_ui->profileCombo->currentText().trimmed();
    const auto forgotten = m_profiles->find(name);
    m_profiles->remove(name);
    loadProfileNames();
    if (!forgotten || !forgotten->controllerTokenInKeychain)
        return;
    // The job outlives this dialog if it closes first; a failure is then only logged.
    removeControllerKeychainToken(name, this, [this](Result<Done> removed) {
        if (removed)
            return;
        qCWarning(lcConnect) << "the forgotten profile's controller token stays in the keychain:"
                             << removed.error().describe();
        showControllerProblem(tr("The profile is forgotten, but its controller token is still in the keychain: %1")
                                  .arg(removed.error().describe()),
                              m_ui->profileCombo);
    });
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

void ConnectDialog::showControllerProblem(const QString &problem, QWidget *field)
{
    m_ui->controllerError->setText(problem);
    m_ui->controllerError->show();
    field->setFocus();
}

// The URL and the token's place, checked as `scaledeck --controller` checks them (the same messages), before the
// dialog closes: a token file others may read is refused here, not found out after connecting.
bool ConnectDialog::checkController()
{
    const ConnectionProfile chosen = profile();
    if (chosen.controllerUrl.isEmpty()) {
        showControllerProblem(tr("Give the controller's URL, such as http://127.0.0.1:8270"), m_ui->controllerUrlEdit);
        return false;
    }
    if (const auto url = parseControllerUrl(chosen.controllerUrl, tr("The controller URL")); !url) {
        showControllerProblem(url.error().message, m_ui->controllerUrlEdit);
        return false;
    }
    if (chosen.controllerTokenInKeychain) {
        const auto stored = m_profiles->find(chosen.name.isEmpty() ? chosen.controllerUrl : chosen.name);
        if (pastedToken().isEmpty() && !(stored && stored->controllerTokenInKeychain)) {
            showControllerProblem(tr("Paste the controller token to store in the keychain: this profile has none "
                                     "stored yet"),
                                  m_ui->controllerTokenPasteEdit);
            return false;
        }
    } else if (chosen.controllerTokenFile.isEmpty()) {
        showControllerProblem(tr("Give the file that holds your controller token, or keep the token in the keychain"),
                              m_ui->controllerTokenFileEdit);
        return false;
    } else if (const auto token = readControllerToken(chosen.controllerTokenFile); !token) {
        showControllerProblem(token.error().message, m_ui->controllerTokenFileEdit);
        return false;
    }
    m_ui->controllerError->hide();
    return true;
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
    if (throughController() && !checkController())
        return;
    ConnectionProfile chosen = profile();
    if (chosen.name.isEmpty()) {
        const QString address = chosen.throughController() ? chosen.controllerUrl : chosen.address;
        chosen.name = address.isEmpty() ? tr("default") : address;
    }
    if (m_ui->rememberCheck->isChecked()) {
        const std::optional<ConnectionProfile> saved = m_profiles->find(chosen.name);
        m_controllerKeychainTokenLeft = saved && saved->controllerTokenInKeychain &&
                                        !(chosen.throughController() && chosen.controllerTokenInKeychain);
        m_profiles->save(chosen);
        m_profiles->setLastUsed(chosen.name);
    }
    m_ui->profileCombo->setEditText(chosen.name);
    QDialog::accept();
}

} // namespace scaledeck
