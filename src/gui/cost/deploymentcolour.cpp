// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "deploymentcolour.h"

#include <QByteArray>

#include <iterator>

namespace scaledeck {

namespace {
// Hues far apart, all of a middle luminance (0.14 to 0.29).
constexpr QRgb kPalette[] = {0x4e79a7, 0xd9731a, 0x59a14f, 0xe15759, 0x499894, 0xb8860b,
                             0xb07aa1, 0x9c755f, 0x6a5acd, 0x6b8e23, 0xd37295, 0x3a9a6a};

// 32-bit FNV-1a of the name's UTF-8. Not qHash: its result differs between processes (seeded) and between
// machines (it uses the CPU's AES instructions where there are some), and the colour must not.
quint32 stableHash(const QString &name)
{
    quint32 hash = 2166136261u;
    for (const char byte : name.toUtf8()) {
        hash ^= quint8(byte);
        hash *= 16777619u;
    }
    return hash;
}
} // namespace

QColor deploymentColour(const QString &name)
{
    if (name == QStringLiteral("other"))
        return QColor(0x8c, 0x8c, 0x8c);
    return QColor::fromRgb(kPalette[stableHash(name) % std::size(kPalette)]);
}

QList<QColor> deploymentPalette()
{
    QList<QColor> colours;
    for (QRgb rgb : kPalette)
        colours.append(QColor::fromRgb(rgb));
    return colours;
}

} // namespace scaledeck
