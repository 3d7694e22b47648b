// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The reader of GET /nodes?view=summary (GPUs and CPUs of the alive nodes, accelerator types): any body
// gives totals or a BadPayload error that says why, and totals are never negative.
#include "fuzzcheck.h"
#include "snapshotparser.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto totals = scaledeck::parseNodeTotals(body);
    if (!totals) {
        FUZZ_CHECK(totals.error().kind == scaledeck::RayErrorKind::BadPayload, "a bad body is a BadPayload error");
        FUZZ_CHECK(!totals.error().message.isEmpty(), "the error says why");
        return 0;
    }
    FUZZ_CHECK(totals->nodesAlive >= 0, "a node count is never negative");
    return 0;
}
