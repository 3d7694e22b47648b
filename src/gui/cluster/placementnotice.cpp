// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "placementnotice.h"

#include "placementwaits.h"

namespace scaledeck {

PlacementNotice::PlacementNotice(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("placementNotice"));
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A fixed light background, so its own dark text stays readable under a dark palette too.
    setStyleSheet(QStringLiteral("#placementNotice { background: #fdebd0; color: #5c3300; border: 1px solid #e0a458; "
                                 "border-radius: 3px; padding: 4px 8px; }"));
    hide();
}

void PlacementNotice::setSnapshot(const SnapshotPtr &snapshot)
{
    const QStringList waits = snapshot ? describePlacementWaits(*snapshot) : QStringList();
    if (waits.isEmpty()) {
        hide();
        return;
    }
    QStringList named = waits.mid(0, kNamedAtMost);
    if (const qsizetype more = waits.size() - kNamedAtMost; more > 0)
        named.append(tr("%n more deployment(s) wait(s) too", nullptr, int(more)));
    setText(tr("Ray cannot place every replica yet. %1.").arg(named.join(QStringLiteral("; "))));
    setToolTip(waits.join(QLatin1Char('\n')));
    show();
}

} // namespace scaledeck
