// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// What scaledeckctl's schedule, override and audit commands share. Internal to scaledeck_cli: they run from the
// command table (ctlcommandtable.cpp), which hands each a ScheduleCommand.

#include "clock.h"
#include "clustersnapshot.h"
#include "ctlcommandline.h"
#include "effectiveschedule.h"
#include "result.h"
#include "schedule.h"
#include "scheduleevaluator.h"
#include "schedulestore.h"
#include "scheduletext.h"

#include <QCommandLineParser>
#include <QDate>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTextStream>
#include <QTime>
#include <QTimeZone>

#include <memory>
#include <optional>
#include <vector>

namespace scaledeck {

// An instant as typed on the command line: an ISO 8601 date, optionally a time ("T07:00", "T07:00:00",
// "T07:00:00.250") and an offset ("Z", "+01:00", "-0500"). Without an offset the command decides the zone.
struct TypedInstant {
    QDate date;
    QTime time;
    std::optional<int> offsetSeconds;

    QDateTime toUtc(const QTimeZone &zoneWithoutOffset) const;
};
std::optional<TypedInstant> parseTypedInstant(const QString &text);

// One run of a schedule command: a CtlCommand with the schedule store.
struct ScheduleCommand : CtlCommand {
    std::unique_ptr<ScheduleStore> store;

    // Resolves this cluster's key from --address and opens the store: an exit code when either fails.
    std::optional<int> openStore();
};

// "--from '2026-13-01' is not an ISO 8601 time (such as 2026-11-30T07:00:00+01:00)"
QString badInstantMessage(const QString &option, const QString &value);

// A target's stored schedule, parsed, with the overrides active now (loadScheduleFor); std::nullopt when the
// target has no schedule, an error that names it when its stored text does not parse. The store must be open.
Result<std::optional<EffectiveSchedule>> loadSchedule(ScheduleCommand &command, const ScheduleTarget &target);

// "llm/LLM has no schedule; use scaledeckctl scale for unscheduled deployments"
QString noScheduleMessage(const ScheduleTarget &target);
// For commands that act on a stored schedule: opens the store and loads the target's schedule. When that
// fails (a bad --address, a store error, no schedule for the target) it prints why, sets *exitCode and
// returns std::nullopt.
std::optional<EffectiveSchedule> requireSchedule(ScheduleCommand &command, const ScheduleTarget &target, int *exitCode);
// The same for a command whose one argument is TARGET, checking that argument first.
std::optional<EffectiveSchedule> requireScheduleArgument(ScheduleCommand &command, int *exitCode);
// A schedule file in either form, parsed. When it cannot be read or parsed it prints why ("FILE:LINE:COLUMN:
// message" for a parse error), sets *exitCode and returns std::nullopt.
std::optional<ScheduleParse> readScheduleFile(const ScheduleCommand &command, const QString &path, int *exitCode);

// "FILE:LINE:COLUMN: message", LINE and COLUMN left out when unknown (0).
QString parseErrorText(const QString &file, const ScheduleParseError &error);

QString isoUtc(const QDateTime &utc);                            // 2026-11-30T06:00:00Z
QString isoLocal(const QDateTime &utc, const QTimeZone &zone);   // 2026-11-30T07:00:00+01:00
QString shownLocal(const QDateTime &utc, const QTimeZone &zone); // Mon 2026-11-30 07:00 +01:00
QString shownUtc(const QDateTime &utc);                          // 2026-11-30 06:00 UTC
// "3 until Wed 2026-11-25 19:00 +01:00 Europe/Ljubljana (2026-11-25 18:00 UTC), set by scaledeckctl ..."
QString describeOverride(const ScheduleOverride &override_, const QTimeZone &zone);

// One aligned line per transition: local time, UTC, from → to, the rule.
void printTransitions(QTextStream &out, const std::vector<ScheduleTransition> &transitions, const QTimeZone &zone,
                      const QString &indent);
// "next transitions:" and up to `count` of them from `now`, indented, or that there are none within 60 days.
void printNextTransitions(QTextStream &out, const ScheduleEvaluator &evaluator, const QDateTime &now, int count);
// `text` as it is, with a line break at the end if it has none.
void printText(QTextStream &out, const QString &text);
// "park-when-idle 15m max 2h: parks only after 15 m without requests (at most 2 h late)", when the schedule has
// the rule: a park the transitions show at a time may come later.
void printParkWhenIdle(QTextStream &out, const Schedule &schedule);
// The pinned JSON form of one transition (`schedule preview --json`).
OrderedJson transitionJson(const ScheduleTransition &transition, const QTimeZone &zone, const QString &target);

// What `schedule list` prints of `stored` at `now` (a table, or JSON with --json); `where` names the cluster
// ("No schedules on WHERE."). ExitError when a stored schedule cannot be read, else ExitDone.
int printScheduleList(const CtlCommand &command, const StoredSchedules &stored, const QDateTime &now,
                      const QString &where);
// What `schedule show` prints of one schedule at `now`: its text, overrides, count now and next transitions.
void printScheduleShow(QTextStream &out, const EffectiveSchedule &schedule, const QDateTime &now);
// `audit`'s --since as an instant (times without an offset are local; default: 24 h before now); std::nullopt
// after printing the usage error.
std::optional<QDateTime> auditSince(const CtlCommand &command);
// What `audit` prints of `entries` (a table, or JSON with --json); `where` names the cluster. `withHolder`: a
// column naming who made each change (through a controller, where several people make them).
void printAudit(const CtlCommand &command, const std::vector<AuditEntry> &entries, const QDateTime &since,
                const QString &where, bool withHolder);

// The commands (ctlscheduleview.cpp, ctlscheduleset.cpp, ctlschedulepreview.cpp, ctloverridecommand.cpp,
// ctlauditcommand.cpp).
int scheduleListCommand(ScheduleCommand &command);
int scheduleShowCommand(ScheduleCommand &command);
int scheduleSetCommand(ScheduleCommand &command);
int schedulePreviewCommand(ScheduleCommand &command);
int scheduleExportCommand(ScheduleCommand &command);
int scheduleSuggestCommand(ScheduleCommand &command); // ctlschedulesuggest.cpp
int scheduleRemoveCommand(ScheduleCommand &command);
int overrideCommand(ScheduleCommand &command);
int resumeCommand(ScheduleCommand &command);
int auditCommand(ScheduleCommand &command);

} // namespace scaledeck
