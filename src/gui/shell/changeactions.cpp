// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "changeactions.h"

#include "applybar.h"
#include "clustertreeview.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QItemSelectionModel>
#include <QMenu>
#include <QPushButton>
#include <QShortcut>

namespace scaledeck {

ChangeActions::ChangeActions(ApplyBar *bar, ClusterTreeView *tree, QObject *parent)
    : QObject(parent), m_tree(tree), m_apply(pressing(bar->applyButton(), tr("&Apply pending changes…"))),
      m_preview(pressing(bar->previewButton(), tr("&Preview pending changes…"))),
      m_discard(pressing(bar->discardButton(), tr("&Discard pending changes"))),
      m_park(new QAction(tr("Par&k or unpark the application"), this)),
      m_schedule(new QAction(tr("Edit the &schedule…"), this))
{
    m_apply->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_preview->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return));
    m_discard->setToolTip(tr("Also Esc while the focus is in the apply bar"));
    discardOnEscapeIn(bar);

    m_park->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_park->setToolTip(tr("What the selected application's Park/Unpark button does"));
    connect(m_park, &QAction::triggered, tree, &ClusterTreeView::toggleParkOfCurrent);
    m_schedule->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_schedule->setToolTip(tr("The schedule of the selected deployment, or of the selected application's parking"));
    connect(m_schedule, &QAction::triggered, tree, &ClusterTreeView::scheduleCurrent);
    followCurrentRow();
}

void ChangeActions::addTo(QMenu *menu) const
{
    menu->setToolTipsVisible(true);
    menu->addAction(m_apply);
    menu->addAction(m_preview);
    menu->addAction(m_discard);
    menu->addSeparator();
    menu->addAction(m_park);
    menu->addAction(m_schedule);
}

// An action that presses `button` (nothing happens while it is disabled) and is enabled when it is.
QAction *ChangeActions::pressing(QPushButton *button, const QString &text)
{
    auto *action = new QAction(text, this);
    action->setEnabled(button->isEnabled());
    m_pressed.emplace_back(button, action);
    connect(action, &QAction::triggered, button, [button] {
        enterTypedCount();
        button->click();
    });
    button->installEventFilter(this);
    return action;
}

bool ChangeActions::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::EnabledChange) {
        for (const auto &[button, action] : m_pressed)
            if (button == watched)
                action->setEnabled(button->isEnabled());
    }
    return QObject::eventFilter(watched, event);
}

// A count typed in a replica editor's spin box counts once Return is pressed or the focus leaves it, as it does
// when a button is clicked or its mnemonic pressed. A shortcut moves no focus: the count is entered here, or
// Ctrl+Return right after typing "1" would apply what was pending before it (and leave the 1 pending).
void ChangeActions::enterTypedCount()
{
    if (auto *typing = qobject_cast<QAbstractSpinBox *>(QApplication::focusWidget()))
        typing->interpretText();
}

// Only inside the bar: elsewhere Esc keeps its usual meanings (closing a popup, leaving an editor).
void ChangeActions::discardOnEscapeIn(ApplyBar *bar)
{
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), bar);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, bar->discardButton(), &QPushButton::click);
}

// The row actions follow the current row and what the model says of it (parked, pending, read-only).
void ChangeActions::followCurrentRow()
{
    if (QItemSelectionModel *selection = m_tree->selectionModel())
        connect(selection, &QItemSelectionModel::currentChanged, this, &ChangeActions::updateRowActions);
    if (QAbstractItemModel *model = m_tree->model()) {
        connect(model, &QAbstractItemModel::dataChanged, this, &ChangeActions::updateRowActions);
        connect(model, &QAbstractItemModel::modelReset, this, &ChangeActions::updateRowActions);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &ChangeActions::updateRowActions);
    }
    updateRowActions();
}

void ChangeActions::updateRowActions()
{
    m_park->setEnabled(m_tree->canToggleParkOfCurrent());
    m_schedule->setEnabled(m_tree->canScheduleCurrent());
}

} // namespace scaledeck
