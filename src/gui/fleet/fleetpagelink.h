// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace scaledeck {

class FleetPage;
class FleetSession;

// Shows `session`'s rows and costs on `page` (queued, one member at a time) and reads the costs of the page's chart
// window when the page asks (shown chart, a window switch, an export), starting with what it wants now. The
// connections go with the session.
void linkFleetPage(FleetSession &session, FleetPage &page);

} // namespace scaledeck
