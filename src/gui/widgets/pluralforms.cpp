// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "pluralforms.h"

#include <QCoreApplication>
#include <QTranslator>

// Outside any namespace, as Q_INIT_RESOURCE must be: the .qm sits in this static library's resources.
static void initPluralResources()
{
    Q_INIT_RESOURCE(plurals);
}

namespace scaledeck {

QString installPluralForms(QCoreApplication *application)
{
    initPluralResources();
    auto *translator = new QTranslator(application);
    const QString path = QStringLiteral(":/i18n/scaledeck_en.qm");
    if (!translator->load(path)) {
        delete translator;
        return QStringLiteral("the plural forms %1 could not be loaded").arg(path);
    }
    if (!QCoreApplication::installTranslator(translator)) {
        delete translator;
        return QStringLiteral("the plural forms %1 could not be installed").arg(path);
    }
    return QString();
}

} // namespace scaledeck
