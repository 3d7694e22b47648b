// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clusterendpoint.h"
#include "controllertoken.h"
#include "corehardening.h"
#include "desktopnotifier.h"
#include "mainwindow.h"
#include "parkedstore.h"
#include "pluralforms.h"
#include "profilestore.h"
#include "prometheusclient.h"
#include "stallmonitor.h"
#include "storepath.h"
#include "versiontext.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTextStream>

namespace {

struct CommandLineOptions {
    QCommandLineOption version{{QStringLiteral("v"), QStringLiteral("version")},
                               QStringLiteral("Displays version information (and the Qt it was built with).")};
    QCommandLineOption address{QStringLiteral("address"),
                               QStringLiteral("Ray dashboard address (default: $RAY_DASHBOARD_ADDRESS, "
                                              "else http://127.0.0.1:8265)"),
                               QStringLiteral("URL")};
    QCommandLineOption tokenFile{QStringLiteral("token-file"), QStringLiteral("file holding the Ray auth token"),
                                 QStringLiteral("FILE")};
    QCommandLineOption store{QStringLiteral("store"),
                             QStringLiteral("ScaleDeck's database of parked apps (a file, or a postgresql:// URL)"),
                             QStringLiteral("FILE")};
    QCommandLineOption readOnly{QStringLiteral("read-only"), QStringLiteral("show the cluster, never change it")};
    QCommandLineOption caFile{QStringLiteral("ca-file"),
                              QStringLiteral("https: trust only the CA certificates in this PEM file"),
                              QStringLiteral("FILE")};
    QCommandLineOption production{QStringLiteral("production"),
                                  QStringLiteral("parking an application asks for its name to be typed")};
    QCommandLineOption prometheus{
        QStringLiteral("prometheus"),
        QStringLiteral("Prometheus with Ray's metrics, for the traffic columns and park-when-idle (default: "
                       "$RAY_PROMETHEUS_HOST, else the nodes' own metrics)"),
        QStringLiteral("URL")};
    QCommandLineOption controller{
        QStringLiteral("controller"),
        QStringLiteral("the team's controller (scaledeckctl run --listen): show its cluster, schedules and health, "
                       "and send every change to it (default: $SCALEDECK_CONTROLLER)"),
        QStringLiteral("URL")};
    QCommandLineOption controllerTokenFile{
        QStringLiteral("controller-token-file"),
        QStringLiteral("file holding your token from the controller's users file, readable only by you (default: "
                       "$SCALEDECK_CONTROLLER_TOKEN_FILE)"),
        QStringLiteral("FILE")};
};

void setApplicationNames()
{
    QCoreApplication::setApplicationName(QStringLiteral("scaledeck"));
    QCoreApplication::setOrganizationName(QStringLiteral("ScaleDeck"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SCALEDECK_VERSION));
}

// The options, and --help. --version is our own: it prints the Qt too, which addVersionOption()'s does not.
void addOptions(QCommandLineParser &parser, const CommandLineOptions &options)
{
    parser.setApplicationDescription(QStringLiteral("Scale Ray Serve GPU deployments between 0 and N replicas."));
    parser.addHelpOption();
    parser.addOptions({options.version, options.address, options.tokenFile, options.store, options.readOnly,
                       options.caFile, options.production, options.prometheus, options.controller,
                       options.controllerTokenFile});
}

// Parses the command line; exits for --help and for a bad option (QCommandLineParser's way).
void processCommandLine(QCommandLineParser &parser, const CommandLineOptions &options, const QCoreApplication &app)
{
    addOptions(parser, options);
    parser.process(app);
}

// --help, --version and a bad option print text and exit: they must work where no display is, e.g. over ssh,
// and a QApplication would abort there ("could not connect to display") before reading them.
bool asksOnlyForText(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    QCommandLineParser parser;
    const CommandLineOptions cli;
    addOptions(parser, cli);
    return !parser.parse(arguments) || parser.isSet(QStringLiteral("help")) ||
           parser.isSet(QStringLiteral("help-all")) || parser.isSet(cli.version);
}

// --help, --version or a bad option without a display: a QCoreApplication reads the same options.
int printText(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    setApplicationNames();
    QCommandLineParser parser;
    const CommandLineOptions cli;
    processCommandLine(parser, cli, app);
    if (!parser.isSet(cli.version)) // processCommandLine() answered --help or a bad option, and exited
        return 2;
    QTextStream(stdout) << scaledeck::versionText(QStringLiteral("scaledeck")) << Qt::endl;
    return 0;
}

// --controller URL (or $SCALEDECK_CONTROLLER) with its token: the window is a client of the team's controller.
// std::nullopt without one; an error message (exit 2) for a bad URL or token file.
std::optional<scaledeck::Result<scaledeck::ControllerConnection>>
controllerOption(const QCommandLineParser &parser, const CommandLineOptions &cli,
                 const QProcessEnvironment &environment)
{
    const QString urlText = parser.isSet(cli.controller) ? parser.value(cli.controller)
                                                         : environment.value(QStringLiteral("SCALEDECK_CONTROLLER"));
    if (urlText.isEmpty())
        return std::nullopt;
    auto url = scaledeck::parseControllerUrl(urlText, QStringLiteral("--controller"));
    if (!url)
        return scaledeck::Result<scaledeck::ControllerConnection>(url.error());
    const QString tokenPath = parser.isSet(cli.controllerTokenFile)
                                  ? parser.value(cli.controllerTokenFile)
                                  : environment.value(QStringLiteral("SCALEDECK_CONTROLLER_TOKEN_FILE"));
    if (tokenPath.isEmpty())
        return scaledeck::Result<scaledeck::ControllerConnection>(scaledeck::makeError(
            scaledeck::RayErrorKind::BadSetting,
            QStringLiteral("--controller needs --controller-token-file FILE (or $SCALEDECK_CONTROLLER_TOKEN_FILE)")));
    auto token = scaledeck::readControllerToken(tokenPath);
    if (!token)
        return scaledeck::Result<scaledeck::ControllerConnection>(token.error());
    return scaledeck::Result<scaledeck::ControllerConnection>(scaledeck::ControllerConnection{*url, *token, tokenPath});
}

// The Ray dashboard and token the window talks to, from the options and the environment; std::nullopt after
// printing why not.
std::optional<scaledeck::ClusterEndpoint> rayEndpoint(const QCommandLineParser &parser, const CommandLineOptions &cli,
                                                      const QProcessEnvironment &environment, QTextStream &err)
{
    auto url = scaledeck::resolveDashboardUrlOption(parser.isSet(cli.address), parser.value(cli.address), environment);
    if (!url) {
        err << "scaledeck: " << url.error().describe() << Qt::endl;
        return std::nullopt;
    }
    auto token = scaledeck::resolveToken(parser.value(cli.tokenFile), environment, QDir::homePath());
    if (!token) {
        err << "scaledeck: " << token.error().describe() << Qt::endl;
        return std::nullopt;
    }
    if (!token->warning.isEmpty())
        err << "scaledeck: warning: " << token->warning << Qt::endl;
    scaledeck::ClusterEndpoint endpoint = scaledeck::endpointFor(url.value(), token.value());
    endpoint.readOnly = parser.isSet(cli.readOnly);
    endpoint.caFile = parser.value(cli.caFile);
    endpoint.production = parser.isSet(cli.production);
    return endpoint;
}

} // namespace

int main(int argc, char *argv[])
{
    if (asksOnlyForText(argc, argv))
        return printText(argc, argv);
    QApplication app(argc, argv);
    // scaledeck.gui.stall: every GUI-thread stall over 50 ms, with the GuiActivity it ran in; none unless enabled.
    const auto stallMonitor = scaledeck::StallMonitor::createIfEnabled({});
    setApplicationNames();
    QApplication::setApplicationDisplayName(QStringLiteral("ScaleDeck"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.scaledeck.ScaleDeck"));

    QCommandLineParser parser;
    const CommandLineOptions cli;
    processCommandLine(parser, cli, app);

    QTextStream err(stderr);
    if (const QString why = scaledeck::installPluralForms(&app); !why.isEmpty())
        err << "scaledeck: warning: " << why << Qt::endl;
    // Before any token is read: a crash must not write it to a core file.
    if (const QString why = scaledeck::forbidCoreDumps(); !why.isEmpty())
        err << "scaledeck: warning: " << why << Qt::endl;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const auto controller = controllerOption(parser, cli, environment);
    if (controller && !*controller) {
        err << "scaledeck: " << (*controller).error().describe() << Qt::endl;
        return 2;
    }
    if (controller) {
        if (const QString warning = scaledeck::clearTextWarning((**controller).url); !warning.isEmpty())
            err << "scaledeck: warning: " << warning << Qt::endl;
    }

    // Through a controller the window never calls Ray: no dashboard address or Ray token is needed.
    if (controller) {
        for (const QCommandLineOption *local : {&cli.address, &cli.tokenFile, &cli.caFile}) {
            if (parser.isSet(*local)) {
                err << "scaledeck: --" << local->names().constLast()
                    << " is not taken with --controller (the controller talks to its own cluster)" << Qt::endl;
                return 2;
            }
        }
    }
    scaledeck::ClusterEndpoint endpoint;
    if (!controller) {
        auto resolved = rayEndpoint(parser, cli, environment, err);
        if (!resolved)
            return 2;
        endpoint = *resolved;
    }
    const auto prometheus = scaledeck::prometheusAddress(parser.value(cli.prometheus), environment);
    if (!prometheus) {
        err << "scaledeck: " << prometheus.error().message << Qt::endl;
        return 2;
    }

    QSettings settings;
    scaledeck::ProfileStore profiles(&settings);
    scaledeck::MainWindowOptions options;
    options.storePath = parser.isSet(cli.store) ? parser.value(cli.store) : scaledeck::defaultStorePath();
    options.environment = environment;
    options.layoutSettings = &settings; // the window's layout, per cluster, beside the profiles
    options.settings = &settings;       // answers such as the close question's "Don't ask again"
    // The controller's grouped notifications, to the desktop's notification service (none: logged once).
    scaledeck::DesktopNotifier notifier(QDBusConnection::sessionBus());
    options.notify = [&notifier](const scaledeck::DesktopNotification &notification) { notifier.send(notification); };
    options.systemTray = QSystemTrayIcon::isSystemTrayAvailable();
    scaledeck::MainWindow window(&profiles, options);
    if (options.systemTray) {
        // Hidden in the tray the window is no longer "the last window": the application quits when it closes
        // for good (Quit), not when a dialog shown meanwhile closes.
        QApplication::setQuitOnLastWindowClosed(false);
        QObject::connect(&window, &scaledeck::MainWindow::closedForGood, &app, &QCoreApplication::quit);
    }
    // With several saved profiles the window opens on the Fleet page; a cluster named on the command line is
    // still connected (and shown) at once.
    const bool clusterAsked = controller || parser.isSet(cli.address) || parser.isSet(cli.tokenFile);
    if (controller)
        window.connectToController(**controller, prometheus.value(), parser.isSet(cli.readOnly));
    else if (clusterAsked || !window.showsFleet())
        window.connectToCluster(endpoint, prometheus.value());
    window.show();
    return app.exec();
}
