// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The route families of the controller's API, one file each. Each answers the calls whose path is its own and
// returns std::nullopt for any other (ControllerApi then answers 404).

#include "apicall.h"
#include "apicontext.h"

#include <QDateTime>

#include <map>
#include <optional>
#include <variant>

namespace scaledeck {

// schedules, schedules/TARGET (GET, PUT, DELETE), transitions/TARGET?count=N (scheduleroutes.cpp)
std::optional<ApiReply> scheduleRoutes(const ApiCall &call, ApiContext &context);
// overrides, overrides/TARGET (PUT {"replicas", "until"}, DELETE) (overrideroutes.cpp)
std::optional<ApiReply> overrideRoutes(const ApiCall &call, ApiContext &context);
// contests (GET), contests/TARGET (DELETE: the controller corrects it again) (contestroutes.cpp)
std::optional<ApiReply> contestRoutes(const ApiCall &call, ApiContext &context);
// audit?since=ISO8601 (auditroutes.cpp)
std::optional<ApiReply> auditRoutes(const ApiCall &call, ApiContext &context);
// scale, park, unpark (POST: 202 and a request id), requests/ID, parked, parked/APP?storedAt= (DELETE: 202 and a
// request id) (clusterroutes.cpp)
std::optional<ApiReply> clusterRoutes(const ApiCall &call, ApiContext &context);
// prices (GET, PUT the whole list), always-on/TARGET (PUT {"replicas": N or null}) (pricesroutes.cpp)
std::optional<ApiReply> pricesRoutes(const ApiCall &call, ApiContext &context);
// cost?from=&to= (the report of `scaledeckctl cost`), history?from=&to=&target=&points= (the GPU usage series
// and leases) (costroutes.cpp)
std::optional<ApiReply> costRoutes(const ApiCall &call, ApiContext &context);
// projection?from= (a week of the stored schedules in GPU-hours and money) (projectionroutes.cpp)
std::optional<ApiReply> projectionRoutes(const ApiCall &call, ApiContext &context);
// import (POST a store bundle; ?replace=1, ?dry_run=1) (importroutes.cpp): answered later, as the import runs on
// a thread of its own (ImportRunner). What an import needs, taken from its call on the server's thread (where the
// clock and the stores live), so that the import itself can run on another:
struct ImportJob {
    QByteArray body; // the bundle, as sent: parsed on the import's thread too
    bool replace = false;
    bool dryRun = false;
    QString callerName; // for the log
    QString importedBy; // for the audit row
    QDateTime nowUtc;
    QString store; // the store's path or postgresql:// URL: the import opens connections of its own
    QString clusterKey;
};
bool isImportCall(const ApiCall &call);
// The call's import, or the answer that refuses it (method, role, flags).
std::variant<ApiReply, ImportJob> importJob(const ApiCall &call, const ApiContext &context);
// Reads the bundle and imports it: the answer to the call. For any thread (no ApiContext).
ApiReply runImport(const ImportJob &job);
// whoami, health (statusroutes.cpp); the snapshot's long poll is ControllerApi's, as it answers later
std::optional<ApiReply> statusRoutes(const ApiCall &call, ApiContext &context);

// Shared by the families: the target in the path from segment `from` on, or a 400 saying why not.
struct TargetOrReply {
    std::optional<ScheduleTarget> target;
    std::optional<ApiReply> reply;
};
TargetOrReply pathTarget(const ApiCall &call, int from);
// The query parameter `name` as an instant with its offset into *value (left unset when not given), or a 400 when
// it is not one (costroutes.cpp).
std::optional<ApiReply> instantParameter(const ApiCall &call, const QString &name, std::optional<QDateTime> *value);
// The request body as a JSON object, or a 400.
struct JsonOrReply {
    OrderedJson json;
    std::optional<ApiReply> reply;
};
JsonOrReply bodyObject(const ApiCall &call);
// The price list and always-on counts as GET prices answers them (pricesroutes.cpp); cost answers them too.
OrderedJson pricesJson(const PriceList &prices, const std::map<QString, int> &alwaysOn);
// A store error as 500 with its description.
ApiReply storeError(const RayError &error);

} // namespace scaledeck
