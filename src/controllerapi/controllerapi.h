// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apiauth.h"
#include "apicall.h"
#include "apicontext.h"
#include "importrunner.h"
#include "listenaddress.h"
#include "result.h"
#include "schedulesversion.h"
#include "snapshothub.h"

#include <QHttpServer>

namespace scaledeck {

// The controller's state as a small JSON API under /api/v1/ (`scaledeckctl run --listen`; the endpoints are in
// docs/readme-ctlapi.md). Every request needs a bearer token from the users file, except on a loopback address
// served without users, where every caller is the viewer "local". Runs on the thread that owns it, as the
// controller does: the stores and the queue are used without locks. Only an import runs elsewhere, on a thread of
// its own with its own connections to the store (ImportRunner), so that the API answers meanwhile.
class ControllerApi {
public:
    // `context` names the stores, clock and queue (its hub and schedules version are this API's own).
    ControllerApi(ApiContext context, ApiAuth auth);

    // Listens at `address`: the port it listens on, or why not. A non-loopback address without users is
    // refused (it would serve the cluster's state to anyone who can reach it).
    [[nodiscard]] Result<quint16> listen(const ListenAddress &address);
    // One finished tick of the controller: its snapshot becomes the next version (long polls are answered).
    void observe(const TickReport &report) { m_hub.observe(report); }
    SnapshotHub &hub() { return m_hub; }

private:
    void dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    std::optional<ApiReply> route(const ApiCall &call);
    // GET snapshot?after=N&wait=S; answers now or later.
    void snapshot(const ApiCall &call, QHttpServerResponder &&responder);
    // POST import: refused now, or answered when the ImportRunner is done with it.
    void import(const ApiCall &call, QHttpServerResponder &&responder);

    SnapshotHub m_hub;
    SchedulesVersion m_schedulesVersion;
    ApiContext m_context;
    ApiAuth m_auth;
    QHttpServer m_server;
    ImportRunner m_imports; // destroyed first: waits for an import in progress while the server is still there
};

} // namespace scaledeck
