#include "storage/HistoryRows.h"

using namespace Qt::StringLiterals;

QString ConversationRow::displayName() const
{
    const QString who = senderNick.isEmpty() ? senderId : senderNick;
    if (!isGroup)
        return who;
    const QString group = title.isEmpty() ? groupId : title;
    return who.isEmpty() ? group : group + u" · "_s + who;
}
