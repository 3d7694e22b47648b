// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "schedulebackend.h"

#include <QObject>

#include <memory>

namespace scaledeck {

class ScheduleStoreThread;

// The single-user mode's schedules: this machine's store, read and written on ScheduleStoreThread, every write
// audited under the operator's login name.
class LocalScheduleBackend : public QObject, public ScheduleBackend {
    Q_OBJECT
public:
    // `guard`: a read-only session's store refuses every write.
    LocalScheduleBackend(const QString &storePath, WriteGuard guard, QString clusterKey, const Clock *clock,
                         QObject *parent = nullptr);
    ~LocalScheduleBackend() override;

    void load(Loaded answer) override;
    void save(const ScheduleTarget &target, const QString &text, Loaded answer) override;
    void remove(const ScheduleTarget &target, Loaded answer) override;
    void setOverrides(std::vector<OverrideWrite> overrides,
                      std::function<void(const OverridesWritten &)> answer) override;
    void resumeContests(QStringList targets, std::function<void(const QStringList &failures)> answer) override;
    void loadAudit(QDateTime sinceUtc, AuditLoaded answer) override;

private:
    std::unique_ptr<ScheduleStoreThread> m_store;
    QString m_clusterKey;
    const Clock *m_clock;
};

// The audit line of an override the operator confirmed: "until Mon 2026-11-23 17:00 CET (note)".
AuditEntry overrideAudit(const ScheduleOverride &override_, const QTimeZone &zone, const QDateTime &nowUtc);
QString overrideUntilText(const ScheduleOverride &override_, const QTimeZone &zone);

} // namespace scaledeck
