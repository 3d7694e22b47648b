// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// `controller import FILE [--replace] [--dry-run]`: a single-user store (an SQLite file) moved into the
// controller that --controller names, through its API (POST /api/v1/import): read whole here, checked and
// written there in one transaction. FILE is only read. The token is sent, never printed.
#include "ctlcontrollerimport.h"

#include "ctlcommands.h"

#include "bundleimport.h"
#include "storebundle.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

namespace scaledeck {

namespace {

// A bundle of years of history is tens of MB: sending and applying it may take a while.
constexpr int kImportTimeoutMs = 10 * 60 * 1000;

struct ControllerTarget {
    QUrl url; // .../api/v1/import
    QByteArray token;
};

// --controller and --controller-token-file (or their variables); an exit code when either is missing or unusable.
std::optional<int> controllerTarget(CtlCommand &command, ControllerTarget *target)
{
    const QString option = command.parser.value(QStringLiteral("controller"));
    const QString base = option.isEmpty() ? command.environment.value(QStringLiteral("SCALEDECK_CONTROLLER")) : option;
    if (base.isEmpty())
        return command.usage(QStringLiteral("'%1' needs --controller URL (or SCALEDECK_CONTROLLER): the API of "
                                            "scaledeckctl run --listen")
                                 .arg(command.name));
    QUrl url(base);
    if (!url.isValid() || (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https")) ||
        url.host().isEmpty())
        return command.usage(
            QStringLiteral("--controller '%1' is not an http:// or https:// URL").arg(url.toDisplayString()));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (!path.endsWith(QStringLiteral("/api/v1")))
        path += QStringLiteral("/api/v1");
    url.setPath(path + QStringLiteral("/import"));
    target->url = url;

    const QString fileOption = command.parser.value(QStringLiteral("controller-token-file"));
    const QString file = fileOption.isEmpty()
                             ? command.environment.value(QStringLiteral("SCALEDECK_CONTROLLER_TOKEN_FILE"))
                             : fileOption;
    if (file.isEmpty())
        return command.usage(QStringLiteral("'%1' needs --controller-token-file FILE (or "
                                            "SCALEDECK_CONTROLLER_TOKEN_FILE): your token in the controller's users "
                                            "file")
                                 .arg(command.name));
    // As a Ray token file: an operator's token that others on the machine can read is refused.
    const QFileDevice::Permissions others =
        QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (QFileInfo::exists(file) && (QFileInfo(file).permissions() & others))
        return command.fail(QStringLiteral("the token file %1 is not private: group or others may read or change it, "
                                           "so anyone on this machine could act on the controller with it; run: "
                                           "chmod 600 %1")
                                .arg(file));
    QFile tokenFile(file);
    if (!tokenFile.open(QIODevice::ReadOnly))
        return command.fail(QStringLiteral("cannot read the token file %1: %2").arg(file, tokenFile.errorString()));
    target->token = tokenFile.readAll().trimmed();
    if (target->token.isEmpty() || target->token.contains('\n'))
        return command.fail(QStringLiteral("the token file %1 must hold one token on one line").arg(file));
    return std::nullopt;
}

// The cluster of FILE to import: its only one, else the one --address names.
std::optional<int> sourceCluster(CtlCommand &command, const QString &file, QString *cluster)
{
    auto clusters = storeClusters(file);
    if (!clusters)
        return command.fail(clusters.error().message);
    if (clusters->isEmpty())
        return command.fail(QStringLiteral("%1 is a ScaleDeck store, but it holds nothing to import").arg(file));
    if (clusters->size() == 1) {
        *cluster = clusters->first();
        return std::nullopt;
    }
    if (auto bad = command.resolveCluster())
        return bad;
    if (!clusters->contains(command.clusterKey))
        return command.usage(QStringLiteral("%1 holds several clusters (%2): name the one to import with --address URL")
                                 .arg(file, clusters->join(QStringLiteral(", "))));
    *cluster = command.clusterKey;
    return std::nullopt;
}

struct Answer {
    int status = 0; // 0: no HTTP answer
    QString networkError;
    nlohmann::json body;
};

Answer post(const ControllerTarget &target, const QByteArray &body)
{
    QNetworkAccessManager network;
    QNetworkRequest request(target.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + target.token);
    request.setTransferTimeout(kImportTimeoutMs);
    std::unique_ptr<QNetworkReply> reply(network.post(request, body));
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray text = reply->readAll();
    answer.body = nlohmann::json::parse(text.constData(), text.constData() + text.size(), nullptr, false);
    if (answer.status == 0)
        answer.networkError = reply->errorString();
    return answer;
}

QString textOf(const nlohmann::json &json, const char *key)
{
    const auto found = json.find(key);
    return found != json.end() && found->is_string() ? QString::fromStdString(found->get<std::string>()) : QString();
}

void printSummary(CtlCommand &command, const nlohmann::json &summary)
{
    std::vector<QStringList> rows{
        {QStringLiteral("kind"), QStringLiteral("added"), QStringLiteral("already there"), QStringLiteral("replaced")}};
    for (int i = 0; i < kBundleKinds; ++i) {
        const std::string kind = bundleKindName(BundleKind(i)).toStdString();
        const nlohmann::json count =
            summary.is_object() ? summary.value(kind, nlohmann::json::object()) : nlohmann::json::object();
        rows.push_back({QString::fromStdString(kind), QString::number(count.value("added", 0)),
                        QString::number(count.value("alreadyThere", 0)), QString::number(count.value("replaced", 0))});
    }
    for (const QString &line : tableRows(rows, QStringLiteral("LRRR")))
        command.out << line << Qt::endl;
}

} // namespace

int controllerImportCommand(CtlCommand &command)
{
    if (auto bad = command.expectArgs(1, QStringLiteral("FILE (a ScaleDeck store's SQLite file)")))
        return *bad;
    const QString file = command.args.first();
    ControllerTarget target;
    if (auto bad = controllerTarget(command, &target))
        return *bad;
    const bool replace = command.parser.isSet(QStringLiteral("replace"));
    const bool dryRun = command.parser.isSet(QStringLiteral("dry-run"));
    if (!dryRun) {
        if (auto allowed = command.writeGuard().check(QStringLiteral("nothing was imported")); !allowed)
            return command.fail(allowed.error());
    }
    QString cluster;
    if (auto bad = sourceCluster(command, file, &cluster))
        return *bad;
    auto read = readStoreBundle(file, cluster);
    if (!read)
        return command.fail(read.error().message);
    StoreBundle bundle = *read;
    // An override that has expired holds nothing any more (the store deletes it when it next reads it).
    const qint64 now = command.clock.nowUtc().toMSecsSinceEpoch();
    std::erase_if(bundle.overrides, [now](const BundleOverride &override_) { return override_.untilMs <= now; });

    ControllerTarget sent = target;
    QUrlQuery query;
    if (replace)
        query.addQueryItem(QStringLiteral("replace"), QStringLiteral("1"));
    if (dryRun)
        query.addQueryItem(QStringLiteral("dry_run"), QStringLiteral("1"));
    sent.url.setQuery(query);
    const Answer answer = post(sent, QByteArray::fromStdString(bundleToJson(bundle).dump()));
    const QString shownController = target.url.adjusted(QUrl::RemovePath | QUrl::RemoveUserInfo).toString();
    if (answer.status == 0)
        return command.fail(QStringLiteral("cannot reach the controller at %1: %2; nothing was imported")
                                .arg(shownController, answer.networkError));
    const bool ok = answer.status == 200 || answer.status == 409;
    if (!ok || !answer.body.is_object()) {
        const QString why = answer.body.is_object() ? textOf(answer.body, "error") : QStringLiteral("no JSON answer");
        return command.fail(QStringLiteral("the controller at %1 answered %2: %3; nothing was imported")
                                .arg(shownController)
                                .arg(answer.status)
                                .arg(why));
    }
    const QString into = textOf(answer.body, "cluster");
    if (answer.status == 409) {
        const auto conflicts = answer.body.value("conflicts", nlohmann::json::array());
        command.err << "scaledeckctl: the controller's store holds " << conflicts.size()
                    << " of these differently; nothing was imported (--replace replaces them with the file's):"
                    << Qt::endl;
        for (const auto &conflict : conflicts)
            command.err << "  " << textOf(conflict, "kind") << ": " << textOf(conflict, "description") << Qt::endl;
        return ExitError;
    }
    if (dryRun)
        command.out << "dry run: nothing was written. " << file << " (" << cluster
                    << ") would move into the controller at " << shownController << " (" << into << "):" << Qt::endl;
    else
        command.out << "imported " << file << " (" << cluster << ") into the controller at " << shownController << " ("
                    << into << "):" << Qt::endl;
    printSummary(command, answer.body.value("summary", nlohmann::json::object()));
    const auto replaced = answer.body.value("conflicts", nlohmann::json::array());
    for (const auto &conflict : replaced)
        command.out << (dryRun ? "would replace " : "replaced ") << textOf(conflict, "kind") << ": "
                    << textOf(conflict, "description") << Qt::endl;
    return ExitDone;
}

} // namespace scaledeck
