// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The JSON form of a schedule: what scheduleToJson() writes, parseScheduleJson() reads, strictly (an unknown
// or repeated key is an error, so a typo is never silently ignored). Values go through the same rules as the
// text form (schedulerules.h).
#include "schedulejson.h"

#include "schedulerules.h"

#include <QStringList>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace scaledeck {

using namespace schedulerules;

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// Thrown inside this file only; parseScheduleJson turns it into the ScheduleParseError.
struct JsonFailure {
    std::string pointer; // RFC 6901, "" for the document
    QString message;
};

[[noreturn]] void fail(const std::string &pointer, const QString &message)
{
    throw JsonFailure{pointer, message};
}

std::string child(const std::string &pointer, const std::string &key)
{
    std::string escaped;
    for (char c : key) {
        if (c == '~')
            escaped += "~0";
        else if (c == '/')
            escaped += "~1";
        else
            escaped += c;
    }
    return pointer + '/' + escaped;
}

std::string child(const std::string &pointer, std::size_t index)
{
    return pointer + '/' + std::to_string(index);
}

// A value as a message shows it: as JSON, shortened when long.
QString shown(const Json &value)
{
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > 60)
        text = text.substr(0, 60) + "...";
    return QString::fromStdString(text);
}

template <typename T> T take(std::optional<T> value, const std::string &pointer, const QString &error)
{
    if (!value)
        fail(pointer, error);
    return *value;
}

void check(bool ok, const std::string &pointer, const QString &error)
{
    if (!ok)
        fail(pointer, error);
}

void checkObject(const Json &value, const std::string &pointer, std::initializer_list<const char *> keys)
{
    if (!value.is_object())
        fail(pointer, QStringLiteral("expected an object, found %1").arg(shown(value)));
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (std::find_if(keys.begin(), keys.end(), [&](const char *key) { return it.key() == key; }) == keys.end()) {
            QStringList expected;
            for (const char *key : keys)
                expected << QLatin1String(key);
            fail(child(pointer, it.key()),
                 QStringLiteral("unknown key (expected one of %1)").arg(expected.join(QLatin1String(", "))));
        }
    }
}

const Json *optionalKey(const Json &object, const char *key)
{
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

const Json &requiredKey(const Json &object, const char *key, const std::string &pointer)
{
    const Json *value = optionalKey(object, key);
    if (!value)
        fail(pointer, QStringLiteral("missing \"%1\"").arg(QLatin1String(key)));
    return *value;
}

const Json &arrayValue(const Json &value, const std::string &pointer)
{
    if (!value.is_array())
        fail(pointer, QStringLiteral("expected an array, found %1").arg(shown(value)));
    return value;
}

QString stringValue(const Json &value, const std::string &pointer)
{
    if (!value.is_string())
        fail(pointer, QStringLiteral("expected a string, found %1").arg(shown(value)));
    return QString::fromStdString(value.get_ref<const std::string &>());
}

qint64 integerValue(const Json &value, const std::string &pointer)
{
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        return number > std::uint64_t(std::numeric_limits<qint64>::max()) ? std::numeric_limits<qint64>::max()
                                                                          : qint64(number);
    }
    if (value.is_number_integer())
        return value.get<std::int64_t>();
    fail(pointer, QStringLiteral("expected an integer, found %1").arg(shown(value)));
}

int replicasValue(const Json &value, const std::string &pointer)
{
    const qint64 count = integerValue(value, pointer);
    QString error;
    check(checkReplicas(count, shown(value), &error), pointer, error);
    return int(count);
}

ClockTime timeValue(const Json &value, const std::string &pointer, TimeUse use)
{
    QString error;
    return take(parseTime(stringValue(value, pointer), use, shown(value), &error), pointer, error);
}

QDate dateValue(const Json &value, const std::string &pointer)
{
    QString error;
    return take(parseDate(stringValue(value, pointer), shown(value), &error), pointer, error);
}

int dayValue(const Json &value, const std::string &pointer)
{
    QString error;
    return take(parseDay(stringValue(value, pointer), shown(value), &error), pointer, error);
}

DayMask daysValue(const Json &value, const std::string &pointer)
{
    DayMask days = 0;
    for (std::size_t i = 0; i < arrayValue(value, pointer).size(); ++i)
        days |= dayBit(dayValue(value[i], child(pointer, i)));
    if (days == 0)
        fail(pointer, QStringLiteral("expected at least one day, found []"));
    return days;
}

WeeklyWindow weeklyValue(const Json &item, const std::string &pointer)
{
    checkObject(item, pointer, {"days", "start", "end", "end_day", "replicas"});
    WeeklyWindow window;
    window.days = daysValue(requiredKey(item, "days", pointer), child(pointer, "days"));
    const ClockTime start = timeValue(requiredKey(item, "start", pointer), child(pointer, "start"), TimeUse::Start);
    window.start = start.time;
    QString error;
    const Json *endDay = optionalKey(item, "end_day");
    if (endDay) {
        const std::string at = child(pointer, "end_day");
        window.endDayOffset = take(endDayOffset(window.days, dayValue(*endDay, at), shown(*endDay), &error), at, error);
    }
    const std::string endAt = child(pointer, "end");
    const ClockTime end = timeValue(requiredKey(item, "end", pointer), endAt, TimeUse::End);
    check(checkWindowEnd(start, end, endDay != nullptr, &error), endAt, error);
    window.end = end.time;
    window.replicas = replicasValue(requiredKey(item, "replicas", pointer), child(pointer, "replicas"));
    return window;
}

BatchWindow batchValue(const Json &item, const std::string &pointer)
{
    checkObject(item, pointer, {"days", "date", "start", "duration_minutes", "replicas"});
    BatchWindow batch;
    const Json *days = optionalKey(item, "days");
    const Json *date = optionalKey(item, "date");
    if ((days == nullptr) == (date == nullptr))
        fail(pointer, QStringLiteral("expected either \"days\" (weekly) or \"date\" (once)"));
    if (days)
        batch.days = daysValue(*days, child(pointer, "days"));
    else
        batch.date = dateValue(*date, child(pointer, "date"));
    batch.start = timeValue(requiredKey(item, "start", pointer), child(pointer, "start"), TimeUse::Start).time;
    const std::string durationAt = child(pointer, "duration_minutes");
    const Json &duration = requiredKey(item, "duration_minutes", pointer);
    const qint64 minutes = integerValue(duration, durationAt);
    QString error;
    check(checkBatchDuration(minutes, shown(duration), &error), durationAt, error);
    batch.durationMinutes = int(minutes);
    batch.replicas = replicasValue(requiredKey(item, "replicas", pointer), child(pointer, "replicas"));
    return batch;
}

OneOffWindow oneOffValue(const Json &item, const std::string &pointer)
{
    checkObject(item, pointer, {"date", "start", "end", "replicas"});
    OneOffWindow window;
    window.date = dateValue(requiredKey(item, "date", pointer), child(pointer, "date"));
    const ClockTime start = timeValue(requiredKey(item, "start", pointer), child(pointer, "start"), TimeUse::Start);
    const std::string endAt = child(pointer, "end");
    const ClockTime end = timeValue(requiredKey(item, "end", pointer), endAt, TimeUse::End);
    QString error;
    check(checkWindowEnd(start, end, false, &error), endAt, error);
    window.start = start.time;
    window.end = end.time;
    window.replicas = replicasValue(requiredKey(item, "replicas", pointer), child(pointer, "replicas"));
    return window;
}

DateException exceptionValue(const Json &item, const std::string &pointer)
{
    checkObject(item, pointer, {"from", "to", "replicas"});
    DateException exception;
    exception.first = dateValue(requiredKey(item, "from", pointer), child(pointer, "from"));
    const std::string toAt = child(pointer, "to");
    exception.last = dateValue(requiredKey(item, "to", pointer), toAt);
    QString error;
    check(checkDateRange(exception.first, exception.last, &error), toAt, error);
    const Json &replicas = requiredKey(item, "replicas", pointer);
    if (!replicas.is_null())
        exception.replicas = replicasValue(replicas, child(pointer, "replicas"));
    return exception;
}

// {"idle_minutes": 15, "max_minutes": 120}, max optional.
ParkWhenIdle parkValue(const Json &item, const std::string &pointer)
{
    checkObject(item, pointer, {"idle_minutes", "max_minutes"});
    ParkWhenIdle park;
    QString error;
    const std::string idleAt = child(pointer, "idle_minutes");
    const Json &idle = requiredKey(item, "idle_minutes", pointer);
    const qint64 idleMinutes = integerValue(idle, idleAt);
    check(checkParkIdle(idleMinutes, shown(idle), &error), idleAt, error);
    park.idleMinutes = int(idleMinutes);
    if (const Json *limit = optionalKey(item, "max_minutes")) {
        const std::string maxAt = child(pointer, "max_minutes");
        const qint64 maxMinutes = integerValue(*limit, maxAt);
        check(checkParkLimit(maxMinutes, park.idleMinutes, shown(*limit), &error), maxAt, error);
        park.maxMinutes = int(maxMinutes);
    }
    return park;
}

template <typename T, typename Read>
void readArray(const Json &document, const char *key, std::vector<T> &into, Read read)
{
    const Json *items = optionalKey(document, key);
    if (!items)
        return;
    const std::string pointer = child(std::string(), key);
    for (std::size_t i = 0; i < arrayValue(*items, pointer).size(); ++i)
        into.push_back(read((*items)[i], child(pointer, i)));
}

ScheduleParse readDocument(const Json &document)
{
    if (!document.is_object())
        fail({}, QStringLiteral("expected a JSON object at the top level, found %1").arg(shown(document)));
    checkObject(document, {},
                {"target", "tz", "default", "prewarm_minutes", "drift", "park_when_idle", "weekly", "batches",
                 "one_offs", "exceptions"});
    ScheduleParse result;
    Schedule schedule;
    QString error;
    if (const Json *target = optionalKey(document, "target"))
        result.target = take(ScheduleTarget::parse(stringValue(*target, "/target"), &error), "/target", error);
    if (const Json *zone = optionalKey(document, "tz")) {
        const QByteArray id = stringValue(*zone, "/tz").toUtf8();
        check(checkZone(id, shown(*zone), &error), "/tz", error);
        schedule.timeZone = id;
    }
    if (const Json *count = optionalKey(document, "default"))
        schedule.defaultReplicas = replicasValue(*count, "/default");
    if (const Json *prewarm = optionalKey(document, "prewarm_minutes")) {
        const qint64 minutes = integerValue(*prewarm, "/prewarm_minutes");
        check(checkPrewarm(minutes, shown(*prewarm), &error), "/prewarm_minutes", error);
        schedule.prewarmMinutes = int(minutes);
    }
    if (const Json *drift = optionalKey(document, "drift"))
        schedule.drift = take(parseDrift(stringValue(*drift, "/drift"), shown(*drift), &error), "/drift", error);
    if (const Json *park = optionalKey(document, "park_when_idle"))
        schedule.parkWhenIdle = parkValue(*park, "/park_when_idle");
    readArray(document, "weekly", schedule.weekly, weeklyValue);
    readArray(document, "batches", schedule.batches, batchValue);
    readArray(document, "one_offs", schedule.oneOffs, oneOffValue);
    readArray(document, "exceptions", schedule.exceptions, exceptionValue);
    result.schedule = std::move(schedule);
    return result;
}

// Sees every key while nlohmann parses and fails on one repeated in an object, which the document tree
// would otherwise keep only the last of.
class DuplicateKeyCheck {
public:
    bool operator()(int /*depth*/, Json::parse_event_t event, Json &parsed)
    {
        switch (event) {
        case Json::parse_event_t::object_start:
        case Json::parse_event_t::array_start:
            m_frames.push_back(Frame{event == Json::parse_event_t::array_start, 0, {}, {}});
            break;
        case Json::parse_event_t::key:
            m_frames.back().key = parsed.get<std::string>();
            if (!m_frames.back().keys.insert(m_frames.back().key).second)
                fail(pointer(), QStringLiteral("key given twice"));
            break;
        case Json::parse_event_t::object_end:
        case Json::parse_event_t::array_end:
            m_frames.pop_back();
            elementDone();
            break;
        case Json::parse_event_t::value:
            elementDone();
            break;
        }
        return true;
    }

private:
    struct Frame {
        bool array = false;
        std::size_t index = 0;
        std::string key;
        std::set<std::string> keys;
    };
    void elementDone()
    {
        if (!m_frames.empty() && m_frames.back().array)
            ++m_frames.back().index;
    }
    std::string pointer() const
    {
        std::string result;
        for (const Frame &frame : m_frames)
            result = frame.array ? child(result, frame.index) : child(result, frame.key);
        return result;
    }
    std::vector<Frame> m_frames;
};

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." -> "syntax error ..."
QString nlohmannMessage(const char *what)
{
    std::string text = what;
    if (const auto bracket = text.find("] "); text.starts_with("[json.exception.") && bracket != std::string::npos)
        text.erase(0, bracket + 2);
    if (const auto colon = text.find(": "); text.starts_with("parse error") && colon != std::string::npos)
        text.erase(0, colon + 2);
    return QString::fromStdString(text);
}

// Line and column (1-based, the column in characters) of the byte at 1-based position `byte`.
std::pair<int, int> positionOf(const QByteArray &text, std::size_t byte)
{
    const qsizetype end = std::min<qsizetype>(text.size(), qsizetype(byte > 0 ? byte - 1 : 0));
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xc0) != 0x80) { // not a UTF-8 continuation byte
            ++column;
        }
    }
    return {line, column};
}

OrderedJson dayNames(DayMask days)
{
    OrderedJson names = OrderedJson::array();
    for (int day = 1; day <= 7; ++day) {
        if (days & dayBit(day))
            names.push_back(dayName(day).toStdString());
    }
    return names;
}

// One rule as an object of the JSON form, its keys in the pinned order.
OrderedJson ruleJson(const WeeklyWindow &window)
{
    OrderedJson item;
    item["days"] = dayNames(window.days);
    item["start"] = formatTime(window.start).toStdString();
    item["end"] = formatEndTime(window.end, window.endDayOffset).toStdString();
    if (window.endDayOffset > 0)
        item["end_day"] = endDayName(window).toStdString();
    item["replicas"] = window.replicas;
    return item;
}

OrderedJson ruleJson(const BatchWindow &batch)
{
    OrderedJson item;
    if (batch.date)
        item["date"] = formatDate(*batch.date).toStdString();
    else
        item["days"] = dayNames(batch.days);
    item["start"] = formatTime(batch.start).toStdString();
    item["duration_minutes"] = batch.durationMinutes;
    item["replicas"] = batch.replicas;
    return item;
}

OrderedJson ruleJson(const OneOffWindow &window)
{
    OrderedJson item;
    item["date"] = formatDate(window.date).toStdString();
    item["start"] = formatTime(window.start).toStdString();
    item["end"] = formatEndTime(window.end, 0).toStdString();
    item["replicas"] = window.replicas;
    return item;
}

OrderedJson ruleJson(const DateException &exception)
{
    OrderedJson item;
    item["from"] = formatDate(exception.first).toStdString();
    item["to"] = formatDate(exception.last).toStdString();
    item["replicas"] = exception.replicas ? OrderedJson(*exception.replicas) : OrderedJson(nullptr);
    return item;
}

template <typename Rule> OrderedJson rulesJson(const std::vector<Rule> &rules)
{
    OrderedJson array = OrderedJson::array();
    for (const Rule &rule : rules)
        array.push_back(ruleJson(rule));
    return array;
}

} // namespace

ScheduleParse parseScheduleJson(const QByteArray &json)
{
    ScheduleParse result;
    Json document;
    try {
        DuplicateKeyCheck duplicates;
        document = Json::parse(json.constBegin(), json.constEnd(), std::ref(duplicates));
    } catch (const Json::parse_error &error) {
        const auto [line, column] = positionOf(json, error.byte);
        result.error =
            ScheduleParseError{line, column, QStringLiteral("invalid JSON: ") + nlohmannMessage(error.what())};
        return result;
    } catch (const Json::exception &error) { // e.g. a number too large for a double
        result.error = ScheduleParseError{0, 0, QStringLiteral("invalid JSON: ") + nlohmannMessage(error.what())};
        return result;
    } catch (const JsonFailure &failure) {
        result.error =
            ScheduleParseError{0, 0, QString::fromStdString(failure.pointer) + QLatin1String(": ") + failure.message};
        return result;
    }
    try {
        return readDocument(document);
    } catch (const JsonFailure &failure) {
        const QString where =
            failure.pointer.empty() ? QString() : QString::fromStdString(failure.pointer) + QLatin1String(": ");
        result.error = ScheduleParseError{0, 0, where + failure.message};
        return result;
    }
}

QByteArray scheduleToJson(const Schedule &schedule, const ScheduleTarget &target)
{
    OrderedJson document = OrderedJson::object();
    if (!target.app.isEmpty()) // no target: leave it out rather than write one import would refuse
        document["target"] = target.toString().toStdString();
    document["tz"] = schedule.timeZone.toStdString();
    document["default"] = schedule.defaultReplicas;
    document["prewarm_minutes"] = schedule.prewarmMinutes;
    document["drift"] = schedule.drift == DriftPolicy::Correct ? "correct" : "keep";
    // Left out when unset rather than written as null: a schedule that does not use it stays importable by a
    // ScaleDeck that does not know the key.
    if (const auto &park = schedule.parkWhenIdle) {
        OrderedJson item;
        item["idle_minutes"] = park->idleMinutes;
        if (park->maxMinutes)
            item["max_minutes"] = *park->maxMinutes;
        document["park_when_idle"] = item;
    }

    document["weekly"] = rulesJson(schedule.weekly);
    document["batches"] = rulesJson(schedule.batches);
    document["one_offs"] = rulesJson(schedule.oneOffs);
    document["exceptions"] = rulesJson(schedule.exceptions);
    return QByteArray::fromStdString(document.dump(2, ' ', false, OrderedJson::error_handler_t::replace)) + '\n';
}

} // namespace scaledeck
