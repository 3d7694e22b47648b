// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "applybar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace scaledeck {

ApplyBar::ApplyBar(QWidget *parent)
    : QFrame(parent), m_statusLabel(new QLabel(this)), m_applyButton(new QPushButton(this)),
      m_previewButton(new QPushButton(tr("Preview…"), this)), m_discardButton(new QPushButton(tr("Discard"), this))
{
    setObjectName(QStringLiteral("applyBar"));
    setStyleSheet(QStringLiteral("#applyBar { background: #fff1c1; border-top: 1px solid #d9b44a; } "
                                 "#applyBar QLabel { color: #3d2e00; }"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    m_statusLabel->setWordWrap(true);
    m_applyButton->setDefault(true);
    layout->addWidget(m_statusLabel, 1);
    layout->addWidget(m_discardButton);
    layout->addWidget(m_previewButton);
    layout->addWidget(m_applyButton);
    connect(m_applyButton, &QPushButton::clicked, this, &ApplyBar::applyClicked);
    connect(m_previewButton, &QPushButton::clicked, this, &ApplyBar::previewClicked);
    connect(m_discardButton, &QPushButton::clicked, this, &ApplyBar::discardClicked);
    updateState();
}

void ApplyBar::setPendingCount(int count)
{
    m_pending = count;
    updateState();
}

void ApplyBar::setBusy(bool busy)
{
    m_busy = busy;
    updateState();
}

void ApplyBar::setStatusText(const QString &text)
{
    m_statusLabel->setText(text);
    updateState();
}

QString ApplyBar::statusText() const
{
    return m_statusLabel->text();
}

void ApplyBar::updateState()
{
    m_applyButton->setText(m_pending == 1 ? tr("Apply 1 change") : tr("Apply %1 changes").arg(m_pending));
    const bool canAct = m_pending > 0 && !m_busy;
    m_applyButton->setEnabled(canAct);
    m_previewButton->setEnabled(canAct);
    m_discardButton->setEnabled(canAct);
    // Shown while there is something to apply, something being applied, or an outcome still to read.
    setVisible(m_pending > 0 || m_busy || !m_statusLabel->text().isEmpty());
}

} // namespace scaledeck
