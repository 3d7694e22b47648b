#include "ctlcommands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("scaledeckctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SCALEDECK_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return scaledeck::runScaledeckCtl(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment(), out, err);
}
