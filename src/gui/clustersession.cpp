#include "clustersession.h"

#include "changeapplier.h"
#include "clusterpoller.h"
#include "dashboardclient.h"
#include "parkedstore.h"

#include <QNetworkAccessManager>

namespace scaledeck {

ClusterSession::ClusterSession(ClusterEndpoint endpoint, QString storePath, int pollIntervalMs, QObject *parent)
    : QObject(parent), m_endpoint(std::move(endpoint)),
      m_poller(std::make_unique<ClusterPoller>(m_endpoint, storePath, pollIntervalMs)),
      m_network(new QNetworkAccessManager(this)), m_client(new DashboardClient(m_network, m_endpoint, this)),
      m_store(std::make_unique<ParkedStore>(storePath)), m_applier(new ChangeApplier(m_client, m_store.get(), this))
{
    // The poller emits from its thread; these connections queue the snapshots into the GUI thread.
    connect(m_poller.get(), &ClusterPoller::snapshotReady, this, &ClusterSession::snapshotReady);
    connect(m_poller.get(), &ClusterPoller::pollFailed, this, &ClusterSession::pollFailed);
}

ClusterSession::~ClusterSession()
{
    // The applier still points at the store: it goes first (children are deleted after this body).
    delete m_applier;
    m_applier = nullptr;
    m_poller->stopThread();
}

void ClusterSession::start()
{
    m_poller->startInThread();
}

void ClusterSession::refreshNow()
{
    m_poller->refreshNow();
}

}  // namespace scaledeck
