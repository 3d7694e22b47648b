// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "datafreshness.h"

#include "clusterheader.h"

namespace scaledeck {

DataFreshness::DataFreshness(const Clock *clock, QObject *parent) : QObject(parent), m_clock(clock)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &DataFreshness::textsChanged);
}

void DataFreshness::snapshotShown(const QDateTime &takenAt)
{
    m_takenAt = takenAt;
    if (!m_failure)
        return;
    m_failure.reset();
    m_tick.stop();
    Q_EMIT staleChanged(false);
}

void DataFreshness::pollFailed(const RayError &error)
{
    const bool wasStale = isStale();
    m_failure = error;
    if (!wasStale) {
        m_tick.start();
        Q_EMIT staleChanged(true);
    }
    Q_EMIT textsChanged();
}

void DataFreshness::reset()
{
    m_takenAt = {};
    if (!m_failure)
        return;
    m_failure.reset();
    m_tick.stop();
    Q_EMIT staleChanged(false);
}

QString DataFreshness::noticeText() const
{
    if (!m_failure)
        return {};
    const QString age = m_takenAt.isValid() ? tr("showing data from %1 ago").arg(ClusterHeader::formatAge(ageSecs()))
                                            : tr("no data received yet");
    return tr("The cluster does not answer — %1. (%2)").arg(m_failure->describe(), age);
}

QString DataFreshness::whyNoChanges() const
{
    if (!m_failure)
        return {};
    if (!m_takenAt.isValid())
        return tr("The cluster has not answered yet: nothing can be checked or sent until it does.");
    return tr("The cluster has not answered for %1; showing data from %2. Changes are checked and sent once it "
              "answers again.")
        .arg(ClusterHeader::formatAge(ageSecs()), shownAt());
}

QString DataFreshness::whyNoEdits() const
{
    if (!m_failure)
        return {};
    if (!m_takenAt.isValid())
        return tr("The cluster has not answered yet.");
    return tr("The cluster does not answer; showing data from %1. Editing resumes once it answers again.")
        .arg(shownAt());
}

qint64 DataFreshness::ageSecs() const
{
    return m_takenAt.secsTo(m_clock->nowUtc());
}

QString DataFreshness::shownAt() const
{
    return m_takenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

} // namespace scaledeck
