// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctlrunmetrics.h"

namespace scaledeck {

RunMetrics::RunMetrics(const Clock *clock, const QString &clusterKey, int tickMs, const QString &storePath)
    : m_clusterKey(clusterKey), m_metrics(clock, clusterKey, tickMs), m_server(&m_metrics), m_prices(storePath)
{
}

Result<std::unique_ptr<RunMetrics>> RunMetrics::start(const ListenAddress &address, const Clock *clock,
                                                      const QString &clusterKey, int tickMs, const QString &storePath)
{
    std::unique_ptr<RunMetrics> metrics(new RunMetrics(clock, clusterKey, tickMs, storePath));
    if (auto opened = metrics->m_prices.open(); !opened)
        return opened.error();
    auto port = metrics->m_server.listen(address);
    if (!port)
        return port.error();
    metrics->m_host = address.host;
    metrics->m_port = *port;
    return metrics;
}

QString RunMetrics::address() const
{
    const QString host = m_host.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(m_host.toString())
                             : m_host.toString();
    return QStringLiteral("%1:%2").arg(host).arg(m_port);
}

void RunMetrics::observe(const TickReport &report, QTextStream &err)
{
    if (auto prices = m_prices.prices(m_clusterKey)) {
        m_lastPrices = *prices;
        m_lastPriceError.clear();
    } else if (prices.error().describe() != m_lastPriceError) {
        m_lastPriceError = prices.error().describe();
        err << report.atUtc.toString(Qt::ISODate)
            << " scaledeckctl: prices not read for the cost metric: " << m_lastPriceError << Qt::endl;
    }
    m_metrics.observe(report, m_lastPrices);
}

} // namespace scaledeck
