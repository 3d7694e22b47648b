// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// QTEST_MAIN for the window's tests, with what the application's main() installs first: the English plural forms
// ("1 replica", "2 replicas"), so a test reads the texts an operator reads.
#include "pluralforms.h"

#include <QApplication>
#include <QTest>

#define SCALEDECK_GUI_TEST_MAIN(TestObject)                                                                            \
    int main(int argc, char *argv[])                                                                                   \
    {                                                                                                                  \
        QApplication app(argc, argv);                                                                                  \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                                       \
        if (const QString why = scaledeck::installPluralForms(&app); !why.isEmpty())                                   \
            qFatal("%s", qPrintable(why));                                                                             \
        TestObject test;                                                                                               \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                     \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
