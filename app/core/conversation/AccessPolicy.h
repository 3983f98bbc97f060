// AccessPolicy: whether a robot talks to this sender in this conversation, and who is admin.
#pragma once

#include "config/Config.h"
#include "dingtalk/InboundMessage.h"

#include <QString>

struct Access
{
    bool allowed = false;
    bool admin = false;
    // Why not, for the refusals log: outsider, sender_not_allowed, conversation_not_allowed.
    QString refusal;
};

namespace AccessPolicy {
// Admins (by staffId) always. Others need a staffId (members of the organisation), unless
// allow_outsiders is set; then their staffId in allow_senders and the conversation in
// allow_conversations, where those lists are not empty.
Access check(const RobotSettings &robot, const InboundMessage &message);
} // namespace AccessPolicy
