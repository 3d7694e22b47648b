// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#include "controllerschedulebackend.h"

#include "apijson.h"
#include "auditjson.h"
#include "controllerclient.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QUrlQuery>

#include <algorithm>

namespace scaledeck {

namespace {

using Answer = Result<ControllerReply, ControllerError>;

// The worker on the backend's thread: made there (setUp), so its network objects belong to that thread.
class ControllerScheduleWorker : public QObject {
public:
    explicit ControllerScheduleWorker(ControllerConnection connection) : m_connection(std::move(connection)) {}
    void setUp()
    {
        m_network = new QNetworkAccessManager(this);
        m_client =
            new ControllerClient(m_network, m_connection.url, m_connection.token, m_connection.tokenSource, this);
    }
    void tearDown()
    {
        delete m_client; // aborts its calls: no handler runs after this
        m_client = nullptr;
    }
    ControllerClient *client() const { return m_client; }

private:
    ControllerConnection m_connection;
    QNetworkAccessManager *m_network = nullptr;
    ControllerClient *m_client = nullptr;
};

QString targetPath(const char *family, const ScheduleTarget &target)
{
    return QString::fromLatin1(family) + QLatin1Char('/') + target.toString();
}

RayError badAnswer(const QString &why)
{
    return makeError(RayErrorKind::BadPayload, QStringLiteral("the controller's schedules: %1").arg(why));
}

std::optional<ScheduleOverride> overrideFromApi(const ScheduleTarget &target, const nlohmann::json &entry)
{
    const auto found = entry.find("override");
    if (found == entry.end() || !found->is_object())
        return std::nullopt;
    ScheduleOverride override_;
    override_.target = target;
    override_.replicas = found->value("replicas", 0);
    override_.untilUtc = instantAt(*found, "until");
    override_.createdUtc = QDateTime::fromSecsSinceEpoch(0, Qt::UTC); // not in the answer: active since it was set
    override_.createdBy = textAt(*found, "by");
    return override_;
}

// A write, then the schedules as they are after it (the answer's error is the write's, if it failed).
void writeThenLoad(ControllerClient &client, const QByteArray &verb, const QString &path, const QByteArray &body,
                   std::function<void(LoadedSchedules)> done)
{
    client.call(verb, path, {}, body, &client, [&client, done = std::move(done)](const Answer &written) {
        std::optional<RayError> error;
        if (!written)
            error = asRayError(written.error());
        client.get(QStringLiteral("schedules"), &client, [error, done](const Answer &read) {
            LoadedSchedules loaded = read ? schedulesFromApi(read->body) : LoadedSchedules{};
            if (!read && !loaded.error)
                loaded.error = asRayError(read.error());
            if (error)
                loaded.error = error;
            done(std::move(loaded));
        });
    });
}

void putOverrides(ControllerClient &client, std::shared_ptr<std::vector<OverrideWrite>> writes,
                  std::shared_ptr<OverridesWritten> written, std::function<void(OverridesWritten)> done)
{
    if (written->count == writes->size())
        return done(*written);
    const ScheduleOverride &next = (*writes)[written->count].override_;
    const nlohmann::json body{{"replicas", next.replicas},
                              {"until", next.untilUtc.toUTC().toString(Qt::ISODate).toStdString()}};
    client.call("PUT", targetPath("overrides", next.target), {}, QByteArray::fromStdString(body.dump()), &client,
                [&client, writes, written, done = std::move(done)](const Answer &answer) {
                    if (!answer) {
                        written->error = asRayError(answer.error());
                        return done(*written);
                    }
                    ++written->count;
                    putOverrides(client, writes, written, done);
                });
}

std::optional<std::vector<TargetContest>> contestsFromApi(const nlohmann::json &body)
{
    const auto list = body.is_object() ? body.find("contests") : body.end();
    if (list == body.end() || !list->is_array())
        return std::nullopt;
    std::vector<TargetContest> contests;
    for (const nlohmann::json &entry : *list) {
        TargetContest contest;
        contest.target = textAt(entry, "target");
        contest.contestedUtc = instantAt(entry, "contestedAt");
        contest.description = textAt(entry, "description");
        contest.outsideValue = textAt(entry, "outsideValue");
        contest.outsideSinceUtc = instantAt(entry, "outsideSince");
        if (!contest.target.isEmpty())
            contests.push_back(contest);
    }
    return contests;
}

void resumeEach(ControllerClient &client, std::shared_ptr<QStringList> remaining, std::shared_ptr<QStringList> failures,
                std::function<void(QStringList)> done)
{
    if (remaining->isEmpty())
        return done(*failures);
    const QString target = remaining->takeFirst();
    client.call("DELETE", QStringLiteral("contests/") + target, {}, {}, &client,
                [&client, remaining, failures, target, done = std::move(done)](const Answer &answer) {
                    if (!answer)
                        failures->append(QStringLiteral("%1: %2").arg(target, asRayError(answer.error()).describe()));
                    resumeEach(client, remaining, failures, done);
                });
}

} // namespace

LoadedSchedules schedulesFromApi(const nlohmann::json &body)
{
    LoadedSchedules loaded;
    const auto list = body.is_object() ? body.find("schedules") : body.end();
    if (list == body.end() || !list->is_array()) {
        loaded.error = badAnswer(QStringLiteral("the answer has no \"schedules\" list"));
        return loaded;
    }
    std::vector<StoredSchedule> schedules;
    std::vector<ScheduleOverride> overrides;
    for (const nlohmann::json &entry : *list) {
        QString why;
        const auto target = ScheduleTarget::parse(textAt(entry, "target"), &why);
        if (!target) {
            loaded.error = badAnswer(QStringLiteral("a target '%1': %2").arg(textAt(entry, "target"), why));
            return loaded;
        }
        schedules.push_back(StoredSchedule{*target, textAt(entry, "text"), instantAt(entry, "updatedAt")});
        if (auto override_ = overrideFromApi(*target, entry))
            overrides.push_back(*override_);
    }
    loaded.schedules = std::move(schedules);
    loaded.overrides = std::move(overrides);
    return loaded;
}

Result<std::vector<AuditEntry>> auditFromApi(const nlohmann::json &body)
{
    auto entries = auditEntriesFromApi(body);
    if (!entries)
        return makeError(RayErrorKind::BadPayload, QStringLiteral("the controller's audit: ") + entries.error());
    std::vector<AuditEntry> rows = std::move(entries).value();
    std::reverse(rows.begin(), rows.end()); // the tab's order: newest first
    return rows;
}

ControllerScheduleBackend::ControllerScheduleBackend(ControllerConnection connection, QObject *parent)
    : QObject(parent),
      m_thread(QStringLiteral("ControllerSchedules"), std::make_unique<ControllerScheduleWorker>(std::move(connection)),
               &ControllerScheduleWorker::setUp, &ControllerScheduleWorker::tearDown)
{
    m_thread.start();
}

ControllerScheduleBackend::~ControllerScheduleBackend() = default;

template <typename Value>
void ControllerScheduleBackend::run(std::function<void(ControllerClient &, std::function<void(Value)>)> call,
                                    std::function<void(const Value &)> answer)
{
    auto *worker = m_thread.worker<ControllerScheduleWorker>();
    QPointer<ControllerScheduleBackend> self(this);
    QMetaObject::invokeMethod(
        worker,
        [worker, self, call = std::move(call), answer = std::move(answer)]() mutable {
            if (!worker->client())
                return;
            call(*worker->client(), [self, answer = std::move(answer)](Value value) mutable {
                if (!self)
                    return;
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, answer = std::move(answer), value = std::move(value)] {
                        if (self)
                            answer(value);
                    },
                    Qt::QueuedConnection);
            });
        },
        Qt::QueuedConnection);
}

void ControllerScheduleBackend::load(Loaded answer)
{
    // GET health first: while its schedulesVersion is the one of the list last read, the schedules are not read
    // again, and the answer has none (nothing new). Health unreadable, or a controller without the version: read.
    run<LoadedSchedules>(
        [seen = m_seenVersion](ControllerClient &client, std::function<void(LoadedSchedules)> done) {
            // Then the contests, for the banner the window's own ticks would raise (the controller's ticks change
            // them, not the schedules' version); a failed read leaves them unknown (the banner stays as it was)
            // rather than failing the schedules.
            auto withContests = [&client, done](LoadedSchedules loaded) {
                client.get(QStringLiteral("contests"), &client,
                           [loaded = std::move(loaded), done](const Answer &contests) mutable {
                               if (contests)
                                   loaded.contests = contestsFromApi(contests->body);
                               done(std::move(loaded));
                           });
            };
            client.get(QStringLiteral("health"), &client, [&client, seen, withContests](const Answer &health) {
                const std::optional<qint64> version =
                    health ? integerAt(health->body, "schedulesVersion") : std::nullopt;
                if (version && version == *seen)
                    return withContests(LoadedSchedules{});
                client.get(QStringLiteral("schedules"), &client, [seen, withContests](const Answer &read) {
                    LoadedSchedules loaded;
                    if (read)
                        loaded = schedulesFromApi(read->body);
                    else
                        loaded.error = asRayError(read.error());
                    *seen = loaded.error ? std::nullopt : integerAt(read->body, "schedulesVersion");
                    withContests(std::move(loaded));
                });
            });
        },
        std::move(answer));
}

void ControllerScheduleBackend::save(const ScheduleTarget &target, const QString &text, Loaded answer)
{
    run<LoadedSchedules>(
        [path = targetPath("schedules", target), body = text.toUtf8()](ControllerClient &client, auto done) {
            writeThenLoad(client, "PUT", path, body, std::move(done));
        },
        std::move(answer));
}

void ControllerScheduleBackend::remove(const ScheduleTarget &target, Loaded answer)
{
    // The controller clears the target's override with it, as the single-user mode does.
    run<LoadedSchedules>(
        [path = targetPath("schedules", target)](ControllerClient &client, auto done) {
            writeThenLoad(client, "DELETE", path, {}, std::move(done));
        },
        std::move(answer));
}

void ControllerScheduleBackend::setOverrides(std::vector<OverrideWrite> overrides,
                                             std::function<void(const OverridesWritten &)> answer)
{
    // One PUT each, in order: the controller audits each under the caller's name.
    auto writes = std::make_shared<std::vector<OverrideWrite>>(std::move(overrides));
    run<OverridesWritten>(
        [writes](ControllerClient &client, std::function<void(OverridesWritten)> done) {
            putOverrides(client, writes, std::make_shared<OverridesWritten>(), std::move(done));
        },
        std::move(answer));
}

void ControllerScheduleBackend::resumeContests(QStringList targets, std::function<void(const QStringList &)> answer)
{
    // One DELETE contests/TARGET each, in order: the controller audits each under the caller's name, and its
    // next tick corrects the target again. A target no longer contested is no failure (what was asked holds).
    auto remaining = std::make_shared<QStringList>(std::move(targets));
    run<QStringList>(
        [remaining](ControllerClient &client, std::function<void(QStringList)> done) {
            resumeEach(client, remaining, std::make_shared<QStringList>(), std::move(done));
        },
        std::move(answer));
}

void ControllerScheduleBackend::loadAudit(QDateTime sinceUtc, AuditLoaded answer)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("since"), sinceUtc.toUTC().toString(Qt::ISODate));
    using Entries = Result<std::vector<AuditEntry>>;
    run<Entries>(
        [query](ControllerClient &client, std::function<void(Entries)> done) {
            client.get(QStringLiteral("audit"), query, &client, [done](const Answer &read) {
                if (!read)
                    return done(Entries(asRayError(read.error())));
                done(auditFromApi(read->body)); // parsed here, on the worker's thread
            });
        },
        std::move(answer));
}

} // namespace scaledeck
