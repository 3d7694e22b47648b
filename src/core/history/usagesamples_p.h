// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Internal to historystore.cpp: the usage values record() takes from a snapshot, all of them or only those of the
// applications that changed since the snapshot recorded before.

#include "clustersnapshot.h"

#include <QHash>
#include <QString>

#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace scaledeck::historydetail {

// One series' value at a snapshot: GPUs held (or, for a capacity series, present) and the replicas holding them.
struct Sample {
    double value = 0;
    double replicas = 0;

    bool operator==(const Sample &) const = default;
};

// The values of the snapshot: capacity always (its segments are the time with history), deployments while they
// hold GPUs (no segment means 0).
QHash<QString, Sample> samplesOf(const ClusterSnapshot &snapshot);

// A series and its value at a snapshot; none where it has no segment then.
using SeriesSample = std::pair<QString, std::optional<Sample>>;

// What the applications of the snapshot recorded last held, per application and deployment, so that the next
// snapshot's samples are made only for the applications whose GPUs changed: a poll of 10,000 deployments changes a
// few, and making and looking up every series' name was most of record()'s time (and grew faster than the fleet).
// Comparing an application costs a few numbers and names, no allocation.
class SampledApps {
public:
    explicit SampledApps(const ClusterSnapshot &snapshot);

    // The series whose value may differ from this snapshot's in `next`, with their value there: every series of
    // an application added, removed, parked, unparked or whose deployments' GPUs changed, and every capacity
    // series. This then stands for `next`. None when `next` cannot be sampled a part at a time: a name with a '/'
    // in an application's or deployment's name may belong to two applications' series ("a/b" + "c" and "a" +
    // "b/c"), which samplesOf() adds up; the caller then compares all of samplesOf(next).
    std::optional<std::vector<SeriesSample>> advanceTo(const ClusterSnapshot &next);

private:
    struct Deployment {
        QString name;
        double gpusHeld = 0;
        double gpusPerReplica = 0;

        bool operator==(const Deployment &) const = default;
    };
    struct App {
        QString name;
        bool parked = false;
        std::vector<Deployment> deployments;

        bool operator==(const App &) const = default;
    };

    static App appOf(const ApplicationSnapshot &application);
    static bool hasSlashInNames(const App &app);
    static void addSeriesOf(const App *before, const App *after, std::vector<SeriesSample> &changed);
    void addCapacitySeries(const ClusterSnapshot &next, std::vector<SeriesSample> &changed) const;
    static bool sameApp(const App &sampled, const ApplicationSnapshot &application);

    std::vector<App> m_apps; // sorted by name, as a snapshot's applications are
    std::map<QString, double> m_gpusByAccelerator;
    int m_appsWithSlash = 0;
};

} // namespace scaledeck::historydetail
