// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QString>

namespace scaledeck {

// Whether this session may change what ScaleDeck stores. A read-only profile (the profile's flag, `scaledeck
// --read-only`, `scaledeckctl --read-only`) changes neither the cluster nor what a controller will do to it
// (schedules, overrides, parked configs, the controller's lock and memory) nor the figures others see (prices,
// always-on counts, the audit log). The stores are handed one and check it before every write, so the refusal
// does not depend on a button being greyed out: whichever path reaches a store, a read-only session writes
// nothing. Reads are never refused. Read-write unless made otherwise.
class WriteGuard {
public:
    explicit WriteGuard(bool readOnly = false) : m_readOnly(readOnly) {}

    bool isReadOnly() const { return m_readOnly; }

    // Done when writes are allowed; otherwise a RayErrorKind::ReadOnly error that says what was not done and
    // why: `notDone` "the schedule of llm/LLM was not saved" describes as
    // "this profile is read-only: the schedule of llm/LLM was not saved".
    Result<Done> check(const QString &notDone) const;

private:
    bool m_readOnly;
};

} // namespace scaledeck
