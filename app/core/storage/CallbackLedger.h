// CallbackLedger: which sign carried which message, and whom each robot has heard from.
#pragma once

#include "storage/Sql.h"

#include <QString>

class Database;
struct InboundMessage;

// DingTalk's sign covers the timestamp alone, so one captured callback would otherwise let
// its sign carry any body for the whole window. Each sign is kept with the msgId it first
// carried, for as long as it can be valid: the same message again (a redelivery) passes,
// another message under it is a replay. And since an HTTP callback's body is only as good as
// its sign, the OpenAPI (which can post to any group or person) is used for an HTTP robot only
// towards a group or person an earlier message came from. Store::accept calls it inside its
// own transaction.
class CallbackLedger final
{
public:
    explicit CallbackLedger(Database &database);

    enum class SignUse { New, SameMessage, OtherMessage, Failed };
    // Records the sign's first message; signKey identifies the sign (see keyOf).
    SignUse use(const QString &robotId, const QString &signKey, const QString &msgId, qint64 nowMs);
    // Signs first seen before this time can no longer verify: they are dropped.
    bool forgetSignsBefore(qint64 ms);

    // Records the group (or, in a 1:1 chat, the person) a new job came from.
    bool rememberRecipient(const QString &robotId, const InboundMessage &message, qint64 jobId);
    // Whether a job before jobId came from the same group, or in a 1:1 chat from the same
    // staffId: the recipient an OpenAPI answer to this message would go to.
    bool knowsRecipient(const QString &robotId, const InboundMessage &message, qint64 jobId);

    // What is stored for a callback's timestamp and sign headers: a digest, not the sign
    // itself, which is a credential while it is fresh.
    static QString keyOf(const QByteArray &timestamp, const QByteArray &sign);

    QString lastError() const { return m_sql.lastError(); }

private:
    SqlStatements m_sql;
};
