// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "servestatereader.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace scaledeck {

namespace {

using Json = nlohmann::json;

// Replica states as shared string literals: a large cluster's tens of thousands of replicas then hold no
// string of their own for the state (and the counts by state key on the same data).
QString replicaState(const std::string &state)
{
    if (state == "RUNNING")
        return QStringLiteral("RUNNING");
    if (state == "STARTING")
        return QStringLiteral("STARTING");
    if (state == "STOPPING")
        return QStringLiteral("STOPPING");
    if (state == "UPDATING")
        return QStringLiteral("UPDATING");
    if (state == "RECOVERING")
        return QStringLiteral("RECOVERING");
    if (state == "PENDING_MIGRATION")
        return QStringLiteral("PENDING_MIGRATION");
    return QString::fromStdString(state);
}

// Ray lists a deployment's replicas in no stable order between GETs; sorted, a poll that only reorders them
// compares equal to the previous one. Ties (an id listed twice) fall back to the other fields, so the order
// never depends on Ray's.
void sortReplicas(std::vector<ReplicaSnapshot> &replicas)
{
    const auto before = [](const ReplicaSnapshot &a, const ReplicaSnapshot &b) {
        if (a.id != b.id)
            return a.id < b.id;
        return std::tie(a.state, a.startTimeS, a.placed, a.nodeId) <
               std::tie(b.state, b.startTimeS, b.placed, b.nodeId);
    };
    if (!std::is_sorted(replicas.begin(), replicas.end(), before))
        std::sort(replicas.begin(), replicas.end(), before);
}

// Ray's resource for an accelerator type: "accelerator_type:A100" (RESOURCE_CONSTRAINT_PREFIX).
const std::string kAcceleratorPrefix = "accelerator_type:";

// Where the reader is: each object or array it has entered, innermost last.
enum class Scope {
    Root,
    Applications,
    App,
    Deployments,
    Deployment,
    Resources,
    DeploymentConfig,
    Autoscaling,
    Replicas,
    Replica
};

// What the value after the last key is for.
enum class Slot {
    Skip,
    TargetCapacity,
    Applications,
    AppStatus,
    AppMessage,
    AppSource,
    AppRoutePrefix,
    AppConfig,
    AppDeployments,
    DeploymentStatus,
    DeploymentTrigger,
    DeploymentMessage,
    DeploymentTarget,
    DeploymentResources,
    DeploymentConfig,
    DeploymentReplicas,
    ResourceGpu,
    ResourceCpu,
    ResourceAccelerator,
    ConfigReplicas,
    ConfigAutoscaling,
    AutoscalingMin,
    AutoscalingMax,
    ReplicaId,
    ReplicaState,
    ReplicaNode,
    ReplicaStartTime,
    Entry, // an element of a map or list whose name came in the key (apps, deployments) or a list item
};

class ServeStateSax : public nlohmann::json_sax<Json> {
public:
    ServeStateSax() = default;
    // Reads one application's object, as if it stood under "applications" with this name.
    explicit ServeStateSax(const std::string &appName)
    {
        m_scopes = {Scope::Root, Scope::Applications};
        m_slot = Slot::Entry;
        m_entryName = appName;
        rootWasObject = true;
    }

    std::optional<ServeState> state = ServeState{};
    std::string error; // set on a shape error; parse errors set syntaxError
    bool syntaxError = false;
    bool rootWasObject = false;
    std::string rootType;

    bool null() override { return scalar(Json()); }
    bool boolean(bool value) override { return scalar(Json(value)); }
    bool number_integer(number_integer_t value) override { return scalar(Json(value)); }
    bool number_unsigned(number_unsigned_t value) override { return scalar(Json(value)); }
    bool number_float(number_float_t value, const string_t &) override { return scalar(Json(value)); }
    bool string(string_t &value) override
    {
        if (m_capture)
            return m_capture->string(value) && afterCaptured();
        if (m_scopes.empty()) {
            rootType = "string";
            return false;
        }
        if (m_skipDepth > 0 || m_slot == Slot::Skip)
            return consumed();
        switch (m_slot) {
        case Slot::AppStatus:
            m_app.status = QString::fromStdString(value);
            return consumed();
        case Slot::AppMessage:
            m_app.message = QString::fromStdString(value);
            return consumed();
        case Slot::AppSource:
            m_app.source = QString::fromStdString(value);
            return consumed();
        case Slot::AppRoutePrefix:
            m_app.routePrefix = QString::fromStdString(value);
            return consumed();
        case Slot::DeploymentStatus:
            m_deployment.status = QString::fromStdString(value);
            return consumed();
        case Slot::DeploymentTrigger:
            m_deployment.statusTrigger = QString::fromStdString(value);
            return consumed();
        case Slot::DeploymentMessage:
            m_deployment.message = QString::fromStdString(value);
            return consumed();
        case Slot::ReplicaId:
            m_replica.id = QString::fromStdString(value);
            return consumed();
        case Slot::ReplicaState:
            m_replica.state = replicaState(value);
            return consumed();
        case Slot::ReplicaNode:
            m_replica.placed = !value.empty();
            m_replica.nodeId = QString::fromStdString(value);
            return consumed();
        default:
            return wrongType(Json(value));
        }
    }
    bool binary(binary_t &) override { return scalar(Json()); }

    bool start_object(std::size_t) override
    {
        if (m_capture)
            return ++m_captureDepth, m_capture->start_object(std::size_t(-1));
        if (m_scopes.empty()) {
            rootWasObject = true;
            return enter(Scope::Root);
        }
        if (m_skipDepth > 0 || m_slot == Slot::Skip)
            return ++m_skipDepth, true;
        switch (m_slot) {
        case Slot::Applications:
            return enter(Scope::Applications);
        case Slot::AppDeployments:
            return enter(Scope::Deployments);
        case Slot::DeploymentResources:
            return enter(Scope::Resources);
        case Slot::DeploymentConfig:
            return enter(Scope::DeploymentConfig);
        case Slot::ConfigAutoscaling:
            m_deployment.autoscaling = AutoscalingBounds{};
            return enter(Scope::Autoscaling);
        case Slot::AppConfig:
            m_captured = Json();
            m_capture.emplace(m_captured, false);
            m_captureDepth = 1;
            return m_capture->start_object(std::size_t(-1));
        case Slot::Entry:
            if (scope() == Scope::Applications) {
                m_app = ApplicationSnapshot{};
                m_app.name = QString::fromStdString(m_entryName);
                m_appPath = "applications." + m_entryName;
                return enter(Scope::App);
            }
            if (scope() == Scope::Deployments) {
                m_deployment = DeploymentSnapshot{};
                m_deployment.name = QString::fromStdString(m_entryName);
                m_deploymentPath = m_appPath + ".deployments." + m_entryName;
                m_holding = 0;
                m_replicas.clear();
                return enter(Scope::Deployment);
            }
            if (scope() == Scope::Replicas) {
                m_replica = ReplicaSnapshot{};
                return enter(Scope::Replica);
            }
            return fail("unexpected object");
        default:
            return wrongType(Json::object());
        }
    }

    bool end_object() override
    {
        if (m_capture) {
            m_capture->end_object();
            return --m_captureDepth == 0 ? finishCapture() : true;
        }
        if (m_skipDepth > 0)
            return --m_skipDepth, consumedIfDone();
        const Scope leaving = scope();
        m_scopes.pop_back();
        switch (leaving) {
        case Scope::App:
            state->applications.push_back(std::move(m_app));
            break;
        case Scope::Deployment:
            m_deployment.runningReplicas = m_deployment.replicasByState.value(QStringLiteral("RUNNING"));
            m_deployment.gpusHeld = m_holding * m_deployment.gpusPerReplica;
            if (m_deployment.autoscaling)
                m_deployment.configuredReplicas.reset();
            // Gathered in a reused buffer, then moved into a list of exactly the right size.
            sortReplicas(m_replicas);
            m_deployment.replicas.assign(std::make_move_iterator(m_replicas.begin()),
                                         std::make_move_iterator(m_replicas.end()));
            m_replicas.clear();
            m_app.deployments.push_back(std::move(m_deployment));
            break;
        case Scope::Replica: {
            if (m_replica.state.isEmpty())
                m_replica.state = QStringLiteral("UNKNOWN");
            m_deployment.replicasByState[m_replica.state] += 1;
            if (replicaHoldsResources(m_replica))
                ++m_holding;
            m_replicas.push_back(std::move(m_replica));
            break;
        }
        default:
            break;
        }
        return afterContainer();
    }

    bool start_array(std::size_t) override
    {
        if (m_capture)
            return ++m_captureDepth, m_capture->start_array(std::size_t(-1));
        if (m_scopes.empty()) {
            rootType = "array";
            return false;
        }
        if (m_skipDepth > 0 || m_slot == Slot::Skip)
            return ++m_skipDepth, true;
        if (m_slot == Slot::DeploymentReplicas)
            return enter(Scope::Replicas), m_slot = Slot::Entry, true;
        if (m_slot == Slot::Entry && scope() == Scope::Replicas)
            return fail(m_deploymentPath + ".replicas[] should be an object, got array");
        return wrongType(Json::array());
    }

    bool end_array() override
    {
        if (m_capture) {
            m_capture->end_array();
            return --m_captureDepth == 0 ? finishCapture() : true;
        }
        if (m_skipDepth > 0)
            return --m_skipDepth, consumedIfDone();
        m_scopes.pop_back(); // only Replicas is an array we enter
        return afterContainer();
    }

    bool key(string_t &name) override
    {
        if (m_capture)
            return m_capture->key(name);
        if (m_skipDepth > 0)
            return true;
        m_key = name;
        m_slot = slotFor(name);
        if (m_slot == Slot::Entry)
            m_entryName = name;
        return true;
    }

    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override
    {
        syntaxError = true;
        return false;
    }

private:
    Scope scope() const { return m_scopes.back(); }
    bool enter(Scope next)
    {
        m_scopes.push_back(next);
        m_slot = Slot::Skip;
        return true;
    }
    bool afterContainer()
    {
        // Inside a list the next value is another element; inside an object a key comes first.
        m_slot = (!m_scopes.empty() && scope() == Scope::Replicas) ? Slot::Entry : Slot::Skip;
        return true;
    }
    bool consumed()
    {
        if (m_skipDepth == 0)
            m_slot = (!m_scopes.empty() && scope() == Scope::Replicas) ? Slot::Entry : Slot::Skip;
        return true;
    }
    bool consumedIfDone() { return m_skipDepth == 0 ? consumed() : true; }

    bool fail(std::string message)
    {
        error = std::move(message);
        return false;
    }

    std::string pathOfSlot() const
    {
        switch (scope()) {
        case Scope::Root:
            return "serve." + m_key;
        case Scope::App:
            return m_appPath + "." + m_key;
        case Scope::Deployment:
            return m_deploymentPath + "." + m_key;
        case Scope::Resources:
            return m_deploymentPath + ".required_resources." + m_key;
        case Scope::DeploymentConfig:
            return m_deploymentPath + ".deployment_config." + m_key;
        case Scope::Autoscaling:
            return m_deploymentPath + ".deployment_config.autoscaling_config." + m_key;
        case Scope::Replicas:
            return m_deploymentPath + ".replicas[]";
        case Scope::Replica:
            return m_deploymentPath + ".replicas[]." + m_key;
        case Scope::Applications:
            return "applications." + m_entryName;
        case Scope::Deployments:
            return m_appPath + ".deployments." + m_entryName;
        }
        return m_key;
    }

    bool wrongType(const Json &value)
    {
        const char *expected = "a string";
        switch (m_slot) {
        case Slot::TargetCapacity:
        case Slot::DeploymentTarget:
        case Slot::ResourceGpu:
        case Slot::ResourceCpu:
        case Slot::ResourceAccelerator:
        case Slot::ConfigReplicas:
        case Slot::AutoscalingMin:
        case Slot::AutoscalingMax:
        case Slot::ReplicaStartTime:
            expected = "a number";
            break;
        case Slot::Applications:
        case Slot::AppConfig:
        case Slot::AppDeployments:
        case Slot::DeploymentResources:
        case Slot::DeploymentConfig:
        case Slot::ConfigAutoscaling:
        case Slot::Entry:
            expected = "an object";
            break;
        case Slot::DeploymentReplicas:
            expected = "an array";
            break;
        default:
            break;
        }
        return fail(pathOfSlot() + " should be " + expected + ", got " + value.type_name());
    }

    bool scalar(const Json &value)
    {
        if (m_capture) {
            bool ok = true;
            switch (value.type()) {
            case Json::value_t::null:
                ok = m_capture->null();
                break;
            case Json::value_t::boolean:
                ok = m_capture->boolean(value.get<bool>());
                break;
            case Json::value_t::number_integer:
                ok = m_capture->number_integer(value.get<number_integer_t>());
                break;
            case Json::value_t::number_unsigned:
                ok = m_capture->number_unsigned(value.get<number_unsigned_t>());
                break;
            case Json::value_t::number_float:
                ok = m_capture->number_float(value.get<number_float_t>(), {});
                break;
            default:
                ok = m_capture->null();
                break;
            }
            return ok && afterCaptured();
        }
        if (m_scopes.empty()) {
            rootType = value.type_name();
            return false;
        }
        if (m_skipDepth > 0 || m_slot == Slot::Skip)
            return consumed();
        if (value.is_null())
            return consumed(); // a null field reads as an absent one
        if (!value.is_number())
            return wrongType(value);
        const double number = value.get<double>();
        switch (m_slot) {
        case Slot::TargetCapacity:
            state->targetCapacity = number;
            break;
        case Slot::DeploymentTarget:
            return readCount(number, m_deployment.targetReplicas);
        case Slot::ResourceGpu:
            m_deployment.gpusPerReplica = number;
            break;
        case Slot::ResourceCpu:
            m_deployment.cpusPerReplica = number;
            break;
        case Slot::ResourceAccelerator:
            // ray_actor_options.accelerator_type shows as a tiny amount of the resource "accelerator_type:X".
            m_deployment.acceleratorType = QString::fromStdString(m_key.substr(kAcceleratorPrefix.size()));
            break;
        case Slot::ConfigReplicas:
            return readCount(number, m_deployment.configuredReplicas);
        case Slot::AutoscalingMin:
            return readCount(number, m_deployment.autoscaling->minReplicas);
        case Slot::AutoscalingMax:
            return readCount(number, m_deployment.autoscaling->maxReplicas);
        case Slot::ReplicaStartTime:
            m_replica.startTimeS = number;
            break;
        default:
            return wrongType(value);
        }
        return consumed();
    }

    // A replica count is a whole number from 0 up that fits an int; casting anything else to int is
    // undefined behaviour (libFuzzer found 2.77e15), so it is a bad payload naming the field.
    template <typename Count> bool readCount(double number, Count &into)
    {
        if (!std::isfinite(number) || number < 0 || number > double(std::numeric_limits<int>::max()) ||
            number != std::floor(number))
            return fail(pathOfSlot() + " should be a replica count (a whole number from 0), got " +
                        Json(number).dump());
        into = int(number);
        return consumed();
    }

    bool afterCaptured() { return m_captureDepth == 0 ? finishCapture() : true; }
    bool finishCapture()
    {
        m_capture.reset();
        if (m_captured.is_object()) {
            auto external = m_captured.find("external_scaler_enabled");
            m_app.externalScalerEnabled =
                external != m_captured.end() && external->is_boolean() && external->get<bool>();
            m_app.deployedConfig = std::make_shared<const Json>(std::move(m_captured));
        }
        m_captured = Json();
        return consumed();
    }

    Slot slotFor(const std::string &name) const
    {
        switch (scope()) {
        case Scope::Root:
            if (name == "applications")
                return Slot::Applications;
            if (name == "target_capacity")
                return Slot::TargetCapacity;
            return Slot::Skip;
        case Scope::Applications:
        case Scope::Deployments:
            return Slot::Entry;
        case Scope::App:
            if (name == "status")
                return Slot::AppStatus;
            if (name == "message")
                return Slot::AppMessage;
            if (name == "source")
                return Slot::AppSource;
            if (name == "route_prefix")
                return Slot::AppRoutePrefix;
            if (name == "deployed_app_config")
                return Slot::AppConfig;
            if (name == "deployments")
                return Slot::AppDeployments;
            return Slot::Skip;
        case Scope::Deployment:
            if (name == "status")
                return Slot::DeploymentStatus;
            if (name == "status_trigger")
                return Slot::DeploymentTrigger;
            if (name == "message")
                return Slot::DeploymentMessage;
            if (name == "target_num_replicas")
                return Slot::DeploymentTarget;
            if (name == "required_resources")
                return Slot::DeploymentResources;
            if (name == "deployment_config")
                return Slot::DeploymentConfig;
            if (name == "replicas")
                return Slot::DeploymentReplicas;
            return Slot::Skip;
        case Scope::Resources:
            if (name == "GPU")
                return Slot::ResourceGpu;
            if (name == "CPU")
                return Slot::ResourceCpu;
            if (name.size() > kAcceleratorPrefix.size() &&
                name.compare(0, kAcceleratorPrefix.size(), kAcceleratorPrefix) == 0)
                return Slot::ResourceAccelerator;
            return Slot::Skip;
        case Scope::DeploymentConfig:
            if (name == "num_replicas")
                return Slot::ConfigReplicas;
            if (name == "autoscaling_config")
                return Slot::ConfigAutoscaling;
            return Slot::Skip;
        case Scope::Autoscaling:
            if (name == "min_replicas")
                return Slot::AutoscalingMin;
            if (name == "max_replicas")
                return Slot::AutoscalingMax;
            return Slot::Skip;
        case Scope::Replica:
            if (name == "replica_id")
                return Slot::ReplicaId;
            if (name == "state")
                return Slot::ReplicaState;
            if (name == "node_id")
                return Slot::ReplicaNode;
            if (name == "start_time_s")
                return Slot::ReplicaStartTime;
            return Slot::Skip;
        case Scope::Replicas:
            return Slot::Skip;
        }
        return Slot::Skip;
    }

    std::vector<Scope> m_scopes;
    Slot m_slot = Slot::Skip;
    std::string m_key;
    std::string m_entryName;
    int m_skipDepth = 0;
    ApplicationSnapshot m_app;
    DeploymentSnapshot m_deployment;
    std::string m_appPath;
    std::string m_deploymentPath;
    int m_holding = 0;
    ReplicaSnapshot m_replica;
    std::vector<ReplicaSnapshot> m_replicas; // the current deployment's, in Ray's order
    Json m_captured;
    std::optional<nlohmann::detail::json_sax_dom_parser<Json>> m_capture;
    int m_captureDepth = 0;
};

} // namespace

Result<ApplicationSnapshot> readApplication(const QString &name, QByteArrayView objectText)
{
    ServeStateSax reader(name.toStdString());
    const bool complete = Json::sax_parse(objectText.begin(), objectText.end(), &reader);
    if (!complete || reader.state->applications.size() != 1) {
        if (!reader.error.empty())
            return makeError(RayErrorKind::BadPayload,
                             QStringLiteral("Serve applications: %1").arg(QString::fromStdString(reader.error)));
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("Serve applications: the entry of '%1' is not a JSON object").arg(name));
    }
    return std::move(reader.state->applications.front());
}

Result<ServeState> readServeState(const QByteArray &body)
{
    ServeStateSax reader;
    const bool complete = Json::sax_parse(body.constBegin(), body.constEnd(), &reader);
    if (!complete || !reader.rootWasObject) {
        if (!reader.error.empty())
            return makeError(RayErrorKind::BadPayload,
                             QStringLiteral("Serve applications: %1").arg(QString::fromStdString(reader.error)));
        if (!reader.rootType.empty() && !reader.syntaxError)
            return makeError(RayErrorKind::BadPayload,
                             QStringLiteral("Serve applications: expected a JSON object, got %1")
                                 .arg(QString::fromStdString(reader.rootType)));
        return makeError(RayErrorKind::BadPayload,
                         QStringLiteral("Serve applications: the body is not JSON (starts with \"%1\")")
                             .arg(QString::fromUtf8(body.left(60)).simplified()));
    }
    ServeState state = std::move(*reader.state);
    std::sort(state.applications.begin(), state.applications.end(),
              [](const ApplicationSnapshot &a, const ApplicationSnapshot &b) { return a.name < b.name; });
    return state;
}

} // namespace scaledeck
