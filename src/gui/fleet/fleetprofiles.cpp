// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetprofiles.h"

#include "profilemembers.h"
#include "tokenkeychain.h"

#include <QDir>

#include <map>
#include <memory>

namespace scaledeck {

namespace {
bool tokenInKeychain(const ConnectionProfile &profile)
{
    return profile.throughController() ? profile.controllerTokenInKeychain : profile.tokenInKeychain;
}

// What the keychain said of each profile that keeps its token there, collected until the last one answers.
struct KeychainAnswers {
    std::vector<ConnectionProfile> profiles;
    QProcessEnvironment environment;
    std::function<void(std::vector<FleetMember>)> done;
    std::map<QString, Result<ResolvedToken>> tokens;
    int waiting = 0;

    void finish() const
    {
        done(membersFromProfiles(
            profiles,
            [this](const ConnectionProfile &profile) -> Result<ResolvedToken> {
                if (!tokenInKeychain(profile))
                    return readProfileTokenFile(profile, environment, QDir::homePath());
                return tokens.at(profile.name);
            },
            environment));
    }
};
} // namespace

void readFleetMembers(const std::vector<ConnectionProfile> &profiles, const QProcessEnvironment &environment,
                      QObject *context, std::function<void(std::vector<FleetMember>)> done)
{
    auto answers = std::make_shared<KeychainAnswers>();
    answers->profiles = profiles;
    answers->environment = environment;
    answers->done = std::move(done);
    for (const ConnectionProfile &profile : profiles)
        answers->waiting += tokenInKeychain(profile) ? 1 : 0;
    if (answers->waiting == 0) {
        answers->finish();
        return;
    }
    for (const ConnectionProfile &profile : profiles) {
        if (!tokenInKeychain(profile))
            continue;
        auto answered = [answers, name = profile.name](Result<ResolvedToken> token) {
            answers->tokens.insert_or_assign(name, std::move(token));
            if (--answers->waiting == 0)
                answers->finish();
        };
        if (profile.throughController())
            readControllerKeychainToken(profile.name, context, answered);
        else
            readKeychainToken(profile.name, context, answered);
    }
}

} // namespace scaledeck
