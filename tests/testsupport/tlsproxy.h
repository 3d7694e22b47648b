// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A real TLS terminating proxy for tests: it accepts TLS connections on a loopback port with the certificate
// it is given and forwards the decrypted bytes to a plain TCP target (the real Ray dashboard in integration
// tests, a scripted server in unit tests), and the answers back. Qt 6.4 has no QSslServer, so it is a
// QTcpServer that starts server-side encryption on each accepted socket. It counts the bytes it forwarded:
// a client that refuses the certificate must have sent nothing through it.
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>

class TlsProxy : public QTcpServer {
public:
    TlsProxy(const QString &certificatePath, const QString &keyPath, QHostAddress targetHost, quint16 targetPort)
        : m_targetHost(std::move(targetHost)), m_targetPort(targetPort)
    {
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(certificatePath);
        m_certificate = certificates.value(0);
        QFile keyFile(keyPath);
        if (keyFile.open(QIODevice::ReadOnly))
            m_key = QSslKey(&keyFile, QSsl::Ec);
        listen(QHostAddress::LocalHost, 0);
    }

    bool ready() const { return isListening() && !m_certificate.isNull() && !m_key.isNull(); }
    QString url() const { return QStringLiteral("https://127.0.0.1:%1").arg(serverPort()); }
    int connectionsAccepted() const { return m_accepted; }
    int handshakesCompleted() const { return m_encrypted; }
    qint64 bytesForwarded() const { return m_forwarded; }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *client = new QSslSocket(this);
        if (!client->setSocketDescriptor(descriptor)) {
            delete client;
            return;
        }
        ++m_accepted;
        client->setLocalCertificate(m_certificate);
        client->setPrivateKey(m_key);
        auto *upstream = new QTcpSocket(client);
        QObject::connect(client, &QSslSocket::encrypted, client, [this, upstream] {
            ++m_encrypted;
            upstream->connectToHost(m_targetHost, m_targetPort);
        });
        // Writes before the upstream connection is up are buffered by QAbstractSocket.
        QObject::connect(client, &QSslSocket::readyRead, client, [this, client, upstream] {
            const QByteArray data = client->readAll();
            m_forwarded += data.size();
            upstream->write(data);
        });
        QObject::connect(upstream, &QTcpSocket::readyRead, client,
                         [client, upstream] { client->write(upstream->readAll()); });
        QObject::connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        QObject::connect(client, &QSslSocket::disconnected, client, [client] { client->deleteLater(); });
        client->startServerEncryption();
    }

private:
    QHostAddress m_targetHost;
    quint16 m_targetPort;
    QSslCertificate m_certificate;
    QSslKey m_key;
    int m_accepted = 0;
    int m_encrypted = 0;
    qint64 m_forwarded = 0;
};
