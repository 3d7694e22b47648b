// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "incrementalservereader.h"

#include "servestatereader.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace scaledeck {

namespace {

// Finds values in JSON text without interpreting them. It follows strings (with escapes) and nesting;
// anything it does not expect makes it give up, and the caller falls back to a full read.
class JsonTextScanner {
public:
    explicit JsonTextScanner(const QByteArray &text)
        : m_begin(text.constData()), m_at(m_begin), m_end(m_begin + text.size())
    {
    }

    qsizetype position() const { return m_at - m_begin; }
    bool atEnd()
    {
        skipSpace();
        return m_at == m_end;
    }

    bool expect(char c)
    {
        skipSpace();
        if (m_at == m_end || *m_at != c)
            return false;
        ++m_at;
        return true;
    }
    bool peekIs(char c)
    {
        skipSpace();
        return m_at != m_end && *m_at == c;
    }

    // A key without escapes (app names with escapes send the caller to the full read).
    std::optional<QByteArrayView> plainString()
    {
        skipSpace();
        if (m_at == m_end || *m_at != '"')
            return std::nullopt;
        const char *start = ++m_at;
        const char *close = static_cast<const char *>(std::memchr(m_at, '"', size_t(m_end - m_at)));
        if (!close || std::memchr(start, '\\', size_t(close - start)))
            return std::nullopt;
        // A control character or invalid UTF-8 makes it no JSON string (the full read refuses it).
        if (!nlohmann::json::accept(start - 1, close + 1))
            return std::nullopt;
        m_at = close + 1;
        return QByteArrayView(start, close - start);
    }

    // Skips one value of any kind and returns where it starts and how long it is.
    std::optional<std::pair<qsizetype, qsizetype>> value()
    {
        skipSpace();
        if (m_at == m_end)
            return std::nullopt;
        const char *start = m_at;
        if (*m_at == '"') {
            if (!skipString())
                return std::nullopt;
        } else if (*m_at == '{' || *m_at == '[') {
            int depth = 0;
            while (m_at != m_end) {
                const char c = *m_at;
                if (c == '"') {
                    if (!skipString())
                        return std::nullopt;
                    continue;
                }
                ++m_at;
                if (c == '{' || c == '[')
                    ++depth;
                else if ((c == '}' || c == ']') && --depth == 0)
                    break;
            }
            if (depth != 0)
                return std::nullopt;
        } else {
            while (m_at != m_end && !std::strchr(",}] \t\r\n", *m_at))
                ++m_at;
        }
        return std::pair{qsizetype(start - m_begin), qsizetype(m_at - start)};
    }

private:
    void skipSpace()
    {
        while (m_at != m_end && (*m_at == ' ' || *m_at == '\n' || *m_at == '\r' || *m_at == '\t'))
            ++m_at;
    }
    bool skipString()
    {
        ++m_at; // the opening quote
        while (true) {
            const char *quote = static_cast<const char *>(std::memchr(m_at, '"', size_t(m_end - m_at)));
            if (!quote)
                return false;
            // A quote preceded by an odd number of backslashes is escaped.
            const char *back = quote;
            while (back > m_at && back[-1] == '\\')
                --back;
            m_at = quote + 1;
            if ((quote - back) % 2 == 0)
                return true;
        }
    }

    const char *m_begin;
    const char *m_at;
    const char *m_end;
};

// After an object's member: the closing '}' next, or a ',' and another member. Anything else (a missing or
// trailing comma) is not JSON, which the full read then reports.
bool memberEnds(JsonTextScanner &scanner)
{
    if (scanner.peekIs('}'))
        return true;
    return scanner.expect(',') && !scanner.peekIs('}');
}

// A value the scan skipped is checked without being built: the full read would refuse a body that is not
// JSON anywhere, so the incremental read must too (fuzz_incrementalserve found a corrupt number it took).
bool isJson(const QByteArray &body, std::pair<qsizetype, qsizetype> span)
{
    return nlohmann::json::accept(body.constData() + span.first, body.constData() + span.first + span.second);
}

} // namespace

Result<ServeState> IncrementalServeReader::readFully(const QByteArray &body)
{
    m_stats = Stats{0, 0, true};
    auto state = readServeState(body);
    if (!state) {
        m_body.clear();
        m_entries.clear();
        return state;
    }
    // Index the spans so the next body can be compared app by app.
    QHash<QString, Entry> entries;
    JsonTextScanner scanner(body);
    bool indexed = scanner.expect('{');
    while (indexed && !scanner.peekIs('}')) {
        const auto key = scanner.plainString();
        indexed = key && scanner.expect(':');
        if (!indexed)
            break;
        if (*key == QByteArrayView("applications") && scanner.expect('{')) {
            while (indexed && !scanner.peekIs('}')) {
                const auto name = scanner.plainString();
                const auto span = (name && scanner.expect(':')) ? scanner.value() : std::nullopt;
                indexed = span.has_value();
                if (indexed) {
                    const QString appName = QString::fromUtf8(*name);
                    for (const auto &app : state->applications)
                        if (app.name == appName)
                            entries.insert(appName, Entry{{span->first, span->second}, app});
                    scanner.expect(',');
                }
            }
            indexed = indexed && scanner.expect('}');
        } else {
            indexed = scanner.value().has_value();
        }
        scanner.expect(',');
    }
    if (indexed)
        remember(body, std::move(entries));
    else {
        m_body.clear();
        m_entries.clear();
    }
    return state;
}

void IncrementalServeReader::remember(const QByteArray &body, QHash<QString, Entry> entries)
{
    m_body = body; // implicitly shared: no copy of the text
    m_entries = std::move(entries);
}

Result<ServeState> IncrementalServeReader::read(const QByteArray &body)
{
    if (m_body.isEmpty())
        return readFully(body);
    m_stats = Stats{};
    ServeState state;
    QHash<QString, Entry> entries;
    JsonTextScanner scanner(body);
    if (!scanner.expect('{'))
        return readFully(body);
    bool sawApplications = false;
    while (!scanner.peekIs('}')) {
        const auto key = scanner.plainString();
        if (!key || !scanner.expect(':'))
            return readFully(body);
        if (*key == QByteArrayView("applications")) {
            if (!scanner.expect('{'))
                return readFully(body); // the full read names the wrong type
            sawApplications = true;
            while (!scanner.peekIs('}')) {
                const auto name = scanner.plainString();
                const auto span = (name && scanner.expect(':')) ? scanner.value() : std::nullopt;
                if (!span)
                    return readFully(body);
                const QString appName = QString::fromUtf8(*name);
                const QByteArrayView text(body.constData() + span->first, span->second);
                const auto previous = m_entries.constFind(appName);
                if (previous != m_entries.constEnd() &&
                    QByteArrayView(m_body.constData() + previous->span.offset, previous->span.length) == text) {
                    state.applications.push_back(previous->app);
                    ++m_stats.reused;
                } else {
                    auto app = readApplication(appName, text);
                    if (!app)
                        return app.error();
                    state.applications.push_back(std::move(app).value());
                    ++m_stats.reparsed;
                }
                entries.insert(appName, Entry{{span->first, span->second}, state.applications.back()});
                if (!memberEnds(scanner))
                    return readFully(body);
            }
            if (!scanner.expect('}'))
                return readFully(body);
        } else if (*key == QByteArrayView("target_capacity")) {
            const auto span = scanner.value();
            if (!span)
                return readFully(body);
            const auto value = nlohmann::json::parse(body.constData() + span->first,
                                                     body.constData() + span->first + span->second, nullptr, false);
            if (value.is_number())
                state.targetCapacity = value.get<double>();
            else if (!value.is_null())
                return readFully(body); // the full read reports the wrong type
        } else if (const auto span = scanner.value(); !span || !isJson(body, *span)) {
            return readFully(body);
        }
        if (!memberEnds(scanner))
            return readFully(body);
    }
    if (!scanner.expect('}') || !scanner.atEnd() || !sawApplications)
        return readFully(body);
    std::sort(state.applications.begin(), state.applications.end(),
              [](const ApplicationSnapshot &a, const ApplicationSnapshot &b) { return a.name < b.name; });
    remember(body, std::move(entries));
    return state;
}

} // namespace scaledeck
