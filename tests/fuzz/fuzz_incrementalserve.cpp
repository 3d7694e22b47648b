// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The incremental reader of successive GET /api/serve/applications/ bodies. The input is a series of
// bodies separated by a line "#next#"; after each one the incremental answer must equal what the full
// reader makes of the same body on its own (same error, or the same applications and target capacity): the
// reuse of earlier apps must never show a stale or different state.
#include "fuzzcheck.h"
#include "incrementalservereader.h"
#include "servestatereader.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace {

bool sameState(const scaledeck::ServeState &a, const scaledeck::ServeState &b)
{
    if (a.targetCapacity != b.targetCapacity || a.applications.size() != b.applications.size())
        return false;
    for (size_t i = 0; i < a.applications.size(); ++i)
        if (!a.applications[i].sameAs(b.applications[i]) || a.applications[i].message != b.applications[i].message)
            return false;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    scaledeck::IncrementalServeReader reader;
    const QByteArrayView separator("\n#next#\n");
    qsizetype from = 0;
    while (from <= input.size()) {
        qsizetype to = input.indexOf(separator, from);
        if (to < 0)
            to = input.size();
        const QByteArray body = input.mid(from, to - from);
        const auto incremental = reader.read(body);
        const auto full = scaledeck::readServeState(body);
        FUZZ_CHECK(incremental.ok() == full.ok(), "incremental and full reads agree on whether a body is valid");
        if (full.ok())
            FUZZ_CHECK(sameState(*incremental, *full), "incremental and full reads give the same state");
        from = to + separator.size();
    }
    return 0;
}
