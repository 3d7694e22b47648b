// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// targets: every application and deployment by the name the other commands take, one a line, for shell
// completion and scripts.
#include "ctlclustercommands.h"

#include "ctlcommands.h"
#include "ctlcontext.h"
#include "dashboardclient.h"

namespace scaledeck {

namespace {

// Shell completion waits for this command on every Tab: a cluster that does not answer at once is better left
// uncompleted than holding the shell (the completion also runs it under `timeout 3`).
constexpr int kRequestTimeoutMs = 1500; // of silence; DashboardClient tries a GET once more

} // namespace

int targetsCommand(CtlCommand &command)
{
    if (auto bad = command.expectNoArgs())
        return *bad;
    CtlContext context(command.out, command.err);
    if (auto failed = command.connect(context))
        return *failed;
    context.endpoint.timeoutMs = kRequestTimeoutMs;
    context.client = std::make_unique<DashboardClient>(&context.network, context.endpoint);
    auto snapshot = fetchNow(context);
    if (!snapshot)
        return fail(context.err, snapshot.error());
    // Parked applications too: unpark and parked discard take their names.
    for (const ApplicationSnapshot &application : snapshot.value()->applications) {
        context.out << application.name << '\n';
        for (const DeploymentSnapshot &deployment : application.deployments)
            context.out << application.name << '/' << deployment.name << '\n';
    }
    context.out.flush();
    return ExitDone;
}

} // namespace scaledeck
