// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "apiauth.h"

namespace scaledeck {

QString ApiCaller::auditName() const
{
    return name + QStringLiteral(" (scaledeckctl API)");
}

ApiAuth::ApiAuth(std::vector<ApiUser> users) : m_users(std::move(users)) {}

bool ApiAuth::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Every byte of the longer one is visited whatever the contents; a length difference counts as a mismatch.
    const qsizetype n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

std::optional<ApiCaller> ApiAuth::authenticate(const QByteArray &authorization) const
{
    if (m_users.empty())
        return ApiCaller{QStringLiteral("local"), ApiRole::Viewer};
    static constexpr QByteArrayView scheme = "Bearer ";
    if (!authorization.startsWith(scheme))
        return std::nullopt;
    const QByteArrayView token = QByteArrayView(authorization).sliced(scheme.size()).trimmed();
    const ApiUser *found = nullptr;
    for (const ApiUser &user : m_users) { // no early exit: every token is compared
        if (constantTimeEquals(token, user.token) && !found)
            found = &user;
    }
    if (!found)
        return std::nullopt;
    return ApiCaller{found->name, found->role};
}

} // namespace scaledeck
