// Delivery: takes a job's answer to DingTalk: adapted, split, routed, paced, each part recorded.
#pragma once

#include "config/Config.h"
#include "storage/Store.h"

#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

class CustomWebhookSender;
struct DeliveryResult;
class OpenApiSender;
class RetryScheduler;
class TokenBucket;
class WebhookSender;

// A way one part of an answer reaches DingTalk: the message's sessionWebhook, the robot
// OpenAPI, or a group custom robot. Its name ("session", "openapi", "webhook") is what the parts
// table and the log show.
enum class DeliveryRoute { Session, OpenApi, Webhook };
QString nameOf(DeliveryRoute route);

// The routes one robot has besides the message's own sessionWebhook.
struct RobotRoutes
{
    OpenApiSender *openApi = nullptr;       // needs the app's clientId and secret
    CustomWebhookSender *webhook = nullptr; // a group custom robot
    std::shared_ptr<TokenBucket> pace;      // keeps the custom robot under its rate
};

class Delivery final : public QObject
{
    Q_OBJECT
public:
    // why: the reason it could not be delivered (empty when it was). The pipeline closes the
    // job with it: delivery itself never ends a job.
    using Done = std::function<void(bool delivered, const QString &why)>;
    using Clock = std::function<qint64()>;

    Delivery(const AppConfig &config, Store &store, WebhookSender &session,
             QHash<QString, RobotRoutes> routes, RetryScheduler *scheduler, Clock nowMs = {},
             QObject *parent = nullptr);
    ~Delivery() override;

    // Sends the parts of job.reply not yet delivered, in order; done() once, at the end.
    void deliver(const Job &job, Done done);
    // Sends the robot's own short note about a job whose answer is still to come (the model is
    // not answering yet): one message by the first route that takes it, one try each. It is no
    // part of the answer, so nothing is stored and a failure is only logged.
    void notice(const Job &job, const QString &text);

    // The route chain for a robot and job, first choice first (session, then openapi; or
    // webhook alone): the custom robot posts to its own group only, so it is never a fallback
    // for another conversation. For an HTTP robot the OpenAPI is left out towards a group or
    // person no earlier job came from; withheld then says so.
    QList<DeliveryRoute> routesFor(const RobotSettings &robot, const Job &job,
                                   QString *withheld = nullptr) const;

signals:
    // Something the user must act on (a keyword, IP or sign refused; no route left).
    void problem(const QString &robotId, const QString &message);

private:
    class Run;
    friend class Run;
    using Sent = std::function<void(const DeliveryResult &)>;

    // One message by one route; staffId: whom to @ (groups), empty for nobody.
    void post(DeliveryRoute route, const Job &job, const RobotSettings &robot, const QString &title,
              const QString &text, const QString &staffId, QObject *context, Sent done);
    bool sessionExpired(const Job &job) const;
    void noticeBy(const Job &job, const QString &text, QList<DeliveryRoute> routes);

    const AppConfig &m_config;
    Store &m_store;
    WebhookSender &m_session;
    QHash<QString, RobotRoutes> m_routes;
    RetryScheduler *m_scheduler;
    Clock m_now;
};
