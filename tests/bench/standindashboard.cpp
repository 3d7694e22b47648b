// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "standindashboard.h"

#include <QDateTime>
#include <QTcpSocket>

StandInDashboard::StandInDashboard()
{
    moveToThread(&m_thread);
}

StandInDashboard::~StandInDashboard()
{
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(
            this, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
}

bool StandInDashboard::start()
{
    m_thread.start();
    bool listening = false;
    QMetaObject::invokeMethod(
        this,
        [this, &listening] {
            m_server = new QTcpServer;
            connect(m_server, &QTcpServer::newConnection, this, &StandInDashboard::accept);
            listening = m_server->listen(QHostAddress::LocalHost, 0);
            m_error = m_server->errorString();
            m_port = m_server->serverPort();
        },
        Qt::BlockingQueuedConnection);
    return listening;
}

QString StandInDashboard::errorString() const
{
    return m_error;
}

quint16 StandInDashboard::port() const
{
    return m_port;
}

int StandInDashboard::setBody(const QByteArray &path, const QByteArray &body)
{
    const QMutexLocker lock(&m_mutex);
    m_bodies.insert(path, body);
    return ++m_generation[path];
}

std::optional<StandInDashboard::Served> StandInDashboard::firstServed(const QByteArray &path, int generation) const
{
    const QMutexLocker lock(&m_mutex);
    const auto found = m_firstServed.constFind(qMakePair(path, generation));
    if (found == m_firstServed.constEnd())
        return std::nullopt;
    return *found;
}

QMap<QByteArray, int> StandInDashboard::requestsByPath() const
{
    const QMutexLocker lock(&m_mutex);
    return m_byPath;
}

QList<int> StandInDashboard::requestsByConnection() const
{
    const QMutexLocker lock(&m_mutex);
    return m_byConnection;
}

void StandInDashboard::resetCounts()
{
    const QMutexLocker lock(&m_mutex);
    m_byPath.clear();
    for (int &count : m_byConnection)
        count = 0;
}

void StandInDashboard::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        int connection = 0;
        {
            const QMutexLocker lock(&m_mutex);
            connection = int(m_byConnection.size());
            m_byConnection.append(0);
        }
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, connection, buffer] {
            buffer->append(socket->readAll());
            answer(socket, connection, *buffer);
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

// Answers every complete request in `buffer`. The controller sends GETs without a body, so a request ends at its
// blank line; a body (Content-Length) is skipped with it.
void StandInDashboard::answer(QTcpSocket *socket, int connection, QByteArray &buffer)
{
    for (;;) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        qsizetype length = headEnd + 4;
        bool close = false;
        for (const QByteArray &raw : lines.mid(1)) {
            const QByteArray line = raw.trimmed();
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length += value.toLongLong();
            else if (name == "connection")
                close = value.toLower() == "close";
        }
        if (buffer.size() < length)
            return;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        buffer.remove(0, length);
        const QByteArray target = requestLine.value(1);
        const QByteArray path = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
        const QMutexLocker lock(&m_mutex);
        const auto found = m_bodies.constFind(path);
        const bool ok = requestLine.value(0) == "GET" && found != m_bodies.constEnd();
        const QByteArray body = ok ? *found : QByteArrayLiteral("{\"error\": \"not found\"}");
        if (ok) {
            const int index = ++m_served[path];
            const auto key = qMakePair(path, m_generation.value(path));
            if (!m_firstServed.contains(key))
                m_firstServed.insert(key, Served{index, QDateTime::currentMSecsSinceEpoch()});
        }
        QByteArray head =
            ok ? QByteArrayLiteral("HTTP/1.1 200 OK\r\n") : QByteArrayLiteral("HTTP/1.1 404 Not Found\r\n");
        head += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        head += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
        socket->write(head);
        socket->write(body);
        ++m_byPath[path];
        ++m_byConnection[connection];
        if (close) {
            socket->disconnectFromHost();
            return;
        }
    }
}
