// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A fault-injecting HTTP proxy on loopback for tests, between ScaleDeck and a real Ray dashboard: one request
// per connection, forwarded as it came (with "Connection: close"), unless a rule (or the seeded random mode)
// says to break that exchange. Bounded: at most kMaxConnections at once, a hung exchange is closed after
// kHangMs, and the proxy stops listening after kLifetimeMs.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

#include <optional>

class QTcpSocket;

namespace scaledeck::testing {

enum class Fault {
    None,
    Delay,              // forward after delayMs
    Hang,               // read the request, never answer, never forward
    ResetBeforeForward, // close the connection without forwarding
    ResetAfterForward,  // forward, let Ray answer, then close without passing the answer on (lost answer)
    ServerError,        // answer 503 without forwarding
    TruncatedBody,      // forward, pass on the answer cut in half, close
    GarbageBody,        // forward, answer 200 with a body that is not JSON
};
QString faultName(Fault fault);

struct FaultRule {
    QByteArray method;     // empty: any
    QByteArray pathPrefix; // empty: any
    Fault fault = Fault::None;
    int count = 1;      // the next `count` matching requests
    int delayMs = 2000; // for Delay
};

class FaultProxy : public QObject {
public:
    static constexpr int kMaxConnections = 64;
    static constexpr int kHangMs = 60000;
    static constexpr int kLifetimeMs = 20 * 60 * 1000;

    explicit FaultProxy(QUrl upstream, QObject *parent = nullptr);
    ~FaultProxy() override;

    QUrl url() const;
    void addRule(FaultRule rule) { m_rules.append(rule); }
    // Every request gets a fault with `probability`, drawn from `faults` by a generator seeded with `seed`
    // (printed, so a failing run can be repeated).
    void setRandom(quint32 seed, double probability, QList<Fault> faults);
    void clear(); // no rules, no random faults: a plain proxy again
    // One line per exchange: "PUT /api/serve/applications/ reset-after-forward".
    const QStringList &log() const { return m_log; }
    int forwardedCount() const { return m_forwarded; }

private:
    struct Exchange;
    void onNewConnection();
    void onClientData(QTcpSocket *client);
    Fault decide(const QByteArray &method, const QByteArray &path, int *delayMs);
    void forward(QTcpSocket *client, const QByteArray &request, Fault fault);
    void reply(QTcpSocket *client, const QByteArray &raw, Fault fault);

    QUrl m_upstream;
    QTcpServer m_server;
    QList<FaultRule> m_rules;
    std::optional<QRandomGenerator> m_random;
    double m_probability = 0;
    QList<Fault> m_randomFaults;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QStringList m_log;
    int m_forwarded = 0;
};

} // namespace scaledeck::testing
