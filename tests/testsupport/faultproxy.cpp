// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "faultproxy.h"

#include <QTcpSocket>
#include <QTimer>

namespace scaledeck::testing {

QString faultName(Fault fault)
{
    switch (fault) {
    case Fault::None:
        return QStringLiteral("none");
    case Fault::Delay:
        return QStringLiteral("delay");
    case Fault::Hang:
        return QStringLiteral("hang");
    case Fault::ResetBeforeForward:
        return QStringLiteral("reset-before-forward");
    case Fault::ResetAfterForward:
        return QStringLiteral("reset-after-forward");
    case Fault::ServerError:
        return QStringLiteral("5xx");
    case Fault::TruncatedBody:
        return QStringLiteral("truncated-body");
    case Fault::GarbageBody:
        return QStringLiteral("garbage-body");
    }
    return {};
}

namespace {
// The request with "Connection: close", so Ray closes after its answer and the proxy knows where it ends.
QByteArray withConnectionClose(const QByteArray &request, int headerEnd)
{
    QList<QByteArray> lines = request.left(headerEnd).split('\n');
    QByteArray out;
    for (const QByteArray &line : lines) {
        if (line.trimmed().toLower().startsWith("connection:"))
            continue;
        out += line.trimmed() + "\r\n";
    }
    out += "Connection: close\r\n\r\n";
    return out + request.mid(headerEnd + 4);
}

QByteArray plainAnswer(int status, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) +
           " Fault\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}
} // namespace

FaultProxy::FaultProxy(QUrl upstream, QObject *parent) : QObject(parent), m_upstream(std::move(upstream))
{
    m_server.setMaxPendingConnections(kMaxConnections);
    m_server.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] { onNewConnection(); });
    QTimer::singleShot(kLifetimeMs, this, [this] { m_server.close(); });
}

FaultProxy::~FaultProxy()
{
    m_server.close();
}

QUrl FaultProxy::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

void FaultProxy::setRandom(quint32 seed, double probability, QList<Fault> faults)
{
    qInfo("FaultProxy: random faults, seed %u, probability %.2f", seed, probability);
    m_random.emplace(seed);
    m_probability = probability;
    m_randomFaults = std::move(faults);
}

void FaultProxy::clear()
{
    m_rules.clear();
    m_random.reset();
}

void FaultProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        if (m_buffers.size() >= kMaxConnections) {
            client->abort();
            client->deleteLater();
            continue;
        }
        client->setParent(this);
        m_buffers.insert(client, {});
        QObject::connect(client, &QTcpSocket::readyRead, this, [this, client] { onClientData(client); });
        QObject::connect(client, &QTcpSocket::disconnected, this, [this, client] {
            m_buffers.remove(client);
            client->deleteLater();
        });
        QTimer::singleShot(kHangMs, client, [client] { client->abort(); });
    }
}

Fault FaultProxy::decide(const QByteArray &method, const QByteArray &path, int *delayMs)
{
    for (int i = 0; i < m_rules.size(); ++i) {
        FaultRule &rule = m_rules[i];
        if ((!rule.method.isEmpty() && rule.method != method) || !path.startsWith(rule.pathPrefix))
            continue;
        const Fault fault = rule.fault;
        *delayMs = rule.delayMs;
        if (--rule.count <= 0)
            m_rules.removeAt(i);
        return fault;
    }
    if (m_random && !m_randomFaults.isEmpty() && m_random->generateDouble() < m_probability) {
        *delayMs = 1000 + int(m_random->bounded(2000));
        return m_randomFaults.at(int(m_random->bounded(m_randomFaults.size())));
    }
    return Fault::None;
}

void FaultProxy::onClientData(QTcpSocket *client)
{
    QByteArray &buffer = m_buffers[client];
    if (buffer.isNull() && client->property("handled").toBool())
        return;
    buffer += client->readAll();
    const int headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    int contentLength = 0;
    for (const QByteArray &line : buffer.left(headerEnd).split('\n'))
        if (line.trimmed().toLower().startsWith("content-length:"))
            contentLength = line.mid(line.indexOf(':') + 1).trimmed().toInt();
    if (buffer.size() < headerEnd + 4 + contentLength)
        return;
    const QByteArray request = withConnectionClose(buffer.left(headerEnd + 4 + contentLength), headerEnd);
    buffer.clear();
    client->setProperty("handled", true); // one request per connection
    const QList<QByteArray> requestLine = request.left(request.indexOf('\r')).split(' ');
    const QByteArray method = requestLine.value(0);
    const QByteArray path = requestLine.value(1);
    int delayMs = 0;
    const Fault fault = decide(method, path, &delayMs);
    m_log.append(
        QStringLiteral("%1 %2 %3").arg(QString::fromLatin1(method), QString::fromLatin1(path), faultName(fault)));
    switch (fault) {
    case Fault::Hang:
        return;
    case Fault::ResetBeforeForward:
        client->abort();
        return;
    case Fault::ServerError:
        client->write(plainAnswer(503, "fault proxy: injected 503"));
        client->disconnectFromHost();
        return;
    case Fault::Delay:
        // Precise: from 2 s on, Qt's default coarse timer may fire up to 5% early, and a test that holds an answer
        // back 6 s must see it take at least 6 s (test_live_fleet saw 5,985 ms).
        QTimer::singleShot(delayMs, Qt::PreciseTimer, client,
                           [this, client, request] { forward(client, request, Fault::None); });
        return;
    default:
        forward(client, request, fault);
    }
}

void FaultProxy::forward(QTcpSocket *client, const QByteArray &request, Fault fault)
{
    auto *upstream = new QTcpSocket(client);
    auto answer = std::make_shared<QByteArray>();
    QObject::connect(upstream, &QTcpSocket::connected, upstream, [this, upstream, request] {
        ++m_forwarded;
        upstream->write(request);
    });
    QObject::connect(upstream, &QTcpSocket::readyRead, upstream,
                     [upstream, answer] { *answer += upstream->readAll(); });
    QObject::connect(upstream, &QTcpSocket::disconnected, this, [this, client, upstream, answer, fault] {
        *answer += upstream->readAll();
        upstream->deleteLater();
        reply(client, *answer, fault);
    });
    QObject::connect(
        upstream, &QTcpSocket::errorOccurred, this, [client, upstream](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError && upstream->state() != QAbstractSocket::ConnectedState)
                client->abort(); // Ray unreachable: the client sees the connection drop
        });
    upstream->connectToHost(m_upstream.host(), quint16(m_upstream.port(80)));
}

void FaultProxy::reply(QTcpSocket *client, const QByteArray &raw, Fault fault)
{
    if (client->state() != QAbstractSocket::ConnectedState)
        return;
    switch (fault) {
    case Fault::ResetAfterForward:
        client->abort();
        return;
    case Fault::TruncatedBody:
        // Half the body, or half the headers when there is no body: either way the answer is incomplete.
        if (const qsizetype headerLength = raw.indexOf("\r\n\r\n") + 4; headerLength >= 4 && raw.size() > headerLength)
            client->write(raw.left(headerLength + (raw.size() - headerLength) / 2));
        else
            client->write(raw.left(raw.size() / 2));
        client->flush();
        client->abort();
        return;
    case Fault::GarbageBody:
        client->write(plainAnswer(200, "<html>\x01\x02 not json"));
        break;
    default:
        client->write(raw);
    }
    client->disconnectFromHost();
}

} // namespace scaledeck::testing
