// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "result.h"

#include <QHostAddress>
#include <QString>

namespace scaledeck {

// Where the metrics endpoint listens: an IP address and a port (0: any free one).
struct ListenAddress {
    QHostAddress host;
    quint16 port = 0;
};

// "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:0". A host name is refused: the address is what the socket binds,
// so it must name one interface, not whatever a name resolves to. The error says which part is wrong.
[[nodiscard]] Result<ListenAddress> parseListenAddress(const QString &text);

} // namespace scaledeck
