// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clusterheader.h"

#include "statusreport.h"

#include <QHBoxLayout>
#include <QLabel>

namespace scaledeck {

ClusterHeader::ClusterHeader(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_freshness(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    m_summary->setTextFormat(Qt::RichText);
    m_freshness->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addWidget(m_summary, 1);
    layout->addWidget(m_freshness);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ClusterHeader::updateText);
    m_tick.start();
    updateText();
}

void ClusterHeader::setAddress(const QString &address, bool readOnly)
{
    m_address = address;
    m_readOnly = readOnly;
    m_snapshot.reset();
    m_confirmedAt = QDateTime();
    updateText();
}

void ClusterHeader::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    updateText();
}

void ClusterHeader::setConfirmedAt(const QDateTime &atUtc)
{
    m_confirmedAt = atUtc;
    updateText();
}

void ClusterHeader::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    updateText();
}

QString ClusterHeader::text() const
{
    return m_summary->text() + QLatin1Char(' ') + m_freshness->text();
}

QString ClusterHeader::formatAge(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

void ClusterHeader::updateText()
{
    const QString readOnly = m_readOnly ? tr(" &nbsp;<b>[read-only]</b>") : QString();
    if (!m_snapshot || !m_snapshot->takenAt.isValid()) {
        m_summary->setText(
            tr("<b>%1</b>%2 &nbsp;·&nbsp; waiting for the first answer…").arg(m_address.toHtmlEscaped(), readOnly));
        m_freshness->clear();
        return;
    }
    const ClusterSnapshot &s = *m_snapshot;
    const QString nodes = tr("%n node(s)", nullptr, s.nodesAlive);
    m_summary->setText(tr("<b>%1</b>%2 &nbsp;·&nbsp; Ray %3 &nbsp;·&nbsp; GPUs held <b>%4 / %5</b> &nbsp;·&nbsp; %6")
                           .arg(m_address.toHtmlEscaped(), readOnly, s.rayVersion.toHtmlEscaped(),
                                formatAmount(s.gpusHeld()), formatAmount(s.gpusTotal), nodes));
    // Through a controller an unchanged snapshot is confirmed rather than sent again: the later of the two.
    const QDateTime refreshed = m_confirmedAt.isValid() && m_confirmedAt > s.takenAt ? m_confirmedAt : s.takenAt;
    const qint64 age = refreshed.secsTo(QDateTime::currentDateTimeUtc());
    m_freshness->setText(tr("last refresh %1 (%2 ago)")
                             .arg(refreshed.toLocalTime().toString(QStringLiteral("HH:mm:ss")), formatAge(age)));
}

} // namespace scaledeck
