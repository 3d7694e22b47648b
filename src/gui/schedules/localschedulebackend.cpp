// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "localschedulebackend.h"

#include "effectiveschedule.h"
#include "operatoridentity.h"
#include "scheduledisplay.h"
#include "scheduleoverridequestions_p.h"
#include "schedulestorethread.h"

#include <algorithm>

namespace scaledeck {

namespace {

LoadedSchedules loadAfter(std::optional<RayError> writeError, ScheduleStore &store, const QString &clusterKey,
                          const QDateTime &nowUtc)
{
    LoadedSchedules loaded;
    loaded.error = std::move(writeError);
    auto stored = readStoredSchedules(store, clusterKey, nowUtc);
    if (!stored) {
        if (!loaded.error)
            loaded.error = stored.error();
        return loaded;
    }
    loaded.schedules = std::move(stored.value().schedules);
    loaded.overrides = std::move(stored.value().overrides);
    return loaded;
}

} // namespace

QString overrideUntilText(const ScheduleOverride &override_, const QTimeZone &zone)
{
    return override_.untilUtc.toTimeZone(zone).toString(QStringLiteral("ddd yyyy-MM-dd HH:mm t"));
}

AuditEntry overrideAudit(const ScheduleOverride &override_, const QTimeZone &zone, const QDateTime &nowUtc)
{
    const QString note = override_.note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(override_.note);
    return AuditEntry{.atUtc = nowUtc,
                      .target = override_.target.toString(),
                      .cause = AuditCause::Operator,
                      .after = targetCount(override_.target, override_.replicas),
                      .result = AuditResult::OverrideSet,
                      .detail = QStringLiteral("until %1%2").arg(overrideUntilText(override_, zone), note),
                      .holder = override_.createdBy};
}

LocalScheduleBackend::LocalScheduleBackend(const QString &storePath, WriteGuard guard, QString clusterKey,
                                           const Clock *clock, QObject *parent)
    : QObject(parent), m_store(std::make_unique<ScheduleStoreThread>(storePath, guard)),
      m_clusterKey(std::move(clusterKey)), m_clock(clock)
{
}

LocalScheduleBackend::~LocalScheduleBackend() = default;

void LocalScheduleBackend::load(Loaded answer)
{
    m_store->post([key = m_clusterKey,
                   now = m_clock->nowUtc()](ScheduleStore &store) { return loadAfter(std::nullopt, store, key, now); },
                  std::move(answer));
}

void LocalScheduleBackend::save(const ScheduleTarget &target, const QString &text, Loaded answer)
{
    m_store->post(
        [key = m_clusterKey, target, text, now = m_clock->nowUtc()](ScheduleStore &store) {
            const ScheduleAuthor author{.holder = operatorIdentity(QStringLiteral("ScaleDeck")),
                                        .detail = QStringLiteral("stored in ScaleDeck's schedule editor"),
                                        .atUtc = now};
            auto saved = store.saveSchedule(key, StoredSchedule{target, text, now}, author);
            return loadAfter(saved ? std::nullopt : std::optional(saved.error()), store, key, now);
        },
        std::move(answer));
}

void LocalScheduleBackend::remove(const ScheduleTarget &target, Loaded answer)
{
    m_store->post(
        [key = m_clusterKey, target, now = m_clock->nowUtc()](ScheduleStore &store) {
            std::optional<RayError> error;
            const ScheduleAuthor author{.holder = operatorIdentity(QStringLiteral("ScaleDeck")),
                                        .detail = QStringLiteral("removed in ScaleDeck"),
                                        .atUtc = now};
            if (auto removed = store.removeSchedule(key, target, author); !removed)
                error = removed.error();
            else if (auto cleared = store.clearOverride(key, target); !cleared)
                error = cleared.error();
            return loadAfter(std::move(error), store, key, now);
        },
        std::move(answer));
}

void LocalScheduleBackend::setOverrides(std::vector<OverrideWrite> overrides,
                                        std::function<void(const OverridesWritten &)> answer)
{
    m_store->post(
        [key = m_clusterKey, overrides = std::move(overrides), now = m_clock->nowUtc()](ScheduleStore &store) {
            OverridesWritten written;
            for (const OverrideWrite &write : overrides) {
                if (auto set = store.setOverride(key, write.override_); !set) {
                    written.error = set.error();
                    break;
                }
                ++written.count;
                if (auto audited = store.appendAudit(key, overrideAudit(write.override_, write.zone, now)); !audited)
                    written.auditErrors.append(
                        QStringLiteral("%1: %2").arg(write.override_.target.toString(), audited.error().describe()));
            }
            return written;
        },
        std::move(answer));
}

void LocalScheduleBackend::resumeContests(QStringList targets, std::function<void(const QStringList &)> answer)
{
    m_store->post(
        [key = m_clusterKey, targets = std::move(targets), now = m_clock->nowUtc()](ScheduleStore &store) {
            QStringList failures;
            for (const QString &target : targets) {
                if (auto ended = store.resumeContest(key, target, now, operatorIdentity(QStringLiteral("ScaleDeck")));
                    !ended)
                    failures.append(QStringLiteral("%1: %2").arg(target, ended.error().describe()));
            }
            return failures;
        },
        std::move(answer));
}

void LocalScheduleBackend::loadAudit(QDateTime sinceUtc, AuditLoaded answer)
{
    m_store->post(
        [key = m_clusterKey, since = sinceUtc.toUTC()](ScheduleStore &store) {
            auto entries = store.audit(key, since);
            if (entries) // the store reads oldest first; the tab shows the newest on top
                std::reverse(entries.value().begin(), entries.value().end());
            return entries;
        },
        std::move(answer));
}

} // namespace scaledeck
