// TokenCounter: counts a chat request's tokens as the model will, or over-estimates them.
#pragma once

#include "openai/ChatTypes.h"
#include "tokens/Encoding.h"

#include <QList>
#include <QString>
#include <QStringList>

class TokenCounter final
{
public:
    // OpenAI's chat format (the cookbook's num_tokens_from_messages): each message costs 3
    // tokens besides its role and content, a name 1 more, and the reply is primed with 3.
    static constexpr int PerMessage = 3;
    static constexpr int PerName = 1;
    static constexpr int ReplyPriming = 3;

    // tokenizer: "auto" (by the model's name), "o200k_base", "cl100k_base" or "estimate".
    // A model no encoding is known for is estimated; the log says so once per model.
    static TokenCounter forModel(const QString &model,
                                 const QString &tokenizer = QStringLiteral("auto"));
    // Loads the encodings of these models on the thread pool, so the first message does not
    // wait for the rank file (about a tenth of a second).
    static void preload(const QStringList &models,
                        const QString &tokenizer = QStringLiteral("auto"));

    // Exact when the model's encoding is known; otherwise the UTF-8 bytes of the text, which
    // no byte-level BPE can exceed: never less than the truth, three to five times more.
    bool isExact() const { return m_encoding != nullptr; }
    QString method() const { return m_encoding ? m_encoding->name() : QStringLiteral("estimate"); }

    qsizetype count(QStringView text) const;
    qsizetype countMessage(const ChatMessage &message, QStringView name = {}) const;
    // Every message plus the reply priming: what the API reports as prompt_tokens.
    qsizetype countPrompt(const QList<ChatMessage> &messages) const;

private:
    explicit TokenCounter(const Encoding *encoding)
        : m_encoding(encoding)
    {}
    const Encoding *m_encoding;
};
