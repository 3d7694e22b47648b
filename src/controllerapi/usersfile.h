// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// What a caller of the controller's API may do: a viewer reads, an operator also changes.
enum class ApiRole { Viewer, Operator };
QString apiRoleName(ApiRole role);                           // "viewer", "operator"
std::optional<ApiRole> apiRoleFromName(const QString &name); // std::nullopt: not a role

// One person who may call the API, with their bearer token.
struct ApiUser {
    QString name;
    ApiRole role = ApiRole::Viewer;
    QByteArray token;
};

// The users file's lines: "NAME ROLE TOKEN" separated by spaces or tabs, '#' starts a comment line, blank lines
// are skipped. A malformed line, an unknown role, a name or a token given twice is an error naming the file and
// the line ("users:3: unknown role 'admin' (viewer or operator)"); an error never contains a token.
[[nodiscard]] Result<std::vector<ApiUser>> parseUsers(const QByteArray &content, const QString &fileName);

// Reads and parses the file at `path`. It holds secrets, so it must be readable by its owner only (mode 0600, or
// 0400): any other mode is refused with the mode it has and the chmod that fixes it.
[[nodiscard]] Result<std::vector<ApiUser>> readUsersFile(const QString &path);

} // namespace scaledeck
