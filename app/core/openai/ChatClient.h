// ChatClient: sends chat completions to an OpenAI-compatible /chat/completions endpoint.
#pragma once

#include "openai/ChatTypes.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class NetworkPool;
class QNetworkReply;

// One call in flight. It emits finished exactly once, then deletes itself later.
class ChatCall final : public QObject
{
    Q_OBJECT
public:
    explicit ChatCall(QNetworkReply *reply, QObject *parent);
    void abort(); // finishes with a Cancelled error

signals:
    void finished(const ChatResult &result);

private:
    void onFinished();

    QPointer<QNetworkReply> m_reply;
    bool m_cancelled = false;
};

class ChatClient final : public QObject
{
    Q_OBJECT
public:
    struct Endpoint
    {
        QUrl baseUrl; // ends before /chat/completions, e.g. https://api.openai.com/v1
        QString apiKey;
        int timeoutSeconds = 120;
    };

    ChatClient(NetworkPool *network, Endpoint endpoint, QObject *parent = nullptr);

    ChatCall *complete(const ChatRequest &request);
    void setEndpoint(const Endpoint &endpoint) { m_endpoint = endpoint; }

private:
    NetworkPool *m_network;
    Endpoint m_endpoint;
};
