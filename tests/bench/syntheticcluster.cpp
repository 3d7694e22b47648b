// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "syntheticcluster.h"

#include "servestatereader.h"
#include "snapshotfetcher.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>

QByteArray syntheticServeBody(int apps, int deployments, int replicas, int variant)
{
    using Json = nlohmann::ordered_json;
    Json applications = Json::object();
    const std::string node = "8f242d6fb7228364f4308c290a5bd0db2a70454a835379992fd95609";
    for (int a = 0; a < apps; ++a) {
        const std::string appName = "app-" + std::to_string(a);
        Json deploymentDetails = Json::object();
        Json configEntries = Json::array();
        for (int d = 0; d < deployments; ++d) {
            const std::string depName = "Deployment" + std::to_string(d);
            // Every 50th app is mid-scale in odd variants: one replica STARTING, target one higher.
            const bool scaling = (variant % 2 == 1) && (a % 50 == 0);
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
            Json actorOptions =
                gpu ? Json{{"num_cpus", 0.5}, {"num_gpus", d == 0 ? 1.0 : 0.5}} : Json{{"num_cpus", 0.5}};
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
        applications[appName] = Json{{"name", appName},
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
              {"applications", applications},
              {"target_capacity", nullptr}};
    return QByteArray::fromStdString(body.dump());
}

// Parsed on another thread, as the poller does: the snapshot's many small blocks then come from that thread's malloc
// arena, not the GUI thread's. Parsed on the GUI thread, they are freed into its arena and the next large allocation
// there consolidates them (glibc's malloc_consolidate), a cost the product's GUI thread never pays.
scaledeck::SnapshotPtr syntheticSnapshot(const QByteArray &body, const scaledeck::SnapshotPtr &previous)
{
    using namespace scaledeck;
    return std::async(std::launch::async,
                      [&body, &previous] {
                          auto serve = readServeState(body);
                          if (!serve) {
                              std::fprintf(stderr, "parse failed: %s\n", qPrintable(serve.error().describe()));
                              std::exit(1);
                          }
                          return buildSnapshot(QStringLiteral("2.60.0"), std::move(serve).value(),
                                               NodeTotals{4000, 8000, 500, {}, {}, {}}, {},
                                               QDateTime::currentDateTimeUtc(), previous);
                      })
        .get();
}
