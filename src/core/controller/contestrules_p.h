// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The controller's rules for a fight over a target, without side effects: another controller or tool putting
// back what this one had just set. Two controllers with different schedules for one deployment (two laptops with
// their own stores, or a laptop and a headless controller) would otherwise change it back and forth every few
// seconds for as long as both run, starting or stopping a GPU replica each time, and neither would say so.
// The cluster moving away from the controller's value is corrected once (an operator's one change); moved away
// again within putBackWindowMs, it is a fight: the controller stops correcting the target and says so, at the
// third change of the fight at the latest (theirs, our correction, theirs again). It corrects it again
// when an operator resumes it, when the cluster holds its value again, or when the cluster has held the other
// value for a quiet while (which doubles with every fight in a row). Schedule transitions still go out: only
// drift corrections are what fights are made of. Private to scaledeck_controller.

#include "schedulestore.h"
#include "targetrules_p.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace scaledeck {

// Two moves away from the controller's value this close together are a fight. Ray's config GET can lag a PUT
// (settleGraceMs), so the second is seen at the earliest settleGraceMs after the correction of the first.
inline constexpr qint64 putBackWindowMs = 120000;
// How long the cluster must hold the other value, untouched, before a contested target is corrected again
// on the controller's own: this, doubled for every further fight in a row, at most contestQuietMaxMs.
inline constexpr qint64 contestQuietMs = 15 * 60000;
inline constexpr qint64 contestQuietMaxMs = 4 * 3600000;
qint64 quietBeforeResumingMs(int contests);

// What to do about a fight over one target this tick.
struct ContestStep {
    enum Action {
        None,         // no fight: the verdict stands
        CountPutBack, // a change of ours was put back once: remember when, and correct it
        Start,        // put back twice within putBackWindowMs: stop correcting, audit and show it
        Hold,         // contested: send nothing (the contest is saved when the cluster moved again)
        Resume,       // the other value stood still for the quiet while: audit, forget, and correct it
        EndInStep,    // contested, and the cluster holds the controller's value again: audit and forget
    };
    Action action = None;
    TargetContest contest; // as it is to be saved (CountPutBack, Start, Hold, Resume)
    bool changed = false;  // Hold: the contest differs from the stored one (the cluster moved)
};

struct ContestFacts {
    const TargetVerdict &verdict;
    const ObservedTarget &observed;
    const std::optional<TargetContest> &stored;
    bool lastTryFailed = false; // the controller's last change of the target failed (or its outcome is unknown)
    QString target;
    int desired = 0;
    QString desiredText; // "2", "parked"
    QDateTime nowUtc;
};
ContestStep judgeContest(const ContestFacts &facts);

// What a contested decision and its audit row say: who fights, how to resume.
QString contestDetail(const TargetContest &contest);
// Why an automatic resume happened, for its audit row.
QString quietResumeReason(const TargetContest &contest, const QDateTime &nowUtc);

} // namespace scaledeck
