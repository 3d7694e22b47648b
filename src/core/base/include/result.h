// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rayerror.h"

#include <utility>
#include <variant>

namespace scaledeck {

// A value or the specific error that prevented it (std::expected is C++23; this is the part we need). The
// error is a RayError unless a caller needs a type of its own (UnreadableSchedule).
// [[nodiscard]]: a result that can fail is handled, logged or shown, never dropped by accident.
template <typename T, typename E = RayError> class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &std::get<0>(m_data); }
    const T &operator*() const { return std::get<0>(m_data); }
    const E &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, E> m_data;
};

struct Done {}; // the value of a call that succeeds with nothing to return

inline RayError makeError(RayErrorKind kind, QString message, int httpStatus = 0)
{
    return RayError{kind, httpStatus, std::move(message)};
}

} // namespace scaledeck
