// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "snapshotparser.h"

#include <QByteArray>
#include <QByteArrayView>

namespace scaledeck {

// Reads GET /api/serve/applications/ in one streaming pass (nlohmann's SAX interface) straight into a
// ServeState: no document tree is built for the per-replica detail that makes up most of a large
// cluster's payload, only for each app's deployed_app_config, which is kept whole. Same leniency and
// strictness as the other payload parsers (snapshotparser.h): unknown fields are skipped, a known field of the wrong
// type is a BadPayload error naming it.
Result<ServeState> readServeState(const QByteArray &body);

// Reads one application's JSON object (the value of applications.NAME) the same way.
Result<ApplicationSnapshot> readApplication(const QString &name, QByteArrayView objectText);

} // namespace scaledeck
