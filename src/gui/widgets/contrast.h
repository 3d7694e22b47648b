// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>

namespace scaledeck {

// WCAG 2's contrast ratio of two colours, from 1 (the same luminance) to 21 (black on white). Text the operator
// must read wants at least 4.5, a status colour or a line at least 3. Alpha is ignored.
double contrastRatio(const QColor &a, const QColor &b);

// Whether `background` is dark: light text reads better on it than dark text.
bool isDark(const QColor &background);

} // namespace scaledeck
