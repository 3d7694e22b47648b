// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The schedule JSON form (scaledeckctl schedule set FILE.json, schedule export --json read back): any
// document is a Schedule (with its target, when it names one) or an error that says why; an accepted one
// exports to JSON that reads back equal.
#include "fuzzcheck.h"
#include "schedulejson.h"
#include "scheduletext.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const scaledeck::ScheduleParse parse = scaledeck::parseScheduleJson(json);
    if (!parse.ok()) {
        FUZZ_CHECK(parse.error.has_value() && !parse.error->message.isEmpty(), "a refused document says why");
        return 0;
    }
    // The target is optional in a file (`schedule set TARGET FILE` names it); export always writes one.
    const scaledeck::ScheduleTarget target =
        parse.target.value_or(scaledeck::ScheduleTarget{QStringLiteral("app"), QStringLiteral("deployment")});
    const scaledeck::ScheduleParse again =
        scaledeck::parseScheduleJson(scaledeck::scheduleToJson(*parse.schedule, target));
    FUZZ_CHECK(again.ok(), "the exported JSON parses");
    FUZZ_CHECK(*again.schedule == *parse.schedule && again.target == target,
               "the exported JSON parses to an equal schedule and target");
    return 0;
}
