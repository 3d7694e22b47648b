// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "writeguard.h"

namespace scaledeck {

Result<Done> WriteGuard::check(const QString &notDone) const
{
    if (!m_readOnly)
        return Done{};
    // The kind's text is the why ("this profile is read-only"); the message is the what.
    return makeError(RayErrorKind::ReadOnly, notDone);
}

} // namespace scaledeck
