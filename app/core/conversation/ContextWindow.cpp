#include "conversation/ContextWindow.h"

using namespace Qt::StringLiterals;

QList<ChatMessage> ContextWindow::build(const QString &systemPrompt, const QList<Turn> &history,
                                        const QString &question, const ContextBudget &budget)
{
    // Walk back from the newest turn until the next one would break either limit.
    qsizetype first = history.size();
    qsizetype used = 0;
    while (first > 0 && history.size() - first < budget.maxTurns) {
        const Turn &turn = history.at(first - 1);
        const qsizetype cost = turn.question.size() + turn.answer.size();
        if (used + cost > budget.maxChars)
            break;
        used += cost;
        --first;
    }

    QList<ChatMessage> messages;
    messages.reserve(2 + 2 * (history.size() - first));
    if (!systemPrompt.trimmed().isEmpty())
        messages.append({u"system"_s, systemPrompt});
    for (qsizetype i = first; i < history.size(); ++i) {
        messages.append({u"user"_s, history.at(i).question});
        messages.append({u"assistant"_s, history.at(i).answer});
    }
    messages.append({u"user"_s, question});
    return messages;
}
