// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Reading the controller's JSON answers without trusting their shape: a member that is missing, of another type,
// or asked of something that is not an object reads as empty (an empty text, false, std::nullopt, an invalid
// time), and the caller says what that means. The one set of readers for every client of the API (the feed, the
// cost calls, the window's schedules and apply, scaledeckctl --controller).

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

namespace scaledeck {

QString textAt(const nlohmann::json &object, const char *key);
bool flagAt(const nlohmann::json &object, const char *key);
std::optional<qint64> integerAt(const nlohmann::json &object, const char *key);
// An ISO 8601 text ("2026-11-30T06:00:00Z", milliseconds or not) as a UTC time.
QDateTime instantAt(const nlohmann::json &object, const char *key);
// The same of a value itself (an entry of a list, a member already looked up).
QDateTime instantOf(const nlohmann::json &value);

} // namespace scaledeck
