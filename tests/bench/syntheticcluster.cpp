// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "syntheticcluster.h"

#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <QBuffer>
#include <QFile>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>

namespace {

using Json = nlohmann::ordered_json;
const std::string kNode = "8f242d6fb7228364f4308c290a5bd0db2a70454a835379992fd95609";

// Application `a` of the body, as Ray's JSON (its own small DOM: the body's 10,000 deployments as one DOM were
// 250 MB of the benchmark's memory, counted as the GUI's).
Json syntheticApplication(int a, int deployments, int replicas, int variant, int scalingEvery)
{
    const std::string &node = kNode;
    const std::string appName = "app-" + std::to_string(a);
    Json deploymentDetails = Json::object();
    Json configEntries = Json::array();
    for (int d = 0; d < deployments; ++d) {
        const std::string depName = "Deployment" + std::to_string(d);
        // Every `scalingEvery`th app is mid-scale in odd variants: one replica STARTING, target one higher.
        const bool scaling = (variant % 2 == 1) && (a % scalingEvery == 0);
        Json replicaList = Json::array();
        for (int r = 0; r < replicas; ++r) {
            const std::string replicaId = appName.substr(0, 6) + std::to_string(d) + "x" + std::to_string(r);
            replicaList.push_back(
                Json{{"node_id", node},
                     {"node_ip", "192.0.2.2"},
                     {"node_instance_id", ""},
                     {"actor_id", "a3c2d4e5f6a7b8c9d0e1f2a3" + std::to_string(a * 100 + d * 10 + r)},
                     {"actor_name", "SERVE_REPLICA::" + appName + "#" + depName + "#" + replicaId},
                     {"worker_id", "7f1e2d3c4b5a69788796a5b4c3d2e1f0" + std::to_string(r)},
                     {"log_file_path", "/serve/replica_" + appName + "_" + depName + "_" + replicaId + ".log"},
                     {"replica_id", replicaId},
                     {"state", (scaling && r == 0) ? "STARTING" : "RUNNING"},
                     {"pid", 10000 + r},
                     {"start_time_s", 1795630400.123 + r}});
        }
        const bool gpu = d < 2;
        Json actorOptions = gpu ? Json{{"num_cpus", 0.5}, {"num_gpus", d == 0 ? 1.0 : 0.5}} : Json{{"num_cpus", 0.5}};
        Json deploymentConfig{{"name", depName},
                              {"num_replicas", replicas + (scaling ? 1 : 0)},
                              {"max_ongoing_requests", 5},
                              {"user_config", nullptr},
                              {"graceful_shutdown_wait_loop_s", 2.0},
                              {"graceful_shutdown_timeout_s", 20.0},
                              {"health_check_period_s", 10.0},
                              {"health_check_timeout_s", 30.0},
                              {"ray_actor_options", actorOptions}};
        deploymentDetails[depName] =
            Json{{"name", depName},
                 {"status", scaling ? "UPSCALING" : "HEALTHY"},
                 {"status_trigger", scaling ? "UPSCALE_COMPLETED" : "CONFIG_UPDATE_COMPLETED"},
                 {"message", ""},
                 {"deployment_config", deploymentConfig},
                 {"target_num_replicas", replicas + (scaling ? 1 : 0)},
                 {"required_resources", gpu ? Json{{"CPU", 0.5}, {"GPU", d == 0 ? 1.0 : 0.5}} : Json{{"CPU", 0.5}}},
                 {"replicas", replicaList}};
        configEntries.push_back(
            Json{{"name", depName}, {"num_replicas", replicas}, {"ray_actor_options", actorOptions}});
    }
    return Json{{"name", appName},
                {"route_prefix", "/" + appName},
                {"docs_path", nullptr},
                {"status", "RUNNING"},
                {"message", ""},
                {"last_deployed_time_s", 1795630381.5},
                {"deployed_app_config", Json{{"name", appName},
                                             {"route_prefix", "/" + appName},
                                             {"import_path", "models." + appName + ":app"},
                                             {"deployments", configEntries}}},
                {"source", "declarative"},
                {"deployments", deploymentDetails},
                {"external_scaler_enabled", false}};
}

} // namespace

void writeSyntheticServeBody(QIODevice &out, int apps, int deployments, int replicas, int variant, int scalingEvery)
{
    const std::string &node = kNode;
    Json body{{"controller_info",
               {{"node_id", node},
                {"node_ip", "192.0.2.2"},
                {"actor_id", "c0"},
                {"actor_name", "SERVE_CONTROLLER_ACTOR"},
                {"worker_id", "w0"},
                {"log_file_path", "/serve/controller.log"}}},
              {"proxy_location", "EveryNode"},
              {"http_options",
               {{"host", "127.0.0.1"},
                {"port", 8000},
                {"root_path", ""},
                {"request_timeout_s", nullptr},
                {"keep_alive_timeout_s", 90}}},
              {"grpc_options", {{"port", 9000}, {"grpc_servicer_functions", Json::array()}}},
              {"proxies", Json::object()},
              {"applications", Json::object()},
              {"target_capacity", nullptr}};
    // The same text as the whole body's dump(), written an application at a time.
    const std::string whole = body.dump();
    const std::string applications = "\"applications\":{}";
    const size_t at = whole.find(applications);
    out.write(whole.data(), qint64(at + applications.size() - 1));
    for (int a = 0; a < apps; ++a) {
        const std::string entry = (a ? ",\"" : "\"") + ("app-" + std::to_string(a)) +
                                  "\":" + syntheticApplication(a, deployments, replicas, variant, scalingEvery).dump();
        out.write(entry.data(), qint64(entry.size()));
    }
    out.write(whole.data() + at + applications.size() - 1, qint64(whole.size() - (at + applications.size() - 1)));
}

QByteArray syntheticServeBody(int apps, int deployments, int replicas, int variant, int scalingEvery)
{
    QByteArray body;
    QBuffer buffer(&body);
    buffer.open(QIODevice::WriteOnly);
    writeSyntheticServeBody(buffer, apps, deployments, replicas, variant, scalingEvery);
    return body;
}

namespace {
scaledeck::SnapshotPtr parseSyntheticBody(const QByteArray &body, const scaledeck::SnapshotPtr &previous)
{
    using namespace scaledeck;
    auto serve = readServeState(body);
    if (!serve) {
        std::fprintf(stderr, "parse failed: %s\n", qPrintable(serve.error().describe()));
        std::exit(1);
    }
    return buildSnapshot(QStringLiteral("2.60.0"), std::move(serve).value(), NodeTotals{4000, 8000, 500, {}, {}, {}},
                         {}, QDateTime::currentDateTimeUtc(), previous);
}
} // namespace

// Parsed on another thread, as the poller does: the snapshot's many small blocks then come from that thread's malloc
// arena, not the GUI thread's. Parsed on the GUI thread, they are freed into its arena and the next large allocation
// there consolidates them (glibc's malloc_consolidate), a cost the product's GUI thread never pays.
scaledeck::SnapshotPtr syntheticSnapshot(const QByteArray &body, const scaledeck::SnapshotPtr &previous)
{
    return std::async(std::launch::async, [&body, &previous] { return parseSyntheticBody(body, previous); }).get();
}

scaledeck::SnapshotPtr syntheticSnapshotFromFile(const QString &path, const scaledeck::SnapshotPtr &previous)
{
    return std::async(std::launch::async,
                      [&path, &previous] {
                          QFile file(path);
                          if (!file.open(QIODevice::ReadOnly)) {
                              std::fprintf(stderr, "cannot read %s: %s\n", qPrintable(path),
                                           qPrintable(file.errorString()));
                              std::exit(1);
                          }
                          return parseSyntheticBody(file.readAll(), previous);
                      })
        .get();
}
