// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The full reader of GET /api/serve/applications/: any body gives a ServeState or a BadPayload error that
// says why, never a crash, a hang or an exception.
#include "fuzzcheck.h"
#include "servestatereader.h"
#include "snapshotparser.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto state = scaledeck::readServeState(body);
    if (!state) {
        FUZZ_CHECK(state.error().kind == scaledeck::RayErrorKind::BadPayload, "a bad body is a BadPayload error");
        FUZZ_CHECK(!state.error().message.isEmpty(), "the error says why");
    }
    return 0;
}
