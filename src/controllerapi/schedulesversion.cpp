// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "schedulesversion.h"

#include <QCryptographicHash>

namespace scaledeck {

namespace {
std::size_t digestOf(const StoredSchedules &stored)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    const auto add = [&hash](const QString &text) {
        hash.addData(text.toUtf8());
        hash.addData(QByteArrayView("\0", 1)); // a field's end: "ab","c" is not "a","bc"
    };
    for (const StoredSchedule &schedule : stored.schedules) {
        add(schedule.target.toString());
        add(schedule.text);
        add(QString::number(schedule.updatedUtc.toMSecsSinceEpoch()));
    }
    add(QStringLiteral("overrides"));
    for (const ScheduleOverride &override_ : stored.overrides) {
        add(override_.target.toString());
        add(QString::number(override_.replicas));
        add(QString::number(override_.untilUtc.toMSecsSinceEpoch()));
        add(QString::number(override_.createdUtc.toMSecsSinceEpoch()));
        add(override_.createdBy);
        add(override_.note);
    }
    const QByteArray digest = hash.result();
    std::size_t value = 0;
    for (int i = 0; i < int(sizeof value); ++i)
        value = (value << 8) | std::size_t(quint8(digest.at(i)));
    return value;
}
} // namespace

qint64 SchedulesVersion::of(const StoredSchedules &stored, const QDateTime &now)
{
    const std::size_t digest = digestOf(stored);
    if (!m_digest)
        m_version = now.toMSecsSinceEpoch();
    else if (*m_digest != digest)
        ++m_version;
    m_digest = digest;
    return m_version;
}

std::optional<qint64> SchedulesVersion::knownSince(const QDateTime &tickAt) const
{
    if (!m_digest || !m_readAfterTick.isValid() || m_readAfterTick != tickAt)
        return std::nullopt;
    return m_version;
}

} // namespace scaledeck
