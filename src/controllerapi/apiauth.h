// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "usersfile.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>
#include <vector>

namespace scaledeck {

// Who is calling, once their token is known.
struct ApiCaller {
    QString name;
    ApiRole role = ApiRole::Viewer;
    // How the audit log names them: "alice (scaledeckctl API)".
    QString auditName() const;
};

// Bearer-token authentication against the users file. Without users (the API served on loopback with no
// --users) every caller is the viewer "local": reading needs no token there, changing is not possible.
class ApiAuth {
public:
    explicit ApiAuth(std::vector<ApiUser> users);

    bool hasUsers() const { return !m_users.empty(); }
    // The caller an "Authorization" header value names ("Bearer TOKEN"), or std::nullopt: no header, another
    // scheme, or an unknown token. Every user's token is compared, each in constant time, so how long it takes
    // says nothing about which token or how much of one matched.
    std::optional<ApiCaller> authenticate(const QByteArray &authorization) const;

    // Compares without stopping at the first difference (the time depends on the lengths only).
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

private:
    std::vector<ApiUser> m_users;
};

} // namespace scaledeck
