// ChatClient: starts chat completions against the configured OpenAI-compatible provider.
#pragma once

#include "config/Config.h"
#include "openai/ChatCall.h"
#include "openai/RetryPolicy.h"

#include <QObject>

#include <memory>

class KeyRing;
class NetworkPool;
class RetryScheduler;

class ChatClient final : public QObject
{
    Q_OBJECT
public:
    // apiKeys is the model/api_key secret: one key, or several separated by commas, used in
    // turn. An empty secret sends no key (Ollama).
    ChatClient(NetworkPool *network, const ModelSettings &model, const QString &apiKeys,
               QObject *parent = nullptr);
    ~ChatClient() override;

    // The call is started at once; it emits finished exactly once and then deletes itself.
    ChatCall *complete(const ChatRequest &request);

    KeyRing *keys() const { return m_keys; }
    // Seams for tests: a scheduler that runs retries on demand, and a policy with fixed jitter.
    void setRetryScheduler(RetryScheduler *scheduler);
    void setRetryPolicy(const RetryPolicy &policy) { m_policy = policy; }

private:
    NetworkPool *m_network;
    ModelSettings m_model;
    KeyRing *m_keys;
    RetryPolicy m_policy;
    std::unique_ptr<RetryScheduler> m_ownScheduler;
    RetryScheduler *m_scheduler;
};
