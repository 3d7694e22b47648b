// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QTableView>

namespace scaledeck {

// A table over a model it pulls the visible rows from (10,000 deployments of the cost tab). A refresh that changes
// every row is one dataChanged() over the whole table, which an item view handles by asking for the rectangle of
// each cell in it (120,000 for 10,000 rows of 12 columns), only to repaint its viewport; the headers are item views
// over the same model and did the same. This view hands on only the part of the change it shows, and its headers,
// which show header data and no cell, ignore it: a refresh costs what is visible.
class PulledTableView : public QTableView {
    Q_OBJECT
public:
    explicit PulledTableView(QWidget *parent = nullptr);

protected:
    // Marked for the stall monitor (GuiActivity): "table paint", "table layout".
    void paintEvent(QPaintEvent *event) override;
    void updateGeometries() override;
    void timerEvent(QTimerEvent *event) override; // the delayed layout
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = QList<int>()) override;
};

} // namespace scaledeck
