// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// `scaledeckctl run --listen HOST:PORT [--users FILE]`: the controller's JSON API (src/controllerapi), fed by its
// ticks; the API's scale, park and unpark go through the controller's manual request queue. Internal to
// scaledeck_cli.

#include "clock.h"
#include "controllerapi.h"
#include "historystore.h"
#include "listenaddress.h"
#include "manualrequests.h"
#include "pricestore.h"
#include "result.h"

#include <QString>

#include <memory>

namespace scaledeck {

class RunApi {
public:
    // Reads the users file (empty path: none, loopback only) and listens at `address`, or says why not (the
    // file's mode or a bad line, a non-loopback address without users, the port in use).
    // The prices routes use a PriceStore of their own on `storePath`, the cost and history routes also a
    // HistoryStore (the controller's recorder has its own).
    static Result<std::unique_ptr<RunApi>> start(const ListenAddress &address, const QString &usersPath,
                                                 ApiContext context, const QString &storePath);
    // "127.0.0.1:8080": where it listens, with the port the system chose for 0.
    QString address() const;
    // "3 users" or "no users: read-only, loopback"
    QString describeUsers() const { return m_users; }
    void observe(const TickReport &report) { m_api.observe(report); }

private:
    RunApi(ApiContext context, ApiAuth auth, const QString &storePath);

    PriceStore m_prices;    // before m_api, which points to it
    HistoryStore m_history; // the same
    ControllerApi m_api;
    QHostAddress m_host;
    quint16 m_port = 0;
    QString m_users;
};

} // namespace scaledeck
