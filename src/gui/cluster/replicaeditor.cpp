// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "replicaeditor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

namespace scaledeck {

ReplicaEditor::ReplicaEditor(QWidget *parent)
    : QWidget(parent), m_slider(new QSlider(Qt::Horizontal, this)), m_spinBox(new QSpinBox(this)),
      m_fromLabel(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 1, 4, 1);
    layout->setSpacing(6);
    m_slider->setMinimum(0);
    m_slider->setPageStep(1);
    m_slider->setTickPosition(QSlider::NoTicks);
    m_slider->setMinimumWidth(120);
    m_spinBox->setMinimum(0);
    m_spinBox->setAccelerated(false);
    m_spinBox->setKeyboardTracking(false); // typing "12" must not pass through 1 on the way
    m_fromLabel->hide();
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_fromLabel);
    layout->addWidget(m_spinBox);
    setFocusProxy(m_spinBox);
    connect(m_slider, &QSlider::valueChanged, this, &ReplicaEditor::onEdited);
    connect(m_spinBox, &QSpinBox::valueChanged, this, &ReplicaEditor::onEdited);
}

// The setters below return early when nothing changes: a refresh re-applies the model's values to every
// live editor of a changed row, and re-setting a spin box relayouts it even for the same value.
void ReplicaEditor::setRange(int maximum)
{
    if (maximum == m_spinBox->maximum() && maximum == m_slider->maximum())
        return;
    const QSignalBlocker sliderBlocker(m_slider);
    const QSignalBlocker spinBlocker(m_spinBox);
    m_slider->setMaximum(maximum);
    m_spinBox->setMaximum(maximum);
}

void ReplicaEditor::setValue(int value)
{
    if (value == m_spinBox->value() && value == m_slider->value())
        return;
    const QSignalBlocker sliderBlocker(m_slider);
    const QSignalBlocker spinBlocker(m_spinBox);
    m_slider->setValue(value);
    m_spinBox->setValue(value);
    updateFromLabel();
}

void ReplicaEditor::setCurrentTarget(int target)
{
    if (target == m_currentTarget)
        return;
    m_currentTarget = target;
    updateFromLabel();
}

void ReplicaEditor::updateFromLabel()
{
    const bool edited = m_currentTarget >= 0 && m_spinBox->value() != m_currentTarget;
    m_fromLabel->setText(QStringLiteral("<b>%1 →</b>").arg(m_currentTarget));
    m_fromLabel->setVisible(edited);
    updateAccessibleDescription();
}

void ReplicaEditor::setTargetName(const QString &target)
{
    const QString name = tr("Target replicas of %1").arg(target);
    m_slider->setAccessibleName(name);
    m_spinBox->setAccessibleName(name);
}

// What the "2 →" label shows, for those who do not see it.
void ReplicaEditor::updateAccessibleDescription()
{
    const int value = m_spinBox->value();
    QString text;
    if (m_currentTarget >= 0 && value != m_currentTarget)
        text = tr("Changed from %1 to %2, not yet applied").arg(m_currentTarget).arg(value);
    else if (m_currentTarget >= 0)
        text = tr("The cluster's target: %1").arg(m_currentTarget);
    m_slider->setAccessibleDescription(text);
    m_spinBox->setAccessibleDescription(text);
}

int ReplicaEditor::value() const
{
    return m_spinBox->value();
}

int ReplicaEditor::maximum() const
{
    return m_spinBox->maximum();
}

void ReplicaEditor::onEdited(int value)
{
    if (m_updating)
        return;
    m_updating = true;
    setValue(value); // mirror the move into the other control without echoing it back
    m_updating = false;
    Q_EMIT valueEdited(value);
}

} // namespace scaledeck
