// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "storebundle.h"

namespace scaledeck {

bool StoreBundle::sameContent(const StoreBundle &other) const
{
    return schedules == other.schedules && overrides == other.overrides && parked == other.parked &&
           prices == other.prices && alwaysOn == other.alwaysOn && audit == other.audit &&
           historyRange == other.historyRange && segments == other.segments && leases == other.leases;
}

} // namespace scaledeck
