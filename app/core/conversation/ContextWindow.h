// ContextWindow: picks the earlier turns that fit the token budget and builds the messages.
#pragma once

#include "openai/ChatTypes.h"
#include "storage/Turn.h"

#include <QList>

class TokenCounter;

struct ContextBudget
{
    int maxTurns = 10;       // earlier turns, at most
    qsizetype maxTokens = 0; // the whole prompt as the API counts it; 0 or less: no turns fit

    // What a model's context window leaves for the prompt: the window less the answer's
    // reserve (maxAnswerTokens, else a quarter of the window, at most 4096), and no more than
    // maxContextTokens when that is set.
    static qsizetype promptTokens(int contextWindow, int maxAnswerTokens, int maxContextTokens);
};

struct BuiltContext
{
    QList<ChatMessage> messages;
    qsizetype promptTokens = 0; // counted as the API will (or over-estimated, see TokenCounter)
    int turnsKept = 0;
    int turnsDropped = 0;
};

namespace ContextWindow {
// System prompt first (always kept; left out when empty rather than sent blank), then the
// newest earlier turns that fit, oldest first, then the new question, which is always sent.
// Whole turns only: a question never goes without its answer. The oldest turns go first.
BuiltContext build(const QString &systemPrompt, const QList<Turn> &history, const QString &question,
                   const ContextBudget &budget, const TokenCounter &counter);
} // namespace ContextWindow
