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
    qRegisterMetaType<FleetWindowCostPtr>();
    m_windowTimer = new QTimer(this);
    m_windowTimer->setInterval(m_options.interval);
    connect(m_windowTimer, &QTimer::timeout, this, &FleetCostReader::readAllWindows);
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
    if (m_window && m_windowRepeat) {
        readAllWindows();
        m_windowTimer->start();
    }
}

void FleetCostReader::stop()
{
    m_running = false;
    for (Member &member : m_members) {
        member.timer->stop();
        delete member.reading;
        member.reading = nullptr;
    }
    abandonWindows();
}

void FleetCostReader::readWindows(CostWindow window, bool repeat)
{
    abandonWindows();
    m_window = window;
    m_windowRepeat = repeat;
    readAllWindows();
    if (repeat && m_running)
        m_windowTimer->start();
}

void FleetCostReader::stopWindows()
{
    abandonWindows();
    m_window.reset();
    m_windowRepeat = false;
}

void FleetCostReader::abandonWindows()
{
    m_windowTimer->stop();
    ++m_windowGeneration;
    for (Member &member : m_members) {
        delete member.readingWindow;
        member.readingWindow = nullptr;
    }
}

// Each member its own event: the first bars come without waiting for a slow member's turn.
void FleetCostReader::readAllWindows()
{
    for (int index = 0; index < static_cast<int>(m_members.size()); ++index) {
        QMetaObject::invokeMethod(
            this, [this, index, generation = m_windowGeneration] { readWindow(index, generation); },
            Qt::QueuedConnection);
    }
}

void FleetCostReader::readWindow(int index, quint64 generation)
{
    if (generation != m_windowGeneration || !m_window)
        return;
    Member &member = m_members[index];
    const QDateTime now = m_clock->nowUtc();
    if (member.controller) {
        delete member.readingWindow;
        member.readingWindow = new QObject(this);
        fetchControllerWindowCost(
            *member.controller, *m_window, now, member.readingWindow,
            [this, index, generation](FleetWindowCost cost) { finishWindow(index, generation, std::move(cost)); });
        return;
    }
    FleetWindowCost cost = fleetWindowOf(*m_window, now);
    if (const std::optional<QString> why = whyNotReadable(member))
        cost.unavailable = *why;
    else
        cost = localFleetWindowCost(*m_history, *m_prices, member.clusterKey, *m_window, now);
    finishWindow(index, generation, std::move(cost));
}

void FleetCostReader::finishWindow(int index, quint64 generation, FleetWindowCost cost)
{
    Member &member = m_members[index];
    if (member.readingWindow) {
        member.readingWindow->deleteLater(); // we are in its call: not deleted under it
        member.readingWindow = nullptr;
    }
    if (generation != m_windowGeneration)
        return;
    Q_EMIT windowCostChanged(index, std::make_shared<const FleetWindowCost>(std::move(cost)));
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
    if (const std::optional<QString> why = whyNotReadable(member))
        cost.unavailable = *why;
    else
        cost = localFleetCost(*m_history, *m_prices, member.clusterKey, now);
    finish(index, std::move(cost));
}

// A dashboard member's history is this machine's: a token it cannot read does not hide it. A controller's is the
// controller's, and one that cannot be asked has none to show.
std::optional<QString> FleetCostReader::whyNotReadable(const Member &member) const
{
    if (member.member.kind == FleetMember::Kind::Controller)
        return member.member.setupError ? member.member.setupError->describe()
                                        : QStringLiteral("the controller cannot be asked");
    if (!m_history || !m_prices)
        return QStringLiteral("this machine's store could not be opened");
    return std::nullopt;
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
