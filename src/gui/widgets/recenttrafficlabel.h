// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "recentserving.h"

#include <QLabel>
#include <QStringList>

#include <vector>

namespace scaledeck {

// What the targets of a park or scale-down served lately, in the dialog that confirms it: first that it is being
// read, then the figures (a target that served, or whose figure is unknown, in the warning colour), or why they are
// unknown. Hidden until one of them is shown.
class RecentTrafficLabel : public QLabel {
    Q_OBJECT
public:
    explicit RecentTrafficLabel(QWidget *parent = nullptr);

    void showPending(const QStringList &targets, const QString &window);
    void showServing(const std::vector<RecentServing> &lines, const QString &source);
    void showUnknown(const QStringList &targets, const QString &reason);
    QString plainText() const; // empty while hidden
};

} // namespace scaledeck
