// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "applybar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

#include <iterator>

namespace scaledeck {

ApplyBar::ApplyBar(QWidget *parent)
    : QFrame(parent), m_statusLabel(new QLabel(this)), m_capacityLabel(new QLabel(this)),
      m_dismissButton(new QToolButton(this)), m_stopButton(new QPushButton(tr("Stop &waiting"), this)),
      m_applyButton(new QPushButton(this)), m_previewButton(new QPushButton(tr("&Preview…"), this)),
      m_discardButton(new QPushButton(tr("&Discard"), this))
{
    setObjectName(QStringLiteral("applyBar"));
    setStyleSheet(QStringLiteral("#applyBar { background: #fff1c1; border-top: 1px solid #d9b44a; } "
                                 "#applyBar QLabel { color: #3d2e00; }"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    m_statusLabel->setWordWrap(true);
    m_dismissButton->setObjectName(QStringLiteral("dismissStatusButton"));
    m_dismissButton->setText(QStringLiteral("×"));
    m_dismissButton->setAutoRaise(true);
    m_dismissButton->setToolTip(tr("Close this message"));
    m_dismissButton->setAccessibleName(tr("Close this message"));
    m_stopButton->setObjectName(QStringLiteral("stopWaitingButton"));
    m_stopButton->setToolTip(tr("Stop following the cluster: the change stays sent, and Apply is available again"));
    m_applyButton->setDefault(true);
    m_capacityLabel->setObjectName(QStringLiteral("capacityWarning"));
    m_capacityLabel->setWordWrap(true);
    m_capacityLabel->setStyleSheet(QStringLiteral("color: #8a1c1c;")); // on the bar's fixed light background
    m_capacityLabel->hide();
    auto *texts = new QVBoxLayout;
    texts->setSpacing(2);
    texts->addWidget(m_statusLabel);
    texts->addWidget(m_capacityLabel);
    layout->addLayout(texts, 1);
    layout->addWidget(m_dismissButton);
    layout->addWidget(m_stopButton);
    layout->addWidget(m_discardButton);
    layout->addWidget(m_previewButton);
    layout->addWidget(m_applyButton);
    orderTabsLeftToRight();
    connect(m_applyButton, &QPushButton::clicked, this, &ApplyBar::applyClicked);
    connect(m_previewButton, &QPushButton::clicked, this, &ApplyBar::previewClicked);
    connect(m_discardButton, &QPushButton::clicked, this, &ApplyBar::discardClicked);
    connect(m_stopButton, &QPushButton::clicked, this, &ApplyBar::stopWaitingClicked);
    connect(m_dismissButton, &QToolButton::clicked, this, &ApplyBar::dismissClicked);
    updateState();
}

// Tab goes through the buttons as they stand, not in the order they were created.
void ApplyBar::orderTabsLeftToRight()
{
    QWidget *const order[] = {m_dismissButton, m_stopButton, m_discardButton, m_previewButton, m_applyButton};
    for (std::size_t i = 1; i < std::size(order); ++i)
        setTabOrder(order[i - 1], order[i]);
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

void ApplyBar::setFollowing(bool following)
{
    m_following = following;
    updateState();
}

void ApplyBar::setBlockedReason(const QString &why)
{
    if (m_blockedReason == why)
        return;
    m_blockedReason = why;
    updateState();
}

void ApplyBar::setStatusText(const QString &text, bool dismissable)
{
    m_statusLabel->setText(text);
    m_dismissable = dismissable && !text.isEmpty();
    updateState();
}

void ApplyBar::setCapacityWarning(const QString &text)
{
    m_capacityLabel->setText(text);
    m_capacityLabel->setToolTip(text);
    m_capacityLabel->setVisible(!text.isEmpty());
}

QString ApplyBar::capacityWarning() const
{
    return m_capacityLabel->isHidden() ? QString() : m_capacityLabel->text();
}

QString ApplyBar::statusText() const
{
    return m_statusLabel->text();
}

void ApplyBar::updateState()
{
    m_applyButton->setText(tr("&Apply %n change(s)", nullptr, m_pending));
    const bool canAct = m_pending > 0 && !m_busy && m_blockedReason.isEmpty();
    m_applyButton->setEnabled(canAct);
    m_previewButton->setEnabled(canAct);
    // While following, what was edited meanwhile can be dropped; what was sent cannot be taken back here.
    m_discardButton->setEnabled(m_pending > 0 && (!m_busy || m_following));
    const QString waiting =
        !m_blockedReason.isEmpty()
            ? m_blockedReason
            : (m_following ? tr("Waiting for the cluster to reach the last change; Stop waiting to apply again.")
                           : QString());
    m_applyButton->setToolTip(waiting);
    m_previewButton->setToolTip(waiting);
    m_stopButton->setVisible(m_following);
    m_dismissButton->setVisible(m_dismissable);
    // Shown while there is something to apply, something being applied, or an outcome still to read.
    setVisible(m_pending > 0 || m_busy || !m_statusLabel->text().isEmpty());
}

} // namespace scaledeck
