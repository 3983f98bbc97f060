// Relay: owns and wires the running relay: storage, HTTP server, model client, pipeline.
#pragma once

#include "config/Config.h"
#include "relay/Delivery.h"
#include "secrets/SecretLoader.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <memory>

class ApiCallCounter;
class CardClient;
class CardStore;
class CardStreamer;
class ChatClient;
class Delivery;
class RetryScheduler;
class Database;
class Pipeline;
class NetworkPool;
class Intake;
class RelayServer;
class StreamClient;
class Retention;
class Store;
class StorageWatch;
class TunnelManager;
class TestSink;
class QTimer;
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
    // The public URL and the tunnel behind it (set once start() has listened).
    TunnelManager *tunnel() const { return m_tunnel; }

    // For the desktop app's test console, which plays DingTalk. The sink (a loopback
    // sessionWebhook with a token of its own) is opened on first use; the relay then accepts
    // answers to it besides dingtalk/session_webhook_prefix. Null if it cannot listen.
    TestSink *openTestSink(QString *error);
    // The `sign` header DingTalk would send with a callback for robotId at timestampMs,
    // made with the robot's AppSecret (which never leaves the relay).
    QByteArray signCallback(const QString &robotId, qint64 timestampMs) const;
    // Takes a message as if the robot's Stream connection had pushed it (Stream robots have
    // no callback URL): the same checks, dedupe and storage.
    int submitAsStream(const QString &robotId, const QByteArray &body, QString *error);

    // False while messages cannot be stored (full disk, read-only data, a locked database):
    // callbacks are then refused with 503 so DingTalk keeps them.
    bool storageOk() const { return m_storageOk; }
    // Why, while storageOk() is false (what storageProblem() said).
    QString storageMessage() const { return m_storageMessage; }
    // What SQLite's quick check found in the database file at the start (databaseDamaged()
    // says when): empty when nothing, or while it runs.
    QStringList databaseDamage() const { return m_damage; }
    // The database file, for a check of its own (IntegrityCheck) and the history window.
    QString databaseFile() const;

signals:
    void stopped();
    // Storage stopped taking writes; message says why and what the relay does meanwhile.
    // Emitted once per episode; storageRecovered() ends it (a message was stored, or a
    // probe every few seconds found storage writable again).
    void storageProblem(const QString &message);
    void storageRecovered();
    // SQLite's quick check, run at the start, found damage; message says what and what to do.
    void databaseDamaged(const QString &message);
    // An answer could not be delivered for a reason the user must fix (keyword, IP, sign).
    void deliveryProblem(const QString &robotId, const QString &message);
    // A new message was stored as a job (by callback or Stream push), before it is answered.
    void messageAccepted(const Job &job);

private:
    QHash<QString, RobotRoutes> robotRoutes();
    void notifyProblem(const QString &robotId, const QString &message);
    void startStreams();
    void startTunnel();
    void onStorageFailed(const QString &error);
    void onStorageWorked();
    // The drain is over: what storage refused is tried once more, then stopped().
    void finishStopping();
    void onStorageOpened();
    void startQuickCheck();

    AppConfig m_config;
    SecretBundle m_secrets;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<Store> m_store;
    Retention *m_retention = nullptr;           // storage/retention_days
    std::unique_ptr<ApiCallCounter> m_apiCalls; // DingTalk OpenAPI calls per robot and month
    std::unique_ptr<CardStore> m_cardStore;
    QHash<QString, CardClient *> m_cardClients; // robots with card_template_id
    CardStreamer *m_cards = nullptr;
    NetworkPool *m_modelNetwork = nullptr;
    NetworkPool *m_dingtalkNetwork = nullptr;
    ChatClient *m_chat = nullptr;
    WebhookSender *m_sender = nullptr;
    std::unique_ptr<RetryScheduler> m_scheduler;
    Delivery *m_delivery = nullptr;
    QHash<QString, RobotRoutes> m_routes;
    Pipeline *m_pipeline = nullptr;
    Intake *m_intake = nullptr;
    RelayServer *m_server = nullptr;
    QHash<QString, StreamClient *> m_streams;
    TunnelManager *m_tunnel = nullptr;
    TestSink *m_testSink = nullptr;
    bool m_stopping = false;
    bool m_storageOk = true;
    QString m_storageState = QStringLiteral("ok"); // for /healthz: ok, locked, full, read-only
    QTimer *m_storageProbe = nullptr;
    QString m_storageMessage;
    StorageWatch *m_storageWatch = nullptr; // the file itself: unwritable, deleted, replaced
    QStringList m_damage;
    bool m_checked = false;
};
