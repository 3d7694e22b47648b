// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// MainWindow's Fleet page: every saved profile in one table, shown first to a user with more than one profile.
#include "mainwindow.h"

#include "clustersession.h"
#include "fleetpage.h"
#include "fleetpagelink.h"
#include "fleetprofiles.h"
#include "fleetsession.h"

#include <QAction>
#include <QStackedWidget>
#include <QStatusBar>

namespace scaledeck {

void MainWindow::setUpFleet()
{
    m_fleetPage = new FleetPage(&m_systemClock);
    if (const std::optional<int> window = m_layoutMemory.loadFleetCostWindow())
        m_fleetPage->setCostChartWindow(CostWindow(*window)); // as the Cost tab's, remembered in the layout
    m_pages = new QStackedWidget;
    m_pages->addWidget(m_clusterPage);
    m_pages->addWidget(m_fleetPage);
    setCentralWidget(m_pages);
    connect(m_fleetPage, &FleetPage::openRequested, this, &MainWindow::openProfile);
    connect(m_fleetPage, &FleetPage::backRequested, this, &MainWindow::showCluster);
    connect(m_fleetPage, &FleetPage::refreshRequested, this, [this] {
        if (m_fleet)
            m_fleet->refreshNow();
    });
}

bool MainWindow::showsFleet() const
{
    return m_pages && m_pages->currentWidget() == m_fleetPage;
}

void MainWindow::showFleet()
{
    m_pages->setCurrentWidget(m_fleetPage);
    if (m_fleetAction)
        m_fleetAction->setChecked(true);
    m_fleetPage->setOpenCluster(m_session ? m_shownCluster : QString());
    const std::vector<ConnectionProfile> profiles =
        m_profiles ? m_profiles->profiles() : std::vector<ConnectionProfile>{};
    if (!m_fleetMade || profiles != m_fleetProfiles) {
        makeFleet(profiles);
        return;
    }
    if (m_fleet)
        m_fleet->start();
}

void MainWindow::showCluster()
{
    if (m_pages->currentWidget() == m_clusterPage)
        return;
    m_pages->setCurrentWidget(m_clusterPage);
    if (m_clusterAction)
        m_clusterAction->setChecked(true);
    if (m_fleet)
        m_fleet->stop(); // nobody looks at it: no requests until it is shown again
}

void MainWindow::makeFleet(const std::vector<ConnectionProfile> &profiles)
{
    m_fleet.reset();
    m_fleetMade = true;
    m_fleetProfiles = profiles;
    const quint64 generation = ++m_fleetGeneration;
    m_fleetPage->setRows({});
    if (profiles.empty())
        return;
    m_fleetPage->setNotice(tr("Reading the profiles' tokens from the keychain…"));
    readFleetMembers(profiles, m_options.environment, this, [this, generation](std::vector<FleetMember> members) {
        if (generation != m_fleetGeneration)
            return; // made again meanwhile
        m_fleetPage->setNotice({});
        m_fleet = std::make_unique<FleetSession>(std::move(members), m_options.storePath, &m_systemClock);
        m_fleetPage->setRows(m_fleet->firstRows());
        linkFleetPage(*m_fleet, *m_fleetPage);
        if (showsFleet())
            m_fleet->start();
    });
}

void MainWindow::openProfile(const QString &name)
{
    const std::optional<ConnectionProfile> profile = m_profiles ? m_profiles->find(name) : std::nullopt;
    if (!profile) {
        statusBar()->showMessage(tr("The profile %1 is no longer saved").arg(name), 10000);
        return;
    }
    showCluster();
    connectToSavedProfile(*profile, {});
}

} // namespace scaledeck
