// ContextWindow: picks the earlier turns that fit the budget and builds the model's messages.
#pragma once

#include "openai/ChatTypes.h"

#include <QList>

struct Turn
{
    QString question;
    QString answer;
};

struct ContextBudget
{
    int maxTurns = 10;
    int maxChars = 12000; // characters of earlier turns, not counting the new question
};

namespace ContextWindow {
// System prompt first (always kept, even when empty it is left out rather than sent blank),
// then the newest earlier turns that fit, oldest first, then the new question. Whole turns
// only: a question is never sent without its answer.
QList<ChatMessage> build(const QString &systemPrompt, const QList<Turn> &history,
                         const QString &question, const ContextBudget &budget);
} // namespace ContextWindow
