// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The text form of a schedule: the parser, the canonical writer and the small formatters both forms share.
// The value rules live in schedulerules.cpp, the JSON form in schedulejson.cpp.
#include "scheduletext.h"

#include "schedulejson.h"
#include "schedulerules.h"

#include <QStringList>

namespace scaledeck {

using namespace schedulerules;

namespace {

// Thrown inside the text parser only; parseScheduleText turns it into the ScheduleParseError.
struct TextFailure {
    qsizetype pos = 0; // in the line, in UTF-16 units
    QString message;
};

// What ends a token besides whitespace, by what the token is.
constexpr QStringView kDayStops(u",-=+");
constexpr QStringView kTimeStops(u",-=+");
constexpr QStringView kDateStops(u".=");
constexpr QStringView kDurationStops(u"=");

// One line (comment already cut off) and a position in it.
class LineReader {
public:
    explicit LineReader(QStringView line) : m_line(line) {}

    qsizetype pos() const { return m_pos; }
    void seek(qsizetype pos) { m_pos = pos; }
    bool atEnd() const { return m_pos >= m_line.size(); }
    QChar peek() const { return atEnd() ? QChar() : m_line[m_pos]; }
    void skipSpaces() { m_pos = afterSpaces(m_pos); }
    qsizetype afterSpaces(qsizetype at) const
    {
        while (at < m_line.size() && m_line[at].isSpace())
            ++at;
        return at;
    }
    // Whether `token` comes next, spaces before it allowed.
    bool nextIs(QStringView token) const { return m_line.mid(afterSpaces(m_pos)).startsWith(token); }
    // Takes `token` and the spaces around it if it comes next; otherwise leaves the position alone.
    bool accept(QStringView token)
    {
        if (!nextIs(token))
            return false;
        m_pos = afterSpaces(afterSpaces(m_pos) + token.size());
        return true;
    }
    QStringView wordAt(qsizetype at, QStringView stops) const
    {
        qsizetype end = at;
        while (end < m_line.size() && !m_line[end].isSpace() && !stops.contains(m_line[end]))
            ++end;
        return m_line.mid(at, end - at);
    }
    QStringView word(QStringView stops)
    {
        const QStringView token = wordAt(m_pos, stops);
        m_pos += token.size();
        return token;
    }
    QStringView letters()
    {
        qsizetype end = m_pos;
        while (end < m_line.size() && m_line[end].isLetter())
            ++end;
        const QStringView token = m_line.mid(m_pos, end - m_pos);
        m_pos = end;
        return token;
    }
    // The token at `at` as a message shows it: 'token', or "end of line".
    QString shownAt(qsizetype at, QStringView stops = {}) const
    {
        if (at >= m_line.size())
            return QStringLiteral("end of line");
        const QStringView token = wordAt(at, stops);
        return quoted(token.isEmpty() ? m_line.mid(at, 1) : token);
    }
    QString shownNext() const { return shownAt(afterSpaces(m_pos)); }
    bool containsChar(QChar c) const { return m_line.contains(c); }
    // Takes `word` (any case) if it comes next as a whole word: not followed by a letter or '-'.
    bool acceptWord(QStringView word)
    {
        const QStringView rest = m_line.mid(m_pos);
        if (!rest.startsWith(word, Qt::CaseInsensitive))
            return false;
        const QChar after = rest.size() > word.size() ? rest[word.size()] : QChar();
        if (after.isLetter() || after == QLatin1Char('-'))
            return false;
        m_pos += word.size();
        return true;
    }

    [[noreturn]] void fail(qsizetype at, const QString &message) const { throw TextFailure{at, message}; }
    void check(bool ok, qsizetype at, const QString &error) const
    {
        if (!ok)
            fail(at, error);
    }
    template <typename T> T take(std::optional<T> value, qsizetype at, const QString &error) const
    {
        if (!value)
            fail(at, error);
        return *value;
    }
    void requireSpace(const QString &expected) const
    {
        if (!peek().isSpace())
            fail(m_pos, QStringLiteral("expected %1, found %2").arg(expected, shownAt(m_pos)));
    }
    void expectEnd() const
    {
        if (afterSpaces(m_pos) < m_line.size())
            fail(afterSpaces(m_pos), QStringLiteral("expected end of line, found %1").arg(shownNext()));
    }

private:
    QStringView m_line;
    qsizetype m_pos = 0;
};

int readDay(LineReader &in)
{
    const qsizetype at = in.pos();
    const QStringView token = in.word(kDayStops);
    QString error;
    return in.take(parseDay(token, in.shownAt(at, kDayStops), &error), at, error);
}

// "daily", "Mon", "Mon,Wed,Fri", "Mon-Fri", "Fri-Mon", "Mon-Wed,Fri"
DayMask readDays(LineReader &in)
{
    const qsizetype at = in.pos();
    if (in.wordAt(at, kDayStops).compare(QLatin1String("daily"), Qt::CaseInsensitive) == 0) {
        in.word(kDayStops);
        if (in.nextIs(u",") || in.nextIs(u"-"))
            in.fail(at, QStringLiteral("'daily' already means every day; list days without it"));
        return kAllDays;
    }
    DayMask days = 0;
    do {
        const qsizetype fromAt = in.pos();
        const int from = readDay(in);
        int to = from;
        if (in.accept(u"-")) {
            to = readDay(in);
            if (to == from) {
                in.fail(fromAt, QStringLiteral("a day range needs two different days, found '%1-%2'")
                                    .arg(dayName(from), dayName(to)));
            }
        }
        for (int day = from;; day = addDays(day, 1)) {
            days |= dayBit(day);
            if (day == to)
                break;
        }
    } while (in.accept(u","));
    return days;
}

ClockTime readTime(LineReader &in, TimeUse use, QStringView after = {})
{
    const qsizetype at = in.pos();
    const QStringView token = in.word(kTimeStops);
    QString error;
    return in.take(parseTime(token, use, in.shownAt(at, kTimeStops), &error, after), at, error);
}

QDate readDate(LineReader &in)
{
    const qsizetype at = in.pos();
    const QStringView token = in.word(kDateStops);
    QString error;
    return in.take(parseDate(token, in.shownAt(at, kDateStops), &error), at, error);
}

int readBatchDuration(LineReader &in)
{
    const qsizetype at = in.pos();
    const QStringView token = in.word(kDurationStops);
    const QString shown = in.shownAt(at, kDurationStops);
    QString error;
    const qint64 minutes = in.take(parseDuration(token, shown, &error), at, error);
    in.check(checkBatchDuration(minutes, shown, &error), at, error);
    return int(minutes);
}

// "= 2", or "= default" where allowed (empty result).
std::optional<int> readAssignment(LineReader &in, bool allowDefault)
{
    if (!in.accept(u"=")) {
        in.fail(in.afterSpaces(in.pos()),
                QStringLiteral("expected '=' and a replica count, found %1").arg(in.shownNext()));
    }
    const qsizetype at = in.pos();
    const QStringView token = in.word({});
    if (allowDefault && token.compare(QLatin1String("default"), Qt::CaseInsensitive) == 0)
        return std::nullopt;
    QString error;
    return in.take(parseReplicas(token, in.shownAt(at), &error), at, error);
}

// After a window's start time, the '-' before its end (a batch's '+' has been tried already).
void expectWindowDash(LineReader &in)
{
    if (!in.accept(u"-")) {
        in.fail(in.afterSpaces(in.pos()), QStringLiteral("expected '-' and an end time, or '+' and a duration, "
                                                         "after the start time, found %1")
                                              .arg(in.shownNext()));
    }
}

// The value after a keyword ("tz Europe/Ljubljana"): one token, then the end of the line.
QStringView readValue(LineReader &in, QStringView keyword, const QString &what, qsizetype *at)
{
    const QString expected = QStringLiteral("%1 after '%2'").arg(what, keyword.toString());
    if (!in.atEnd())
        in.requireSpace(expected);
    in.skipSpaces();
    *at = in.pos();
    const QStringView token = in.word({});
    if (token.isEmpty())
        in.fail(*at, QStringLiteral("expected %1, found end of line").arg(expected));
    in.expectEnd();
    return token;
}

class TextParser {
public:
    void parseLine(QStringView line, int lineNo);
    Schedule schedule;

private:
    void parseSetting(LineReader &in, const QString &keyword, qsizetype keywordAt, int lineNo);
    void parseWeekly(LineReader &in, int lineNo);
    void parseDated(LineReader &in, int lineNo);
    bool parseBatchRest(LineReader &in, BatchWindow batch, const ClockTime &start, int lineNo);
    void parseParkWhenIdle(LineReader &in, qsizetype keywordAt, int lineNo);

    int m_tzLine = 0;
    int m_defaultLine = 0;
    int m_prewarmLine = 0;
    int m_driftLine = 0;
    int m_parkLine = 0;
};

constexpr QStringView kParkKeyword(u"park-when-idle");

// One duration of "park-when-idle 15m max 2h", after the space that precedes it. Every message names the
// setting: the same "expected a duration" elsewhere on the line would not say which one was meant.
qint64 readParkDuration(LineReader &in, const QString &after)
{
    const QString prefix = QStringLiteral("park-when-idle: ");
    const QString expected = QStringLiteral("a duration like 15m after %1").arg(after);
    if (!in.atEnd() && !in.peek().isSpace())
        in.fail(in.pos(), prefix + QStringLiteral("expected %1, found %2").arg(expected, in.shownAt(in.pos())));
    in.skipSpaces();
    const qsizetype at = in.pos();
    const QStringView token = in.word({});
    if (token.isEmpty())
        in.fail(at, prefix + QStringLiteral("expected %1, found end of line").arg(expected));
    const QString shown = in.shownAt(at);
    if (!parseDuration(token, shown, nullptr))
        in.fail(at, prefix + QStringLiteral("expected a duration like 15m, found %1").arg(shown));
    return *parseDuration(token, shown, nullptr);
}

void TextParser::parseLine(QStringView line, int lineNo)
{
    const qsizetype comment = line.indexOf(QLatin1Char('#'));
    LineReader in(comment >= 0 ? line.left(comment) : line);
    in.skipSpaces();
    if (in.atEnd())
        return;
    const qsizetype at = in.pos();
    if (in.peek().isDigit())
        return parseDated(in, lineNo);
    if (in.acceptWord(kParkKeyword))
        return parseParkWhenIdle(in, at, lineNo);
    if (in.peek().isLetter()) {
        const QString word = in.letters().toString().toLower();
        if (word == QLatin1String("tz") || word == QLatin1String("default") || word == QLatin1String("prewarm") ||
            word == QLatin1String("drift")) {
            return parseSetting(in, word, at, lineNo);
        }
        // Not a setting: a rule that starts with days, unless nothing about it looks like one.
        const QChar next = in.peek();
        const bool looksLikeDays = word == QLatin1String("daily") || parseDay(word, {}, nullptr) ||
                                   next == QLatin1Char(',') || next == QLatin1Char('-') ||
                                   in.containsChar(QLatin1Char('='));
        if (!looksLikeDays) {
            in.fail(at, QStringLiteral("unknown keyword %1 (expected tz, default, prewarm, drift, park-when-idle, "
                                       "or a rule that "
                                       "starts with days or a date)")
                            .arg(in.shownAt(at)));
        }
        in.seek(at);
        return parseWeekly(in, lineNo);
    }
    in.fail(at, QStringLiteral("expected a rule that starts with days or a date, or a setting (tz, default, "
                               "prewarm, drift, park-when-idle), found %1")
                    .arg(in.shownAt(at)));
}

void TextParser::parseSetting(LineReader &in, const QString &keyword, qsizetype keywordAt, int lineNo)
{
    int *seenOn = keyword == QLatin1String("tz")        ? &m_tzLine
                  : keyword == QLatin1String("default") ? &m_defaultLine
                  : keyword == QLatin1String("prewarm") ? &m_prewarmLine
                                                        : &m_driftLine;
    if (*seenOn > 0)
        in.fail(keywordAt, QStringLiteral("'%1' given twice (first on line %2)").arg(keyword).arg(*seenOn));
    *seenOn = lineNo;

    qsizetype at = 0;
    QString error;
    if (keyword == QLatin1String("tz")) {
        const QStringView zone = readValue(in, keyword, QStringLiteral("a time zone"), &at);
        in.check(checkZone(zone.toUtf8(), quoted(zone), &error), at, error);
        schedule.timeZone = zone.toUtf8();
    } else if (keyword == QLatin1String("default")) {
        const QStringView count = readValue(in, keyword, QStringLiteral("a replica count"), &at);
        schedule.defaultReplicas = in.take(parseReplicas(count, quoted(count), &error), at, error);
    } else if (keyword == QLatin1String("prewarm")) {
        const QStringView duration = readValue(in, keyword, QStringLiteral("a duration"), &at);
        const qint64 minutes = in.take(parseDuration(duration, quoted(duration), &error), at, error);
        in.check(checkPrewarm(minutes, quoted(duration), &error), at, error);
        schedule.prewarmMinutes = int(minutes);
    } else {
        const QStringView policy = readValue(in, keyword, QStringLiteral("'keep' or 'correct'"), &at);
        schedule.drift = in.take(parseDrift(policy, quoted(policy), &error), at, error);
    }
}

// "park-when-idle 15m" or "park-when-idle 15m max 2h", the keyword already read.
void TextParser::parseParkWhenIdle(LineReader &in, qsizetype keywordAt, int lineNo)
{
    if (m_parkLine > 0)
        in.fail(keywordAt, QStringLiteral("'park-when-idle' given twice (first on line %1)").arg(m_parkLine));
    m_parkLine = lineNo;
    QString error;
    ParkWhenIdle park;
    const qsizetype idleAt = in.afterSpaces(in.pos());
    const qint64 idle = readParkDuration(in, QStringLiteral("'park-when-idle'"));
    in.check(checkParkIdle(idle, in.shownAt(idleAt), &error), idleAt, error);
    park.idleMinutes = int(idle);
    in.skipSpaces();
    if (!in.atEnd()) {
        if (!in.acceptWord(u"max")) {
            in.fail(in.pos(), QStringLiteral("park-when-idle: expected 'max' and a duration, or end of line, found %1")
                                  .arg(in.shownNext()));
        }
        const qsizetype maxAt = in.afterSpaces(in.pos());
        const qint64 limit = readParkDuration(in, QStringLiteral("'max'"));
        in.check(checkParkLimit(limit, park.idleMinutes, in.shownAt(maxAt), &error), maxAt, error);
        park.maxMinutes = int(limit);
        in.expectEnd();
    }
    schedule.parkWhenIdle = park;
}

// "Mon-Fri 07:00-17:00 = 2", "Sun 22:00-Mon 06:00 = 1", "Sun 02:00+30m = 8"
void TextParser::parseWeekly(LineReader &in, int lineNo)
{
    const DayMask days = readDays(in);
    in.requireSpace(QStringLiteral("a space and a time HH:MM after the days"));
    in.skipSpaces();
    const ClockTime start = readTime(in, TimeUse::Start);
    BatchWindow batch;
    batch.days = days;
    if (parseBatchRest(in, batch, start, lineNo))
        return;
    expectWindowDash(in);
    WeeklyWindow window;
    window.days = days;
    window.start = start.time;
    QString error;
    QString after = QStringLiteral("'-'");
    const bool hasEndDay = in.peek().isLetter();
    if (hasEndDay) {
        const qsizetype dayAt = in.pos();
        after = in.shownAt(dayAt, kDayStops);
        const int endDay = readDay(in);
        window.endDayOffset = in.take(endDayOffset(days, endDay, after, &error), dayAt, error);
        in.requireSpace(QStringLiteral("a space and a time HH:MM after the end day"));
        in.skipSpaces();
    }
    const qsizetype endAt = in.pos();
    const ClockTime end = readTime(in, TimeUse::End, after);
    in.check(checkWindowEnd(start, end, hasEndDay, &error), endAt, error);
    window.end = end.time;
    window.replicas = *readAssignment(in, false);
    window.line = lineNo;
    in.expectEnd();
    schedule.weekly.push_back(window);
}

// After a rule's start time, "+30m = 8": completes `batch` (its days or date already set) and stores it.
// False, having read nothing, when no '+' follows.
bool TextParser::parseBatchRest(LineReader &in, BatchWindow batch, const ClockTime &start, int lineNo)
{
    if (!in.accept(u"+"))
        return false;
    batch.start = start.time;
    batch.durationMinutes = readBatchDuration(in);
    batch.replicas = *readAssignment(in, false);
    batch.line = lineNo;
    in.expectEnd();
    schedule.batches.push_back(batch);
    return true;
}

// "2026-12-24..2026-12-26 = 0", "2026-12-25 = default", "2026-11-30 18:00-22:00 = 4", "2026-11-29 02:00+1h30m = 8"
void TextParser::parseDated(LineReader &in, int lineNo)
{
    const QDate first = readDate(in);
    QString error;
    const bool range = in.accept(u"..");
    if (range || in.nextIs(u"=")) {
        DateException exception;
        exception.first = first;
        exception.last = first;
        if (range) {
            const qsizetype lastAt = in.pos();
            exception.last = readDate(in);
            in.check(checkDateRange(first, exception.last, &error), lastAt, error);
        }
        exception.replicas = readAssignment(in, true);
        exception.line = lineNo;
        in.expectEnd();
        schedule.exceptions.push_back(exception);
        return;
    }
    in.requireSpace(QStringLiteral("'..' and an end date, '=' and a replica count, or a time HH:MM after the date"));
    in.skipSpaces();
    const ClockTime start = readTime(in, TimeUse::Start);
    BatchWindow batch;
    batch.date = first;
    if (parseBatchRest(in, batch, start, lineNo))
        return;
    expectWindowDash(in);
    const qsizetype endAt = in.pos();
    const ClockTime end = readTime(in, TimeUse::End, u"'-'");
    in.check(checkWindowEnd(start, end, false, &error), endAt, error);
    OneOffWindow window;
    window.date = first;
    window.start = start.time;
    window.end = end.time;
    window.replicas = *readAssignment(in, false);
    window.line = lineNo;
    in.expectEnd();
    schedule.oneOffs.push_back(window);
}

// 1-based, in characters: a surrogate pair counts once.
int columnOf(QStringView line, qsizetype pos)
{
    int column = 1;
    for (qsizetype i = 0; i < pos && i < line.size(); ++i) {
        if (!line[i].isLowSurrogate())
            ++column;
    }
    return column;
}

} // namespace

QString ScheduleParseError::describe() const
{
    if (line <= 0)
        return message;
    if (column <= 0)
        return QStringLiteral("line %1: %2").arg(line).arg(message);
    return QStringLiteral("line %1, column %2: %3").arg(line).arg(column).arg(message);
}

ScheduleParse parseScheduleText(const QString &text)
{
    QStringView rest(text);
    if (rest.startsWith(QChar(0xfeff))) // a byte order mark is not part of line 1
        rest = rest.mid(1);
    TextParser parser;
    ScheduleParse result;
    for (int lineNo = 1;; ++lineNo) {
        const qsizetype newline = rest.indexOf(QLatin1Char('\n'));
        QStringView line = newline >= 0 ? rest.left(newline) : rest;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        try {
            parser.parseLine(line, lineNo);
        } catch (const TextFailure &failure) {
            result.error = ScheduleParseError{lineNo, columnOf(line, failure.pos), failure.message};
            return result;
        }
        if (newline < 0)
            break;
        rest = rest.mid(newline + 1);
    }
    result.schedule = std::move(parser.schedule);
    return result;
}

QString scheduleToText(const Schedule &schedule)
{
    QStringList lines;
    lines << QStringLiteral("tz ") + QString::fromUtf8(schedule.timeZone);
    lines << QStringLiteral("default %1").arg(schedule.defaultReplicas);
    if (schedule.prewarmMinutes > 0)
        lines << QStringLiteral("prewarm ") + formatDuration(schedule.prewarmMinutes);
    if (schedule.drift == DriftPolicy::Correct)
        lines << QStringLiteral("drift correct");
    if (schedule.parkWhenIdle)
        lines << ruleText(*schedule.parkWhenIdle);
    for (const WeeklyWindow &window : schedule.weekly)
        lines << ruleText(window, DayRuns::AcrossWeekEnd);
    for (const BatchWindow &batch : schedule.batches)
        lines << ruleText(batch, DayRuns::AcrossWeekEnd);
    for (const OneOffWindow &window : schedule.oneOffs)
        lines << ruleText(window);
    for (const DateException &exception : schedule.exceptions)
        lines << ruleText(exception);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

ScheduleParse parseScheduleFile(const QByteArray &content)
{
    qsizetype i = content.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    while (i < content.size() && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r' || content[i] == '\n'))
        ++i;
    if (i < content.size() && content[i] == '{')
        return parseScheduleJson(content);
    return parseScheduleText(QString::fromUtf8(content));
}

QString formatDays(DayMask days)
{
    return formatDays(days, DayRuns::AcrossWeekEnd);
}

QString formatDuration(int minutes)
{
    if (minutes < 0)
        return QStringLiteral("%1m").arg(minutes);
    const int hours = minutes / 60;
    const int rest = minutes % 60;
    if (hours == 0)
        return QStringLiteral("%1m").arg(rest);
    if (rest == 0)
        return QStringLiteral("%1h").arg(hours);
    return QStringLiteral("%1h%2m").arg(hours).arg(rest);
}

} // namespace scaledeck
