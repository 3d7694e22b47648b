// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

class QAbstractItemModel;

namespace scaledeck {

// One CSV field (RFC 4180): quoted when it has a comma, a quote, a line break or surrounding spaces, quotes doubled.
QString csvField(const QString &text);

// The model's rows as CSV: the horizontal header first, the display text of each cell, "\n" between records.
QString toCsv(const QAbstractItemModel &model);

} // namespace scaledeck
