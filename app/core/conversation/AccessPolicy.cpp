#include "conversation/AccessPolicy.h"

using namespace Qt::StringLiterals;

Access AccessPolicy::check(const RobotSettings &robot, const InboundMessage &message)
{
    Access access;
    const QString &staffId = message.senderStaffId;
    if (!staffId.isEmpty() && robot.admins.contains(staffId)) {
        access.allowed = true;
        access.admin = true;
        return access;
    }
    if (staffId.isEmpty() && !robot.allowOutsiders) {
        access.refusal = u"outsider"_s;
        return access;
    }
    if (!robot.allowSenders.isEmpty() && !robot.allowSenders.contains(staffId)) {
        access.refusal = u"sender_not_allowed"_s;
        return access;
    }
    if (!robot.allowConversations.isEmpty() &&
        !robot.allowConversations.contains(message.conversationId)) {
        access.refusal = u"conversation_not_allowed"_s;
        return access;
    }
    access.allowed = true;
    return access;
}
