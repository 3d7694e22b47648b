// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>

#include <utility>
#include <vector>

class QAction;
class QMenu;
class QPushButton;
class QWidget;

namespace scaledeck {

class ApplyBar;
class ClusterTreeView;

// The window's Changes menu, so that every action has a key: Apply (Ctrl+Return), Preview (Ctrl+Shift+Return)
// and Discard press the apply bar's buttons, so they take the buttons' path and are enabled exactly when the
// buttons are; Esc inside the bar discards too. Park or unpark (Ctrl+K) and Edit schedule (Ctrl+E) act on the
// tree's current row as its Park button and its context menu do, and are enabled when those are.
class ChangeActions : public QObject {
    Q_OBJECT
public:
    ChangeActions(ApplyBar *bar, ClusterTreeView *tree, QObject *parent = nullptr);

    void addTo(QMenu *menu) const;
    QAction *applyAction() const { return m_apply; }
    QAction *previewAction() const { return m_preview; }
    QAction *discardAction() const { return m_discard; }
    QAction *parkAction() const { return m_park; }
    QAction *scheduleAction() const { return m_schedule; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QAction *pressing(QPushButton *button, const QString &text);
    static void enterTypedCount();
    void discardOnEscapeIn(ApplyBar *bar);
    void followCurrentRow();
    void updateRowActions();

    ClusterTreeView *m_tree;
    std::vector<std::pair<QPushButton *, QAction *>> m_pressed; // each button and the action that presses it
    QAction *m_apply;
    QAction *m_preview;
    QAction *m_discard;
    QAction *m_park;
    QAction *m_schedule;
};

} // namespace scaledeck
