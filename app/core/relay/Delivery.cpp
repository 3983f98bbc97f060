#include "relay/Delivery.h"

#include "dingtalk/CustomWebhookSender.h"
#include "dingtalk/MarkdownAdapter.h"
#include "dingtalk/MessageSplitter.h"
#include "dingtalk/OpenApiSender.h"
#include "dingtalk/ReplyBuilder.h"
#include "dingtalk/WebhookSender.h"
#include "relay/TestSink.h"
#include "util/EnumNames.h"
#include "util/Log.h"
#include "util/Redactor.h"
#include "util/RetryScheduler.h"
#include "util/TokenBucket.h"

#include <QDateTime>

#include <utility>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxNetworkAttempts = 3; // per part and route: 1 s, 2 s, then the next route
constexpr int MaxThrottleWaits = 3;   // 130101: DingTalk throttles a custom robot 10 minutes
constexpr int StorageRetryMs = 1000;  // a part waiting for storage to take its "sending" mark
} // namespace

// One job's delivery, part after part, route after route.
class Delivery::Run final : public QObject
{
public:
    Run(Delivery *owner, const Job &job, const RobotSettings &robot, Done done)
        : QObject(owner)
        , d(owner)
        , m_job(job)
        , m_robot(robot)
        , m_done(std::move(done))
    {}

    void start()
    {
        m_title = ReplyBuilder::titleFor(m_job.reply);
        if (!loadParts())
            return;
        m_routes = d->routesFor(m_robot, m_job, &m_withheld);
        for (const Part &part : std::as_const(m_parts)) {
            if (part.state == Part::State::Sending)
                qCWarning(lcDingTalk).noquote() << "job" << m_job.id << "part" << label(part)
                                                << "was being sent when DingRelay stopped; sending "
                                                   "it again (possibly repeated)";
        }
        next();
    }

private:
    static QString label(const Part &part)
    {
        return u"%1/%2"_s.arg(part.index + 1).arg(part.total);
    }
    qint64 now() const { return d->m_now(); }

    // The parts as stored, split and saved first when there are none yet. A part goes out
    // from its stored row only: without one its sending could not be recorded.
    bool loadParts()
    {
        m_parts = d->m_store.parts(m_job.id);
        if (m_parts.isEmpty() &&
            d->m_store.saveParts(
                m_job.id, MessageSplitter::split(MarkdownAdapter::adapt(m_job.reply)), now()))
            m_parts = d->m_store.parts(m_job.id);
        if (!m_parts.isEmpty())
            return true;
        waitForStorage(u"its parts"_s, [this] { start(); });
        return false;
    }

    // Storage refuses writes: tried again shortly (the store fails at once meanwhile, without
    // waiting for a lock), so the answer goes out soon after storage works again.
    void waitForStorage(const QString &what, std::function<void()> then)
    {
        if (!std::exchange(m_waitingForStorage, true))
            qCWarning(lcDingTalk).noquote()
                << "job" << m_job.id << "waits until storage takes writes before sending" << what
                << '(' << d->m_store.lastError() << ')';
        d->m_scheduler->schedule(StorageRetryMs, this, std::move(then));
    }

    void next()
    {
        while (m_index < m_parts.size() && m_parts.at(m_index).state == Part::State::Sent)
            ++m_index;
        if (m_index == m_parts.size()) {
            finish(true, {});
            return;
        }
        if (m_route >= m_routes.size()) {
            QString why = m_lastError.isEmpty() ? u"no reply route is configured for this message"_s
                                                : m_lastError;
            if (!m_withheld.isEmpty())
                why += u"; "_s + m_withheld;
            giveUp(why);
            return;
        }
        const DeliveryRoute route = m_routes.at(m_route);
        if (route == DeliveryRoute::Session && sessionExpired()) {
            switchRoute(u"the sessionWebhook expired before the answer was ready"_s);
            return;
        }
        if (route == DeliveryRoute::Webhook) {
            const RobotRoutes routes = d->m_routes.value(m_robot.id);
            const qint64 wait = routes.pace ? routes.pace->waitMs() : 0;
            if (wait > 0) {
                qCInfo(lcDingTalk).noquote()
                    << "job" << m_job.id << "part" << label(m_parts.at(m_index)) << "waits" << wait
                    << "ms for the custom robot's rate limit";
                d->m_scheduler->schedule(int(wait), this, [this] { next(); });
                return;
            }
            if (routes.pace)
                routes.pace->take();
        }
        send(route);
    }

    bool sessionExpired() const { return d->sessionExpired(m_job); }

    void send(DeliveryRoute route)
    {
        const Part &part = m_parts.at(m_index);
        // Committed before the send, or no send: a restart knows what may have gone out.
        if (!d->m_store.setPartState(m_job.id, part.index, Part::State::Sending, nameOf(route), {},
                                     now())) {
            waitForStorage(u"part "_s + label(part), [this] { next(); });
            return;
        }
        if (std::exchange(m_waitingForStorage, false))
            qCInfo(lcDingTalk).noquote() << "job" << m_job.id << "is sent: storage takes writes";
        const QString title = part.total > 1 ? u"%1 (%2)"_s.arg(m_title, label(part)) : m_title;
        // @ the sender once, with the first part, so a long answer does not ping five times.
        const bool mention = m_job.message.isGroup && part.index == 0;
        const QString staffId = mention ? m_job.message.senderStaffId : QString();
        d->post(route, m_job, m_robot, title, part.text, staffId, this,
                [this, route](const DeliveryResult &r) { onResult(route, r); });
    }

    void onResult(DeliveryRoute route, const DeliveryResult &r)
    {
        Part &part = m_parts[m_index];
        if (r.ok) {
            part.state = Part::State::Sent;
            d->m_store.setPartState(m_job.id, part.index, Part::State::Sent, nameOf(route), {},
                                    now());
            m_attempts = 0;
            m_throttled = 0;
            next();
            return;
        }
        m_lastError = Redactor::instance().redact(u"%1 via %2"_s.arg(r.describe(), nameOf(route)));
        d->m_store.setPartState(m_job.id, part.index, Part::State::Pending, nameOf(route),
                                m_lastError, now());
        if (r.errcode == 130101 && ++m_throttled <= MaxThrottleWaits) {
            retryLater(d->m_config.dingtalk.throttleWaitSeconds * 1000, u"throttled"_s);
        } else if (r.errcode == 300001 ||
                   (route == DeliveryRoute::Session && r.expired && r.errcode != 300005)) {
            switchRoute(m_lastError);
        } else if (r.httpStatus == 0 || r.httpStatus >= 500) {
            if (++m_attempts < MaxNetworkAttempts)
                retryLater(1000 << (m_attempts - 1), u"could not deliver"_s);
            else
                switchRoute(m_lastError);
        } else {
            giveUp(m_lastError); // 310000 keyword/sign/IP, 40035, 300005 and the like
        }
    }

    void retryLater(int delayMs, const QString &why)
    {
        qCWarning(lcDingTalk).noquote()
            << "job" << m_job.id << "part" << label(m_parts.at(m_index)) << why << '('
            << m_lastError << "); trying again in" << delayMs << "ms";
        d->m_scheduler->schedule(delayMs, this, [this] { next(); });
    }

    void switchRoute(const QString &why)
    {
        m_lastError = why;
        ++m_route;
        m_attempts = 0;
        if (m_route < m_routes.size())
            qCInfo(lcDingTalk).noquote() << "job" << m_job.id << why << "- switching to the"
                                         << nameOf(m_routes.at(m_route)) << "route";
        next();
    }

    void giveUp(const QString &why)
    {
        const Part &part = m_parts.at(m_index);
        d->m_store.setPartState(
            m_job.id, part.index, Part::State::Failed,
            m_route < m_routes.size() ? nameOf(m_routes.at(m_route)) : QString(), why, now());
        qCWarning(lcDingTalk).noquote()
            << "job" << m_job.id << "part" << label(part) << "not delivered:" << why;
        if (!TestSink::isTestMessage(m_job.message)) // the console shows its own failures
            emit d->problem(m_robot.id, why);
        finish(false, why);
    }

    void finish(bool delivered, const QString &why)
    {
        Done done = std::move(m_done);
        deleteLater();
        if (done)
            done(delivered, why);
    }

    Delivery *d;
    Job m_job;
    RobotSettings m_robot;
    Done m_done;
    QList<Part> m_parts;
    QList<DeliveryRoute> m_routes;
    QString m_title;
    QString m_lastError;
    QString m_withheld; // why the OpenAPI is not among the routes, when it would have been
    qsizetype m_index = 0;
    qsizetype m_route = 0;
    int m_attempts = 0;
    int m_throttled = 0;
    bool m_waitingForStorage = false; // the log said so once
};

namespace {
const EnumNames::Table<DeliveryRoute, 3> DeliveryRoutes{{{DeliveryRoute::Session, "session"_L1},
                                                         {DeliveryRoute::OpenApi, "openapi"_L1},
                                                         {DeliveryRoute::Webhook, "webhook"_L1}}};
} // namespace

QString nameOf(DeliveryRoute route)
{
    return EnumNames::name(DeliveryRoutes, route);
}

Delivery::Delivery(const AppConfig &config, Store &store, WebhookSender &session,
                   QHash<QString, RobotRoutes> routes, RetryScheduler *scheduler, Clock nowMs,
                   QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_store(store)
    , m_session(session)
    , m_routes(std::move(routes))
    , m_scheduler(scheduler)
    , m_now(nowMs ? std::move(nowMs) : [] { return QDateTime::currentMSecsSinceEpoch(); })
{}

Delivery::~Delivery() = default;

QList<DeliveryRoute> Delivery::routesFor(const RobotSettings &robot, const Job &job,
                                         QString *withheld) const
{
    const InboundMessage &message = job.message;
    // The test console's answers go to its own sink only, never to a real chat.
    if (TestSink::isTestMessage(message))
        return {DeliveryRoute::Session};
    const RobotRoutes routes = m_routes.value(robot.id);
    // The OpenAPI names a 1:1 recipient by staffId: people outside the org have none.
    bool openApi = routes.openApi && (message.isGroup || !message.senderStaffId.isEmpty());
    // An HTTP callback's body is only as good as its sign, which covers the timestamp alone:
    // its conversationId and staffId are claims. The sessionWebhook goes where DingTalk made
    // it for, but the OpenAPI goes where the body says, so it is used only towards a group or
    // person an earlier message came from. A Stream push comes over DingRelay's own
    // authenticated connection.
    if (openApi && robot.mode == RobotMode::Http && !m_store.knowsRecipient(job)) {
        openApi = false;
        if (withheld)
            *withheld = message.isGroup
                            ? u"the OpenAPI answers an HTTP robot only in groups it has had a "
                              u"message from before"_s
                            : u"the OpenAPI answers an HTTP robot only to people it has had a "
                              u"1:1 message from before"_s;
    }
    if (robot.replyRoute == ReplyRoute::Webhook)
        return routes.webhook ? QList{DeliveryRoute::Webhook} : QList<DeliveryRoute>();
    if (robot.replyRoute == ReplyRoute::OpenApi) {
        // A first message is answered where DingTalk made its sessionWebhook for.
        if (!openApi && routes.openApi)
            return {DeliveryRoute::Session};
        return openApi ? QList{DeliveryRoute::OpenApi} : QList<DeliveryRoute>();
    }
    QList<DeliveryRoute> chain{DeliveryRoute::Session};
    if (openApi)
        chain << DeliveryRoute::OpenApi;
    return chain;
}

bool Delivery::sessionExpired(const Job &job) const
{
    const qint64 expires = job.message.sessionWebhookExpiresAt;
    return job.message.sessionWebhook.isEmpty() || (expires > 0 && m_now() > expires);
}

void Delivery::post(DeliveryRoute route, const Job &job, const RobotSettings &robot,
                    const QString &title, const QString &text, const QString &staffId,
                    QObject *context, Sent done)
{
    const RobotRoutes routes = m_routes.value(robot.id);
    if (route == DeliveryRoute::Session) {
        m_session.send(job.message.sessionWebhook, ReplyBuilder::markdown(text, staffId, title),
                       context, std::move(done));
    } else if (route == DeliveryRoute::OpenApi) {
        if (job.message.isGroup)
            routes.openApi->sendToGroup(robot.clientId, job.message.conversationId, title, text,
                                        context, std::move(done));
        else
            routes.openApi->sendToUser(robot.clientId, job.message.senderStaffId, title, text,
                                       context, std::move(done));
    } else {
        routes.webhook->send(title, text, staffId.isEmpty() ? QStringList() : QStringList{staffId},
                             context, std::move(done));
    }
}

void Delivery::notice(const Job &job, const QString &text)
{
    const RobotSettings *robot = m_config.robotById(job.robotId);
    if (robot)
        noticeBy(job, text, routesFor(*robot, job));
}

void Delivery::noticeBy(const Job &job, const QString &text, QList<DeliveryRoute> routes)
{
    const RobotSettings *robot = m_config.robotById(job.robotId);
    if (!robot || routes.isEmpty()) {
        qCWarning(lcDingTalk).noquote() << "job" << job.id
                                        << "the note that its answer is "
                                           "delayed could not be sent: no route took it";
        return;
    }
    const DeliveryRoute route = routes.takeFirst();
    if (route == DeliveryRoute::Session && sessionExpired(job)) {
        noticeBy(job, text, routes);
        return;
    }
    if (route == DeliveryRoute::Webhook) {
        // The custom robot's rate is kept for answers: a note that would wait is not sent.
        const std::shared_ptr<TokenBucket> pace = m_routes.value(robot->id).pace;
        if (pace && pace->waitMs() > 0) {
            noticeBy(job, text, routes);
            return;
        }
        if (pace)
            pace->take();
    }
    const QString staffId = job.message.isGroup ? job.message.senderStaffId : QString();
    post(route, job, *robot, ReplyBuilder::titleFor(text), text, staffId, this,
         [this, job, text, routes, route](const DeliveryResult &r) {
             if (r.ok)
                 return;
             qCWarning(lcDingTalk).noquote()
                 << "job" << job.id << "the note that its answer is delayed was not taken:"
                 << Redactor::instance().redact(u"%1 via %2"_s.arg(r.describe(), nameOf(route)));
             noticeBy(job, text, routes);
         });
}

void Delivery::deliver(const Job &job, Done done)
{
    const RobotSettings *robot = m_config.robotById(job.robotId);
    if (!robot) {
        done(false, u"robot %1 is no longer configured"_s.arg(job.robotId));
        return;
    }
    auto *run = new Run(this, job, *robot, std::move(done));
    run->start();
}
