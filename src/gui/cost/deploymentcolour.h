// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>
#include <QList>
#include <QString>

namespace scaledeck {

// A deployment's colour in the cost chart: a function of its name ("app/deployment") alone, so that it stays the
// same across refreshes, windows, charts and runs of the program, whatever else is shown beside it. "other" (the
// deployments past the top few) is grey. With a dozen colours two deployments can share one; their layers'
// outlines still part them and the legend names them, while a colour that moved with the set would mislead.
QColor deploymentColour(const QString &name);

// The colours deploymentColour picks from, grey not included: each has at least 3:1 contrast against a white
// background and against a dark one (#1e1e1e), so a layer reads in a light and in a dark theme.
QList<QColor> deploymentPalette();

} // namespace scaledeck
