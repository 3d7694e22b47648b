// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlfleetcommand.h"

#include "clustersfile.h"
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "fleetjson.h"
#include "fleetonce.h"
#include "parkedstore.h"
#include "pricestore.h"
#include "profilemembers.h"
#include "tokenkeychain.h"

#include <QDir>
#include <QEventLoop>
#include <QSettings>

#include <algorithm>
#include <memory>

namespace scaledeck {

namespace {

// A profile's token: from the keychain (waited for: the CLI has nothing else to do meanwhile), else its file.
Result<ResolvedToken> readProfileToken(const ConnectionProfile &profile, const QProcessEnvironment &environment)
{
    const bool inKeychain = profile.throughController() ? profile.controllerTokenInKeychain : profile.tokenInKeychain;
    if (!inKeychain)
        return readProfileTokenFile(profile, environment, QDir::homePath());
    QObject receiver; // owns the keychain's job: none outlives this function
    return awaitAnswer<ResolvedToken>([&profile, &receiver](auto done) {
        if (profile.throughController())
            readControllerKeychainToken(profile.name, &receiver, done);
        else
            readKeychainToken(profile.name, &receiver, done);
    });
}

// The window's saved profiles (the same settings file: organization ScaleDeck, application scaledeck).
Result<std::vector<FleetMember>> profileMembers(const QProcessEnvironment &environment)
{
    QSettings settings(QSettings::NativeFormat, QSettings::UserScope, QStringLiteral("ScaleDeck"),
                       QStringLiteral("scaledeck"));
    ProfileStore store(&settings);
    const std::vector<ConnectionProfile> profiles = store.profiles();
    if (profiles.empty())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("no saved profiles in %1: save some in the window, or give --clusters FILE "
                                        "(NAME ADDRESS [TOKEN_FILE] a line)")
                             .arg(settings.fileName()));
    return membersFromProfiles(
        profiles, [&environment](const ConnectionProfile &profile) { return readProfileToken(profile, environment); },
        environment);
}

// The local store's parked apps and prices, for the dashboard members; a store that cannot be opened leaves the
// rows without parked apps and prices (said on stderr), never without figures.
struct LocalStores {
    std::unique_ptr<ParkedStore> parked;
    std::unique_ptr<PriceStore> prices;
    FleetStores view() const { return {parked.get(), prices.get()}; }
};

LocalStores openStores(const CtlCommand &command)
{
    LocalStores stores;
    const QString path = command.storePath();
    stores.parked = std::make_unique<ParkedStore>(path, command.writeGuard());
    stores.prices = std::make_unique<PriceStore>(path, command.writeGuard());
    if (auto opened = stores.parked->open(); !opened) {
        command.err << "scaledeckctl: warning: " << opened.error().describe() << Qt::endl;
        stores.parked.reset();
    }
    if (auto opened = stores.prices->open(); !opened) {
        command.err << "scaledeckctl: warning: " << opened.error().describe() << Qt::endl;
        stores.prices.reset();
    }
    return stores;
}

} // namespace

int fleetCommand(CtlCommand &command)
{
    if (auto bad = command.expectNoArgs())
        return *bad;
    if (command.parser.isSet(QStringLiteral("controller")))
        return command.usage(QStringLiteral("'fleet' takes no --controller: name controllers in the --clusters file "
                                            "(controller+URL) or in profiles"));
    const QString clustersFile = command.parser.value(QStringLiteral("clusters"));
    auto members = command.parser.isSet(QStringLiteral("clusters")) ? readClustersFile(clustersFile)
                                                                    : profileMembers(command.environment);
    if (!members)
        return command.fail(members.error());
    const LocalStores stores = openStores(command);
    const std::chrono::milliseconds timeout{ClusterEndpoint{}.timeoutMs};
    QObject owner; // owns the reads: none outlives this command
    auto rows = awaitAnswer<std::vector<FleetRow>>([&](auto done) {
        fetchFleetOnce(members.value(), stores.view(), &command.clock, timeout, &owner,
                       [done](std::vector<FleetRow> answered) { done(std::move(answered)); });
    });
    if (command.parser.isSet(QStringLiteral("json")))
        command.out << QString::fromStdString(fleetJson(rows.value()).dump(2)) << Qt::endl;
    else
        command.out << fleetTable(rows.value()) << Qt::flush;
    const bool allAnswered =
        std::all_of(rows->begin(), rows->end(), [](const FleetRow &row) { return row.reachable(); });
    return allAnswered ? ExitDone : ExitError;
}

} // namespace scaledeck
