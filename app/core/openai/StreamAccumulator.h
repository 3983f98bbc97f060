// StreamAccumulator: builds the answer of a streamed chat completion from its SSE events.
#pragma once

#include "openai/ChatTypes.h"
#include "openai/SseDecoder.h"

#include <QList>
#include <QString>

class QJsonObject;

class StreamAccumulator
{
public:
    // requestId is the x-request-id header, kept in the answer and errors for the log.
    explicit StreamAccumulator(QString requestId = {});

    void add(const SseEvent &event);
    // The stream has ended (the connection closed); call it after the decoder's finish().
    void finish();

    // [DONE], an error or finish(): later events are ignored.
    bool isDone() const { return m_done || m_finished || m_hasError; }
    bool hasError() const { return m_hasError; }
    ChatError error() const;

    int choiceCount() const { return int(m_choices.size()); }
    // The content, or the refusal when the model refused instead of answering.
    QString text(int index = 0) const;
    QString finishReason(int index = 0) const;
    // DeepSeek's reasoning_content: shown to nobody, kept for the log.
    QString reasoning(int index = 0) const;
    QString model() const { return m_model; }
    QString completionId() const { return m_id; }

    bool hasUsage() const { return m_hasUsage; }
    int promptTokens() const { return m_promptTokens; }
    int completionTokens() const { return m_completionTokens; }
    int totalTokens() const { return m_totalTokens; }

    // Choice 0 as the answer, or what went wrong, with the partial text in the error.
    ChatResult result() const;

private:
    struct Choice
    {
        QString content;
        QString refusal;
        QString reasoning;
        QString finishReason;
    };

    void addChunk(const QByteArray &data);
    void addStreamError(const QByteArray &data);
    void readUsage(const QJsonObject &usage);
    void fail(ChatError::Kind kind, const QString &message);
    const Choice *choice(int index) const;

    QString m_requestId;
    QList<Choice> m_choices;
    QString m_model;
    QString m_id;
    bool m_hasUsage = false;
    int m_promptTokens = 0;
    int m_completionTokens = 0;
    int m_totalTokens = 0;

    bool m_done = false;     // [DONE] seen
    bool m_finished = false; // finish() called
    bool m_hasError = false;
    ChatError m_error;
    bool m_malformedLast = false; // the error is a malformed chunk and nothing came after it
};
