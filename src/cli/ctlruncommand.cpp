// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlruncommand.h"

#include "ctlclustercommands.h"
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlrunlisten.h"
#include "ctlrunmetrics.h"
#include "historystore.h"
#include "operatoridentity.h"
#include "prometheustraffic.h"
#include "schedulecontroller.h"
#include "schedulestore.h"
#include "storelocation.h"
#include "usagerecorder.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace scaledeck {

namespace {

// A signal handler may only do async-signal-safe things, so it writes one byte to a socket pair that the
// event loop watches. This is process-wide by nature (signals are), hence the one static.
int signalSockets[2] = {-1, -1};

void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalSockets[0], &byte, 1);
}

class TerminationWatcher {
public:
    TerminationWatcher()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalSockets) != 0)
            return;
        ::fcntl(signalSockets[0], F_SETFL, O_NONBLOCK);
        struct sigaction action = {};
        action.sa_handler = onTerminationSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        ::sigaction(SIGTERM, &action, &m_oldTerm);
        ::sigaction(SIGINT, &action, &m_oldInt);
        m_notifier = std::make_unique<QSocketNotifier>(signalSockets[1], QSocketNotifier::Read);
    }
    ~TerminationWatcher()
    {
        m_notifier.reset();
        ::sigaction(SIGTERM, &m_oldTerm, nullptr);
        ::sigaction(SIGINT, &m_oldInt, nullptr);
        for (int &fd : signalSockets) {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
    }
    QSocketNotifier *notifier() const { return m_notifier.get(); }
    void drain()
    {
        char buffer[16];
        [[maybe_unused]] const auto read = ::read(signalSockets[1], buffer, sizeof buffer);
    }

private:
    struct sigaction m_oldTerm = {};
    struct sigaction m_oldInt = {};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

QString describeDecision(const TargetDecision &decision)
{
    QString line = QStringLiteral("%1: %2 → %3 [%4] %5")
                       .arg(decision.target, decision.actual, QString::number(decision.desired),
                            auditCauseName(decision.cause), decisionResultName(decision.result));
    if (!decision.reason.isEmpty())
        line += QStringLiteral(" (%1)").arg(decision.reason);
    if (!decision.detail.isEmpty())
        line += QStringLiteral(": %1").arg(decision.detail);
    return line;
}

// --dry-run, --once, --tick and --clock-start as RunOptions, the clock started at --clock-start in
// `shiftedClock`; an exit code after a usage error.
std::optional<int> checkRunOptions(const CtlCommand &command, RunOptions &options,
                                   std::optional<ShiftedClock> &shiftedClock)
{
    const QString tick = command.parser.value(QStringLiteral("tick"));
    bool tickOk = false;
    const double tickSeconds = tick.toDouble(&tickOk);
    if (!tickOk || tickSeconds < 0.1 || tickSeconds > 10)
        return command.usage(
            QStringLiteral("--tick takes 0.1 to 10 seconds (a tick is at most 10 s), not '%1'").arg(tick));
    if (command.parser.isSet(QStringLiteral("clock-start"))) {
        const QString text = command.parser.value(QStringLiteral("clock-start"));
        const QDateTime start = QDateTime::fromString(text, Qt::ISODate);
        if (!start.isValid() || start.timeSpec() == Qt::LocalTime)
            return command.usage(
                QStringLiteral("--clock-start takes an instant with its offset, e.g. 2026-11-30T06:55:00Z, not '%1'")
                    .arg(text));
        shiftedClock.emplace(start.toUTC());
    }
    options.tickMs = int(tickSeconds * 1000);
    options.dryRun = command.parser.isSet(QStringLiteral("dry-run"));
    options.once = command.parser.isSet(QStringLiteral("once"));
    return std::nullopt;
}

// --metrics-listen, else SCALEDECK_METRICS_LISTEN (the systemd unit's environment file sets it): where to serve
// the metrics, nowhere when neither is given; an exit code after a usage error.
std::optional<int> checkMetricsListen(const CtlCommand &command, RunOptions &options)
{
    const bool given = command.parser.isSet(QStringLiteral("metrics-listen"));
    const QString text = given ? command.parser.value(QStringLiteral("metrics-listen"))
                               : command.environment.value(QStringLiteral("SCALEDECK_METRICS_LISTEN"));
    if (text.isEmpty() && !given)
        return std::nullopt;
    auto address = parseListenAddress(text);
    if (!address)
        return command.usage(given ? address.error().message
                                   : address.error().message + QStringLiteral(" (from SCALEDECK_METRICS_LISTEN)"));
    options.metricsListen = *address;
    return std::nullopt;
}

// --listen HOST:PORT and --users FILE: where to serve the controller's API and who may call it; an exit code after
// a usage error.
std::optional<int> checkApiListen(const CtlCommand &command, RunOptions &options)
{
    const bool users = command.parser.isSet(QStringLiteral("users"));
    if (!command.parser.isSet(QStringLiteral("listen"))) {
        if (users)
            return command.usage(QStringLiteral("--users names who may call the API of --listen HOST:PORT"));
        return std::nullopt;
    }
    auto address = parseListenAddress(command.parser.value(QStringLiteral("listen")));
    if (!address)
        return command.usage(QStringLiteral("--listen: ") + address.error().message);
    if (!users && !address->host.isLoopback())
        return command.usage(QStringLiteral("--listen %1 is not a loopback address: serving the API there needs "
                                            "--users FILE")
                                 .arg(command.parser.value(QStringLiteral("listen"))));
    options.apiListen = *address;
    options.usersFile = users ? command.parser.value(QStringLiteral("users")) : QString();
    return std::nullopt;
}

} // namespace

int runCommand(CtlCommand &command)
{
    RunOptions options;
    std::optional<ShiftedClock> shiftedClock;
    if (auto bad = checkRunOptions(command, options, shiftedClock))
        return *bad;
    if (auto bad = checkTimeout(command))
        return *bad;
    if (auto bad = checkMetricsListen(command, options))
        return *bad;
    if (auto bad = checkApiListen(command, options))
        return *bad;
    if (auto bad = command.expectNoArgs())
        return *bad;
    // Even a dry run writes "dry-run" audit entries and the controller's memory of each target, which the real
    // controller reads back: a read-only command line runs no controller at all (refused before the store is
    // opened or the cluster asked).
    if (auto allowed = command.writeGuard().check(QStringLiteral(
            "the controller was not started: it changes the cluster, and even with --dry-run it writes the audit "
            "log (schedule show and schedule preview show what it would do)"));
        !allowed)
        return command.fail(allowed.error());
    CtlContext context(command.out, command.err);
    if (auto failed = command.connect(context))
        return *failed;
    options.clock = shiftedClock ? &*shiftedClock : nullptr;
    options.storePath = command.storePath();
    auto prometheus = prometheusAddress(command.parser.value(QStringLiteral("prometheus")), command.environment);
    if (!prometheus)
        return command.usage(prometheus.error().message);
    options.prometheus = *prometheus;
    return runController(context.client.get(), context.store.get(), options, command.out, command.err);
}

int runController(ClusterClient *client, ParkedStore *parkedStore, const RunOptions &options, QTextStream &out,
                  QTextStream &err)
{
    ScheduleStore scheduleStore(options.storePath);
    if (auto opened = scheduleStore.open(); !opened) {
        err << "scaledeckctl: " << opened.error().describe() << Qt::endl;
        return 1;
    }
    SystemClock systemClock;
    const Clock *clock = options.clock ? options.clock : &systemClock;
    ControllerOptions controllerOptions;
    controllerOptions.tickMs = options.tickMs;
    controllerOptions.dryRun = options.dryRun;
    controllerOptions.holder =
        controllerIdentity(QStringLiteral("scaledeckctl run"), QCoreApplication::applicationPid());
    const QString clusterKey = client->endpoint().clusterKey();
    ScheduleController controller(client, parkedStore, &scheduleStore, clock, clusterKey, controllerOptions);
    // While it holds the lock, the controller also records GPU leases and usage (the cost view's history).
    HistoryStore historyStore(options.storePath);
    UsageRecorder recorder(&historyStore, clusterKey);
    controller.setUsageRecorder(&recorder);
    // park-when-idle rules ask Prometheus what their target received lately.
    QNetworkAccessManager network;
    PrometheusClient prometheus(&network, options.prometheus);
    PrometheusRecentRequests recentRequests(&prometheus);
    if (!options.prometheus.isEmpty())
        controller.setRecentRequests(&recentRequests);
    out << "traffic for park-when-idle: "
        << (options.prometheus.isEmpty() ? QStringLiteral("none (no --prometheus or RAY_PROMETHEUS_HOST: such a park "
                                                          "waits for its max)")
                                         : prometheus.describe())
        << Qt::endl;
    // Listening comes before the first tick: an address in use ends the run before the controller starts.
    std::unique_ptr<RunMetrics> metrics;
    if (options.metricsListen) {
        auto started = RunMetrics::start(*options.metricsListen, clock, clusterKey, controller.options().tickMs,
                                         options.storePath);
        if (!started) {
            err << "scaledeckctl: " << started.error().describe() << Qt::endl;
            return 1;
        }
        metrics = std::move(started).value();
        out << "metrics on " << metrics->address() << " (/metrics, /healthz)" << Qt::endl;
    }
    // The API's changes of the cluster (scale, park, unpark) are applied by the controller, in its ticks.
    ManualRequestQueue manualRequests(&scheduleStore, parkedStore, clusterKey, clock);
    std::unique_ptr<RunApi> api;
    if (options.apiListen) {
        auto started = RunApi::start(*options.apiListen, options.usersFile,
                                     ApiContext{&scheduleStore, parkedStore, clock, clusterKey, &manualRequests},
                                     options.storePath);
        if (!started) {
            err << "scaledeckctl: " << started.error().describe() << Qt::endl;
            return 1;
        }
        api = std::move(started).value();
        controller.setManualRequests(&manualRequests);
        out << "API on http://" << api->address() << "/api/v1/ (" << api->describeUsers() << ")" << Qt::endl;
    }

    QEventLoop loop;
    int exitCode = 0;
    QString lastHolder;
    QString lastError;
    QString lastHistoryError;
    bool firstTick = true;
    QHash<QString, QString> shownOnce; // target → the state printed once and not again while it lasts
    QObject::connect(&controller, &ScheduleController::tickFinished, &loop, [&](const TickReport &report) {
        if (metrics)
            metrics->observe(report, err);
        if (api)
            api->observe(report);
        const QString at = report.atUtc.toString(Qt::ISODate);
        if (report.lock.holder != lastHolder && !options.dryRun) {
            lastHolder = report.lock.holder;
            if (report.holdsLock)
                out << at << " controlling " << clusterKey << Qt::endl;
            else
                out << at << " waiting: the controller of " << clusterKey << " is " << report.lock.holder
                    << " (taken over when its heartbeat is " << controllerOptions.staleTicks << " ticks old)"
                    << Qt::endl;
        }
        for (const RayError &storeError : report.storeErrors)
            err << at << " scaledeckctl: store write failed: " << storeError.describe() << Qt::endl;
        if (report.historyError) {
            const QString message = report.historyError->describe();
            if (message != lastHistoryError)
                err << at << " scaledeckctl: history not recorded: " << message << Qt::endl;
            lastHistoryError = message;
        }
        if (report.error) {
            const QString message = report.error->describe();
            if (message != lastError)
                err << at << " scaledeckctl: " << message << Qt::endl;
            lastError = message;
            if (options.once)
                exitCode = 1;
        } else {
            lastError.clear();
        }
        if (firstTick && report.decisions.empty() && !report.error && (report.holdsLock || options.dryRun))
            out << at << " no schedules on " << clusterKey << " (scaledeckctl schedule set TARGET FILE)" << Qt::endl;
        firstTick = false;
        for (const TargetDecision &decision : report.decisions) {
            // Kept drift and a missing target are printed once, when they appear (as the audit log has drift),
            // not every tick: a head restarting without its apps would otherwise fill the log.
            const bool printedOnce =
                decision.cause == AuditCause::DriftKept || decision.result == DecisionResult::Missing;
            if (!printedOnce)
                shownOnce.remove(decision.target);
            if (decision.result == DecisionResult::InStep) {
                if (options.once) // one tick asked for: say what it found for every target
                    out << at << " " << decision.target << ": " << decision.actual << ", in step (" << decision.reason
                        << ")" << Qt::endl;
                continue;
            }
            if (decision.alreadyLogged) // printed when it was audited
                continue;
            if (printedOnce) {
                if (shownOnce.value(decision.target) == decision.actual)
                    continue;
                shownOnce.insert(decision.target, decision.actual);
            }
            out << at << " " << describeDecision(decision) << Qt::endl;
            if (decision.result == DecisionResult::Failed && options.once)
                exitCode = 1;
        }
        if (options.once)
            controller.stop();
    });
    QObject::connect(&controller, &ScheduleController::stopped, &loop, &QEventLoop::quit);

    TerminationWatcher termination;
    if (termination.notifier()) {
        QObject::connect(termination.notifier(), &QSocketNotifier::activated, &loop, [&]() {
            termination.drain();
            out << QDateTime::currentDateTimeUtc().toString(Qt::ISODate) << " stopping" << Qt::endl;
            controller.stop();
        });
    }
    out << clock->nowUtc().toString(Qt::ISODate) << " scaledeckctl run" << (options.dryRun ? " --dry-run" : "") << ": "
        << clusterKey << ", a tick every " << controllerOptions.tickMs / 1000.0 << " s, store "
        << displayStore(options.storePath) << Qt::endl;
    // Started from the loop, so a first tick that ends at once (lock held elsewhere, --once) still quits it.
    QTimer::singleShot(0, &controller, &ScheduleController::start);
    loop.exec();
    return exitCode;
}

} // namespace scaledeck
