// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllerapi.h"

#include "apiroutes.h"
#include "logging.h"

#include <QTcpServer>

namespace scaledeck {

namespace {
constexpr int kLongestWaitS = 300;
constexpr int kDefaultWaitS = 30;

QByteArray headerValue(const QHttpServerRequest &request, QByteArrayView name)
{
    for (const auto &[key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}
} // namespace

ControllerApi::ControllerApi(ApiContext context, ApiAuth auth) : m_context(std::move(context)), m_auth(std::move(auth))
{
    m_context.hub = &m_hub;
    m_context.schedulesVersion = &m_schedulesVersion;
    // A write through the API, an import included, may change the schedules: GET health reads them again then.
    QObject::connect(&m_imports, &ImportRunner::answered, &m_imports, [this] { m_schedulesVersion.forget(); });
    // Every path goes through one dispatcher: the routes need the caller first, and a target in a path has a '/'.
    m_server.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        dispatch(request, std::move(responder));
    });
}

Result<quint16> ControllerApi::listen(const ListenAddress &address)
{
    if (!m_auth.hasUsers() && !address.host.isLoopback())
        return makeError(RayErrorKind::BadSetting,
                         QStringLiteral("%1 is not a loopback address: serving the API there needs --users FILE (who "
                                        "may call it, with which token)")
                             .arg(address.host.toString()));
    auto *tcp = new QTcpServer(&m_server);
    if (!tcp->listen(address.host, address.port)) {
        const QString why = tcp->errorString();
        delete tcp;
        return makeError(RayErrorKind::BadSetting, QStringLiteral("cannot listen for the API on %1:%2: %3")
                                                       .arg(address.host.toString())
                                                       .arg(address.port)
                                                       .arg(why));
    }
    m_server.bind(tcp);
    return tcp->serverPort();
}

void ControllerApi::dispatch(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    static const QString prefix = QStringLiteral("/api/v1/");
    const QString path = request.url().path(QUrl::FullyDecoded);
    if (!path.startsWith(prefix)) {
        sendReply(responder, errorReply(404, QStringLiteral("the API is under /api/v1/")));
        return;
    }
    // The token is never logged, nor echoed: only whether it named someone.
    const std::optional<ApiCaller> caller = m_auth.authenticate(headerValue(request, "Authorization"));
    if (!caller) {
        ApiReply refused = errorReply(401, QStringLiteral("missing or unknown bearer token (Authorization: Bearer "
                                                          "TOKEN, from the users file)"));
        refused.challenge = true;
        qCInfo(lcController).noquote() << "API: refused an unauthenticated" << request.url().path() << "from"
                                       << request.remoteAddress().toString();
        sendReply(responder, refused);
        return;
    }
    const ApiCall call{request.method(), path.mid(prefix.size()).split(u'/', Qt::SkipEmptyParts), request.query(),
                       request.body(), *caller};
    qCDebug(lcController).noquote() << "API:" << caller->name << call.path.join(u'/');
    if (call.path.value(0) == QStringLiteral("snapshot") && call.path.size() == 1) {
        snapshot(call, std::move(responder));
        return;
    }
    if (isImportCall(call)) {
        import(call, std::move(responder));
        return;
    }
    const std::optional<ApiReply> reply = route(call);
    if (!call.isGet())
        m_schedulesVersion.forget();
    sendReply(responder, reply ? *reply : errorReply(404, QStringLiteral("no such endpoint: %1").arg(path)));
}

std::optional<ApiReply> ControllerApi::route(const ApiCall &call)
{
    for (auto family : {statusRoutes, scheduleRoutes, overrideRoutes, contestRoutes, auditRoutes, clusterRoutes,
                        pricesRoutes, costRoutes, projectionRoutes}) {
        if (std::optional<ApiReply> reply = family(call, m_context))
            return reply;
    }
    return std::nullopt;
}

void ControllerApi::snapshot(const ApiCall &call, QHttpServerResponder &&responder)
{
    if (!call.isGet()) {
        sendReply(responder, methodNotAllowed(QStringLiteral("GET")));
        return;
    }
    const QString afterText = call.query.queryItemValue(QStringLiteral("after"));
    const QString waitText = call.query.queryItemValue(QStringLiteral("wait"));
    bool ok = true;
    const qint64 after = afterText.isEmpty() ? -1 : afterText.toLongLong(&ok);
    if (!ok || after < -1) {
        sendReply(responder,
                  errorReply(400, QStringLiteral("after takes a snapshot version, not '%1'").arg(afterText)));
        return;
    }
    const double waitS = waitText.isEmpty() ? kDefaultWaitS : waitText.toDouble(&ok);
    if (!ok || waitS < 0 || waitS > kLongestWaitS) {
        sendReply(
            responder,
            errorReply(400, QStringLiteral("wait takes 0 to %1 seconds, not '%2'").arg(kLongestWaitS).arg(waitText)));
        return;
    }
    if (after < 0) { // no version given: the current one now
        sendReply(responder, m_hub.current());
        return;
    }
    m_hub.wait(after, int(waitS * 1000), std::move(responder));
}

void ControllerApi::import(const ApiCall &call, QHttpServerResponder &&responder)
{
    std::variant<ApiReply, ImportJob> job = importJob(call, m_context);
    if (const ApiReply *refused = std::get_if<ApiReply>(&job)) {
        sendReply(responder, *refused);
        return;
    }
    m_imports.run(std::get<ImportJob>(std::move(job)), std::move(responder));
}

} // namespace scaledeck
