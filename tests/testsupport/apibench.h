// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The controller's API on 127.0.0.1 (a port the system chooses) in front of the real controller on the fake
// cluster (ScheduledFakeController: llm/LLM at 2 with one stored schedule), with its manual request queue and two
// people: alice the operator and bob the viewer. What the API tests drive.

#include "apitestclient.h"
#include "controllerapi.h"
#include "historystore.h"
#include "manualrequests.h"
#include "scheduledfakecontroller.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

namespace scaledeck::testing {

inline const QByteArray kAliceToken = "alice-operator-token-0001";
inline const QByteArray kBobToken = "bob-viewer-token-000000002";

struct ApiBench {
    explicit ApiBench(ManualClock *clock) : controller(clock) {}

    // Empty when done, else what failed. `withUsers` false: no users file (every caller the viewer "local").
    QString setUp(const QString &scheduleText, bool withUsers = true)
    {
        if (QString failed = controller.setUp(scheduleText, controller.clock->nowUtc()); !failed.isEmpty())
            return failed;
        prices = std::make_unique<PriceStore>(controller.dir.filePath(QStringLiteral("store.sqlite")));
        if (!prices->open().ok())
            return QStringLiteral("the price store did not open");
        history = std::make_unique<HistoryStore>(controller.dir.filePath(QStringLiteral("store.sqlite")));
        if (!history->open().ok())
            return QStringLiteral("the history store did not open");
        queue = std::make_unique<ManualRequestQueue>(controller.schedules.get(), controller.parked.get(),
                                                     controller.key, controller.clock);
        controller.controller->setManualRequests(queue.get());
        std::vector<ApiUser> users;
        if (withUsers)
            users = {ApiUser{QStringLiteral("alice"), ApiRole::Operator, kAliceToken},
                     ApiUser{QStringLiteral("bob"), ApiRole::Viewer, kBobToken}};
        api = std::make_unique<ControllerApi>(ApiContext{controller.schedules.get(), controller.parked.get(),
                                                         controller.clock, controller.key, queue.get(), nullptr,
                                                         prices.get(), history.get()},
                                              ApiAuth(std::move(users)));
        QObject::connect(controller.controller.get(), &ScheduleController::tickFinished, controller.controller.get(),
                         [this](const TickReport &report) { api->observe(report); });
        auto port = api->listen(ListenAddress{QHostAddress::LocalHost, 0});
        if (!port)
            return port.error().describe();
        base = QStringLiteral("http://127.0.0.1:%1/api/v1/").arg(*port);
        return {};
    }

    // One tick of the controller, waited for, and the API's taking it (the snapshot's version is told on a thread of
    // its own); empty when it ran without an error.
    QString tick()
    {
        QSignalSpy ticked(controller.controller.get(), &ScheduleController::tickFinished);
        QSignalSpy settled(&api->hub(), &SnapshotHub::settled);
        controller.controller->tickNow();
        if (!ticked.wait(10000))
            return QStringLiteral("no tick");
        if (settled.isEmpty() && !settled.wait(10000))
            return QStringLiteral("the API did not take the tick");
        const TickReport report = ticked.at(0).at(0).value<TickReport>();
        return report.error ? report.error->describe() : QString();
    }

    ApiTestClient client(const QByteArray &token) const { return ApiTestClient(base, token); }

    ScheduledFakeController controller;
    std::unique_ptr<PriceStore> prices;
    std::unique_ptr<HistoryStore> history; // what the cost and history routes read (tests fill it)
    std::unique_ptr<ManualRequestQueue> queue;
    std::unique_ptr<ControllerApi> api;
    QString base;
};

// One test case's bench on a manual clock from `start`, with a folder for the case's own files: what a test's init()
// makes (then bench.setUp) and its cleanup() drops, so that no case sees another's store.
struct ApiCase {
    explicit ApiCase(const QDateTime &start) : clock(start), bench(&clock) {}

    QTemporaryDir dir;
    ManualClock clock;
    ApiBench bench; // after the clock it reads
};

} // namespace scaledeck::testing
