// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlrunlisten.h"

namespace scaledeck {

namespace {
ApiContext withStores(ApiContext context, PriceStore *prices, HistoryStore *history)
{
    context.prices = prices;
    context.history = history;
    return context;
}
} // namespace

RunApi::RunApi(ApiContext context, ApiAuth auth, const QString &storePath)
    : m_prices(storePath), m_history(storePath),
      m_api(withStores(std::move(context), &m_prices, &m_history), std::move(auth))
{
}

Result<std::unique_ptr<RunApi>> RunApi::start(const ListenAddress &address, const QString &usersPath,
                                              ApiContext context, const QString &storePath)
{
    std::vector<ApiUser> users;
    if (!usersPath.isEmpty()) {
        auto read = readUsersFile(usersPath);
        if (!read)
            return read.error();
        users = std::move(read).value();
    }
    const QString described = users.empty()
                                  ? QStringLiteral("no --users: every caller is the viewer 'local' (read only)")
                                  : QStringLiteral("%1 user(s) from %2").arg(users.size()).arg(usersPath);
    std::unique_ptr<RunApi> api(new RunApi(std::move(context), ApiAuth(std::move(users)), storePath));
    if (auto opened = api->m_prices.open(); !opened)
        return opened.error();
    if (auto opened = api->m_history.open(); !opened)
        return opened.error();
    auto port = api->m_api.listen(address);
    if (!port)
        return port.error();
    api->m_host = address.host;
    api->m_port = *port;
    api->m_users = described;
    return api;
}

QString RunApi::address() const
{
    const QString host = m_host.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(m_host.toString())
                             : m_host.toString();
    return QStringLiteral("%1:%2").arg(host).arg(m_port);
}

} // namespace scaledeck
