// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// Benchmark (not a test) of issue 14: one controller, a cluster of 1,000 applications (x 4 deployments x 8
// replicas, as bench_status_pipeline), 50 clients long-polling its snapshot.
//
// The controller is the real `scaledeckctl run --listen 127.0.0.1:0 --users FILE --tick 1`, a child process: its
// CPU time and memory are then its own (the clients' 50 network threads are not in them), and it is wired exactly
// as a team runs it (ctlrunlisten.cpp), with the port it chose read from its "API on http://..." line. The cluster
// is StandInDashboard, serving syntheticServeBody (Ray 2.60's shape) and the version and nodes bodies captured from
// a real head (tests/fixtures): 1,000 real Serve applications do not fit on a test machine, and the controller
// only ever sees the dashboard's answers. The clients, in this process, each have their own
// QNetworkAccessManager and loop on GET /api/v1/snapshot?after=N&wait=20 with a viewer's token.
//
// Prints
//  - the dashboard's requests per path and per connection: one poller's worth (one of each path per tick),
//    with no clients and with 50;
//  - the bytes the controller sent each client per tick while the cluster did not change (a version is published
//    only when the snapshot changed: the long polls in between are answered with the short "unchanged" JSON);
//  - for K changes of the cluster (the body flips between two variants: app-0's deployments scaling or not),
//    each published as one new version,
//    how long until each client holds a snapshot showing it: from the controller's publishing that version
//    (its scaledeck.api.snapshot debug line, timestamped on the same wall clock) and from the body's change
//    (which adds the wait for the next tick); p50/p95/max over clients x changes, against issue 14's 1 s;
//  - the controller's CPU time (/proc/PID/stat) per minute with no clients and with N, and the difference per
//    client; its memory (VmRSS, VmHWM of /proc/PID/status).
// Exits 1 when a client misses a change or gets an error, or the dashboard sees more than one poller (those are
// correctness); a missed timing target is printed, never a failure.
//   build/tests/bench/bench_controller_fanout [--clients 50] [--apps 1000] [--deployments 4] [--replicas 8]
//                                             [--changes 10] [--tick 1] [--measure 20] [--ctl PATH]
#include "processstatus.h"
#include "standindashboard.h"
#include "syntheticcluster.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using scaledeck::bench::statusMb;

namespace {

const QByteArray kToken = QByteArrayLiteral("bench-viewer-token-0123456789abcdef");

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Spins the event loop until `done()` or `timeoutMs`; false on the timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QEventLoop loop;
    QTimer check;
    check.setInterval(5);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done() || deadline.hasExpired())
            loop.quit();
    });
    check.start();
    if (!done())
        loop.exec();
    return done();
}

QByteArray readFixture(const char *name)
{
    QFile file(QStringLiteral(SCALEDECK_FIXTURES "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(file.fileName()));
        std::exit(2);
    }
    return file.readAll();
}

// The controller's process: CPU seconds (user + system) and a "Vm..." line of /proc/PID/status in MB.
double cpuSeconds(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return NAN;
    const QByteArray stat = file.readAll();
    // The fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / double(sysconf(_SC_CLK_TCK));
}

// This process's CPU seconds (the clients and the stand-in dashboard): what competes with the controller for cores.
double ownCpuSeconds()
{
    rusage usage = {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// "2 cores, load average 6.19 6.64 6.49": timings on a shared machine are read against it.
QString machineLoad()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    const QByteArray load = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    return QStringLiteral("%1 cores, load average %2")
        .arg(QThread::idealThreadCount())
        .arg(QString::fromLatin1(load.split(' ').mid(0, 3).join(' ')));
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return NAN;
    std::sort(values.begin(), values.end());
    const auto rank = size_t(std::ceil(p / 100.0 * double(values.size()))); // nearest rank; 0 for the minimum
    return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// One client: its own network access manager, always one long poll in flight. `scaling` is what the last
// snapshot showed of app-0 (its deployments UPSCALING in odd variants of the synthetic body).
struct Client {
    std::unique_ptr<QNetworkAccessManager> network = std::make_unique<QNetworkAccessManager>();
    qint64 version = 0;
    qint64 snapshots = 0;
    qint64 skipped = 0;     // versions published while this client was between two polls, never seen by it
    qint64 notModified = 0; // long polls answered "unchanged" (or, from an older controller, 304)
    QStringList errors;
    std::map<qint64, std::pair<qint64, bool>> received; // version → when it arrived, whether app-0 was scaling
    bool stopped = false;
};

class Clients : public QObject {
public:
    Clients(QString api, int count) : m_api(std::move(api)), m_clients(size_t(count)) {}
    void start()
    {
        for (size_t i = 0; i < m_clients.size(); ++i)
            poll(i);
    }
    void stop()
    {
        for (Client &client : m_clients)
            client.stopped = true;
        for (Client &client : m_clients)
            client.network.reset(); // aborts the poll in flight
    }
    std::vector<Client> &all() { return m_clients; }
    qint64 bytes() const { return m_bytes; }

private:
    void poll(size_t index)
    {
        Client &client = m_clients[index];
        QNetworkRequest request(QUrl(QStringLiteral("%1/snapshot?after=%2&wait=20").arg(m_api).arg(client.version)));
        request.setRawHeader("Authorization", "Bearer " + kToken);
        request.setTransferTimeout(60000);
        request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false); // the API speaks HTTP/1.1
        QNetworkReply *reply = client.network->get(request);
        connect(reply, &QNetworkReply::finished, this, [this, index, reply] { finished(index, reply); });
    }
    void finished(size_t index, QNetworkReply *reply)
    {
        Client &client = m_clients[index];
        if (client.stopped)
            return;
        reply->deleteLater();
        const qint64 at = nowMs();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        m_bytes += body.size();
        static const QRegularExpression unchangedField(QStringLiteral("\"unchanged\": *true"));
        if (status == 304 ||
            (status == 200 && body.size() < 1000 && unchangedField.match(QString::fromLatin1(body)).hasMatch())) {
            ++client.notModified;
        } else if (status == 200) {
            static const QRegularExpression versionField(QStringLiteral("\"version\": *(\\d+)"));
            const QRegularExpressionMatch match = versionField.match(QString::fromLatin1(body.left(200)));
            const qint64 version = match.captured(1).toLongLong();
            if (!match.hasMatch() || version <= client.version) {
                client.errors << QStringLiteral("version %1 after %2").arg(match.captured(1)).arg(client.version);
            } else {
                if (client.version > 0)
                    client.skipped += version - client.version - 1;
                client.version = version;
                ++client.snapshots;
                // app-0 comes first; its deployments are all before app-1.
                const qsizetype nextApp = body.indexOf("\"app-1\"");
                client.received[version] = {at, body.left(nextApp).contains("\"UPSCALING\"")};
            }
        } else {
            client.errors << QStringLiteral("HTTP %1: %2").arg(status).arg(reply->errorString());
            if (client.errors.size() > 20)
                return; // stop hammering a controller that refuses
        }
        poll(index);
    }

    QString m_api;
    std::vector<Client> m_clients;
    qint64 m_bytes = 0;
};

// The controller's "snapshot version N published: K long polls answered in M ms" lines, by version.
struct Published {
    qint64 atMs = 0;
    int waiters = 0;
    int answeringMs = 0;
};

class Controller {
public:
    bool start(const QString &ctl, const QString &dir, quint16 dashboardPort, double tickS)
    {
        QFile users(dir + QStringLiteral("/users"));
        if (!users.open(QIODevice::WriteOnly))
            return false;
        users.write("bench viewer " + kToken + "\n");
        users.close();
        users.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"RAY_DASHBOARD_ADDRESS", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH", "SCALEDECK_STORE",
                                 "RAY_PROMETHEUS_HOST", "SCALEDECK_METRICS_LISTEN", "QT_LOGGING_RULES"})
            env.remove(QLatin1String(name));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("scaledeck.api.snapshot.debug=true"));
        env.insert(QStringLiteral("QT_FORCE_STDERR_LOGGING"), QStringLiteral("1")); // not the journal
        env.insert(QStringLiteral("QT_MESSAGE_PATTERN"),
                   QStringLiteral("%{time yyyy-MM-dd HH:mm:ss.zzz} %{category}: %{message}"));
        m_process.setProcessEnvironment(env);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process, [this] { read(); });
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process, [this] { read(); });
        m_process.start(ctl,
                        {QStringLiteral("run"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                         QStringLiteral("--users"), users.fileName(), QStringLiteral("--tick"), QString::number(tickS),
                         QStringLiteral("--address"), QStringLiteral("http://127.0.0.1:%1").arg(dashboardPort),
                         QStringLiteral("--store"), dir + QStringLiteral("/store.sqlite")});
        if (!m_process.waitForStarted(10000))
            return false;
        return waitUntil([this] { return !m_api.isEmpty() || m_process.state() == QProcess::NotRunning; }, 30000) &&
               !m_api.isEmpty();
    }
    void stop()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
    qint64 pid() const { return m_process.processId(); }
    QString api() const { return m_api; }
    qint64 version() const { return m_published.empty() ? 0 : m_published.rbegin()->first; }
    // Ticks that read the cluster: a version published, or the same content confirmed.
    int ticks() const { return m_ticks; }
    // How long each tick that read the same cluster took to tell (the content hash).
    const std::vector<double> &comparingMs() const { return m_comparingMs; }
    const std::map<qint64, Published> &published() const { return m_published; }
    QString output() const { return m_output; }

private:
    void read()
    {
        m_pending += m_process.readAllStandardOutput();
        m_pending += m_process.readAllStandardError();
        for (qsizetype end = m_pending.indexOf('\n'); end >= 0; end = m_pending.indexOf('\n')) {
            const QString line = QString::fromUtf8(m_pending.left(end));
            m_pending.remove(0, end + 1);
            static const QRegularExpression apiLine(QStringLiteral("API on (http://\\S+/api/v1)/"));
            static const QRegularExpression publishedLine(
                QStringLiteral("^(\\S+ \\S+) scaledeck\\.api\\.snapshot: snapshot version (\\d+) published: (\\d+) "
                               "long polls answered in (\\d+) ms"));
            static const QRegularExpression confirmedLine(
                QStringLiteral("scaledeck\\.api\\.snapshot: snapshot version \\d+ confirmed unchanged in (\\d+) ms"));
            if (const auto match = confirmedLine.match(line); match.hasMatch()) {
                ++m_ticks;
                m_comparingMs.push_back(match.captured(1).toDouble());
                continue;
            }
            if (const auto match = publishedLine.match(line); match.hasMatch()) {
                ++m_ticks;
                const QDateTime at =
                    QDateTime::fromString(match.captured(1), QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
                m_published[match.captured(2).toLongLong()] =
                    Published{at.toMSecsSinceEpoch(), match.captured(3).toInt(), match.captured(4).toInt()};
                continue;
            }
            if (const auto match = apiLine.match(line); match.hasMatch())
                m_api = match.captured(1);
            if (m_output.size() < 20000)
                m_output += line + u'\n';
        }
    }

    QProcess m_process;
    QByteArray m_pending;
    QString m_api;
    QString m_output;
    std::map<qint64, Published> m_published;
    int m_ticks = 0;
    std::vector<double> m_comparingMs;
};

struct Window {
    double seconds = 0;
    double cpu = 0;
    double ownCpu = 0; // this process's
    int ticks = 0;     // ticks that read the cluster
    int versions = 0;  // versions published
    qint64 bytes = 0;  // sent to the clients
    QMap<QByteArray, int> byPath;
    QList<int> byConnection;
};

// Runs the loop for `seconds` and says what the controller did meanwhile.
Window measure(
    Controller &controller, StandInDashboard &dashboard, double seconds,
    const std::function<qint64()> &bytes = [] { return qint64(0); })
{
    dashboard.resetCounts();
    const qint64 firstVersion = controller.version();
    const int firstTick = controller.ticks();
    const qint64 firstBytes = bytes();
    const double cpuBefore = cpuSeconds(controller.pid());
    const double ownCpuBefore = ownCpuSeconds();
    const qint64 start = nowMs();
    waitUntil([] { return false; }, int(seconds * 1000));
    Window window;
    window.seconds = double(nowMs() - start) / 1000.0;
    window.cpu = cpuSeconds(controller.pid()) - cpuBefore;
    window.ownCpu = ownCpuSeconds() - ownCpuBefore;
    window.ticks = controller.ticks() - firstTick;
    window.versions = int(controller.version() - firstVersion);
    window.bytes = bytes() - firstBytes;
    window.byPath = dashboard.requestsByPath();
    window.byConnection = dashboard.requestsByConnection();
    return window;
}

// The dashboard saw one poller: each path at most once per tick (one tick's requests may straddle the window's
// edges), and no path the controller does not ask.
bool onePoller(const Window &window, QString *why)
{
    for (auto it = window.byPath.cbegin(); it != window.byPath.cend(); ++it) {
        if (it.value() > window.ticks + 2) {
            *why = QStringLiteral("%1 asked %2 times in %3 ticks")
                       .arg(QString::fromLatin1(it.key()))
                       .arg(it.value())
                       .arg(window.ticks);
            return false;
        }
    }
    return true;
}

void printWindow(const char *label, const Window &window, double tickS)
{
    QStringList paths;
    for (auto it = window.byPath.cbegin(); it != window.byPath.cend(); ++it)
        paths << QStringLiteral("%1 %2").arg(QString::fromLatin1(it.key())).arg(it.value());
    QStringList connections;
    for (int count : window.byConnection) {
        if (count > 0)
            connections << QString::number(count);
    }
    std::printf("%s: %.1f s, %d ticks read the cluster (a tick every %.1f s), %d versions published\n", label,
                window.seconds, window.ticks, tickS, window.versions);
    std::printf("  dashboard requests: %s\n", qPrintable(paths.join(QStringLiteral(", "))));
    std::printf("  per dashboard connection used: %s (%d connection(s) so far, the controller's network access "
                "manager's pool)\n",
                qPrintable(connections.join(QStringLiteral(", "))), int(window.byConnection.size()));
    std::printf("  controller CPU: %.2f s in %.1f s = %.2f CPU-s per minute (%.1f%% of a core)\n", window.cpu,
                window.seconds, window.cpu / window.seconds * 60.0, 100.0 * window.cpu / window.seconds);
    std::printf("  meanwhile this process (the clients, the stand-in dashboard): %.1f%% of a core; %s\n",
                100.0 * window.ownCpu / window.seconds, qPrintable(machineLoad()));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // lines as they come, also into a pipe
    QCommandLineParser parser;
    parser.addHelpOption();
    const auto option = [&](const char *name, const char *help, const char *fallback) {
        QCommandLineOption o(QLatin1String(name), QLatin1String(help), QStringLiteral("N"), QLatin1String(fallback));
        parser.addOption(o);
        return o;
    };
    const auto clientsOption = option("clients", "long-polling clients", "50");
    const auto appsOption = option("apps", "applications", "1000");
    const auto deploymentsOption = option("deployments", "deployments per application", "4");
    const auto replicasOption = option("replicas", "replicas per deployment", "8");
    const auto changesOption = option("changes", "changes of the cluster to time", "10");
    const auto tickOption = option("tick", "the controller's --tick, seconds", "1");
    const auto measureOption = option("measure", "seconds of each CPU window", "20");
    const QCommandLineOption ctlOption(QStringLiteral("ctl"), QStringLiteral("the scaledeckctl to run"),
                                       QStringLiteral("PATH"), QStringLiteral(SCALEDECK_CTL));
    parser.addOption(ctlOption);
    parser.process(app);
    const int clientCount = parser.value(clientsOption).toInt();
    const int apps = parser.value(appsOption).toInt();
    const int deployments = parser.value(deploymentsOption).toInt();
    const int replicas = parser.value(replicasOption).toInt();
    const int changes = parser.value(changesOption).toInt();
    const double tickS = parser.value(tickOption).toDouble();
    const double measureS = parser.value(measureOption).toDouble();

    std::printf("bench_controller_fanout: %d apps x %d deployments x %d replicas, %d clients, --tick %.1f, "
                "%d changes\n",
                apps, deployments, replicas, clientCount, tickS, changes);
    const QByteArray bodies[2] = {syntheticServeBody(apps, deployments, replicas, 0),
                                  syntheticServeBody(apps, deployments, replicas, 1)};
    std::printf("dashboard body: %.1f MB (GET /api/serve/applications/)\n", bodies[0].size() / 1e6);

    StandInDashboard dashboard;
    if (!dashboard.start()) {
        std::fprintf(stderr, "the stand-in dashboard cannot listen: %s\n", qPrintable(dashboard.errorString()));
        return 2;
    }
    dashboard.setBody("/api/ray/version", readFixture("version.json"));
    dashboard.setBody("/api/v0/nodes", readFixture("nodes.json"));
    dashboard.setBody("/api/serve/applications/", bodies[0]);

    QTemporaryDir dir;
    Controller controller;
    if (!controller.start(parser.value(ctlOption), dir.path(), dashboard.port(), tickS)) {
        std::fprintf(stderr, "the controller did not start (%s):\n%s", qPrintable(parser.value(ctlOption)),
                     qPrintable(controller.output()));
        return 2;
    }
    std::printf("controller: pid %lld, API %s\n", controller.pid(), qPrintable(controller.api()));
    int exitCode = 0;
    if (!waitUntil([&] { return controller.ticks() >= 2; }, 60000)) {
        std::fprintf(stderr, "the controller published no snapshot within 60 s:\n%s", qPrintable(controller.output()));
        controller.stop();
        return 2;
    }

    std::printf("\n");
    const Window idle = measure(controller, dashboard, measureS);
    printWindow("no clients", idle, tickS);
    std::printf("  controller memory: VmRSS %.1f MB, VmHWM %.1f MB\n", statusMb("VmRSS", controller.pid()),
                statusMb("VmHWM", controller.pid()));
    QString why;
    if (!onePoller(idle, &why)) {
        std::printf("  FAILED: more than one poller: %s\n", qPrintable(why));
        exitCode = 1;
    }

    Clients clients(controller.api(), clientCount);
    clients.start();
    if (!waitUntil(
            [&] {
                return std::all_of(clients.all().begin(), clients.all().end(),
                                   [](const Client &c) { return c.version > 0; });
            },
            30000)) {
        std::printf("FAILED: not every client got a first snapshot within 30 s\n");
        exitCode = 1;
    }

    std::printf("\n");
    const Window busy = measure(controller, dashboard, measureS, [&] { return clients.bytes(); });
    printWindow(qPrintable(QStringLiteral("%1 clients").arg(clientCount)), busy, tickS);
    std::printf("  sent to the clients while the cluster did not change: %.0f bytes per client per tick (%lld bytes, "
                "%d ticks, %d versions)\n",
                busy.ticks > 0 ? double(busy.bytes) / clientCount / busy.ticks : NAN, busy.bytes, busy.ticks,
                busy.versions);
    const double perClient = (busy.cpu / busy.seconds - idle.cpu / idle.seconds) * 60.0 / clientCount;
    std::printf("  controller CPU per client: %.3f CPU-s per minute (%.2f%% of a core)\n", perClient,
                perClient / 60.0 * 100.0);
    if (!onePoller(busy, &why)) {
        std::printf("  FAILED: more than one poller: %s\n", qPrintable(why));
        exitCode = 1;
    }

    // The changes: flip the body, wait for every client to have the first version read from it (or 10 s), then
    // a tick and a half of rest before the next. A version is published only when what the controller read
    // changed, and nothing else changes the cluster: the first version published after the flip is the change.
    std::printf("\n%d changes of the cluster:\n", changes);
    std::vector<double> fromPublish, fromChange, tickDelay;
    int missed = 0;
    dashboard.resetCounts();
    const qint64 changesStartVersion = controller.version();
    const int changesStartTick = controller.ticks();
    const double changesCpuBefore = cpuSeconds(controller.pid());
    const double changesOwnCpuBefore = ownCpuSeconds();
    const qint64 changesStart = nowMs();
    const QByteArray applications = QByteArrayLiteral("/api/serve/applications/");
    for (int k = 1; k <= changes; ++k) {
        const bool scaling = k % 2 == 1;
        const qint64 changedAt = nowMs();
        const qint64 before = controller.version();
        dashboard.setBody(applications, bodies[k % 2]);
        qint64 version = 0;
        const auto arrival = [&](const Client &c) -> std::optional<std::pair<qint64, bool>> {
            const auto first = c.received.lower_bound(version);
            if (version == 0 || first == c.received.end())
                return std::nullopt;
            return first->second;
        };
        const bool all = waitUntil(
            [&] {
                if (version == 0 && controller.version() > before)
                    version = before + 1;
                return version > 0 && std::all_of(clients.all().begin(), clients.all().end(),
                                                  [&](const Client &c) { return arrival(c).has_value(); });
            },
            10000);
        const auto published = controller.published().find(version);
        const bool known = published != controller.published().end();
        std::vector<double> thisChange;
        int missing = 0;
        for (Client &c : clients.all()) {
            const auto got = arrival(c);
            if (!got) {
                ++missing;
                continue;
            }
            if (got->second != scaling)
                c.errors << QStringLiteral("version %1 does not show change %2").arg(version).arg(k);
            fromChange.push_back(double(got->first - changedAt));
            if (known) {
                fromPublish.push_back(double(got->first - published->second.atMs));
                thisChange.push_back(double(got->first - published->second.atMs));
            }
        }
        if (known)
            tickDelay.push_back(double(published->second.atMs - changedAt));
        missed += missing;
        std::printf("  change %2d: version %lld, published %s ms after the change, %d long polls answered in %d ms; "
                    "clients got it %.0f..%.0f ms after publishing%s\n",
                    k, version, known ? qPrintable(QString::number(published->second.atMs - changedAt)) : "?",
                    known ? published->second.waiters : -1, known ? published->second.answeringMs : -1,
                    percentile(thisChange, 0), percentile(thisChange, 100),
                    all ? "" : qPrintable(QStringLiteral(" — %1 client(s) did not within 10 s").arg(missing)));
        waitUntil([] { return false; }, int(tickS * 1500));
    }
    Window changing;
    changing.seconds = double(nowMs() - changesStart) / 1000.0;
    changing.cpu = cpuSeconds(controller.pid()) - changesCpuBefore;
    changing.ownCpu = ownCpuSeconds() - changesOwnCpuBefore;
    changing.ticks = controller.ticks() - changesStartTick;
    changing.versions = int(controller.version() - changesStartVersion);
    changing.byPath = dashboard.requestsByPath();
    changing.byConnection = dashboard.requestsByConnection();

    clients.stop();
    std::printf("\n");
    printWindow(qPrintable(QStringLiteral("during the changes, %1 clients").arg(clientCount)), changing, tickS);
    if (!onePoller(changing, &why)) {
        std::printf("  FAILED: more than one poller: %s\n", qPrintable(why));
        exitCode = 1;
    }
    std::printf("  controller memory: VmRSS %.1f MB, VmHWM %.1f MB (peak of the whole run)\n",
                statusMb("VmRSS", controller.pid()), statusMb("VmHWM", controller.pid()));

    qint64 skipped = 0, snapshots = 0, notModified = 0;
    QStringList errors;
    for (const Client &c : clients.all()) {
        skipped += c.skipped;
        snapshots += c.snapshots;
        notModified += c.notModified;
        errors += c.errors;
    }
    std::printf("\nclients: %lld snapshots received (%.1f MB in all), %lld long polls answered unchanged, %lld "
                "versions skipped (published while a client was between two polls)\n",
                snapshots, clients.bytes() / 1e6, notModified, skipped);
    const double p50 = percentile(fromPublish, 50), p95 = percentile(fromPublish, 95),
                 worst = percentile(fromPublish, 100);
    std::printf(
        "change reaches a client, from the controller's publishing it: p50 %6.0f ms, p95 %6.0f ms, max %6.0f ms "
        "(%zu client x change pairs) (target < 1000 ms) [%s]\n",
        p50, p95, worst, fromPublish.size(), worst < 1000 && missed == 0 ? "met" : "MISSED");
    std::printf("change reaches a client, from the body's change:           p50 %6.0f ms, p95 %6.0f ms, max %6.0f ms "
                "(includes the wait for the next tick: up to %.1f s)\n",
                percentile(fromChange, 50), percentile(fromChange, 95), percentile(fromChange, 100), tickS);
    std::printf("body change to the version published:                      p50 %6.0f ms, max %6.0f ms\n",
                percentile(tickDelay, 50), percentile(tickDelay, 100));
    std::printf("a tick's check that the snapshot did not change (hash):    p50 %6.0f ms, max %6.0f ms (%zu ticks)\n",
                percentile(controller.comparingMs(), 50), percentile(controller.comparingMs(), 100),
                controller.comparingMs().size());
    if (missed > 0) {
        std::printf("FAILED: %d client x change pair(s) never showed the change\n", missed);
        exitCode = 1;
    }
    if (!errors.isEmpty()) {
        std::printf("FAILED: %lld client error(s), e.g. %s\n", qint64(errors.size()), qPrintable(errors.first()));
        exitCode = 1;
    }
    controller.stop();
    return exitCode;
}
