// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "metricsexposition.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

namespace scaledeck {

namespace {

// The part of one line still to be read. Lines are read as bytes: names are ASCII by the format's grammar,
// and only the samples kept are turned into QStrings (a node exports thousands of lines, few of them Serve's).
struct Cursor {
    std::string_view text;
    size_t pos = 0;

    bool atEnd() const { return pos >= text.size(); }
    char peek() const { return atEnd() ? '\0' : text[pos]; }
};

using LineError = std::optional<QString>; // empty: the line was fine

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

bool isLetterOrUnderscore(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

void skipBlanks(Cursor &cursor)
{
    while (!cursor.atEnd() && isBlank(cursor.peek()))
        ++cursor.pos;
}

// A metric name is [a-zA-Z_:][a-zA-Z0-9_:]*, a label name the same without ':'. Empty when none starts here.
std::string_view readName(Cursor &cursor, bool colonAllowed)
{
    const size_t start = cursor.pos;
    auto fits = [&](char c, bool first) {
        return isLetterOrUnderscore(c) || (colonAllowed && c == ':') || (!first && isDigit(c));
    };
    while (!cursor.atEnd() && fits(cursor.peek(), cursor.pos == start))
        ++cursor.pos;
    return cursor.text.substr(start, cursor.pos - start);
}

std::string_view readToken(Cursor &cursor)
{
    const size_t start = cursor.pos;
    while (!cursor.atEnd() && !isBlank(cursor.peek()))
        ++cursor.pos;
    return cursor.text.substr(start, cursor.pos - start);
}

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
           });
}

// Go's strconv.ParseFloat, which Prometheus uses, spells the special values NaN, Inf, +Inf, -Inf and
// Infinity in any case; std::from_chars would also take "nan(...)" and no leading '+', so those are
// handled here and only plain decimal numbers go to from_chars.
std::optional<double> parseSpecialValue(std::string_view token)
{
    if (equalsIgnoringCase(token, "nan"))
        return std::numeric_limits<double>::quiet_NaN();
    const bool negative = !token.empty() && token.front() == '-';
    if (!token.empty() && (token.front() == '+' || token.front() == '-'))
        token.remove_prefix(1);
    if (equalsIgnoringCase(token, "inf") || equalsIgnoringCase(token, "infinity"))
        return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return std::nullopt;
}

std::optional<double> parseValue(std::string_view token)
{
    if (auto special = parseSpecialValue(token))
        return special;
    if (!token.empty() && token.front() == '+')
        token.remove_prefix(1);
    const bool plainDecimal = std::all_of(token.begin(), token.end(), [](char c) {
        return isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
    });
    if (token.empty() || !plainDecimal)
        return std::nullopt;
    double value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (error != std::errc() || end != token.data() + token.size())
        return std::nullopt; // out of range fails too: Prometheus refuses what ParseFloat calls out of range
    return value;
}

std::optional<qint64> parseTimestamp(std::string_view token)
{
    if (!token.empty() && token.front() == '+')
        token.remove_prefix(1);
    qint64 value = 0;
    const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (token.empty() || error != std::errc() || end != token.data() + token.size())
        return std::nullopt;
    return value;
}

// A label value between double quotes, with the three escapes the format has: \\, \" and \n. Any other
// escape is refused, as Prometheus' own text parser does.
LineError readLabelValue(Cursor &cursor, std::string &value)
{
    if (cursor.peek() != '"')
        return QStringLiteral("expected '\"' to open the label value");
    ++cursor.pos;
    value.clear();
    while (!cursor.atEnd()) {
        const char c = cursor.text[cursor.pos++];
        if (c == '"')
            return std::nullopt;
        if (c != '\\') {
            value += c;
            continue;
        }
        const char escaped = cursor.peek();
        if (escaped != '\\' && escaped != '"' && escaped != 'n')
            return QStringLiteral("expected \\\\, \\\" or \\n after a backslash in a label value");
        value += escaped == 'n' ? '\n' : escaped;
        ++cursor.pos;
    }
    return QStringLiteral("expected '\"' to close the label value");
}

struct RawLabel {
    std::string_view name;
    std::string value;
};

LineError readOneLabel(Cursor &cursor, std::vector<RawLabel> &labels)
{
    const std::string_view name = readName(cursor, false);
    if (name.empty())
        return QStringLiteral("expected a label name");
    skipBlanks(cursor);
    if (cursor.peek() != '=')
        return QStringLiteral("expected '=' after the label name");
    ++cursor.pos;
    skipBlanks(cursor);
    RawLabel label{name, {}};
    if (auto error = readLabelValue(cursor, label.value))
        return error;
    labels.push_back(std::move(label));
    return std::nullopt;
}

// Sorts the labels by name (the order samples keep them in) and refuses a name given twice. Sorting first
// keeps a line of many labels linear-logarithmic rather than quadratic.
LineError sortLabelsAndRefuseRepeats(std::vector<RawLabel> &labels)
{
    std::sort(labels.begin(), labels.end(), [](const RawLabel &a, const RawLabel &b) { return a.name < b.name; });
    const auto repeated = std::adjacent_find(labels.begin(), labels.end(),
                                             [](const RawLabel &a, const RawLabel &b) { return a.name == b.name; });
    if (repeated == labels.end())
        return std::nullopt;
    return QStringLiteral("expected each label name once, but %1 is repeated").arg(QLatin1String(repeated->name));
}

// `{` label="value", ... [,] `}`; the cursor is on the '{'.
LineError readLabels(Cursor &cursor, std::vector<RawLabel> &labels)
{
    ++cursor.pos;
    for (;;) {
        skipBlanks(cursor);
        if (cursor.peek() == '}') {
            ++cursor.pos;
            return sortLabelsAndRefuseRepeats(labels);
        }
        if (auto error = readOneLabel(cursor, labels))
            return error;
        skipBlanks(cursor);
        if (cursor.peek() == ',')
            ++cursor.pos;
        else if (cursor.peek() != '}')
            return QStringLiteral("expected ',' or '}' after a label value");
    }
}

// ` value [timestamp]` after the name and labels.
LineError readValueAndTimestamp(Cursor &cursor, MetricSample &sample)
{
    if (!isBlank(cursor.peek()))
        return QStringLiteral("expected a space and the value after the metric name and labels");
    skipBlanks(cursor);
    const std::optional<double> value = parseValue(readToken(cursor));
    if (!value)
        return QStringLiteral("expected a number, NaN, +Inf or -Inf as the value");
    sample.value = *value;
    skipBlanks(cursor);
    if (cursor.atEnd())
        return std::nullopt;
    const std::optional<qint64> timestamp = parseTimestamp(readToken(cursor));
    if (!timestamp)
        return QStringLiteral("expected a timestamp in milliseconds (an integer) after the value");
    sample.timestampMs = *timestamp;
    skipBlanks(cursor);
    if (!cursor.atEnd())
        return QStringLiteral("expected the end of the line after the timestamp");
    return std::nullopt;
}

// `raw` is sorted by name already; names are ASCII, so their QString order is the same.
std::vector<std::pair<QString, QString>> toLabels(const std::vector<RawLabel> &raw)
{
    std::vector<std::pair<QString, QString>> labels;
    labels.reserve(raw.size());
    for (const RawLabel &label : raw)
        labels.emplace_back(QString::fromLatin1(label.name), QString::fromUtf8(label.value));
    return labels;
}

LineError readSampleLine(std::string_view line, const QSet<QString> &keepNames, std::vector<MetricSample> &out)
{
    Cursor cursor{line};
    const std::string_view name = readName(cursor, true);
    if (name.empty())
        return QStringLiteral("expected a metric name, a comment or an empty line");
    std::vector<RawLabel> labels;
    skipBlanks(cursor);
    if (cursor.peek() == '{') {
        if (auto error = readLabels(cursor, labels))
            return error;
    } else {
        cursor.pos = name.size(); // back to the blank that separates the name from the value
    }
    MetricSample sample;
    if (auto error = readValueAndTimestamp(cursor, sample))
        return error;
    sample.name = QString::fromLatin1(name);
    if (keepNames.isEmpty() || keepNames.contains(sample.name)) {
        sample.labels = toLabels(labels);
        out.push_back(std::move(sample));
    }
    return std::nullopt;
}

// "# HELP name text" and "# TYPE name type" are checked; any other comment is free text.
LineError readCommentLine(std::string_view line)
{
    Cursor cursor{line, 1};
    skipBlanks(cursor);
    const std::string_view keyword = readToken(cursor);
    if (keyword != "HELP" && keyword != "TYPE")
        return std::nullopt;
    skipBlanks(cursor);
    if (readName(cursor, true).empty())
        return QStringLiteral("expected a metric name after %1").arg(QLatin1String(keyword));
    if (!cursor.atEnd() && !isBlank(cursor.peek()))
        return QStringLiteral("expected a space after the metric name of %1").arg(QLatin1String(keyword));
    if (keyword == "HELP")
        return std::nullopt;
    skipBlanks(cursor);
    const std::string_view type = readToken(cursor);
    skipBlanks(cursor);
    const bool known =
        type == "counter" || type == "gauge" || type == "histogram" || type == "summary" || type == "untyped";
    if (!known || !cursor.atEnd())
        return QStringLiteral("expected counter, gauge, histogram, summary or untyped after TYPE and the name");
    return std::nullopt;
}

LineError readLine(std::string_view line, const QSet<QString> &keepNames, std::vector<MetricSample> &out)
{
    // A body relayed through a proxy may end its lines with \r\n; the \r is not part of any value.
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    Cursor cursor{line};
    skipBlanks(cursor);
    if (cursor.atEnd())
        return std::nullopt;
    if (cursor.peek() == '#')
        return readCommentLine(line.substr(cursor.pos));
    return readSampleLine(line.substr(cursor.pos), keepNames, out);
}

} // namespace

std::optional<QString> MetricSample::label(const QString &labelName) const
{
    auto it = std::lower_bound(
        labels.begin(), labels.end(), labelName,
        [](const std::pair<QString, QString> &label, const QString &name) { return label.first < name; });
    if (it == labels.end() || it->first != labelName)
        return std::nullopt;
    return it->second;
}

RayError ExpositionError::toRayError() const
{
    return makeError(RayErrorKind::BadPayload, QStringLiteral("line %1: %2").arg(line).arg(message));
}

Result<Exposition, ExpositionError> parseMetricsExposition(const QByteArray &text, const QSet<QString> &keepNames)
{
    Exposition exposition;
    const std::string_view body(text.constData(), size_t(text.size()));
    size_t start = 0;
    while (start < body.size()) {
        size_t end = body.find('\n', start);
        if (end == std::string_view::npos)
            end = body.size();
        ++exposition.lineCount;
        if (auto error = readLine(body.substr(start, end - start), keepNames, exposition.samples))
            return ExpositionError{exposition.lineCount, *error};
        start = end + 1;
    }
    return exposition;
}

} // namespace scaledeck
