// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllerfeed.h"

#include "apihealth.h"
#include "apijson.h"
#include "controllerfeedworker_p.h"
#include "snapshotdiff.h"
#include "snapshotwire.h"

#include <QNetworkAccessManager>

namespace scaledeck {

ControllerFeed::ControllerFeed(ControllerConnection connection, Options options, QObject *parent)
    : QObject(parent),
      m_thread(QStringLiteral("ControllerFeed"), std::make_unique<ControllerFeedWorker>(std::move(connection), options),
               &ControllerFeedWorker::setUp, &ControllerFeedWorker::tearDown)
{
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<RayError>();
    qRegisterMetaType<ControllerStatus>();
    auto *worker = static_cast<ControllerFeedWorker *>(m_thread.worker());
    connect(worker, &ControllerFeedWorker::snapshotReady, this, &ControllerFeed::snapshotReady);
    connect(worker, &ControllerFeedWorker::snapshotConfirmed, this, &ControllerFeed::snapshotConfirmed);
    connect(worker, &ControllerFeedWorker::pollFailed, this, &ControllerFeed::pollFailed);
    connect(worker, &ControllerFeedWorker::statusRead, this, &ControllerFeed::statusRead);
}

ControllerFeed::~ControllerFeed() = default;

void ControllerFeed::start()
{
    m_thread.start();
}

void ControllerFeed::refreshNow()
{
    auto *worker = static_cast<ControllerFeedWorker *>(m_thread.worker());
    QMetaObject::invokeMethod(
        worker, [worker] { worker->refreshNow(); }, Qt::QueuedConnection);
}

ControllerFeedWorker::ControllerFeedWorker(ControllerConnection connection, ControllerFeed::Options options)
    : m_connection(std::move(connection)), m_options(options)
{
}

ControllerFeedWorker::~ControllerFeedWorker() = default;

void ControllerFeedWorker::setUp()
{
    m_network = new QNetworkAccessManager(this);
    m_client = new ControllerClient(m_network, m_connection.url, m_connection.token, m_connection.tokenSource, this);
    // A long poll answers within waitS when nothing changes; past that plus a margin, the controller is gone.
    m_client->setTimeout(std::chrono::seconds(m_options.waitS + 15));
    m_retry = new QTimer(this);
    m_retry->setSingleShot(true);
    m_retry->setInterval(m_options.retryMs);
    connect(m_retry, &QTimer::timeout, this, &ControllerFeedWorker::pollSnapshot);
    m_health = new QTimer(this);
    m_health->setInterval(m_options.healthMs);
    connect(m_health, &QTimer::timeout, this, &ControllerFeedWorker::readHealth);
    m_health->start();
    readIdentity();
    pollSnapshot();
}

void ControllerFeedWorker::tearDown()
{
    delete m_client; // aborts its calls: no handler runs after this
    m_client = nullptr;
    delete m_network;
    m_network = nullptr;
}

void ControllerFeedWorker::refreshNow()
{
    if (!m_client)
        return;
    readHealth();
    if (m_retry->isActive()) {
        m_retry->stop();
        pollSnapshot();
    } else if (!m_polling) {
        pollSnapshot();
    }
}

// Once: who this token is, then health (the status is complete only with both).
void ControllerFeedWorker::readIdentity()
{
    m_client->get(QStringLiteral("whoami"), this, [this](Result<ControllerReply, ControllerError> answer) {
        if (!answer) {
            m_status.error = answer.error().describe();
            Q_EMIT statusRead(m_status);
            QTimer::singleShot(m_options.retryMs, this, &ControllerFeedWorker::readIdentity);
            return;
        }
        m_status.name = textAt(answer.value().body, "name");
        m_status.role = textAt(answer.value().body, "role");
        readHealth();
    });
}

void ControllerFeedWorker::readHealth()
{
    if (m_status.role.isEmpty())
        return; // whoami has not answered: it reads health once it does
    m_client->get(QStringLiteral("health"), this, [this](Result<ControllerReply, ControllerError> answer) {
        const ControllerHealth health = healthFromApi(answer);
        m_status.healthy = health.healthy;
        m_status.holdsLock = health.holdsLock;
        m_status.lockHolder = health.lockHolder;
        m_status.error = health.error;
        Q_EMIT statusRead(m_status);
    });
}

void ControllerFeedWorker::pollSnapshot()
{
    QUrlQuery query;
    if (m_version >= 0) {
        query.addQueryItem(QStringLiteral("after"), QString::number(m_version));
        query.addQueryItem(QStringLiteral("wait"), QString::number(m_options.waitS));
    }
    m_polling = true;
    m_client->get(QStringLiteral("snapshot"), query, this,
                  [this](const Result<ControllerReply, ControllerError> &answer) { onSnapshotAnswer(answer); });
}

void ControllerFeedWorker::onSnapshotAnswer(const Result<ControllerReply, ControllerError> &answer)
{
    m_polling = false;
    if (!answer && answer.error().httpStatus == 304) { // the wait ended with nothing new: still the latest
        Q_EMIT snapshotConfirmed(QDateTime::currentDateTimeUtc());
        pollSnapshot();
        return;
    }
    if (!answer) {
        Q_EMIT pollFailed(asRayError(answer.error()));
        m_retry->start();
        return;
    }
    adoptSnapshot(answer.value().body);
}

// A new version is parsed and handed over; an answer with nothing new ("unchanged", or the version shown) only
// confirms the one shown. The controller's own failure to read the cluster comes with the last snapshot it did
// read, and is said as this feed's failure: the window shows the data's age and why it is not newer.
void ControllerFeedWorker::adoptSnapshot(const nlohmann::json &body)
{
    const auto version = body.is_object() ? body.find("version") : body.end();
    if (!body.is_object() || version == body.end() || !version->is_number_integer()) {
        Q_EMIT pollFailed(RayError{RayErrorKind::BadPayload, 200,
                                   QStringLiteral("the controller's snapshot has no version: is it a ScaleDeck "
                                                  "controller?")});
        m_retry->start();
        return;
    }
    const qint64 number = version->get<qint64>();
    bool adopted = false;
    // Not "newer": a restarted controller counts from 1 again, and its snapshot is still the one to show.
    if (!flagAt(body, "unchanged") && number != m_version) {
        Result<ClusterSnapshot> snapshot = snapshotFromWire(body);
        if (!snapshot) {
            Q_EMIT pollFailed(RayError{RayErrorKind::BadPayload, 200,
                                       QStringLiteral("the controller's snapshot %1 cannot be read: %2")
                                           .arg(number)
                                           .arg(snapshot.error().describe())});
            m_retry->start();
            return;
        }
        m_version = number;
        adopted = true;
        auto next = std::make_shared<ClusterSnapshot>(std::move(snapshot.value()));
        noteChangesSince(*next, m_previous); // here, off the GUI thread: its refresh then costs what changed
        m_previous = next;
        Q_EMIT snapshotReady(std::move(next));
    }
    if (const QString error = textAt(body, "error"); !error.isEmpty()) {
        Q_EMIT pollFailed(RayError{RayErrorKind::Unreachable, 0,
                                   QStringLiteral("the controller cannot read the cluster: %1").arg(error)});
    } else if (!adopted) {
        QDateTime at = instantAt(body, "checkedAt");
        if (!at.isValid())
            at = instantAt(body, "tickAt");
        Q_EMIT snapshotConfirmed(at.isValid() ? at : QDateTime::currentDateTimeUtc());
    }
    pollSnapshot();
}

} // namespace scaledeck
