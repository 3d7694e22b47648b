// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetcostreader.h"

#include "clock.h"
#include "clusterendpoint.h"
#include "controllerclient.h"
#include "controllerfleetcost.h"

#include <QNetworkAccessManager>
#include <QTimer>

namespace scaledeck {

QString fleetMemberClusterKey(const FleetMember &member)
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = member.url;
    return endpoint.clusterKey();
}

FleetCostReader::FleetCostReader(std::vector<FleetMember> members, HistoryStore *history, PriceStore *prices,
                                 const Clock *clock, FleetCostOptions options, QObject *parent)
    : QObject(parent), m_history(history), m_prices(prices), m_clock(clock), m_options(options)
{
    qRegisterMetaType<FleetCostPtr>();
    for (FleetMember &member : members) {
        const int index = static_cast<int>(m_members.size());
        Member slot;
        slot.member = std::move(member);
        if (slot.member.kind == FleetMember::Kind::Controller && !slot.member.setupError) {
            if (!m_network)
                m_network = new QNetworkAccessManager(this);
            slot.controller = std::make_unique<ControllerClient>(m_network, slot.member.url, slot.member.token,
                                                                 slot.member.tokenOrigin);
            slot.controller->setTimeout(m_options.timeout);
        } else if (slot.member.kind == FleetMember::Kind::Dashboard) {
            slot.clusterKey = fleetMemberClusterKey(slot.member);
        }
        slot.timer = new QTimer(this);
        slot.timer->setSingleShot(true);
        connect(slot.timer, &QTimer::timeout, this, [this, index] { read(index); });
        m_members.push_back(std::move(slot));
    }
}

FleetCostReader::~FleetCostReader()
{
    stop(); // the controllers' reads first, while their clients exist
}

void FleetCostReader::start()
{
    m_running = true;
    for (Member &member : m_members)
        member.timer->start(0);
}

void FleetCostReader::stop()
{
    m_running = false;
    for (Member &member : m_members) {
        member.timer->stop();
        delete member.reading;
        member.reading = nullptr;
    }
}

void FleetCostReader::memberAnswered(int index)
{
    if (!m_running || index < 0 || index >= static_cast<int>(m_members.size()))
        return;
    Member &member = m_members[index];
    if (member.reading || (member.last && member.last->known()))
        return;
    member.timer->start(0);
}

void FleetCostReader::read(int index)
{
    Member &member = m_members[index];
    const QDateTime now = m_clock->nowUtc();
    if (member.controller) {
        delete member.reading;
        member.reading = new QObject(this);
        fetchControllerFleetCost(*member.controller, now, member.reading,
                                 [this, index](FleetCost cost) { finish(index, std::move(cost)); });
        return;
    }
    FleetCost cost;
    cost.readAtUtc = now;
    // A dashboard member's history is this machine's: a token it cannot read does not hide it. A controller's is
    // the controller's, and one that cannot be asked has none to show.
    if (member.member.kind == FleetMember::Kind::Controller)
        cost.unavailable = member.member.setupError ? member.member.setupError->describe()
                                                    : QStringLiteral("the controller cannot be asked");
    else if (!m_history || !m_prices)
        cost.unavailable = QStringLiteral("this machine's store could not be opened");
    else
        cost = localFleetCost(*m_history, *m_prices, member.clusterKey, now);
    finish(index, std::move(cost));
}

void FleetCostReader::finish(int index, FleetCost cost)
{
    Member &member = m_members[index];
    if (member.reading) {
        member.reading->deleteLater(); // we are in its call: not deleted under it
        member.reading = nullptr;
    }
    member.last = std::make_shared<const FleetCost>(std::move(cost));
    if (m_running)
        member.timer->start(m_options.interval);
    Q_EMIT costChanged(index, member.last);
}

} // namespace scaledeck
