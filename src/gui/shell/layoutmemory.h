// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

class QSettings;

namespace scaledeck {

// What the window remembers of its layout for one cluster; an empty field was never saved.
struct WindowLayout {
    QByteArray geometry;           // QWidget::saveGeometry(): size, position, maximised
    QByteArray treeColumns;        // the tree header's saveState(): column widths and order
    QByteArray costSplitters;      // CostView::saveSplitters()
    std::optional<int> costWindow; // a CostWindow
};

// The window's layout per cluster (its clusterKey(), which a profile names), kept in a QSettings the caller
// hands in so tests use a file of their own. Each cluster keeps its own: a big production cluster may want a
// wide name column, a test cluster the cost tab's week. With no QSettings nothing is remembered.
class LayoutMemory {
public:
    explicit LayoutMemory(QSettings *settings) : m_settings(settings) {}

    WindowLayout load(const QString &clusterKey) const;
    void save(const QString &clusterKey, const WindowLayout &layout);
    // The Fleet page's cost chart window (a CostWindow), one for the whole fleet as the page is.
    std::optional<int> loadFleetCostWindow() const;
    void saveFleetCostWindow(int window);

private:
    static QString group(const QString &clusterKey);

    QSettings *m_settings;
};

} // namespace scaledeck
