#include "storage/CallbackLedger.h"

#include "dingtalk/InboundMessage.h"

#include <QCryptographicHash>

using namespace Qt::StringLiterals;

namespace {
// A 1:1 answer through the OpenAPI goes to the sender's staffId, a group answer to the group.
std::pair<QString, QString> recipientOf(const InboundMessage &m)
{
    if (m.isGroup)
        return {u"group"_s, m.conversationId};
    return {u"user"_s, m.senderStaffId};
}
} // namespace

CallbackLedger::CallbackLedger(Database &database)
    : m_sql(database, "ledger")
{}

CallbackLedger::SignUse CallbackLedger::use(const QString &robotId, const QString &signKey,
                                            const QString &msgId, qint64 nowMs)
{
    QSqlQuery &seen =
        m_sql.prepared("SELECT msg_id FROM signs WHERE robot_id = ? AND sign_key = ?");
    seen.bindValue(0, robotId);
    seen.bindValue(1, signKey);
    if (!m_sql.run(seen))
        return SignUse::Failed;
    if (seen.next()) {
        const bool same = seen.value(0).toString() == msgId;
        seen.finish();
        return same ? SignUse::SameMessage : SignUse::OtherMessage;
    }
    QSqlQuery &insert = m_sql.prepared(
        "INSERT INTO signs (robot_id, sign_key, msg_id, seen_at) VALUES (?, ?, ?, ?)");
    insert.bindValue(0, robotId);
    insert.bindValue(1, signKey);
    insert.bindValue(2, msgId);
    insert.bindValue(3, nowMs);
    return m_sql.run(insert) ? SignUse::New : SignUse::Failed;
}

bool CallbackLedger::forgetSignsBefore(qint64 ms)
{
    QSqlQuery &q = m_sql.prepared("DELETE FROM signs WHERE seen_at < ?");
    q.bindValue(0, ms);
    return m_sql.run(q);
}

bool CallbackLedger::rememberRecipient(const QString &robotId, const InboundMessage &message,
                                       qint64 jobId)
{
    const auto [kind, id] = recipientOf(message);
    if (id.isEmpty())
        return true; // someone outside the organisation: the OpenAPI cannot reach them anyway
    QSqlQuery &q = m_sql.prepared(
        "INSERT INTO recipients (robot_id, kind, dingtalk_id, first_job_id) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (robot_id, kind, dingtalk_id) DO NOTHING");
    q.bindValue(0, robotId);
    q.bindValue(1, kind);
    q.bindValue(2, id);
    q.bindValue(3, jobId);
    return m_sql.run(q);
}

bool CallbackLedger::knowsRecipient(const QString &robotId, const InboundMessage &message,
                                    qint64 jobId)
{
    const auto [kind, id] = recipientOf(message);
    if (id.isEmpty())
        return false;
    QSqlQuery &q = m_sql.prepared("SELECT 1 FROM recipients WHERE robot_id = ? AND kind = ? "
                                  "AND dingtalk_id = ? AND first_job_id < ?");
    q.bindValue(0, robotId);
    q.bindValue(1, kind);
    q.bindValue(2, id);
    q.bindValue(3, jobId);
    if (!m_sql.run(q))
        return false;
    const bool known = q.next();
    q.finish();
    return known;
}

QString CallbackLedger::keyOf(const QByteArray &timestamp, const QByteArray &sign)
{
    const QByteArray both = timestamp + '\n' + sign;
    return QString::fromLatin1(QCryptographicHash::hash(both, QCryptographicHash::Sha256).toHex());
}
