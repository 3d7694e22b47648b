// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeset.h"
#include "clustersnapshot.h"
#include "servingreduction.h"

#include <QObject>
#include <QPointer>

#include <vector>

namespace scaledeck {

class ApplyPreviewDialog;
class ClusterSession;
struct RayError;
struct TrafficReading;

// Before a park or a scale-down is confirmed, what its targets served in the last 5 minutes, shown in the
// confirmation: a busy deployment is never parked by surprise. The traffic is read on the session's traffic
// thread (one Prometheus query for every deployment, or the nodes' last reading); the dialog shows that it is
// being read until the answer comes, and an answer to an earlier dialog (or another session) is dropped.
class RecentTrafficCheck : public QObject {
    Q_OBJECT
public:
    static constexpr int kWindowS = 300;

    explicit RecentTrafficCheck(QObject *parent = nullptr) : QObject(parent) {}

    // Nothing is asked when the change reduces no target's serving.
    void ask(ClusterSession *session, ApplyPreviewDialog *dialog, const ClusterSnapshot &now, const ChangeSet &changes);

private:
    void onRead(quint64 question, const TrafficReading &reading);
    void onFailed(quint64 question, const RayError &error);
    QStringList targetNames() const;

    QPointer<ClusterSession> m_session; // the one whose answers are connected
    QPointer<ApplyPreviewDialog> m_dialog;
    std::vector<ReducedServing> m_targets;
    quint64 m_question = 0;
};

} // namespace scaledeck
