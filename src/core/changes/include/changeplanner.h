// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "changeset.h"
#include "clustersnapshot.h"
#include "parkedstore.h"
#include "result.h"
#include "snapshotparser.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace scaledeck {

// One field that the change alters, for the preview ("llm/LLM num_replicas: 2 → 3").
struct FieldChange {
    QString app;
    QString deployment; // empty for application-level changes (park / unpark)
    QString field;
    QString before;
    QString after;
    bool stopsServing = false; // scaling to zero or parking: asks for confirmation
    QString describe() const;
};

// A call to the external-scaler endpoint (apps deployed with external_scaler_enabled).
struct ScaleCall {
    QString app;
    QString deployment;
    int replicas = 0;
};

struct ParkRecord {
    QString app;
    OrderedJson config;  // exactly as it was deployed
    OrderedJson summary; // deployments with target and resources, for the parked view
};

// Exactly what applying a change set will send, decided before anything is sent.
struct ApplyPlan {
    std::optional<OrderedJson> putBody; // the whole declarative config, when it changes
    std::vector<ScaleCall> scaleCalls;
    std::vector<ParkRecord> parks; // written to the store before the PUT
    QStringList unparks;
    std::vector<FieldChange> preview;
    bool stopsServing() const;
};

struct PlanInput {
    const OrderedJson &freshDocument; // GET /api/serve/applications/ right before applying, key order kept
    const ServeState &fresh;          // the same, parsed
    const ClusterSnapshot &baseline;  // what the operator saw when the edit began
    const ChangeSet &changes;
    const std::vector<ParkedApp> &parked; // this cluster's parked apps from the store
};

// The top-level fields of Ray's GET that a PUT must carry back, or Ray resets them.
QStringList carriedTopLevelFields();

// Finds what changed under the operator's feet in the apps the change touches; empty when none.
QStringList findConflicts(const PlanInput &input);

// Plans the change: conflicts first (Conflict error, nothing to send), then invalid edits
// (InvalidChange), then the PUT body rebuilt from every declarative app with only the edited values changed.
Result<ApplyPlan> planChanges(const PlanInput &input);

// "deployments[LLM].num_replicas: 2 → 3", at most `limit` paths, for conflict messages.
QStringList describeDifferences(const nlohmann::json &before, const nlohmann::json &after, int limit = 3);

} // namespace scaledeck
