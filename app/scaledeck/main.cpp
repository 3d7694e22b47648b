// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "clusterendpoint.h"
#include "corehardening.h"
#include "desktopnotifier.h"
#include "mainwindow.h"
#include "parkedstore.h"
#include "pluralforms.h"
#include "profilestore.h"
#include "prometheusclient.h"
#include "storepath.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("scaledeck"));
    QApplication::setOrganizationName(QStringLiteral("ScaleDeck"));
    QApplication::setApplicationDisplayName(QStringLiteral("ScaleDeck"));
    QApplication::setApplicationVersion(QStringLiteral(SCALEDECK_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.scaledeck.ScaleDeck"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Scale Ray Serve GPU deployments between 0 and N replicas."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption addressOption(QStringLiteral("address"),
                                           QStringLiteral("Ray dashboard address (default: $RAY_DASHBOARD_ADDRESS, "
                                                          "else http://127.0.0.1:8265)"),
                                           QStringLiteral("URL"));
    const QCommandLineOption tokenFileOption(QStringLiteral("token-file"),
                                             QStringLiteral("file holding the Ray auth token"), QStringLiteral("FILE"));
    const QCommandLineOption storeOption(QStringLiteral("store"), QStringLiteral("ScaleDeck's database of parked apps"),
                                         QStringLiteral("FILE"));
    const QCommandLineOption readOnlyOption(QStringLiteral("read-only"),
                                            QStringLiteral("show the cluster, never change it"));
    const QCommandLineOption caFileOption(QStringLiteral("ca-file"),
                                          QStringLiteral("https: trust only the CA certificates in this PEM file"),
                                          QStringLiteral("FILE"));
    const QCommandLineOption productionOption(QStringLiteral("production"),
                                              QStringLiteral("parking an application asks for its name to be typed"));
    const QCommandLineOption prometheusOption(
        QStringLiteral("prometheus"),
        QStringLiteral("Prometheus with Ray's metrics, for the traffic columns and park-when-idle (default: "
                       "$RAY_PROMETHEUS_HOST, else the nodes' own metrics)"),
        QStringLiteral("URL"));
    parser.addOptions({addressOption, tokenFileOption, storeOption, readOnlyOption, caFileOption, productionOption,
                       prometheusOption});
    parser.process(app);

    QTextStream err(stderr);
    if (const QString why = scaledeck::installPluralForms(&app); !why.isEmpty())
        err << "scaledeck: warning: " << why << Qt::endl;
    // Before any token is read: a crash must not write it to a core file.
    if (const QString why = scaledeck::forbidCoreDumps(); !why.isEmpty())
        err << "scaledeck: warning: " << why << Qt::endl;
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    auto url =
        scaledeck::resolveDashboardUrlOption(parser.isSet(addressOption), parser.value(addressOption), environment);
    if (!url) {
        err << "scaledeck: " << url.error().describe() << Qt::endl;
        return 2;
    }
    auto token = scaledeck::resolveToken(parser.value(tokenFileOption), environment, QDir::homePath());
    if (!token) {
        err << "scaledeck: " << token.error().describe() << Qt::endl;
        return 2;
    }
    if (!token->warning.isEmpty())
        err << "scaledeck: warning: " << token->warning << Qt::endl;
    scaledeck::ClusterEndpoint endpoint = scaledeck::endpointFor(url.value(), token.value());
    endpoint.readOnly = parser.isSet(readOnlyOption);
    endpoint.caFile = parser.value(caFileOption);
    endpoint.production = parser.isSet(productionOption);
    const auto prometheus = scaledeck::prometheusAddress(parser.value(prometheusOption), environment);
    if (!prometheus) {
        err << "scaledeck: " << prometheus.error().message << Qt::endl;
        return 2;
    }

    QSettings settings;
    scaledeck::ProfileStore profiles(&settings);
    scaledeck::MainWindowOptions options;
    options.storePath = parser.isSet(storeOption) ? parser.value(storeOption) : scaledeck::defaultStorePath();
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
    window.connectToCluster(endpoint, prometheus.value());
    window.show();
    return app.exec();
}
