// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "applypreviewdialog.h"

#include "displayformat.h"
#include "recenttrafficlabel.h"
#include "ui_applypreviewdialog.h"

#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QTextDocumentFragment>

namespace scaledeck {

ApplyPreviewDialog::ApplyPreviewDialog(const ApplyPlan &plan, Mode mode, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::ApplyPreviewDialog>()), m_mode(mode),
      m_recentTraffic(new RecentTrafficLabel(this))
{
    m_ui->setupUi(this);
    m_ui->mainLayout->insertWidget(m_ui->mainLayout->indexOf(m_ui->confirmStopCheck), m_recentTraffic);
    const int count = int(plan.preview.size());
    const QString changes = tr("%n change(s)", nullptr, count);
    setWindowTitle(mode == Mode::PreviewOnly ? tr("Preview of %1").arg(changes) : tr("Apply %1").arg(changes));

    QStringList stopping;
    for (const FieldChange &change : plan.preview) {
        auto *item = new QTreeWidgetItem(m_ui->changesTree,
                                         {change.app, change.deployment, change.field, change.before, change.after});
        if (change.stopsServing) {
            stopping.append(change.deployment.isEmpty() ? change.app
                                                        : change.app + QLatin1Char('/') + change.deployment);
            // The failure red, in its light tone on a dark palette.
            for (int column = 0; column < item->columnCount(); ++column)
                item->setForeground(column, statusColour(QStringLiteral("DEPLOY_FAILED")));
        }
    }
    for (int column = 0; column < m_ui->changesTree->columnCount(); ++column)
        m_ui->changesTree->resizeColumnToContents(column);

    m_ui->summaryLabel->setText(mode == Mode::PreviewOnly
                                    ? tr("Planned against the cluster's current state; nothing has been sent.")
                                    : tr("These changes were planned against the cluster's current state and will "
                                         "be sent when you press Apply."));
    QStringList requests;
    if (plan.putBody)
        requests.append(tr("one PUT of the whole Serve config (every other application unchanged)"));
    if (!plan.scaleCalls.empty())
        requests.append(tr("%n external-scaler call(s)", nullptr, int(plan.scaleCalls.size())));
    QStringList parkedNames;
    for (const ParkRecord &park : plan.parks)
        parkedNames.append(park.app);
    m_parkedApps = parkedNames;
    if (!parkedNames.isEmpty())
        requests.append(
            tr("the exact config of %1 stored by ScaleDeck first").arg(parkedNames.join(QStringLiteral(", "))));
    m_ui->requestsLabel->setText(requests.isEmpty() ? QString()
                                                    : tr("Requests: %1.").arg(requests.join(QStringLiteral("; "))));

    m_needsConfirmation = mode == Mode::ConfirmApply && plan.stopsServing();
    m_ui->confirmStopCheck->setVisible(m_needsConfirmation);
    m_ui->confirmStopCheck->setText(
        tr("I understand that %1 will stop serving until scaled up again").arg(stopping.join(QStringLiteral(", "))));
    connect(m_ui->confirmStopCheck, &QCheckBox::toggled, this, &ApplyPreviewDialog::updateOkButton);

    if (mode == Mode::PreviewOnly) {
        m_ui->buttonBox->setStandardButtons(QDialogButtonBox::Close);
    } else {
        m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("Apply %1").arg(changes));
    }
    updateOkButton();
}

ApplyPreviewDialog::~ApplyPreviewDialog() = default;

void ApplyPreviewDialog::setStopConfirmed(bool confirmed)
{
    m_ui->confirmStopCheck->setChecked(confirmed);
}

void ApplyPreviewDialog::requireTypedNamesToPark()
{
    if (m_mode != Mode::ConfirmApply || m_parkedApps.isEmpty() || needsTypedNames())
        return;
    auto *form = new QFormLayout;
    for (const QString &app : std::as_const(m_parkedApps)) {
        auto *edit = new QLineEdit(this);
        edit->setObjectName(QStringLiteral("typedName_") + app);
        edit->setPlaceholderText(app);
        form->addRow(tr("Production cluster: type <b>%1</b> to park it").arg(app.toHtmlEscaped()), edit);
        connect(edit, &QLineEdit::textChanged, this, &ApplyPreviewDialog::updateOkButton);
        m_nameEdits.emplace_back(app, edit);
    }
    // Above the buttons: the names are the last thing the operator does before Apply.
    m_ui->mainLayout->insertLayout(m_ui->mainLayout->indexOf(m_ui->buttonBox), form);
    m_nameEdits.front().second->setFocus();
    updateOkButton();
}

void ApplyPreviewDialog::setCapacity(const CapacityCheck &check)
{
    if (check.deployments.empty())
        return m_ui->capacityLabel->hide();
    QStringList lines{tr("<b>GPUs:</b> %1.").arg(check.gpuSummary().toHtmlEscaped())};
    const QString cost = check.costSummary();
    lines.append(cost.isEmpty() ? tr("<b>Cost:</b> no prices are set for this cluster (Cost tab, Prices…).")
                                : tr("<b>Cost:</b> %1.").arg(cost.toHtmlEscaped()));
    const QString warningColour = statusColour(QStringLiteral("DEPLOY_FAILED")).name();
    for (const QString &warning : check.warnings())
        lines.append(
            QStringLiteral("<span style=\"color:%1\">⚠ %2</span>").arg(warningColour, warning.toHtmlEscaped()));
    if (!check.fits())
        lines.append(tr("It can still be applied: Ray places the waiting replicas when an autoscaler adds nodes or "
                        "GPUs are freed."));
    m_ui->capacityLabel->setText(lines.join(QStringLiteral("<br>")));
    m_ui->capacityLabel->show();
}

QString ApplyPreviewDialog::capacityText() const
{
    return m_ui->capacityLabel->isHidden() ? QString()
                                           : QTextDocumentFragment::fromHtml(m_ui->capacityLabel->text()).toPlainText();
}

QString ApplyPreviewDialog::recentTrafficText() const
{
    return m_recentTraffic->plainText();
}

bool ApplyPreviewDialog::canAccept() const
{
    if (m_mode != Mode::ConfirmApply || (m_needsConfirmation && !m_ui->confirmStopCheck->isChecked()))
        return false;
    for (const auto &[app, edit] : m_nameEdits)
        if (edit->text() != app) // exact: a typed name is the proof that the operator read which app it is
            return false;
    return true;
}

void ApplyPreviewDialog::updateOkButton()
{
    if (QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok))
        ok->setEnabled(canAccept());
}

} // namespace scaledeck
