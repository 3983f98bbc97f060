// RelayServer: the HTTP face of the relay: verifies DingTalk callbacks and hands them to Intake.
#pragma once

#include "config/Config.h"
#include "relay/Intake.h"
#include "util/HttpServerBase.h"
#include "util/LogSampler.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>

#include <functional>

class ConnectionGuard;

class RelayServer final : public HttpServerBase
{
    Q_OBJECT
public:
    // secrets maps robot id to its AppSecret, which signs that robot's callbacks.
    RelayServer(const AppConfig &config, QHash<QString, QByteArray> robotSecrets, Intake &intake,
                QObject *parent = nullptr);

    bool start(QString *error);
    // The relay is stopping: new connections are refused, and every request still coming on
    // an open one (a keep-alive connection's) gets 503 with "Connection: close" and the
    // connection closes, so DingTalk sends it again, to another instance or after the
    // restart. Answers to messages already taken still go out.
    void stopListening();
    quint16 port() const;

    // Extra fields for GET /healthz (queue depth and the like), filled by the owner.
    void setHealthExtras(std::function<QJsonObject()> extras)
    {
        m_healthExtras = std::move(extras);
    }

    // The "status" /healthz shows everyone ("ok" when unset), e.g. "storage unwritable".
    void setHealthStatus(std::function<QString()> status) { m_healthStatus = std::move(status); }

    // Who sends "Authorization: Bearer <token>" gets /healthz's details; others its status
    // (see HealthToken). Empty: nobody.
    void setHealthToken(const QByteArray &token) { m_healthToken = token; }

    // Answers GET /dingrelay/probe?nonce=… for the reachability check (tunnel/); unset: 404.
    void setProbeAnswer(std::function<QJsonObject(const QString &nonce)> answer)
    {
        m_probeAnswer = std::move(answer);
    }

protected:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &responder,
               QTcpSocket *socket) override;

private:
    using Outcome = Intake::Outcome;
    void route(const QHttpServerRequest &request, QHttpServerResponder &responder,
               const Headers &extra);
    Outcome handleCallback(const RobotSettings &robot, const QHttpServerRequest &request);
    void answerProbe(const QHttpServerRequest &request, QHttpServerResponder &responder,
                     const Headers &extra);
    void logRejection(const QHttpServerRequest &request, const Outcome &outcome);
    QJsonObject health() const;
    QString status() const;
    bool mayReadHealth(const QHttpServerRequest &request) const;
    static void reply(QHttpServerResponder &responder, int status, const QJsonObject &body,
                      const Headers &extra);

    const AppConfig &m_config;
    QHash<QString, QByteArray> m_secrets;
    QHash<QString, const RobotSettings *> m_byPath;
    Intake &m_intake;
    ConnectionGuard *m_listener = nullptr;
    bool m_draining = false;
    QElapsedTimer m_uptime;
    LogSampler m_rejections{20}; // rejected requests logged per minute
    std::function<QJsonObject()> m_healthExtras;
    std::function<QString()> m_healthStatus;
    QByteArray m_healthToken;
    std::function<QJsonObject(const QString &)> m_probeAnswer;
};
