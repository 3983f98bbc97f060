// StreamClient: one robot's DingTalk Stream-mode connection: ticket, WebSocket, ACKs, keepalive.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class NetworkPool;
class QNetworkReply;
class QTimer;
class QWebSocket;
class RetryScheduler;

struct StreamOptions
{
    QUrl gateway = QUrl(QStringLiteral("https://api.dingtalk.com"));
    QString clientId;
    QString clientSecret;
    int pingIntervalMs = 60 * 1000;
    int pongTimeoutMs = 5 * 1000;
    int minBackoffMs = 1000;
    int maxBackoffMs = 60 * 1000;
    // Extra delay added to a backoff of the given length; empty: up to a fifth of it at random.
    std::function<int(int)> jitter;
};

class StreamClient final : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Connecting, Connected, Reconnecting, Error };
    Q_ENUM(State)

    static constexpr auto RobotTopic = "/v1.0/im/bot/messages/get";
    static constexpr int MaxMessageBytes = 1 << 20; // larger incoming frames close the connection

    // network may be null (a manager of its own); scheduler runs the reconnects, not owned.
    StreamClient(NetworkPool *network, QString robotId, StreamOptions options,
                 RetryScheduler *scheduler, QObject *parent = nullptr);
    ~StreamClient() override;

    // Stores a pushed robot message; false when it could not be kept (disk full, database
    // locked): it is then left un-ACKed, so DingTalk pushes it again about 60 s later.
    using Intake = std::function<bool(const QByteArray &message)>;
    void setIntake(Intake intake) { m_intake = std::move(intake); }

    void open();
    void stop();
    State state() const { return m_state; }
    QString errorString() const { return m_error; }

signals:
    // seconds: the wait before the next attempt (Reconnecting); message: the reason (Error).
    void stateChanged(StreamClient::State state, int seconds, const QString &message);
    // The `data` of a robot-message CALLBACK, once kept and ACKed: one DingTalk message.
    void messageReceived(const QByteArray &message);

private:
    Intake m_intake;
    void requestTicket();
    void onTicket(QNetworkReply *reply, quint64 generation);
    void connectSocket(const QUrl &endpoint, const QString &ticket);
    void onFrame(const QString &text);
    void answer(const QString &messageId, const QJsonObject &data);
    void sendPing();
    void connectionLost(QWebSocket *socket, const QString &why);
    void scheduleReconnect(const QString &why);
    void dropSocket();
    void setState(State state, int seconds = 0, const QString &message = {});

    NetworkPool *m_network;
    QString m_robotId;
    StreamOptions m_options;
    RetryScheduler *m_scheduler;
    State m_state = State::Stopped;
    QString m_error;
    // Bumped by every open() and stop(): a late answer or timer of an older attempt is void.
    quint64 m_generation = 0;
    QPointer<QNetworkReply> m_reply;
    QWebSocket *m_socket = nullptr;
    QTimer *m_pingTimer = nullptr;
    QTimer *m_pongTimer = nullptr;
    int m_backoffMs = 0;
    bool m_sawFrame = false;
    bool m_disconnectAsked = false;
};
