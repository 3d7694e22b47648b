// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlschedulecommon.h"

#include <QFile>

#include "clusterendpoint.h"
#include "ctlcommands.h"
#include "ctlcontext.h"
#include "ctlschedulearguments.h"
#include "schedulerules.h"

#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cstdlib>
#include <iterator>

namespace scaledeck {

namespace {
// "+01:00", "-05:30", "+00:00"
QString offsetText(int offsetSeconds)
{
    const int minutes = std::abs(offsetSeconds) / 60;
    return QStringLiteral("%1%2:%3")
        .arg(offsetSeconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QDateTime inZone(const QDateTime &utc, const QTimeZone &zone)
{
    return utc.toTimeZone(zone.isValid() ? zone : QTimeZone(QTimeZone::utc()));
}

// Day names in English whatever the user's locale, like the schedule's text form.
QString formatted(const QDateTime &time, const char *format)
{
    return QLocale::c().toString(time, QLatin1String(format));
}
} // namespace

std::optional<TypedInstant> parseTypedInstant(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})"
                       "(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?([Zz]|[+-]\\d{2}(?::?\\d{2})?)?)?$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    auto number = [&](int group) { return match.captured(group).toInt(); };
    TypedInstant instant;
    instant.date = QDate(number(1), number(2), number(3));
    const int milliseconds = match.captured(7).left(3).leftJustified(3, QLatin1Char('0')).toInt(); // ".25": 250
    instant.time = match.captured(4).isEmpty() ? QTime(0, 0) : QTime(number(4), number(5), number(6), milliseconds);
    if (!instant.date.isValid() || !instant.time.isValid())
        return std::nullopt;
    const QString offset = match.captured(8);
    if (offset.compare(QLatin1String("Z"), Qt::CaseInsensitive) == 0) {
        instant.offsetSeconds = 0;
    } else if (!offset.isEmpty()) {
        const QString digits = offset.mid(1).remove(QLatin1Char(':'));
        const int hours = digits.left(2).toInt();
        const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
        if (hours > 14 || minutes > 59)
            return std::nullopt;
        instant.offsetSeconds = (offset.front() == QLatin1Char('-') ? -1 : 1) * (hours * 3600 + minutes * 60);
    }
    return instant;
}

QDateTime TypedInstant::toUtc(const QTimeZone &zoneWithoutOffset) const
{
    if (offsetSeconds)
        return QDateTime(date, time, Qt::UTC).addSecs(-*offsetSeconds);
    return localToUtc(date, time, zoneWithoutOffset.isValid() ? zoneWithoutOffset : QTimeZone(QTimeZone::utc()));
}

QString badInstantMessage(const QString &option, const QString &value)
{
    return QStringLiteral("%1 '%2' is not an ISO 8601 time (such as 2026-11-30T07:00:00+01:00 or "
                          "2026-11-30T06:00:00Z)")
        .arg(option, value);
}

std::optional<int> ScheduleCommand::openStore()
{
    if (auto bad = resolveCluster())
        return bad;
    store = std::make_unique<ScheduleStore>(storePath(), writeGuard());
    if (auto opened = store->open(); !opened)
        return fail(opened.error());
    return std::nullopt;
}

Result<std::optional<EffectiveSchedule>> loadSchedule(ScheduleCommand &command, const ScheduleTarget &target)
{
    auto loaded = loadScheduleFor(*command.store, command.clusterKey, target, command.clock.nowUtc());
    if (!loaded)
        return loaded.error();
    if (!loaded->has_value())
        return std::optional<EffectiveSchedule>();
    const ScheduleLoad &schedule = **loaded;
    if (!schedule) {
        return makeError(RayErrorKind::Storage, QStringLiteral("the stored schedule of %1 cannot be read: %2")
                                                    .arg(target.toString(), schedule.error().describe()));
    }
    return std::optional<EffectiveSchedule>(schedule.value());
}

QString noScheduleMessage(const ScheduleTarget &target)
{
    return QStringLiteral("no schedule for %1; use scaledeckctl scale for unscheduled deployments")
        .arg(target.toString());
}

std::optional<EffectiveSchedule> requireSchedule(ScheduleCommand &command, const ScheduleTarget &target, int *exitCode)
{
    if (auto bad = command.openStore()) {
        *exitCode = *bad;
        return std::nullopt;
    }
    auto loaded = loadSchedule(command, target);
    if (!loaded) {
        *exitCode = command.fail(loaded.error());
        return std::nullopt;
    }
    if (!loaded->has_value())
        *exitCode = command.fail(noScheduleMessage(target));
    return std::move(*loaded);
}

std::optional<EffectiveSchedule> requireScheduleArgument(ScheduleCommand &command, int *exitCode)
{
    const std::optional<ScheduleTarget> target = parseTargetArguments(command);
    if (!target) {
        *exitCode = ExitUsage;
        return std::nullopt;
    }
    return requireSchedule(command, *target, exitCode);
}

std::optional<ScheduleParse> readScheduleFile(const ScheduleCommand &command, const QString &path, int *exitCode)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *exitCode = command.fail(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    ScheduleParse parsed = parseScheduleFile(file.readAll());
    if (!parsed.ok()) {
        command.err << parseErrorText(path, parsed.error.value_or(ScheduleParseError{})) << Qt::endl;
        *exitCode = ExitError;
        return std::nullopt;
    }
    return parsed;
}

QString parseErrorText(const QString &file, const ScheduleParseError &error)
{
    QString where = file;
    if (error.line > 0) {
        where += QStringLiteral(":%1").arg(error.line);
        if (error.column > 0)
            where += QStringLiteral(":%1").arg(error.column);
    }
    return where + QStringLiteral(": ") + error.message;
}

QString isoUtc(const QDateTime &utc)
{
    return formatted(utc.toUTC(), "yyyy-MM-dd'T'HH:mm:ss'Z'");
}

QString isoLocal(const QDateTime &utc, const QTimeZone &zone)
{
    const QDateTime local = inZone(utc, zone);
    return formatted(local, "yyyy-MM-dd'T'HH:mm:ss") + offsetText(local.offsetFromUtc());
}

QString shownLocal(const QDateTime &utc, const QTimeZone &zone)
{
    const QDateTime local = inZone(utc, zone);
    return formatted(local, "ddd yyyy-MM-dd HH:mm") + QLatin1Char(' ') + offsetText(local.offsetFromUtc());
}

QString shownUtc(const QDateTime &utc)
{
    return formatted(utc.toUTC(), "yyyy-MM-dd HH:mm 'UTC'");
}

QString describeOverride(const ScheduleOverride &override_, const QTimeZone &zone)
{
    QString text = QStringLiteral("%1 until %2 %3 (%4), set by %5 on %6")
                       .arg(QString::number(override_.replicas), shownLocal(override_.untilUtc, zone),
                            QString::fromUtf8(zone.id()), shownUtc(override_.untilUtc), override_.createdBy,
                            shownUtc(override_.createdUtc));
    if (!override_.note.isEmpty())
        text += QStringLiteral(": ") + override_.note;
    return text;
}

void printTransitions(QTextStream &out, const std::vector<ScheduleTransition> &transitions, const QTimeZone &zone,
                      const QString &indent)
{
    std::vector<QStringList> rows;
    for (const ScheduleTransition &t : transitions) {
        rows.push_back(
            {shownLocal(t.atUtc, zone), shownUtc(t.atUtc), QStringLiteral("%1 → %2").arg(t.from).arg(t.to), t.reason});
    }
    for (const QString &line : tableRows(rows, QString()))
        out << indent << line << "\n";
}

void printNextTransitions(QTextStream &out, const ScheduleEvaluator &evaluator, const QDateTime &now, int count)
{
    const std::vector<ScheduleTransition> next = evaluator.nextTransitions(now, count);
    if (next.empty()) {
        out << "next transitions: none within 60 days\n";
    } else {
        out << "next transitions:\n";
        printTransitions(out, next, evaluator.zone(), QStringLiteral("  "));
    }
}

void printText(QTextStream &out, const QString &text)
{
    out << text;
    if (!text.endsWith(QLatin1Char('\n')))
        out << "\n";
}

void printParkWhenIdle(QTextStream &out, const Schedule &schedule)
{
    if (schedule.parkWhenIdle)
        out << schedulerules::describeRule(*schedule.parkWhenIdle) << "\n";
}

OrderedJson transitionJson(const ScheduleTransition &transition, const QTimeZone &zone, const QString &target)
{
    return OrderedJson{{"at_utc", isoUtc(transition.atUtc).toStdString()},
                       {"at_local", isoLocal(transition.atUtc, zone).toStdString()},
                       {"target", target.toStdString()},
                       {"from", transition.from},
                       {"to", transition.to},
                       {"reason", transition.reason.toStdString()}};
}

} // namespace scaledeck
