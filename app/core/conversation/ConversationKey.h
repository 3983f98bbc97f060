// ConversationKey: which conversation a message belongs to, and who sent it, as keys.
#pragma once

#include "config/Config.h"
#include "dingtalk/InboundMessage.h"

#include <QString>

namespace ConversationKey {
// Per chat in 1:1; in groups per chat and sender, or per chat alone when the robot shares one
// context with the whole group (context=group). The key of the conversations table.
QString of(const QString &robotId, const InboundMessage &message,
           ContextMode mode = ContextMode::User);
// Who sent it, for access lists, daily limits and usage: the staffId, else the senderId.
QString sender(const InboundMessage &message);
} // namespace ConversationKey
