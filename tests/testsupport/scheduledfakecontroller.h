// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The real ScheduleController on the in-process fake cluster (the demo documents: llm/LLM at 2) with one stored
// schedule for llm/LLM: what the tests of things that watch the controller's ticks (metrics, notifications)
// drive, so each of them states only its schedule and what it checks.

#include "demodocuments.h"
#include "fakeclusterclient.h"
#include "parkedstore.h"
#include "schedulecontroller.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QTemporaryDir>

#include <memory>

namespace scaledeck::testing {

struct ScheduledFakeController {
    explicit ScheduledFakeController(ManualClock *clock) : clock(clock), fake(clock)
    {
        fake.setServeApplications(bodyOf(demoDocument()));
    }

    // Opens the store in a temporary folder, saves `scheduleText` as llm/LLM's schedule at `savedAt` and makes
    // the controller (1 s ticks). Empty when done, else what failed.
    QString setUp(const QString &scheduleText, const QDateTime &savedAt)
    {
        const QString path = dir.filePath(QStringLiteral("store.sqlite"));
        parked = std::make_unique<ParkedStore>(path);
        schedules = std::make_unique<ScheduleStore>(path);
        if (!parked->open().ok() || !schedules->open().ok())
            return QStringLiteral("the store did not open");
        const ScheduleParse parsed = parseScheduleText(scheduleText);
        if (!parsed.ok())
            return QStringLiteral("the schedule did not parse");
        key = fake.endpoint().clusterKey();
        const ScheduleTarget llm{QStringLiteral("llm"), QStringLiteral("LLM")};
        if (!schedules->saveSchedule(key, {llm, scheduleToText(*parsed.schedule), savedAt}).ok())
            return QStringLiteral("the schedule was not saved");
        controller = std::make_unique<ScheduleController>(&fake, parked.get(), schedules.get(), clock, key,
                                                          ControllerOptions{1000, false, QStringLiteral("test"), 3});
        return {};
    }

    ManualClock *clock;
    QTemporaryDir dir;
    FakeClusterClient fake;
    std::unique_ptr<ParkedStore> parked;
    std::unique_ptr<ScheduleStore> schedules;
    QString key;
    std::unique_ptr<ScheduleController> controller;
};

} // namespace scaledeck::testing
