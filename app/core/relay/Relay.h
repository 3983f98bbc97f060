// Relay: owns and wires the running relay: storage, HTTP server, model client, pipeline.
#pragma once

#include "config/Config.h"
#include "relay/Delivery.h"
#include "secrets/SecretLoader.h"

#include <QHash>
#include <QObject>

#include <memory>

class ChatClient;
class Delivery;
class RetryScheduler;
class Database;
class Pipeline;
class NetworkPool;
class RelayServer;
class StreamClient;
class Store;
class WebhookSender;

class Relay final : public QObject
{
    Q_OBJECT
public:
    Relay(AppConfig config, SecretBundle secrets, QObject *parent = nullptr);
    ~Relay() override;

    // Opens the database, starts listening and takes up jobs a previous run left unfinished.
    bool start(QString *error);
    // Stops accepting callbacks and finishes the work in hand, for at most
    // relay/drain_seconds; then emits stopped(). Unfinished jobs resume at the next start.
    void shutdown();

    quint16 port() const;
    const AppConfig &config() const { return m_config; }
    Pipeline *pipeline() const { return m_pipeline; }
    // The Stream-mode connection of each robot with mode=stream, by robot id.
    const QHash<QString, StreamClient *> &streamClients() const { return m_streams; }

signals:
    void stopped();
    // An answer could not be delivered for a reason the user must fix (keyword, IP, sign).
    void deliveryProblem(const QString &robotId, const QString &message);

private:
    QHash<QString, RobotRoutes> robotRoutes();
    void notifyProblem(const QString &robotId, const QString &message);
    void startStreams();

    AppConfig m_config;
    SecretBundle m_secrets;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<Store> m_store;
    NetworkPool *m_modelNetwork = nullptr;
    NetworkPool *m_dingtalkNetwork = nullptr;
    ChatClient *m_chat = nullptr;
    WebhookSender *m_sender = nullptr;
    std::unique_ptr<RetryScheduler> m_scheduler;
    Delivery *m_delivery = nullptr;
    QHash<QString, RobotRoutes> m_routes;
    Pipeline *m_pipeline = nullptr;
    RelayServer *m_server = nullptr;
    QHash<QString, StreamClient *> m_streams;
    bool m_stopping = false;
};
