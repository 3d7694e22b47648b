// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetpoller.h"

#include "clock.h"

#include <QTimer>

namespace scaledeck {

Q_LOGGING_CATEGORY(lcFleet, "scaledeck.fleet")

FleetPoller::FleetPoller(std::vector<FleetMember> members, FleetStores stores, const Clock *clock,
                         FleetPollOptions options, QObject *parent)
    : QObject(parent), m_clock(clock), m_options(options)
{
    qRegisterMetaType<FleetRow>();
    for (FleetMember &member : members) {
        const int index = static_cast<int>(m_members.size());
        Member slot{std::move(member)};
        m_rows.push_back(firstRowOf(slot.member));
        if (!slot.member.setupError) {
            slot.fetch = new MemberFetch(slot.member, stores, options.timeout, this);
            slot.timer = new QTimer(this);
            slot.timer->setSingleShot(true);
            connect(slot.timer, &QTimer::timeout, this, [this, index] { poll(index); });
        }
        m_members.push_back(std::move(slot));
    }
}

FleetPoller::~FleetPoller() = default;

void FleetPoller::start()
{
    m_running = true;
    pollAllNow();
}

void FleetPoller::stop()
{
    m_running = false;
    for (Member &member : m_members) {
        if (!member.fetch)
            continue;
        member.timer->stop();
        member.fetch->abandon();
        member.reading = false;
    }
}

void FleetPoller::pollAllNow()
{
    if (!m_running)
        return;
    for (int index = 0; index < static_cast<int>(m_members.size()); ++index) {
        if (m_members[index].fetch && !m_members[index].reading)
            poll(index);
    }
}

void FleetPoller::poll(int index)
{
    Member &member = m_members[index];
    member.timer->stop();
    member.reading = true;
    member.fetch->fetch([this, index](const Result<FleetReading> &reading) { onReading(index, reading); });
}

void FleetPoller::onReading(int index, const Result<FleetReading> &reading)
{
    Member &member = m_members[index];
    member.reading = false;
    m_rows[index] = rowAfter(m_rows[index], reading, m_clock->nowUtc());
    if (!reading)
        qCDebug(lcFleet) << "fleet:" << member.member.name << reading.error().describe();
    if (m_running)
        member.timer->start(nextPollDelay(m_rows[index].failuresInARow, m_options));
    Q_EMIT rowChanged(index, m_rows[index]);
}

} // namespace scaledeck
