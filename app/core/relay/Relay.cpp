#include "relay/Relay.h"

#include "dingtalk/AccessTokenCache.h"
#include "dingtalk/CustomWebhookSender.h"
#include "dingtalk/OpenApiSender.h"
#include "dingtalk/StreamClient.h"
#include "dingtalk/WebhookSender.h"
#include "openai/ChatClient.h"
#include "openai/RetryScheduler.h"
#include "relay/Delivery.h"
#include "relay/Pipeline.h"
#include "relay/RelayServer.h"
#include "secrets/Redactor.h"
#include "storage/Database.h"
#include "storage/Store.h"
#include "util/Log.h"
#include "util/NetworkPool.h"
#include "util/TokenBucket.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTimer>

using namespace Qt::StringLiterals;

Relay::Relay(AppConfig config, SecretBundle secrets, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_secrets(std::move(secrets))
{
    for (const QString &value : std::as_const(m_secrets))
        Redactor::instance().addSecret(value);
}

Relay::~Relay()
{
    // Children that hold references into the store go before it.
    qDeleteAll(m_streams);
    delete m_server;
    delete m_pipeline;
    delete m_delivery;
    m_store.reset();
    m_database.reset();
}

bool Relay::start(QString *error)
{
    m_database = std::make_unique<Database>();
    if (!m_database->open(m_config.dataDir)) {
        *error = m_database->error();
        return false;
    }
    m_store = std::make_unique<Store>(*m_database);

    // Model calls and DingTalk deliveries get managers of their own: a slow model must not
    // hold up answers already on their way to DingTalk.
    m_modelNetwork = new NetworkPool(m_config.model.maxParallel, this);
    m_dingtalkNetwork = new NetworkPool(m_config.model.maxParallel, this);
    // Each destination takes its own proxy; both trust the same extra CAs.
    QList<QSslCertificate> extraCas;
    if (!m_config.network.caBundle.isEmpty()) {
        const auto loaded = NetworkPool::loadCaBundle(m_config.network.caBundle, error);
        if (!loaded) {
            *error = u"network/ca_bundle: "_s + *error;
            return false;
        }
        extraCas = *loaded;
    }
    const auto proxyPassword = [this](ProxySettings proxy, const QString &which) {
        proxy.which = which; // the secret's name, even for settings built in code
        return m_secrets.value(proxy.passwordKey());
    };
    m_modelNetwork->configure(m_config.network.modelProxy,
                              proxyPassword(m_config.network.modelProxy, u"model"_s), extraCas);
    m_dingtalkNetwork->configure(m_config.network.dingtalkProxy,
                                 proxyPassword(m_config.network.dingtalkProxy, u"dingtalk"_s),
                                 extraCas);
    m_chat =
        new ChatClient(m_modelNetwork, m_config.model, m_secrets.value(u"model/api_key"_s), this);
    m_sender = new WebhookSender(m_dingtalkNetwork, m_config.dingtalk.sendTimeoutSeconds, this);
    m_scheduler = std::make_unique<TimerRetryScheduler>();
    m_routes = robotRoutes();
    m_delivery = new Delivery(m_config, *m_store, *m_sender, m_routes, m_scheduler.get(), {}, this);
    connect(m_delivery, &Delivery::problem, this, &Relay::deliveryProblem);
    connect(m_delivery, &Delivery::problem, this, &Relay::notifyProblem);
    m_pipeline = new Pipeline(m_config, *m_store, *m_chat, *m_delivery, this);

    QHash<QString, QByteArray> robotSecrets;
    for (const auto &robot : std::as_const(m_config.robots))
        robotSecrets.insert(robot.id, m_secrets.value(robot.appSecretKey()).toUtf8());
    m_server = new RelayServer(m_config, robotSecrets, *m_store, this);
    m_server->setHealthExtras([this] {
        return QJsonObject{{u"jobs_queued"_s, m_pipeline->queued()},
                           {u"jobs_active"_s, m_pipeline->active()}};
    });
    connect(m_server, &RelayServer::jobAccepted, m_pipeline, &Pipeline::submit);
    if (!m_server->start(error))
        return false;

    if (m_config.robots.isEmpty())
        qCWarning(lcConfig) << "no robots are configured: add a [robot.<id>] section to the config";
    for (const auto &robot : std::as_const(m_config.robots)) {
        if (robot.mode == u"stream"_s)
            qCInfo(lcRelay).noquote() << "robot" << robot.id << "receives messages in Stream mode";
        else
            qCInfo(lcRelay).noquote()
                << "robot" << robot.id << "receives callbacks at" << robot.callbackPath;
    }
    startStreams();

    const QList<Job> unfinished = m_store->unfinishedJobs();
    if (!unfinished.isEmpty())
        qCInfo(lcRelay) << "resuming" << unfinished.size() << "unfinished job(s) from the last run";
    for (const Job &job : unfinished)
        m_pipeline->submit(job);
    return true;
}

void Relay::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_server)
        m_server->stopListening();
    for (StreamClient *stream : std::as_const(m_streams))
        stream->stop();
    if (!m_pipeline || m_pipeline->isIdle()) {
        QTimer::singleShot(0, this, &Relay::stopped);
        return;
    }
    qCInfo(lcRelay) << "finishing" << m_pipeline->active() + m_pipeline->queued()
                    << "job(s) before stopping, for at most" << m_config.relay.drainSeconds << "s";
    connect(m_pipeline, &Pipeline::idle, this, &Relay::stopped);
    QTimer::singleShot(m_config.relay.drainSeconds * 1000, this, [this] {
        qCWarning(lcRelay) << "stopping with" << m_pipeline->active() + m_pipeline->queued()
                           << "job(s) unfinished; they resume at the next start";
        disconnect(m_pipeline, &Pipeline::idle, this, &Relay::stopped);
        m_pipeline->abortAll();
        emit stopped();
    });
}

void Relay::startStreams()
{
    for (const RobotSettings &robot : std::as_const(m_config.robots)) {
        if (robot.mode != u"stream"_s)
            continue;
        StreamOptions options;
        options.gateway = m_config.dingtalk.streamGatewayUrl;
        options.clientId = robot.clientId;
        options.clientSecret =
            m_secrets.value(robot.clientSecretKey(), m_secrets.value(robot.appSecretKey()));
        auto *stream =
            new StreamClient(m_dingtalkNetwork, robot.id, options, m_scheduler.get(), this);
        const QString id = robot.id;
        // Pushed messages take the callbacks' path: the same checks, dedupe and storage.
        stream->setIntake([this, id](const QByteArray &body) {
            const RobotSettings *settings = m_config.robotById(id);
            const RelayServer::Outcome outcome = m_server->intake(*settings, body);
            if (!outcome.error.isEmpty())
                qCWarning(lcRelay).noquote()
                    << "robot" << id << "Stream message not taken:" << outcome.error;
            // A malformed message is refused for good; only a storage failure asks again.
            return outcome.status < 500;
        });
        m_streams.insert(id, stream);
        stream->open();
    }
}

QHash<QString, RobotRoutes> Relay::robotRoutes()
{
    QHash<QString, RobotRoutes> routes;
    const auto &dt = m_config.dingtalk;
    for (const RobotSettings &robot : std::as_const(m_config.robots)) {
        RobotRoutes r;
        if (!robot.clientId.isEmpty()) {
            // An app robot's AppSecret is its client secret; a separate one wins when set.
            const QString secret =
                m_secrets.value(robot.clientSecretKey(), m_secrets.value(robot.appSecretKey()));
            auto *tokens = new AccessTokenCache(m_dingtalkNetwork, dt.openApiBase, robot.clientId,
                                                secret, this);
            r.openApi = new OpenApiSender(m_dingtalkNetwork, dt.openApiBase, tokens, this);
        }
        if (robot.hasWebhook) {
            r.webhook = new CustomWebhookSender(
                m_dingtalkNetwork, dt.customWebhookUrl, m_secrets.value(robot.webhookTokenKey()),
                m_secrets.value(robot.webhookSecretKey()), robot.keywords,
                [] { return QDateTime::currentMSecsSinceEpoch(); }, this);
            r.pace = std::make_shared<TokenBucket>(dt.webhookPerMinute, 60 * 1000);
        }
        routes.insert(robot.id, r);
    }
    return routes;
}

void Relay::notifyProblem(const QString &robotId, const QString &message)
{
    const QString notifier = m_config.dingtalk.notifyRobot;
    CustomWebhookSender *webhook = m_routes.value(notifier).webhook;
    // The notifier's own failures are not reported through itself: no loop.
    if (!webhook || robotId == notifier)
        return;
    const QString text =
        u"**DingRelay**: an answer of robot %1 could not be delivered.\n\n%2"_s.arg(robotId,
                                                                                    message);
    webhook->send(u"DingRelay: delivery problem"_s, text, {}, this, [](const DeliveryResult &r) {
        if (!r.ok)
            qCWarning(lcDingTalk).noquote() << "could not send the notice:" << r.describe();
    });
}

quint16 Relay::port() const
{
    return m_server ? m_server->port() : 0;
}
