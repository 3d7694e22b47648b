// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtTest/QTest>

// Fixture files captured from a real Ray cluster (tests/fixtures); a missing one fails the test loudly.
inline QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(SCALEDECK_FIXTURES "/") + name);
    if (!file.open(QIODevice::ReadOnly)) {
        QTest::qFail(qPrintable(QStringLiteral("missing fixture %1").arg(file.fileName())), __FILE__, __LINE__);
        return {};
    }
    return file.readAll();
}
