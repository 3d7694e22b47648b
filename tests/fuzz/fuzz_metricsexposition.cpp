// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The Prometheus text exposition reader (a node's metrics export port, issue 12): any body gives samples or
// an error naming a line of the body; samples keep their labels sorted and unique; samples written out
// again read back equal; and a name filter keeps exactly the samples of that name.
#include "fuzzcheck.h"
#include "metricsexposition.h"

#include <QByteArray>
#include <QString>

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace {

QByteArray escapedLabelValue(const QString &value)
{
    QByteArray escaped;
    for (const char c : value.toUtf8()) {
        if (c == '\\' || c == '"')
            escaped += '\\';
        escaped += c == '\n' ? QByteArray("\\n") : QByteArray(1, c);
    }
    return escaped;
}

QByteArray valueText(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(value, 'g', 17);
}

// The samples as an exposition, one line each, in the format's canonical spelling.
QByteArray written(const std::vector<scaledeck::MetricSample> &samples)
{
    QByteArray text;
    for (const scaledeck::MetricSample &sample : samples) {
        text += sample.name.toLatin1() + '{';
        for (const auto &[name, value] : sample.labels)
            text += name.toLatin1() + "=\"" + escapedLabelValue(value) + "\",";
        text += "} " + valueText(sample.value);
        if (sample.timestampMs)
            text += ' ' + QByteArray::number(*sample.timestampMs);
        text += '\n';
    }
    return text;
}

bool sameSample(const scaledeck::MetricSample &a, const scaledeck::MetricSample &b)
{
    const bool sameValue = a.value == b.value || (std::isnan(a.value) && std::isnan(b.value));
    return a.name == b.name && a.labels == b.labels && sameValue && a.timestampMs == b.timestampMs;
}

bool sameSamples(const std::vector<scaledeck::MetricSample> &a, const std::vector<scaledeck::MetricSample> &b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), sameSample);
}

void checkLabels(const scaledeck::MetricSample &sample)
{
    for (size_t i = 1; i < sample.labels.size(); ++i)
        FUZZ_CHECK(sample.labels[i - 1].first < sample.labels[i].first, "labels sorted by name, each name once");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = scaledeck::parseMetricsExposition(body);
    if (!parsed) {
        FUZZ_CHECK(!parsed.error().message.isEmpty(), "a refused body says why");
        FUZZ_CHECK(parsed.error().line >= 1 && parsed.error().line <= body.count('\n') + 1,
                   "a refused body names one of its lines");
        return 0;
    }
    FUZZ_CHECK(parsed->lineCount == (body.isEmpty() ? 0 : body.count('\n') + (body.endsWith('\n') ? 0 : 1)),
               "every line is read");
    for (const scaledeck::MetricSample &sample : parsed->samples)
        checkLabels(sample);

    const auto again = scaledeck::parseMetricsExposition(written(parsed->samples));
    FUZZ_CHECK(again.ok(), "samples written out again read back");
    FUZZ_CHECK(sameSamples(again->samples, parsed->samples), "samples written out again read back equal");

    if (!parsed->samples.empty()) {
        const QString name = parsed->samples.back().name;
        const auto filtered = scaledeck::parseMetricsExposition(body, {name});
        FUZZ_CHECK(filtered.ok(), "a filter does not change whether a body reads");
        std::vector<scaledeck::MetricSample> expected;
        std::copy_if(parsed->samples.begin(), parsed->samples.end(), std::back_inserter(expected),
                     [&](const scaledeck::MetricSample &sample) { return sample.name == name; });
        FUZZ_CHECK(sameSamples(filtered->samples, expected), "a filter keeps exactly the samples of its names");
    }
    return 0;
}
