// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// A stand-in for the Ray dashboard, for benchmarks: a minimal HTTP/1.1 server on 127.0.0.1 (keep-alive, GET
// only) that answers the three paths a controller's tick reads (DashboardClient: /api/ray/version,
// /api/serve/applications/, /api/v0/nodes) with a fixed body each, and counts the requests per path and per
// connection. Benchmarks use it where a real cluster cannot hold the case: 1,000 real Serve applications do not
// fit on a test machine, while the controller only ever sees the dashboard's answers.
#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QMutex>
#include <QObject>
#include <QTcpServer>
#include <QThread>

#include <memory>
#include <optional>

class QTcpSocket;

// It runs on a thread of its own (start()), so that whatever keeps the caller's thread busy never delays an
// answer; every public function may be called from any thread.
class StandInDashboard : public QObject {
    Q_OBJECT
public:
    StandInDashboard();
    ~StandInDashboard() override;

    // Starts its thread and listens on 127.0.0.1, a free port; false (with the reason in errorString()) if not.
    bool start();
    QString errorString() const;
    quint16 port() const;

    // The body answered for `path` (without its query) from now on; other paths answer 404. Returns the body's
    // generation for that path (1, 2, ...).
    int setBody(const QByteArray &path, const QByteArray &body);
    // When generation `generation` of `path`'s body was first answered: the how-manieth answer for that path it was
    // (1-based, since start) and the wall-clock time (ms since the epoch); nothing while it was not yet.
    struct Served {
        int index = 0;
        qint64 atMs = 0;
    };
    std::optional<Served> firstServed(const QByteArray &path, int generation) const;

    // Requests answered since resetCounts(): per path, per connection (in the order connections were accepted).
    QMap<QByteArray, int> requestsByPath() const;
    QList<int> requestsByConnection() const;
    void resetCounts();

private:
    void accept();
    void answer(QTcpSocket *socket, int connection, QByteArray &buffer);

    QThread m_thread;
    QTcpServer *m_server = nullptr; // on m_thread
    QString m_error;
    quint16 m_port = 0;
    mutable QMutex m_mutex; // guards what follows
    QHash<QByteArray, QByteArray> m_bodies;
    QHash<QByteArray, int> m_generation;
    QHash<QByteArray, int> m_served; // since start
    QHash<QPair<QByteArray, int>, Served> m_firstServed;
    QMap<QByteArray, int> m_byPath;
    QList<int> m_byConnection;
};
