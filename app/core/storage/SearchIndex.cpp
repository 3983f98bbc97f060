#include "storage/SearchIndex.h"

#include "storage/Database.h"
#include "storage/ReadConnection.h"
#include "storage/Sql.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {
const QString FoundColumns =
    u"m.id, m.conversation_id, m.role, m.created_at, m.content, c.robot_id, c.is_group, "
    "c.dingtalk_conversation_id, c.title, c.sender_id, c.sender_nick"_s;

// The conditions every hit must also meet, and their values.
QString hitConditions(const QStringList &words, const QString &robotId, QVariantList *values)
{
    QString conditions;
    for (const QString &word : words) {
        conditions += u" AND instr(lower(m.content), ?) > 0"_s;
        *values << word;
    }
    if (!robotId.isEmpty()) {
        conditions += u" AND c.robot_id = ?"_s;
        *values << robotId;
    }
    return conditions;
}
} // namespace

SearchIndex::SearchIndex(const Database &database)
    : m_db(database.handle())
{}

SearchIndex::SearchIndex(const ReadConnection &connection)
    : m_db(connection.handle())
{}

bool SearchIndex::available(QString *why) const
{
    QSqlQuery q(m_db);
    QString version;
    if (q.exec(u"SELECT sqlite_version(), sqlite_compileoption_used('ENABLE_FTS5')"_s) &&
        q.next()) {
        version = q.value(0).toString();
        if (q.value(1).toInt() == 0) {
            if (why)
                *why = u"SQLite %1 was built without FTS5: search is not available"_s.arg(version);
            return false;
        }
    }
    if (!q.exec(u"SELECT COUNT(*) FROM sqlite_master WHERE name = 'messages_fts'"_s) || !q.next() ||
        q.value(0).toInt() == 0) {
        if (why)
            *why = u"the database has no search index (messages_fts)"_s;
        return false;
    }
    if (why)
        *why = u"FTS5 trigram index, SQLite %1"_s.arg(version);
    return true;
}

QStringList SearchIndex::trigramsStartingWith(const QString &word, int limit) const
{
    QSqlQuery q(m_db);
    // A per-connection view of the index's terms; it costs nothing to keep.
    q.exec(u"CREATE VIRTUAL TABLE IF NOT EXISTS temp.messages_fts_terms "
           "USING fts5vocab(main, messages_fts, row)"_s);
    q.prepare(u"SELECT term FROM temp.messages_fts_terms WHERE term >= ? AND term < ? LIMIT ?"_s);
    q.addBindValue(word);
    const char32_t last = 0x10FFFF; // above every character: the end of the prefix range
    q.addBindValue(QString(word + QString::fromUcs4(&last, 1)));
    q.addBindValue(limit + 1);
    QStringList out;
    if (q.exec()) {
        while (q.next())
            out << q.value(0).toString();
    }
    return out;
}

QList<FoundMessage> SearchIndex::found(const QString &sql, const QVariantList &values,
                                       QString *error) const
{
    QList<FoundMessage> rows;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!Sql::run(q, sql, values, error))
        return rows;
    while (q.next()) {
        FoundMessage f;
        f.messageId = q.value(0).toLongLong();
        f.conversationId = q.value(1).toLongLong();
        f.role = q.value(2).toString();
        f.createdAt = q.value(3).toLongLong();
        f.content = q.value(4).toString();
        f.conversation.id = f.conversationId;
        f.conversation.robotId = q.value(5).toString();
        f.conversation.isGroup = q.value(6).toInt() != 0;
        f.conversation.groupId = q.value(7).toString();
        f.conversation.title = q.value(8).toString();
        f.conversation.senderId = q.value(9).toString();
        f.conversation.senderNick = q.value(10).toString();
        rows << f;
    }
    return rows;
}

QList<FoundMessage> SearchIndex::matches(const QString &match, qint64 beforeId,
                                         const QStringList &words, const QString &robotId,
                                         int limit, QString *error) const
{
    QVariantList values{match, beforeId};
    const QString conditions = hitConditions(words, robotId, &values);
    // Newest first straight from the index (rowid order), so the first page never waits for
    // every match to be ranked.
    const QString sql = u"SELECT "_s + FoundColumns +
                        u" FROM messages_fts f JOIN messages m ON m.id = f.rowid "
                        "JOIN conversations c ON c.id = m.conversation_id "
                        "WHERE messages_fts MATCH ? AND f.rowid < ?"_s +
                        conditions + u" ORDER BY f.rowid DESC LIMIT %1"_s.arg(limit);
    return found(sql, values, error);
}

QList<FoundMessage> SearchIndex::scan(qint64 beforeId, qint64 floorId, const QStringList &words,
                                      const QString &robotId, int limit, QString *error) const
{
    QVariantList values{beforeId, floorId};
    const QString conditions = hitConditions(words, robotId, &values);
    const QString sql = u"SELECT "_s + FoundColumns +
                        u" FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                        "WHERE m.id < ? AND m.id >= ?"_s +
                        conditions + u" ORDER BY m.id DESC LIMIT ?"_s;
    return found(sql, values + QVariantList{limit}, error);
}

std::optional<qint64> SearchIndex::scanStart() const
{
    QSqlQuery top(m_db);
    if (!top.exec(u"SELECT COALESCE(MAX(id), 0) + 1 FROM messages"_s) || !top.next())
        return std::nullopt;
    return top.value(0).toLongLong();
}
