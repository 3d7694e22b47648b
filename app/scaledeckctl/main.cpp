// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "corehardening.h"
#include "ctlcommands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("scaledeckctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SCALEDECK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    // Before any token is read: a crash must not write it to a core file.
    if (const QString why = scaledeck::forbidCoreDumps(); !why.isEmpty())
        err << "scaledeckctl: warning: " << why << Qt::endl;
    return scaledeck::runScaledeckCtl(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment(), out,
                                      err);
}
