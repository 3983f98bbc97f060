#include "conversation/ConversationKey.h"

namespace ConversationKey {

QString of(const QString &robotId, const InboundMessage &message, ContextMode mode)
{
    QString key = robotId + u'|' + message.conversationId;
    if (message.isGroup && mode != ContextMode::Group)
        key += u'|' + (message.senderId.isEmpty() ? message.senderStaffId : message.senderId);
    return key;
}

QString sender(const InboundMessage &message)
{
    return message.senderStaffId.isEmpty() ? message.senderId : message.senderStaffId;
}

} // namespace ConversationKey
