// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetpagelink.h"

#include "fleetpage.h"
#include "fleetsession.h"

namespace scaledeck {

void linkFleetPage(FleetSession &session, FleetPage &page)
{
    QObject::connect(&session, &FleetSession::rowChanged, &page, &FleetPage::updateRow);
    QObject::connect(&session, &FleetSession::costChanged, &page, &FleetPage::updateCost);
    QObject::connect(&session, &FleetSession::windowCostChanged, &page, &FleetPage::updateWindowCost);
    QObject::connect(&page, &FleetPage::windowCostsWanted, &session, &FleetSession::readWindowCosts);
    QObject::connect(&page, &FleetPage::windowCostsNotWanted, &session, &FleetSession::stopWindowCosts);
    page.askWindowCosts();
}

} // namespace scaledeck
