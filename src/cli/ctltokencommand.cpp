// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "ctltokencommand.h"

#include "ctlcommandline.h"
#include "ctlcommands.h"
#include "tokenkeychain.h"

#include <QEventLoop>
#include <QFile>

#include <unistd.h>

namespace scaledeck {

namespace {

QByteArray readStandardInput(QTextStream &err)
{
    if (isatty(STDIN_FILENO)) {
        err << "Paste the token, then press Enter and Ctrl-D:" << Qt::endl;
    }
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly))
        return {};
    return input.readAll().trimmed();
}

} // namespace

int tokenStoreCommand(CtlCommand &command)
{
    const QStringList &words = command.args; // every word after the program name: no option is taken
    if (words.size() != 3 || words[0] != QLatin1String("token") || words[1] != QLatin1String("store"))
        return command.usage(QStringLiteral("'token' takes: store NAME (and no options; the token comes on stdin)"));
    const QString name = words[2];
    if (name.trimmed().isEmpty() || name.startsWith(QLatin1Char('-')))
        return command.usage(QStringLiteral("'%1' is not a profile name").arg(name));
    const QByteArray token = readStandardInput(command.err);
    if (token.isEmpty() || token.contains('\n'))
        return command.usage(QStringLiteral("standard input must hold the token: one non-empty line"));

    std::optional<Result<Done>> stored;
    QEventLoop loop;
    QObject receiver;
    storeKeychainToken(name, token, &receiver, [&](Result<Done> result) {
        stored = std::move(result);
        loop.quit();
    });
    if (!stored)
        loop.exec();
    if (!*stored)
        return command.fail(stored->error().describe());
    command.out << "stored the token for '" << name << "' in " << keychainOrigin(name)
                << "; use it with --token-keychain " << name << " or the profile " << name << Qt::endl;
    return ExitDone;
}

} // namespace scaledeck
