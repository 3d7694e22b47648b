// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "parkbuttoncell.h"

#include <QHBoxLayout>
#include <QPushButton>

namespace scaledeck {

ParkButtonCell::ParkButtonCell(QWidget *parent) : QWidget(parent), m_button(new QPushButton(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 1, 4, 1);
    layout->addWidget(m_button);
    layout->addStretch(1);
    connect(m_button, &QPushButton::clicked, this, &ParkButtonCell::clicked);
}

void ParkButtonCell::setState(bool parked, bool parkPending, bool unparkPending, bool editable,
                              const QString &whyDisabled)
{
    // While an action is pending the button offers to take it back.
    if (parked)
        m_button->setText(unparkPending ? tr("Keep parked") : tr("Unpark"));
    else
        m_button->setText(parkPending ? tr("Keep serving") : tr("Park"));
    if (!editable && !whyDisabled.isEmpty())
        m_button->setToolTip(whyDisabled);
    else
        m_button->setToolTip(parked ? tr("Put the application back with its exact stored config")
                                    : tr("Take the whole application out of the cluster, keeping its config"));
    m_button->setEnabled(editable);
    updateAccessibleName();
}

void ParkButtonCell::setApplicationName(const QString &app)
{
    m_app = app;
    updateAccessibleName();
}

void ParkButtonCell::updateAccessibleName()
{
    m_button->setAccessibleName(m_app.isEmpty() ? QString() : tr("%1 %2").arg(m_button->text(), m_app));
}

} // namespace scaledeck
