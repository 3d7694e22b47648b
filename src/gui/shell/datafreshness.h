// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "clock.h"
#include "rayerror.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <optional>

namespace scaledeck {

// Whether the window shows the cluster as it is now: fresh while polls succeed, stale from a failed poll until
// the next snapshot. While stale it ticks every second, so the texts that give the data's age stay true, and
// it words why nothing can be changed meanwhile (the plan would be checked against data that may be gone).
class DataFreshness : public QObject {
    Q_OBJECT
public:
    // `clock` must be the one snapshots are stamped with (their takenAt): the age is measured against it.
    explicit DataFreshness(const Clock *clock, QObject *parent = nullptr);

    void snapshotShown(const QDateTime &takenAt);
    void pollFailed(const RayError &error);
    void reset(); // another cluster: nothing shown of it yet, and nothing has failed
    bool isStale() const { return m_failure.has_value(); }

    // "The cluster does not answer — unreachable: …. (showing data from 40 s ago)"
    QString noticeText() const;
    // For Apply: "The cluster has not answered for 40 s; showing data from 09:41:02. …" (changes with the age).
    QString whyNoChanges() const;
    // For the tree's editors: the same without the age, so it stays true for as long as the outage lasts.
    QString whyNoEdits() const;

Q_SIGNALS:
    void staleChanged(bool stale);
    void textsChanged(); // a poll failed, or a second passed while stale

private:
    qint64 ageSecs() const;
    QString shownAt() const; // "09:41:02", local time

    const Clock *m_clock;
    QDateTime m_takenAt;               // of the data shown; invalid before the first snapshot
    std::optional<RayError> m_failure; // the last failed poll's, while stale
    QTimer m_tick;
};

} // namespace scaledeck
