// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetsession.h"

#include "fleetpoller.h"
#include "historystore.h"
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

FleetCostWorker::FleetCostWorker(std::vector<FleetMember> members, QString storePath, const Clock *clock,
                                 FleetCostOptions options)
    : m_members(std::move(members)), m_storePath(std::move(storePath)), m_clock(clock), m_options(options)
{
}

FleetCostWorker::~FleetCostWorker() = default;

void FleetCostWorker::setUp()
{
    // A store that cannot be opened leaves the dashboard members' costs unavailable (saying so), never the rest.
    if (!m_storePath.isEmpty()) {
        m_history = std::make_unique<HistoryStore>(m_storePath);
        if (auto opened = m_history->open(); !opened) {
            qCWarning(lcFleet) << "fleet: no local history:" << opened.error().describe();
            m_history.reset();
        }
        m_prices = std::make_unique<PriceStore>(m_storePath, WriteGuard(true));
        if (auto opened = m_prices->open(); !opened) {
            qCWarning(lcFleet) << "fleet: no prices for the costs:" << opened.error().describe();
            m_prices.reset();
        }
    }
    m_reader = new FleetCostReader(std::move(m_members), m_history.get(), m_prices.get(), m_clock, m_options, this);
    connect(m_reader, &FleetCostReader::costChanged, this, &FleetCostWorker::costChanged);
    connect(m_reader, &FleetCostReader::windowCostChanged, this, &FleetCostWorker::windowCostChanged);
}

void FleetCostWorker::tearDown()
{
    delete m_reader; // its controllers' reads are abandoned before the stores go
    m_reader = nullptr;
    m_prices.reset();
    m_history.reset();
}

void FleetCostWorker::start()
{
    if (m_reader)
        m_reader->start();
}

void FleetCostWorker::stop()
{
    if (m_reader)
        m_reader->stop();
}

void FleetCostWorker::memberAnswered(int index)
{
    if (m_reader)
        m_reader->memberAnswered(index);
}

void FleetCostWorker::readWindows(CostWindow window, bool repeat)
{
    if (m_reader)
        m_reader->readWindows(window, repeat);
}

void FleetCostWorker::stopWindows()
{
    if (m_reader)
        m_reader->stopWindows();
}

FleetSession::FleetSession(std::vector<FleetMember> members, QString storePath, const Clock *clock,
                           FleetPollOptions options, FleetCostOptions costOptions, QObject *parent)
    : QObject(parent), m_firstRows(firstRowsOf(members)), m_answering(members.size(), false),
      m_thread(QStringLiteral("FleetPoller"), std::make_unique<FleetWorker>(members, storePath, clock, options),
               &FleetWorker::setUp, &FleetWorker::tearDown),
      m_costThread(QStringLiteral("FleetCost"),
                   std::make_unique<FleetCostWorker>(std::move(members), std::move(storePath), clock, costOptions),
                   &FleetCostWorker::setUp, &FleetCostWorker::tearDown)
{
    qRegisterMetaType<FleetRow>();
    qRegisterMetaType<FleetCostPtr>();
    qRegisterMetaType<FleetWindowCostPtr>();
    connect(m_thread.worker<FleetWorker>(), &FleetWorker::rowChanged, this, &FleetSession::onRowChanged);
    connect(m_costThread.worker<FleetCostWorker>(), &FleetCostWorker::costChanged, this, &FleetSession::costChanged);
    connect(m_costThread.worker<FleetCostWorker>(), &FleetCostWorker::windowCostChanged, this,
            &FleetSession::windowCostChanged);
    m_thread.start();
    m_costThread.start();
}

FleetSession::~FleetSession() = default; // the thread's stop(): the poller and the stores go on their thread

void FleetSession::start()
{
    QMetaObject::invokeMethod(m_thread.worker<FleetWorker>(), &FleetWorker::start, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_costThread.worker<FleetCostWorker>(), &FleetCostWorker::start, Qt::QueuedConnection);
}

void FleetSession::stop()
{
    QMetaObject::invokeMethod(m_thread.worker<FleetWorker>(), &FleetWorker::stop, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_costThread.worker<FleetCostWorker>(), &FleetCostWorker::stop, Qt::QueuedConnection);
}

void FleetSession::onRowChanged(int index, const FleetRow &row)
{
    if (index >= 0 && index < static_cast<int>(m_answering.size())) {
        const bool answering = row.reachable();
        if (answering && !m_answering[index]) // it came (back): a cost it could not read before may be there now
            QMetaObject::invokeMethod(
                m_costThread.worker<FleetCostWorker>(),
                [worker = m_costThread.worker<FleetCostWorker>(), index] { worker->memberAnswered(index); },
                Qt::QueuedConnection);
        m_answering[index] = answering;
    }
    Q_EMIT rowChanged(index, row);
}

void FleetSession::refreshNow()
{
    QMetaObject::invokeMethod(m_thread.worker<FleetWorker>(), &FleetWorker::pollAllNow, Qt::QueuedConnection);
}

void FleetSession::readWindowCosts(CostWindow window, bool repeat)
{
    FleetCostWorker *worker = m_costThread.worker<FleetCostWorker>();
    QMetaObject::invokeMethod(
        worker, [worker, window, repeat] { worker->readWindows(window, repeat); }, Qt::QueuedConnection);
}

void FleetSession::stopWindowCosts()
{
    FleetCostWorker *worker = m_costThread.worker<FleetCostWorker>();
    QMetaObject::invokeMethod(
        worker, [worker] { worker->stopWindows(); }, Qt::QueuedConnection);
}

} // namespace scaledeck
