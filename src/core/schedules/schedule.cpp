// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedule.h"

#include <QStringList>

namespace scaledeck {

namespace {

bool hasSurroundingSpace(const QString &text)
{
    return !text.isEmpty() && (text.front().isSpace() || text.back().isSpace());
}

} // namespace

QString ScheduleTarget::toString() const
{
    return deployment.isEmpty() ? app : app + QLatin1Char('/') + deployment;
}

std::optional<ScheduleTarget> ScheduleTarget::parse(const QString &text, QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<ScheduleTarget> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QString shown = QLatin1Char('\'') + text + QLatin1Char('\'');
    if (text.isEmpty())
        return fail(QStringLiteral("expected a target 'app' or 'app/deployment', found nothing"));
    if (hasSurroundingSpace(text))
        return fail(QStringLiteral("target %1 has leading or trailing spaces").arg(shown));
    const QStringList parts = text.split(QLatin1Char('/'));
    if (parts.size() > 2)
        return fail(
            QStringLiteral("expected a target 'app' or 'app/deployment', found more than one '/' in %1").arg(shown));
    if (parts.front().isEmpty())
        return fail(QStringLiteral("target %1 has an empty application name").arg(shown));
    if (parts.size() == 2 && parts.back().isEmpty())
        return fail(QStringLiteral("target %1 has an empty deployment name").arg(shown));
    // "app / dep" is a typo as surely as " app" is.
    for (const QString &part : parts) {
        if (hasSurroundingSpace(part))
            return fail(QStringLiteral("target %1 has spaces around '/'").arg(shown));
    }
    return ScheduleTarget{parts.front(), parts.size() == 2 ? parts.back() : QString()};
}

} // namespace scaledeck
