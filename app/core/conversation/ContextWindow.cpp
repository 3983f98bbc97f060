#include "conversation/ContextWindow.h"

#include "tokens/TokenCounter.h"

#include <algorithm>

using namespace Qt::StringLiterals;

qsizetype ContextBudget::promptTokens(int contextWindow, int maxAnswerTokens, int maxContextTokens)
{
    const qsizetype reserve =
        maxAnswerTokens > 0 ? maxAnswerTokens : std::min(4096, contextWindow / 4);
    qsizetype budget = qsizetype(contextWindow) - reserve;
    if (maxContextTokens > 0)
        budget = std::min<qsizetype>(budget, maxContextTokens);
    return budget;
}

BuiltContext ContextWindow::build(const QString &systemPrompt, const QList<Turn> &history,
                                  const QString &question, const ContextBudget &budget,
                                  const TokenCounter &counter)
{
    const bool withSystem = !systemPrompt.trimmed().isEmpty();
    const ChatMessage system{u"system"_s, systemPrompt};
    const ChatMessage asked{u"user"_s, question};
    // What is sent whatever the budget says: too big, and the model says so itself.
    qsizetype used = TokenCounter::ReplyPriming + counter.countMessage(asked) +
                     (withSystem ? counter.countMessage(system) : 0);

    // Walk back from the newest turn until the next one would break either limit.
    qsizetype first = history.size();
    while (first > 0 && history.size() - first < budget.maxTurns) {
        const Turn &turn = history.at(first - 1);
        const qsizetype cost = counter.countMessage({u"user"_s, turn.question}) +
                               counter.countMessage({u"assistant"_s, turn.answer});
        if (used + cost > budget.maxTokens)
            break;
        used += cost;
        --first;
    }

    BuiltContext built;
    built.promptTokens = used;
    built.turnsKept = int(history.size() - first);
    built.turnsDropped = int(first);
    built.messages.reserve(2 + 2 * built.turnsKept);
    if (withSystem)
        built.messages.append(system);
    for (qsizetype i = first; i < history.size(); ++i) {
        built.messages.append({u"user"_s, history.at(i).question});
        built.messages.append({u"assistant"_s, history.at(i).answer});
    }
    built.messages.append(asked);
    return built;
}
