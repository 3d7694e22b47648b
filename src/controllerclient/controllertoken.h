// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Where a client of the controller's API finds what it needs before its first call: the controller's URL and
// the bearer token from a file only its owner may read.

#include "result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace scaledeck {

// The token in `path`, trimmed. Refused when the file may be read by its group or others (it is a password:
// the message shows the mode and the chmod that fixes it, as the controller's users file does), is empty or
// cannot be read. The token itself never appears in a message.
[[nodiscard]] Result<QByteArray> readControllerToken(const QString &path);

// An http(s) URL with a host, e.g. "http://127.0.0.1:8270" or "https://scaledeck.example.com/". A bad one is a
// BadSetting error naming `optionName` ("--controller").
[[nodiscard]] Result<QUrl> parseControllerUrl(const QString &text, const QString &optionName);

// The warning for a URL a token would travel to in clear (http:// to a host other than the loopback), else an
// empty string.
QString clearTextWarning(const QUrl &url);

} // namespace scaledeck
