// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The schedule text form (scaledeckctl schedule set, the editor): any text is a Schedule or an error naming
// a line; a Schedule's canonical text and its JSON form both read back to an equal Schedule, so what the
// editor or `schedule export` writes can always be loaded again.
#include "fuzzcheck.h"
#include "schedulejson.h"
#include "scheduletext.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const scaledeck::ScheduleParse parse = scaledeck::parseScheduleText(text);
    if (!parse.ok()) {
        FUZZ_CHECK(parse.error.has_value() && !parse.error->message.isEmpty(), "a refused text says why");
        FUZZ_CHECK(parse.error->line >= 1, "a text error names its line");
        return 0;
    }
    const QString canonical = scaledeck::scheduleToText(*parse.schedule);
    const scaledeck::ScheduleParse again = scaledeck::parseScheduleText(canonical);
    FUZZ_CHECK(again.ok(), "the canonical text parses");
    FUZZ_CHECK(*again.schedule == *parse.schedule, "the canonical text parses to an equal schedule");

    const scaledeck::ScheduleTarget target{QStringLiteral("app"), QStringLiteral("deployment")};
    const scaledeck::ScheduleParse json =
        scaledeck::parseScheduleJson(scaledeck::scheduleToJson(*parse.schedule, target));
    FUZZ_CHECK(json.ok(), "the JSON form parses");
    FUZZ_CHECK(*json.schedule == *parse.schedule, "the JSON form parses to an equal schedule");
    return 0;
}
