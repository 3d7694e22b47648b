// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetsession.h"

#include "fleetpoller.h"
#include "parkedstore.h"
#include "pricestore.h"

namespace scaledeck {

namespace {
std::vector<FleetRow> firstRowsOf(const std::vector<FleetMember> &members)
{
    std::vector<FleetRow> rows;
    rows.reserve(members.size());
    for (const FleetMember &member : members)
        rows.push_back(firstRowOf(member));
    return rows;
}
} // namespace

FleetWorker::FleetWorker(std::vector<FleetMember> members, QString storePath, const Clock *clock,
                         FleetPollOptions options)
    : m_members(std::move(members)), m_storePath(std::move(storePath)), m_clock(clock), m_options(options)
{
}

FleetWorker::~FleetWorker() = default;

void FleetWorker::setUp()
{
    // The fleet only reads the store: a store that cannot be opened leaves the rows without parked apps and
    // prices, never without figures.
    if (!m_storePath.isEmpty()) {
        m_parked = std::make_unique<ParkedStore>(m_storePath, WriteGuard(true));
        if (auto opened = m_parked->open(); !opened) {
            qCWarning(lcFleet) << "fleet: no parked apps:" << opened.error().describe();
            m_parked.reset();
        }
        m_prices = std::make_unique<PriceStore>(m_storePath, WriteGuard(true));
        if (auto opened = m_prices->open(); !opened) {
            qCWarning(lcFleet) << "fleet: no prices:" << opened.error().describe();
            m_prices.reset();
        }
    }
    m_poller =
        new FleetPoller(std::move(m_members), FleetStores{m_parked.get(), m_prices.get()}, m_clock, m_options, this);
    connect(m_poller, &FleetPoller::rowChanged, this, &FleetWorker::rowChanged);
}

void FleetWorker::tearDown()
{
    delete m_poller; // its reads are abandoned before the stores they use go
    m_poller = nullptr;
    m_prices.reset();
    m_parked.reset();
}

void FleetWorker::start()
{
    if (m_poller)
        m_poller->start();
}

void FleetWorker::stop()
{
    if (m_poller)
        m_poller->stop();
}

void FleetWorker::pollAllNow()
{
    if (m_poller)
        m_poller->pollAllNow();
}

FleetSession::FleetSession(std::vector<FleetMember> members, QString storePath, const Clock *clock,
                           FleetPollOptions options, QObject *parent)
    : QObject(parent), m_firstRows(firstRowsOf(members)),
      m_thread(QStringLiteral("FleetPoller"),
               std::make_unique<FleetWorker>(std::move(members), std::move(storePath), clock, options),
               &FleetWorker::setUp, &FleetWorker::tearDown)
{
    qRegisterMetaType<FleetRow>();
    connect(m_thread.worker<FleetWorker>(), &FleetWorker::rowChanged, this, &FleetSession::rowChanged);
    m_thread.start();
}

FleetSession::~FleetSession() = default; // the thread's stop(): the poller and the stores go on their thread

void FleetSession::start()
{
    QMetaObject::invokeMethod(m_thread.worker<FleetWorker>(), &FleetWorker::start, Qt::QueuedConnection);
}

void FleetSession::stop()
{
    QMetaObject::invokeMethod(m_thread.worker<FleetWorker>(), &FleetWorker::stop, Qt::QueuedConnection);
}

void FleetSession::refreshNow()
{
    QMetaObject::invokeMethod(m_thread.worker<FleetWorker>(), &FleetWorker::pollAllNow, Qt::QueuedConnection);
}

} // namespace scaledeck
