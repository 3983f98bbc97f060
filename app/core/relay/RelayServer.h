// RelayServer: the HTTP face of the relay: verifies DingTalk callbacks and queues them as jobs.
#pragma once

#include "config/Config.h"
#include "storage/Store.h"
#include "util/HttpServerBase.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>

#include <functional>

class QTcpServer;

class RelayServer final : public HttpServerBase
{
    Q_OBJECT
public:
    // secrets maps robot id to its AppSecret, which signs that robot's callbacks.
    RelayServer(const AppConfig &config, QHash<QString, QByteArray> robotSecrets, Store &store,
                QObject *parent = nullptr);

    bool start(QString *error);
    void stopListening(); // new connections are refused; answers in progress complete
    quint16 port() const;

    // Extra fields for GET /healthz (queue depth and the like), filled by the owner.
    void setHealthExtras(std::function<QJsonObject()> extras)
    {
        m_healthExtras = std::move(extras);
    }

    // Answers GET /dingrelay/probe?nonce=… for the reachability check (tunnel/); unset: 404.
    void setProbeAnswer(std::function<QJsonObject(const QString &nonce)> answer)
    {
        m_probeAnswer = std::move(answer);
    }

    struct Outcome
    {
        int status;
        QString error; // empty for success
    };
    // Besides dingtalk/session_webhook_prefix, answers may go to webhooks under this prefix:
    // the test console's loopback sink, whose URL holds a token made for this run. Empty: none.
    void setTestWebhookPrefix(const QString &prefix) { m_testWebhookPrefix = prefix; }

    // Checks, dedupes and stores one message body already known to come from DingTalk (a
    // verified callback or a Stream push) and emits jobAccepted for a new one.
    Outcome intake(const RobotSettings &robot, const QByteArray &body);

signals:
    void jobAccepted(const Job &job);
    // A message could not be stored and was refused with 503; storageWorked: one was stored.
    void storageFailed(const QString &error);
    void storageWorked();

protected:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
               QTcpSocket *socket) override;

private:
    Outcome handleCallback(const RobotSettings &robot, const QHttpServerRequest &request);
    void answerProbe(const QHttpServerRequest &request, QHttpServerResponder &responder);
    QJsonObject health() const;
    static void reply(QHttpServerResponder &responder, int status, const QJsonObject &body);

    const AppConfig &m_config;
    QHash<QString, QByteArray> m_secrets;
    QHash<QString, const RobotSettings *> m_byPath;
    Store &m_store;
    QTcpServer *m_listener = nullptr;
    QElapsedTimer m_uptime;
    std::function<QJsonObject()> m_healthExtras;
    std::function<QJsonObject(const QString &)> m_probeAnswer;
    QString m_testWebhookPrefix;
};
