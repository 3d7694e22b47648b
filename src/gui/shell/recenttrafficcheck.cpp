// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "recenttrafficcheck.h"

#include "clustersession.h"
#include "recentserving.h"
#include "recenttrafficlabel.h"

namespace scaledeck {

void RecentTrafficCheck::ask(ClusterSession *session, RecentTrafficLabel *label, std::vector<ReducedServing> targets)
{
    ++m_question; // whatever an earlier dialog asked is no longer awaited
    m_targets = std::move(targets);
    m_label = label;
    if (m_targets.empty() || !session || !label)
        return;
    follow(session);
    label->showPending(targetNames(), describeWindow(kWindowS));
    session->readRecentTraffic(m_question, kWindowS);
}

void RecentTrafficCheck::follow(ClusterSession *session)
{
    if (m_session == session)
        return;
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    connect(session, &ClusterSession::recentTrafficRead, this, &RecentTrafficCheck::onRead);
    connect(session, &ClusterSession::recentTrafficFailed, this, &RecentTrafficCheck::onFailed);
}

void RecentTrafficCheck::onRead(quint64 question, const TrafficReading &reading)
{
    if (question != m_question || !m_label)
        return;
    const QString source = reading.source == TrafficSource::Prometheus
                               ? tr("Prometheus at %1").arg(reading.sourceAddress)
                               : tr("the nodes' last reading (%1 window; no Prometheus for the last %2)")
                                     .arg(describeWindow(reading.windowS), describeWindow(kWindowS));
    m_label->showServing(describeRecentServing(m_targets, reading), source);
}

void RecentTrafficCheck::onFailed(quint64 question, const RayError &error)
{
    if (question != m_question || !m_label)
        return;
    m_label->showUnknown(targetNames(), error.message);
}

QStringList RecentTrafficCheck::targetNames() const
{
    QStringList names;
    for (const ReducedServing &target : m_targets)
        names << target.target();
    return names;
}

} // namespace scaledeck
