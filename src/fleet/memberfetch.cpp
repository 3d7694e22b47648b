// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "memberfetch.h"

#include "clusterendpoint.h"
#include "controllerclient.h"
#include "controllerreading.h"
#include "dashboardclient.h"
#include "pricestore.h"
#include "snapshotfetcher.h"

#include <QNetworkAccessManager>

namespace scaledeck {

namespace {
ClusterEndpoint endpointOf(const FleetMember &member, std::chrono::milliseconds timeout)
{
    ClusterEndpoint endpoint;
    endpoint.dashboardUrl = member.url;
    endpoint.token = member.token;
    endpoint.tokenOrigin = member.tokenOrigin;
    endpoint.timeoutMs = static_cast<int>(timeout.count());
    endpoint.readOnly = true; // the fleet only reads
    endpoint.caFile = member.caFile;
    return endpoint;
}

// The cluster's prices in this machine's store; none when it has no store, no row, or cannot be read.
std::optional<PriceList> storedPrices(PriceStore *store, const QString &clusterKey)
{
    if (!store)
        return std::nullopt;
    auto prices = store->prices(clusterKey);
    if (!prices)
        return std::nullopt;
    return prices.value();
}
} // namespace

MemberFetch::MemberFetch(const FleetMember &member, FleetStores stores, std::chrono::milliseconds timeout,
                         QObject *parent)
    : QObject(parent), m_member(member), m_stores(stores), m_network(new QNetworkAccessManager(this))
{
    if (member.kind == FleetMember::Kind::Dashboard) {
        m_dashboard = std::make_unique<DashboardClient>(m_network, endpointOf(member, timeout));
    } else {
        m_controller = std::make_unique<ControllerClient>(m_network, member.url, member.token, member.tokenOrigin);
        m_controller->setTimeout(timeout);
    }
}

MemberFetch::~MemberFetch()
{
    abandon(); // its requests first, while the clients they belong to still exist
    m_dashboard.reset();
    m_controller.reset();
}

void MemberFetch::fetch(Handler done)
{
    abandon();
    m_reading = new QObject(this);
    if (m_dashboard)
        fetchFromDashboard(std::move(done));
    else
        fetchFromController(std::move(done));
}

void MemberFetch::abandon()
{
    delete m_reading;
    m_reading = nullptr;
}

void MemberFetch::fetchFromDashboard(Handler done)
{
    fetchSnapshot(m_dashboard.get(), m_reading, m_stores.parked,
                  [this, done = std::move(done)](Result<SnapshotPtr> snapshot) {
                      if (!snapshot) {
                          done(snapshot.error());
                          return;
                      }
                      const auto prices = storedPrices(m_stores.prices, m_dashboard->endpoint().clusterKey());
                      done(FleetReading{fleetFiguresOf(*snapshot.value(), prices), std::nullopt, snapshot.value()});
                  });
}

void MemberFetch::fetchFromController(Handler done)
{
    auto answers = std::make_shared<ControllerAnswers>();
    using Slot = std::optional<Result<ControllerReply, ControllerError>> ControllerAnswers::*;
    auto handler = [answers, done = std::move(done)](Slot slot) {
        return [answers, done, slot](Result<ControllerReply, ControllerError> answer) {
            (*answers).*slot = std::move(answer);
            if (answers->complete())
                done(controllerReadingOf(*answers));
        };
    };
    m_controller->get(QStringLiteral("snapshot"), m_reading, handler(&ControllerAnswers::snapshot));
    m_controller->get(QStringLiteral("health"), m_reading, handler(&ControllerAnswers::health));
    m_controller->get(QStringLiteral("overrides"), m_reading, handler(&ControllerAnswers::overrides));
    m_controller->get(QStringLiteral("prices"), m_reading, handler(&ControllerAnswers::prices));
}

} // namespace scaledeck
