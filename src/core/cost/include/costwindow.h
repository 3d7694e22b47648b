// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace scaledeck {

// The chart windows of the cost overview. Live is the last ten minutes, refreshed often.
enum class CostWindow { Live, Hour, Day, Week, Month };
qint64 costWindowSecs(CostWindow window);
QString costWindowName(CostWindow window); // "live", "1 h", "24 h", "7 d", "30 d"

} // namespace scaledeck
