// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "trafficsourceline.h"

#include "errorbanner.h"

#include <QLabel>
#include <QVBoxLayout>

namespace scaledeck {

TrafficSourceLine::TrafficSourceLine(QWidget *parent) : QWidget(parent), m_label(new QLabel), m_failure(new ErrorBanner)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 0, 2, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_failure);
    m_label->setObjectName(QStringLiteral("trafficSourceLabel"));
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_failure->setObjectName(QStringLiteral("trafficFailure"));
    m_failure->hide();
    connect(m_failure, &ErrorBanner::dismissed, m_label, &QLabel::show); // the source, at least, stays said
}

void TrafficSourceLine::showReading(const TrafficReading &reading)
{
    const QString window =
        reading.windowS % 60 == 0 ? tr("%1 min").arg(reading.windowS / 60) : tr("%1 s").arg(reading.windowS);
    m_label->setText(
        reading.source == TrafficSource::Prometheus
            ? tr("Traffic: Prometheus at %1 (%2 window)").arg(reading.sourceAddress, window)
            : tr("Traffic: the nodes' metrics (no Prometheus configured; live values only, %1 window)").arg(window));
    m_failure->hide();
    m_label->show();
}

void TrafficSourceLine::showFailure(const QString &why)
{
    m_failure->showMessage(tr("Traffic unknown: %1").arg(why), ErrorBanner::Severity::Warning);
    m_label->hide();
}

void TrafficSourceLine::showWaiting(const QString &source)
{
    m_label->setText(tr("Traffic: reading %1…").arg(source));
    m_failure->hide();
    m_label->show();
}

QString TrafficSourceLine::text() const
{
    return m_failure->isVisibleTo(this) ? m_failure->text() : m_label->text();
}

bool TrafficSourceLine::showsFailure() const
{
    return m_failure->isVisibleTo(this);
}

} // namespace scaledeck
