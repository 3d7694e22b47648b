// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "servingreduction.h"

#include <QObject>
#include <QPointer>

#include <vector>

namespace scaledeck {

class ClusterSession;
class RecentTrafficLabel;
struct RayError;
struct TrafficReading;

// Before a park or a scale-down is confirmed (the Apply confirmation, or the question an override of a schedule
// asks), what its targets served in the last 5 minutes, shown in that dialog: a busy deployment is never parked by
// surprise. The traffic is read on the session's traffic thread (one Prometheus query for every deployment, or the
// nodes' last reading); the label says that it is being read until the answer comes. Only the latest question is
// answered: one for an earlier dialog (or another session) is dropped, and so is one whose dialog is gone.
class RecentTrafficCheck : public QObject {
    Q_OBJECT
public:
    static constexpr int kWindowS = 300;

    explicit RecentTrafficCheck(QObject *parent = nullptr) : QObject(parent) {}

    // Nothing is asked, nor shown, for no target.
    void ask(ClusterSession *session, RecentTrafficLabel *label, std::vector<ReducedServing> targets);

private:
    void follow(ClusterSession *session);
    void onRead(quint64 question, const TrafficReading &reading);
    void onFailed(quint64 question, const RayError &error);
    QStringList targetNames() const;

    QPointer<ClusterSession> m_session; // the one whose answers are connected
    QPointer<RecentTrafficLabel> m_label;
    std::vector<ReducedServing> m_targets;
    quint64 m_question = 0;
};

} // namespace scaledeck
