// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "fleetaddress.h"

#include "clusterendpoint.h"
#include "controllertoken.h"

namespace scaledeck {

Result<FleetAddress> parseFleetAddress(const QString &text)
{
    if (text.startsWith(controllerSchemePrefix)) {
        auto url = parseControllerUrl(text.mid(controllerSchemePrefix.size()), QStringLiteral("controller+URL"));
        if (!url)
            return url.error();
        return FleetAddress{FleetMember::Kind::Controller, url.value()};
    }
    // The rules of --address (a bare host:port is http), never its defaults: an address is always given here.
    auto url = resolveDashboardUrl(text, QProcessEnvironment());
    if (!url)
        return url.error();
    return FleetAddress{FleetMember::Kind::Dashboard, url.value()};
}

} // namespace scaledeck
