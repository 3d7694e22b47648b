// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "apijson.h"

namespace scaledeck {

namespace {
const nlohmann::json *memberAt(const nlohmann::json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto found = object.find(key);
    return found != object.end() ? &*found : nullptr;
}
} // namespace

QString textAt(const nlohmann::json &object, const char *key)
{
    const nlohmann::json *member = memberAt(object, key);
    return member && member->is_string() ? QString::fromStdString(member->get<std::string>()) : QString();
}

bool flagAt(const nlohmann::json &object, const char *key)
{
    const nlohmann::json *member = memberAt(object, key);
    return member && member->is_boolean() && member->get<bool>();
}

std::optional<qint64> integerAt(const nlohmann::json &object, const char *key)
{
    const nlohmann::json *member = memberAt(object, key);
    if (!member || !member->is_number_integer())
        return std::nullopt;
    return member->get<qint64>();
}

QDateTime instantAt(const nlohmann::json &object, const char *key)
{
    const nlohmann::json *member = memberAt(object, key);
    return member ? instantOf(*member) : QDateTime();
}

QDateTime instantOf(const nlohmann::json &value)
{
    if (!value.is_string())
        return {};
    // Qt::ISODateWithMs reads a time with or without milliseconds.
    const QDateTime at = QDateTime::fromString(QString::fromStdString(value.get<std::string>()), Qt::ISODateWithMs);
    return at.isValid() ? at.toUTC() : QDateTime();
}

} // namespace scaledeck
