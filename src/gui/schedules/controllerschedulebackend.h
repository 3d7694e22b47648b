// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "controllerconnection.h"
#include "schedulebackend.h"
#include "workerthread.h"

#include <QObject>

#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

namespace scaledeck {

class ControllerClient;

// The schedules of a cluster a team's controller enforces, through its API (GET/PUT/DELETE schedules/TARGET, PUT
// overrides/TARGET): the controller checks, stores and audits each change under the caller's name. The calls and
// the parsing of their answers run on a thread of their own; the answers come back on the GUI thread.
class ControllerScheduleBackend : public QObject, public ScheduleBackend {
    Q_OBJECT
public:
    explicit ControllerScheduleBackend(ControllerConnection connection, QObject *parent = nullptr);
    ~ControllerScheduleBackend() override;

    void load(Loaded answer) override;
    void save(const ScheduleTarget &target, const QString &text, Loaded answer) override;
    void remove(const ScheduleTarget &target, Loaded answer) override;
    void setOverrides(std::vector<OverrideWrite> overrides,
                      std::function<void(const OverridesWritten &)> answer) override;
    void resumeContests(QStringList targets, std::function<void(const QStringList &failures)> answer) override;
    void loadAudit(QDateTime sinceUtc, AuditLoaded answer) override;

private:
    // Runs `call(client, done)` on the worker's thread; `done(value)` brings `value` to `answer` on this thread.
    template <typename Value>
    void run(std::function<void(ControllerClient &, std::function<void(Value)>)> call,
             std::function<void(const Value &)> answer);

    WorkerThread m_thread; // a QObject owning the network access manager and the client
    // The schedules version (GET health) of the list load() last read; used on the worker's thread only.
    std::shared_ptr<std::optional<qint64>> m_seenVersion = std::make_shared<std::optional<qint64>>();
};

// The schedules and active overrides in GET schedules' answer, or what is wrong with it.
LoadedSchedules schedulesFromApi(const nlohmann::json &body);
// The entries of GET audit's answer, newest first (the API lists them oldest first), or what is wrong with it.
Result<std::vector<AuditEntry>> auditFromApi(const nlohmann::json &body);

} // namespace scaledeck
