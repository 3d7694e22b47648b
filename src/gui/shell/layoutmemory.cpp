// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "layoutmemory.h"

#include <QSettings>
#include <QUrl>

namespace scaledeck {

namespace {
const QString kGeometry = QStringLiteral("geometry");
const QString kTreeColumns = QStringLiteral("treeColumns");
const QString kCostSplitters = QStringLiteral("costSplitters");
const QString kCostWindow = QStringLiteral("costWindow");
const QString kFleetCostWindow = QStringLiteral("fleet/costWindow");
} // namespace

// "layout/http%3A%2F%2Fray%3A8265": the key's slashes would otherwise nest groups.
QString LayoutMemory::group(const QString &clusterKey)
{
    return QStringLiteral("layout/") + QString::fromLatin1(QUrl::toPercentEncoding(clusterKey));
}

WindowLayout LayoutMemory::load(const QString &clusterKey) const
{
    WindowLayout layout;
    if (!m_settings || clusterKey.isEmpty())
        return layout;
    m_settings->beginGroup(group(clusterKey));
    layout.geometry = m_settings->value(kGeometry).toByteArray();
    layout.treeColumns = m_settings->value(kTreeColumns).toByteArray();
    layout.costSplitters = m_settings->value(kCostSplitters).toByteArray();
    bool ok = false;
    const int window = m_settings->value(kCostWindow).toInt(&ok);
    if (ok)
        layout.costWindow = window;
    m_settings->endGroup();
    return layout;
}

void LayoutMemory::save(const QString &clusterKey, const WindowLayout &layout)
{
    if (!m_settings || clusterKey.isEmpty())
        return;
    m_settings->beginGroup(group(clusterKey));
    m_settings->setValue(kGeometry, layout.geometry);
    m_settings->setValue(kTreeColumns, layout.treeColumns);
    m_settings->setValue(kCostSplitters, layout.costSplitters);
    if (layout.costWindow)
        m_settings->setValue(kCostWindow, *layout.costWindow);
    m_settings->endGroup();
}

std::optional<int> LayoutMemory::loadFleetCostWindow() const
{
    if (!m_settings)
        return std::nullopt;
    bool ok = false;
    const int window = m_settings->value(kFleetCostWindow).toInt(&ok);
    return ok ? std::optional<int>(window) : std::nullopt;
}

void LayoutMemory::saveFleetCostWindow(int window)
{
    if (m_settings)
        m_settings->setValue(kFleetCostWindow, window);
}

} // namespace scaledeck
