#include "relay/Relay.h"

#include "dingtalk/AccessTokenCache.h"
#include "dingtalk/CardClient.h"
#include "dingtalk/CustomWebhookSender.h"
#include "dingtalk/OpenApiSender.h"
#include "dingtalk/Signature.h"
#include "dingtalk/StreamClient.h"
#include "dingtalk/WebhookSender.h"
#include "history/Retention.h"
#include "openai/ChatClient.h"
#include "openai/KeyRing.h"
#include "relay/CardStreamer.h"
#include "relay/Delivery.h"
#include "relay/HealthToken.h"
#include "relay/Intake.h"
#include "relay/Pipeline.h"
#include "relay/RelayServer.h"
#include "relay/StorageWatch.h"
#include "relay/TestSink.h"
#include "relay/TunnelLog.h"
#include "storage/ApiCallCounter.h"
#include "storage/CardStore.h"
#include "storage/Database.h"
#include "storage/DatabaseCheck.h"
#include "storage/Store.h"
#include "tunnel/TunnelManager.h"
#include "util/Log.h"
#include "util/NetworkPool.h"
#include "util/Redactor.h"
#include "util/RetryScheduler.h"
#include "util/TokenBucket.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
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
    // The API key secret may hold several keys; a provider's error quotes the one it was sent.
    for (const QString &key : KeyRing::parseKeys(m_secrets.value(u"model/api_key"_s)))
        Redactor::instance().addSecret(key);
}

Relay::~Relay()
{
    // Children that hold references into the store go before it.
    qDeleteAll(m_streams);
    delete m_server;
    delete m_intake;
    delete m_pipeline;
    delete m_cards;
    delete m_delivery;
    m_cardStore.reset();
    m_apiCalls.reset();
    delete m_retention;
    m_store.reset();
    m_database.reset();
}

bool Relay::start(QString *error)
{
    m_database = std::make_unique<Database>();
    // A file that cannot be written is no reason not to start: the relay says so (503,
    // /healthz, the tray) and opens it again until it can write it (StorageWatch).
    const bool opened = m_database->open(m_config.dataDir);
    if (!opened && !m_database->unwritable()) {
        *error = m_database->error();
        return false;
    }
    m_store = std::make_unique<Store>(*m_database);
    // Any write refused (a reply, a part sent), not only a message, starts an episode.
    m_store->setHealthObserver([this](const QString &why) { onStorageFailed(why); },
                               [this] { onStorageWorked(); });
    if (m_config.retentionDays > 0)
        m_retention = new Retention(*m_database, m_config.retentionDays, this);
    m_apiCalls = std::make_unique<ApiCallCounter>(*m_database);
    m_cardStore = std::make_unique<CardStore>(*m_database);

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
    m_cards = new CardStreamer({m_cardStore.get(), m_apiCalls.get(), m_scheduler.get(), {}}, this);
    m_cards->setHideThinking(m_config.model.hideThinking);
    for (auto it = m_cardClients.cbegin(); it != m_cardClients.cend(); ++it)
        m_cards->addRobot(*m_config.robotById(it.key()), it.value());
    // The answer still arrives (as messages); the tray says once why the card did not.
    connect(m_cards, &CardStreamer::problem, this, &Relay::deliveryProblem);
    m_pipeline->setCardStreamer(m_cards);

    QHash<QString, QByteArray> robotSecrets;
    for (const auto &robot : std::as_const(m_config.robots))
        robotSecrets.insert(robot.id, m_secrets.value(robot.appSecretKey()).toUtf8());
    // Callbacks, Stream pushes and the test console all come in here.
    m_intake = new Intake(m_config, *m_store, this);
    connect(m_intake, &Intake::jobAccepted, this, &Relay::messageAccepted);
    connect(m_intake, &Intake::jobAccepted, m_pipeline, &Pipeline::submit);
    connect(m_intake, &Intake::storageFailed, this, &Relay::onStorageFailed);
    connect(m_intake, &Intake::storageWorked, this, &Relay::onStorageWorked);
    m_storageWatch = new StorageWatch(*m_database, m_config.dataDir, this);
    m_intake->setStorageCheck([this](QString *why) { return m_storageWatch->check(why); });
    connect(m_storageWatch, &StorageWatch::failed, this, [this](const QString &message) {
        if (!m_storageOk)
            return;
        m_storageOk = false;
        m_storageState = u"unwritable"_s; // the file itself: gone, replaced or not writable
        m_storageMessage = message;
        emit storageProblem(message);
    });
    connect(m_storageWatch, &StorageWatch::recovered, this, &Relay::onStorageWorked);
    connect(m_storageWatch, &StorageWatch::opened, this, &Relay::onStorageOpened);
    m_server = new RelayServer(m_config, robotSecrets, *m_intake, this);
    m_server->setHealthExtras([this] {
        // Queued counts the jobs waiting in the database alone too; those are also shown.
        QJsonObject extras{{u"jobs_queued"_s, m_pipeline->queued()},
                           {u"jobs_queued_in_database"_s, m_pipeline->spilled()},
                           {u"jobs_active"_s, m_pipeline->active()},
                           {u"storage"_s, m_storageState},
                           {u"records_kept_in_memory"_s, int(m_store->kept().size())},
                           {u"database_check"_s, !m_checked ? QJsonValue(u"running"_s)
                                                 : m_damage.isEmpty()
                                                     ? QJsonValue(u"ok"_s)
                                                     : QJsonArray::fromStringList(m_damage)}};
        if (!m_storageOk)
            extras.insert(u"storage_problem"_s, m_storageMessage);
        if (m_tunnel)
            extras.insert(u"tunnel"_s, m_tunnel->health());
        return extras;
    });
    m_server->setHealthStatus([this] { return m_storageOk ? u"ok"_s : u"storage unwritable"_s; });
    QString tokenError;
    const QByteArray healthToken = HealthToken::ensure(m_config.dataDir, &tokenError);
    if (healthToken.isEmpty())
        qCWarning(lcRelay).noquote() << "/healthz shows its status only:" << tokenError;
    Redactor::instance().addSecret(QString::fromLatin1(healthToken));
    m_server->setHealthToken(healthToken);
    if (!m_server->start(error))
        return false;

    if (m_config.robots.isEmpty())
        qCWarning(lcConfig) << "no robots are configured: add a [robot.<id>] section to the config";
    for (const auto &robot : std::as_const(m_config.robots)) {
        if (robot.mode == RobotMode::Stream)
            qCInfo(lcRelay).noquote() << "robot" << robot.id << "receives messages in Stream mode";
        else
            qCInfo(lcRelay).noquote()
                << "robot" << robot.id << "receives callbacks at" << robot.callbackPath;
    }
    startStreams();
    startTunnel();

    m_storageWatch->start();
    if (opened)
        onStorageOpened();
    return true;
}

void Relay::onStorageOpened()
{
    startQuickCheck();
    if (m_retention)
        m_retention->start();
    m_cards->closeStaleCards();
    // Read back a page at a time (relay/max_queued_jobs), like a burst's overflow.
    const int unfinished = m_pipeline->resume();
    if (unfinished > 0)
        qCInfo(lcRelay) << "resuming" << unfinished << "unfinished job(s) from the last run";
}

void Relay::startQuickCheck()
{
    // On a thread of its own: a large file takes a second or more, and the relay need not
    // wait for the verdict to answer.
    auto *check = new IntegrityCheck(m_database->filePath(), DatabaseCheck::Quick, this);
    QElapsedTimer timer;
    timer.start();
    connect(check, &IntegrityCheck::finished, this,
            [this, check, timer](const QStringList &damage, const QString &error) {
                check->deleteLater();
                m_checked = true;
                m_damage =
                    error.isEmpty() ? damage : QStringList{u"the check could not run: "_s + error};
                if (m_damage.isEmpty()) {
                    qCInfo(lcStorage).noquote()
                        << u"database check (PRAGMA quick_check): no damage found, in %1 ms"_s.arg(
                               timer.elapsed());
                    return;
                }
                const QString message = DatabaseCheck::describe(databaseFile(), m_damage);
                qCCritical(lcStorage).noquote() << message;
                emit databaseDamaged(message);
            });
    check->start();
}

QString Relay::databaseFile() const
{
    return m_database ? m_database->filePath() : QString();
}

void Relay::shutdown()
{
    if (m_stopping)
        return;
    m_stopping = true;
    if (m_server)
        m_server->stopListening();
    if (m_tunnel)
        m_tunnel->stop();
    for (StreamClient *stream : std::as_const(m_streams))
        stream->stop();
    // A model that does not answer is not waited for: those jobs resume at the next start.
    if (m_pipeline)
        m_pipeline->stopWaiting();
    if (!m_pipeline || m_pipeline->isIdle()) {
        QTimer::singleShot(0, this, &Relay::finishStopping);
        return;
    }
    qCInfo(lcRelay) << "finishing" << m_pipeline->active() + m_pipeline->queued()
                    << "job(s) before stopping, for at most" << m_config.relay.drainSeconds << "s";
    connect(m_pipeline, &Pipeline::idle, this, &Relay::finishStopping);
    QTimer::singleShot(m_config.relay.drainSeconds * 1000, this, [this] {
        qCWarning(lcRelay) << "stopping with" << m_pipeline->active() + m_pipeline->queued()
                           << "job(s) unfinished; they resume at the next start";
        disconnect(m_pipeline, &Pipeline::idle, this, &Relay::finishStopping);
        m_pipeline->abortAll();
        finishStopping();
    });
}

void Relay::finishStopping()
{
    // What is still only in memory is lost with the process: the next start takes that work up
    // again as unfinished, and a part delivered but not recorded goes once more.
    if (m_store && !m_store->writeKept()) {
        for (const QString &what : m_store->kept())
            qCCritical(lcStorage).noquote() << "could not record before stopping:" << what << '('
                                            << m_store->lastError() << ')';
    }
    emit stopped();
}

void Relay::startStreams()
{
    for (const RobotSettings &robot : std::as_const(m_config.robots)) {
        if (robot.mode != RobotMode::Stream)
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
            const Intake::Outcome outcome = m_intake->take(*settings, body);
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

void Relay::startTunnel()
{
    // The tunnel reaches the relay the way a local client does: the listening address, or
    // loopback when the relay listens on every address.
    const QHostAddress address = m_config.relay.address;
    QString host = address.toString();
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        host = u"127.0.0.1"_s;
    else if (address == QHostAddress::AnyIPv6)
        host = u"::1"_s;
    const ProbeIdentity identity = ProbeIdentity::generate();
    m_server->setProbeAnswer([identity](const QString &nonce) { return identity.answer(nonce); });
    m_tunnel = new TunnelManager(m_config.tunnel, host, port(), identity, m_dingtalkNetwork,
                                 m_secrets.value(TunnelSettings::tokenKey()), {}, this);
    TunnelLog::attach(m_tunnel, m_config);
    m_tunnel->start();
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
            // Every OpenAPI call of the robot counts towards DingTalk's monthly allowance.
            const auto count = [this, id = robot.id] {
                if (m_apiCalls)
                    m_apiCalls->add(id);
            };
            tokens->setCallObserver(count);
            r.openApi->setCallObserver(count);
            if (robot.answersWithCards()) {
                auto *cards = new CardClient(m_dingtalkNetwork, dt.openApiBase, tokens, this);
                cards->setTimeoutSeconds(dt.sendTimeoutSeconds);
                cards->setCallObserver(count);
                m_cardClients.insert(robot.id, cards);
            }
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

TestSink *Relay::openTestSink(QString *error)
{
    if (m_testSink)
        return m_testSink;
    if (!m_server) {
        *error = u"the relay is not running"_s;
        return nullptr;
    }
    auto *sink = new TestSink(this);
    if (!sink->listen(error)) {
        delete sink;
        return nullptr;
    }
    m_testSink = sink;
    m_intake->setTestWebhookPrefix(sink->prefix());
    return sink;
}

QByteArray Relay::signCallback(const QString &robotId, qint64 timestampMs) const
{
    const RobotSettings *robot = m_config.robotById(robotId);
    if (!robot)
        return {};
    return Signature::sign(timestampMs, m_secrets.value(robot->appSecretKey()).toUtf8());
}

int Relay::submitAsStream(const QString &robotId, const QByteArray &body, QString *error)
{
    const RobotSettings *robot = m_config.robotById(robotId);
    if (!robot || !m_intake || m_stopping) {
        *error = robot ? u"the relay is not running"_s : u"no robot %1"_s.arg(robotId);
        return 503;
    }
    const Intake::Outcome outcome = m_intake->take(*robot, body);
    *error = outcome.error;
    return outcome.status;
}

void Relay::onStorageFailed(const QString &error)
{
    if (!m_storageOk)
        return;
    m_storageOk = false;
    const QString lower = error.toLower();
    QString why = u"the database refused a write"_s;
    m_storageState = u"refusing writes"_s;
    if (lower.contains(u"full"_s)) {
        why = u"the disk is full"_s;
        m_storageState = u"full"_s;
    } else if (lower.contains(u"readonly"_s) || lower.contains(u"read-only"_s)) {
        why = u"the data directory or database file is read-only"_s;
        m_storageState = u"read-only"_s;
    } else if (lower.contains(u"locked"_s) || lower.contains(u"busy"_s)) {
        why = u"another program holds the database's lock"_s;
        m_storageState = u"locked"_s;
    }
    const QString message =
        u"DingRelay cannot store messages: %1 (%2, in %3). Until it can, DingTalk's messages "
        "are refused (HTTP 503, Stream messages left unacknowledged) rather than taken and "
        "lost."_s.arg(why, error, m_config.dataDir);
    qCCritical(lcStorage).noquote() << message;
    emit storageProblem(message);
    if (!m_storageProbe) {
        m_storageProbe = new QTimer(this);
        m_storageProbe->setInterval(2000);
        connect(m_storageProbe, &QTimer::timeout, this, [this] {
            // A file the watch finds unusable is not written, not even to probe it.
            if (m_store && m_storageWatch->isOk() && m_store->probe())
                onStorageWorked();
        });
    }
    m_storageProbe->start();
}

void Relay::onStorageWorked()
{
    if (m_storageOk)
        return;
    m_storageOk = true;
    m_storageState = u"ok"_s;
    if (m_storageProbe)
        m_storageProbe->stop();
    qCInfo(lcStorage).noquote() << "storage works again: messages are accepted";
    emit storageRecovered();
}

quint16 Relay::port() const
{
    return m_server ? m_server->port() : 0;
}
