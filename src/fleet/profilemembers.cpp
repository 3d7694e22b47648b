// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "profilemembers.h"

#include "controllertoken.h"

namespace scaledeck {

namespace {

QString profileNaming(const ConnectionProfile &profile)
{
    return QStringLiteral("the profile %1").arg(profile.name);
}

// Where the profile's cluster answers: its controller, else its dashboard (RAY_DASHBOARD_ADDRESS and Ray's
// default for a profile that names none, as the window connects it).
Result<QUrl> urlOf(const ConnectionProfile &profile, const QProcessEnvironment &environment)
{
    if (profile.throughController())
        return parseControllerUrl(profile.controllerUrl, profileNaming(profile));
    return resolveDashboardUrl(profile.address, environment);
}

} // namespace

Result<ResolvedToken> readProfileTokenFile(const ConnectionProfile &profile, const QProcessEnvironment &environment,
                                           const QString &homeDir)
{
    if (profile.throughController()) {
        if (profile.controllerTokenInKeychain)
            return makeError(
                RayErrorKind::BadSetting,
                QStringLiteral("%1 keeps its controller token in the keychain").arg(profileNaming(profile)));
        if (profile.controllerTokenFile.isEmpty())
            return ResolvedToken{}; // none sent: the controller answers 401, which the row says
        auto token = readControllerToken(profile.controllerTokenFile);
        if (!token)
            return token.error();
        return ResolvedToken{token.value(), profile.controllerTokenFile, {}};
    }
    if (profile.tokenInKeychain)
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1 keeps its token in the keychain").arg(profileNaming(profile)));
    return resolveToken(profile.tokenFile, environment, homeDir, profileNaming(profile));
}

std::vector<FleetMember> membersFromProfiles(const std::vector<ConnectionProfile> &profiles,
                                             const ProfileTokenReader &readToken,
                                             const QProcessEnvironment &environment)
{
    std::vector<FleetMember> members;
    for (const ConnectionProfile &profile : profiles) {
        FleetMember member;
        member.name = profile.name;
        member.kind = profile.throughController() ? FleetMember::Kind::Controller : FleetMember::Kind::Dashboard;
        member.caFile = profile.caFile;
        auto url = urlOf(profile, environment);
        if (!url) {
            member.url = QUrl(profile.throughController() ? profile.controllerUrl : profile.address);
            member.setupError = url.error();
            members.push_back(std::move(member));
            continue;
        }
        member.url = url.value();
        auto token = readToken(profile);
        if (token) {
            member.token = token->token;
            member.tokenOrigin = token->origin;
        } else {
            member.setupError = token.error();
        }
        members.push_back(std::move(member));
    }
    return members;
}

} // namespace scaledeck
