// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// `scaledeckctl fleet --clusters FILE`: one cluster a line, `NAME ADDRESS [TOKEN_FILE]`, fields separated by
// spaces or tabs, `#` to the end of a line a comment, blank lines skipped. ADDRESS is a Ray dashboard
// (http://HOST:PORT, https://HOST, HOST:PORT) or, after "controller+", a ScaleDeck controller
// (controller+http://HOST:PORT). TOKEN_FILE is the dashboard's token (Ray's) or the controller's (from its users
// file); a relative one is relative to the clusters file's folder. No TOKEN_FILE: no token is sent.

#include "fleetmember.h"
#include "result.h"

#include <QString>

#include <vector>

namespace scaledeck {

// One line as written, its address already read.
struct ClustersFileEntry {
    QString name;
    FleetMember::Kind kind = FleetMember::Kind::Dashboard;
    QUrl url;
    QString tokenFile; // as written; empty: none
    int line = 0;      // 1-based
};

// The lines of `text`, or the first bad one as "FILE:LINE: what is wrong" (a duplicate name, a missing address, an
// address that is no URL, a field too many). `fileName` only names the file in messages. A file without a
// cluster is an error too: a fleet of none is a mistake, not an answer.
[[nodiscard]] Result<std::vector<ClustersFileEntry>> parseClustersFile(const QString &text, const QString &fileName);

// The file at `path`, read and parsed, each entry's token read from its file (resolveToken's rules for a dashboard,
// readControllerToken's for a controller: a file others may read is refused with the chmod that fixes it). A token
// that cannot be read is that member's setupError, not the file's error: the rest of the fleet is still asked.
[[nodiscard]] Result<std::vector<FleetMember>> readClustersFile(const QString &path);

} // namespace scaledeck
