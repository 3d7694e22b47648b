// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A tiny HTTP server on loopback that answers with what a test scripted. Only for unit tests of error
// handling (status codes, garbage bodies, silence); everything about Ray's real behaviour is tested
// against a real cluster.
#include <QByteArray>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>

struct ScriptedResponse {
    int status = 200;
    QByteArray body;
    QByteArray contentType = "application/json";
    bool silent = false;    // accept the connection and never answer (for timeouts)
    bool hangUp = false;    // read the request, then close the connection without an answer (a lost answer)
    bool truncated = false; // announce the whole body, send half of it, then close (an answer cut off)
};

struct ReceivedRequest {
    QByteArray method;
    QByteArray path;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &header : headers)
            if (header.first.compare(name, Qt::CaseInsensitive) == 0)
                return header.second;
        return {};
    }
};

class ScriptedHttpServer : public QObject {
public:
    ScriptedHttpServer()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()); }
    void enqueue(ScriptedResponse response) { m_script.append(std::move(response)); }
    // Answers every request for `path` with `response`, whatever the script (for parallel GETs in any order).
    void answer(const QByteArray &path, ScriptedResponse response) { m_byPath.insert(path, std::move(response)); }
    // Called with each request as it arrives, before it is answered: a test can change what the cluster shows
    // from that moment on (as Ray shows a PUT's effect once it has accepted it).
    void onRequest(std::function<void(const ReceivedRequest &)> hook) { m_onRequest = std::move(hook); }
    const QList<ReceivedRequest> &requests() const { return m_requests; }
    // How many requests came with `method` ("GET", "PUT", ...).
    int countRequests(const QByteArray &method) const
    {
        int count = 0;
        for (const ReceivedRequest &request : m_requests)
            count += request.method == method ? 1 : 0;
        return count;
    }

private:
    void onData(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        const int headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        ReceivedRequest request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        int contentLength = 0;
        for (int i = 1; i < lines.size(); ++i) {
            const int colon = lines[i].indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            request.headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                contentLength = value.toInt();
        }
        if (buffer.size() < headerEnd + 4 + contentLength)
            return;
        request.body = buffer.mid(headerEnd + 4, contentLength);
        buffer.remove(0, headerEnd + 4 + contentLength);
        m_requests.append(request);
        if (m_onRequest)
            m_onRequest(request);
        const ScriptedResponse response = m_byPath.contains(request.path) ? m_byPath.value(request.path)
                                          : m_script.isEmpty()            ? ScriptedResponse{404, "no script"}
                                                                          : m_script.takeFirst();
        if (response.silent)
            return;
        if (response.hangUp) {
            socket->abort();
            return;
        }
        QByteArray reply = "HTTP/1.1 " + QByteArray::number(response.status) + " Scripted\r\n";
        reply += "Content-Type: " + response.contentType + "\r\n";
        reply += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        reply += "Connection: close\r\n\r\n" +
                 (response.truncated ? response.body.left(response.body.size() / 2) : response.body);
        socket->write(reply);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QList<ScriptedResponse> m_script;
    QHash<QByteArray, ScriptedResponse> m_byPath;
    QList<ReceivedRequest> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    std::function<void(const ReceivedRequest &)> m_onRequest;
};
