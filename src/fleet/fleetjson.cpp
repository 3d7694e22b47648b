// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetjson.h"

namespace scaledeck {

namespace {
using Json = nlohmann::ordered_json;

Json textOrNull(const QString &text)
{
    return text.isEmpty() ? Json(nullptr) : Json(text.toStdString());
}

Json instantOrNull(const QDateTime &at)
{
    return at.isValid() ? Json(at.toUTC().toString(Qt::ISODate).toStdString()) : Json(nullptr);
}

template <typename T> Json orNull(const std::optional<T> &value)
{
    return value ? Json(*value) : Json(nullptr);
}

Json controllerJson(const FleetControllerState &state)
{
    return Json{{"healthy", state.healthy},
                {"holds_lock", state.holdsLock},
                {"lock_holder", textOrNull(state.lockHolder)},
                {"last_tick_at", instantOrNull(state.lastTickAt)},
                {"active_overrides", orNull(state.activeOverrides)},
                {"error", textOrNull(state.error)}};
}

Json rowJson(const FleetRow &row)
{
    const std::optional<FleetFigures> &f = row.figures;
    // A figure of a row that is not answering is the last good one (stale): "reachable" and "state" say so.
    auto figure = [&f](auto member) { return f ? Json(*f.*member) : Json(nullptr); };
    Json json{{"name", row.name.toStdString()},
              {"address", row.address.toStdString()},
              {"reachable", row.reachable()},
              {"error", row.reachable() || !row.error ? Json(nullptr) : Json(row.error->describe().toStdString())},
              {"ray_version", f && f->rayVersion ? Json(f->rayVersion->toStdString()) : Json(nullptr)},
              {"deployments", figure(&FleetFigures::deployments)},
              {"replicas_running", figure(&FleetFigures::replicasRunning)},
              {"replicas_target", figure(&FleetFigures::replicasTarget)},
              {"gpus_held", figure(&FleetFigures::gpusHeld)},
              {"gpus_total", figure(&FleetFigures::gpusTotal)},
              {"cost_per_hour", f ? orNull(f->costPerHour) : Json(nullptr)}};
    json["kind"] = fleetMemberKindName(row.kind).toStdString();
    json["state"] = fleetStateName(row.state).toStdString();
    json["currency"] = f ? textOrNull(f->currency) : Json(nullptr);
    json["deployments_pending"] = figure(&FleetFigures::deploymentsPending);
    json["deployments_unplaceable"] = figure(&FleetFigures::deploymentsUnplaceable);
    json["parked_apps"] = figure(&FleetFigures::parkedApps);
    json["answered_at"] = instantOrNull(row.answeredAt);
    if (row.kind == FleetMember::Kind::Controller)
        json["controller"] = row.controller ? controllerJson(*row.controller) : Json(nullptr);
    return json;
}
} // namespace

nlohmann::ordered_json fleetJson(const std::vector<FleetRow> &rows)
{
    Json clusters = Json::array();
    for (const FleetRow &row : rows)
        clusters.push_back(rowJson(row));
    return Json{{"clusters", std::move(clusters)}};
}

} // namespace scaledeck
